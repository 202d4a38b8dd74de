"""Import dltui before any test module imports NumPy: dltui pins BLAS to one thread before NumPy
loads (see src/dltui/__init__.py), and a pool created earlier keeps its threads. Without this,
on a busy 2-core machine every matmul pays for threads fighting over the cores (measured: the
cnn lab's 3-step run took 21 s of wall time instead of 2 s)."""

import pytest  # pytest does not load NumPy

import dltui  # noqa: F401
from dltui.engine.i18n import set_language


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A French app or run sets the process's language; the next test starts in English."""
    yield
    set_language("en")
