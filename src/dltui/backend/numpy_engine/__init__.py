"""Our reverse-mode autodiff engine on NumPy (see tensor.py). Importing the package loads `ops`,
which hands its functions to `Tensor`'s operators."""

from . import ops as ops  # noqa: F401  (binds Tensor's operators)
