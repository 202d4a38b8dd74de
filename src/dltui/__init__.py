"""dltui: learn deep learning by watching real models train in the terminal."""

import os

# The lab models are small: BLAS threads buy nothing on them, and a second BLAS thread fights the
# UI thread for the other core (measured: a two-thread GEMM stalls 3× when another process holds
# a core). Set before NumPy is first imported; a user's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
