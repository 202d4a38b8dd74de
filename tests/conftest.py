"""Import dltui before any test module imports NumPy: dltui pins BLAS to one thread before NumPy
loads (see src/dltui/__init__.py), and a pool created earlier keeps its threads. Without this,
on a busy 2-core machine every matmul pays for threads fighting over the cores (measured: the
cnn lab's 3-step run took 21 s of wall time instead of 2 s)."""

import dltui  # noqa: F401
