"""Worked numbers at the course's precision: six decimals, trailing zeros dropped, true minus."""

from __future__ import annotations

import numpy as np

from ...backend.base import Backend


def exact(v: float, decimals: int = 6) -> str:
    text = f"{float(v):.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", "−")


def vec(values) -> str:
    return "(" + ", ".join(exact(v) for v in np.ravel(values)) + ")"


def mat(m) -> str:
    return "[" + ", ".join(vec(row)[1:-1].join("[]") for row in np.atleast_2d(m)) + "]"


def precise(B: Backend) -> str | None:
    """float64 where the backend has it everywhere (NumPy); MLX's GPUs have no float64."""
    return "float64" if B.name == "numpy" else None
