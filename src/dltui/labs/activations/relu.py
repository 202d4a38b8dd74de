"""Universal approximation with a handful of ReLUs: the course's six units, plus extras.

Output f(x) = Σ vᵢ·nᵢ(x) + c with nᵢ(x) = ReLU(aᵢx + bᵢ). The hidden units are fixed, so f is
linear in (v, c): the best output weights for a target solve a least-squares problem in closed
form — no descent needed, and the fit the learner sees is the best these units can do. Units
beyond the course's six put their kinks in the widest gaps left by the course's (a greedy
midpoint rule, precomputed), so each added unit helps where help is most needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.numfmt import fmt

# (a, b) of ReLU(a·x + b): the course's six units, then extras with a kink at c: ReLU(±(x − c)).
COURSE_UNITS = ((-5.0, -7.7), (-1.2, -1.3), (1.2, 1.0), (1.2, -0.2), (2.0, -1.1), (5.0, -5.0))
_EXTRA_KINKS = (2.0, -2.27, -0.33, 1.5, 2.5, -2.63, -1.91, -0.58, 1.25, 1.75)
EXTRA_UNITS = tuple((1.0, -c) if c >= 0 else (-1.0, c) for c in _EXTRA_KINKS)
UNITS = COURSE_UNITS + EXTRA_UNITS
MAX_UNITS = len(UNITS)
TARGETS = ("sin", "abs", "step", "square", "tanh", "bump")
X_RANGE = (-3.0, 3.0)
X_POINTS = 301


def target_values(name: str, x: np.ndarray) -> np.ndarray:
    return {
        "sin": np.sin,
        "abs": np.abs,
        "step": lambda t: (t > 0).astype(np.float64),
        "square": np.square,
        "tanh": np.tanh,
        "bump": lambda t: np.exp(-t * t),
    }[name](x)


TARGET_LABELS = {
    "sin": "sin x",
    "abs": "|x|",
    "step": "step (0 below 0, 1 above)",
    "square": "x²",
    "tanh": "tanh x",
    "bump": "exp(−x²)",
}


def unit_outputs(B: Any, x: np.ndarray, k: int) -> np.ndarray:
    """The first k units on x: (len(x), k), computed by the backend."""
    a = np.array([u[0] for u in UNITS[:k]], np.float32)[None, :]  # (1, k)
    b = np.array([u[1] for u in UNITS[:k]], np.float32)[None, :]  # (1, k)
    xb = B.array(x.astype(np.float32)[:, None])  # (N, 1)
    h = B.relu(B.add(B.multiply(xb, B.array(a)), B.array(b)))  # (N, k)
    return np.asarray(B.to_numpy(h), np.float64)


def fit(H: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Least-squares output weights v (k,) and bias c for H (N, k) ≈ y (N,)."""
    A = np.concatenate([H, np.ones((len(H), 1))], axis=1)  # (N, k + 1)
    sol, *_ = np.linalg.lstsq(A, y, rcond=None)
    return sol[:-1], float(sol[-1])


def hand_weights(weights: tuple[float, ...], k: int) -> np.ndarray:
    """The learner's list, cut or padded with zeros to k units."""
    v = np.zeros(k)
    n = min(k, len(weights))
    v[:n] = weights[:n]
    return v


def unit_label(i: int) -> str:
    a, b = UNITS[i]
    sign = "+" if b >= 0 else "−"
    return f"n{i + 1} = ReLU({fmt(a)}x {sign} {fmt(abs(b))})"


def describe(target: str, k: int, mode: str, v: np.ndarray, c: float, err: np.ndarray) -> str:
    lines = [
        f"target {TARGET_LABELS[target]} on [−3, 3], {k} unit{'s' if k > 1 else ''}",
        "f(x) = Σ vᵢ·nᵢ(x) + c",
        "",
    ]
    lines += [f"{unit_label(i):<26} v{i + 1} = {fmt(v[i])}" for i in range(k)]
    lines += [
        f"{'':<26} c  = {fmt(c)}",
        "",
        f"max |f − target| = {fmt(np.abs(err).max())}",
        f"rms error        = {fmt(float(np.sqrt(np.mean(err**2))))}",
        "",
    ]
    if mode == "least-squares":
        lines.append(
            "weights: least squares. f is linear in v and c, so the best weights solve a "
            "linear system exactly: no descent needed. Set fit = by-hand to edit them."
        )
    else:
        lines.append("weights: yours (the `weights` list, then `bias`); missing ones are 0.")
    lines.append(
        "Each unit adds one kink; between kinks f is a straight line. More units, more kinks, "
        "a closer fit: that is universal approximation."
    )
    return "\n".join(lines)
