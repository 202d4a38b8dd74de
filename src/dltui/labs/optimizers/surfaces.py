"""The race's 2-D surfaces, written against the backend API so both backends race on them.

Each `f(B, x, y)` is elementwise, so the same code gives a point's loss (for autodiff) and the
whole grid (for the heatmap). `f_min` is the surface's lowest value: the race plots f − f_min on
a log axis. The valley is ½(x² + κ·y²): Hessian eigenvalues 1 and κ, condition number κ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...backend.base import Backend


@dataclass(frozen=True)
class Surface:
    name: str
    f: Callable[[Any, Any, Any, float], Any]  # (B, x, y, kappa) -> f, elementwise
    start: tuple[float, float]
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1
    minimum: tuple[float, float]
    f_min: float
    note: str


def _valley(B: Backend, x, y, kappa):
    return 0.5 * (x * x + kappa * y * y)


def _rosenbrock(B: Backend, x, y, kappa):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _beale(B: Backend, x, y, kappa):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2


def _saddle(B: Backend, x, y, kappa):
    # x² − y² near the origin (a saddle), bounded by y⁴/4: minima at (0, ±√2), f = −1.
    return x * x - y * y + 0.25 * y * y * y * y


DIPS = ((2.3, 1.9), (-2.2, 1.6), (1.6, -2.3), (-1.9, -2.1), (0.2, 2.9))  # local minima


def _bumpy(B: Backend, x, y, kappa):
    # A wide bowl with a deep well at the origin and shallow dips that trap small steps.
    f = 0.08 * (x * x + y * y) + 1 - B.exp(-(x * x + y * y))
    for cx, cy in DIPS:
        f = f - 0.6 * B.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 0.3)
    return f


SURFACES = {
    "valley": Surface(
        "valley", _valley, (-4.5, 1.5), (-5, 5, -2, 2), (0, 0), 0.0,
        "½(x² + κy²): curvature 1 along x, κ along y",
    ),
    "rosenbrock": Surface(
        "rosenbrock", _rosenbrock, (-1.2, 1.0), (-2, 2, -1, 3), (1, 1), 0.0,
        "(1 − x)² + 100(y − x²)²: a curved, flat-bottomed valley; minimum (1, 1)",
    ),
    "beale": Surface(
        "beale", _beale, (1.0, 1.4), (-1, 4.5, -1.5, 2), (3, 0.5), 0.0,
        "Beale's function: steep walls, flat plateaus; minimum (3, 0.5)",
    ),
    "saddle": Surface(
        "saddle", _saddle, (-2.0, 1e-3), (-2.5, 2.5, -2.2, 2.2), (0, 2**0.5), -1.0,
        "x² − y² + y⁴/4: a saddle at the origin, minima at (0, ±√2)",
    ),
    "bumpy": Surface(
        "bumpy", _bumpy, (3.4, 2.6), (-4, 4, -4, 4), (0, 0), 0.0,
        "a bowl with a deep well at (0, 0) and shallow dips that trap small steps",
    ),
}  # fmt: skip
