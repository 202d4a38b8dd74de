"""Import dltui before any test module imports NumPy: dltui pins BLAS to one thread before NumPy
loads (see src/dltui/__init__.py), and a pool created earlier keeps its threads. Without this,
on a busy 2-core machine every matmul pays for threads fighting over the cores (measured: the
cnn lab's 3-step run took 21 s of wall time instead of 2 s)."""

import os
import platform

import pytest  # pytest does not load NumPy

# Snapshots hold trained numbers. OpenBLAS chooses its kernels by CPU, and an AVX-512 kernel adds
# in another order than an AVX2 one: after 30 Adam steps on a vanishing gradient the picture
# differs (measured: rnn-gradients' colour bar tops at 0.674 with SkylakeX kernels and 1.16 with
# Haswell ones). The tests pin the AVX2 (Haswell) kernels, which every x86-64 CI machine has.
if platform.machine().lower() in ("x86_64", "amd64"):
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

import dltui  # noqa: E402, F401
from dltui.engine.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A French app or run sets the process's language; the next test starts in English."""
    yield
    set_language("en")
