"""Universal approximation with a handful of ReLUs: the course's six units, plus extras.

Output f(x) = Σ vᵢ·nᵢ(x) + c with nᵢ(x) = ReLU(aᵢx + bᵢ). The hidden units are fixed, so f is
linear in (v, c): the best output weights for a target solve a least-squares problem in closed
form — no descent needed, and the fit the learner sees is the best these units can do. Units
beyond the course's six put their kinks in the widest gaps left by the course's (a greedy
midpoint rule, precomputed), so each added unit helps where help is most needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
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
    curves: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "sin": np.sin,
        "abs": np.abs,
        "step": lambda t: (t > 0).astype(np.float64),
        "square": np.square,
        "tanh": np.tanh,
        "bump": lambda t: np.exp(-t * t),
    }
    return curves[name](x)


TARGET_LABELS = {
    "sin": "sin x",
    "abs": "|x|",
    "step": "step (0 below 0, 1 above)",
    "square": "x²",
    "tanh": "tanh x",
    "bump": "exp(−x²)",
}


def unit_outputs(B: Backend, x: np.ndarray, k: int) -> np.ndarray:
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
    ax = {1.0: "x", -1.0: "−x"}.get(a, f"{fmt(a)}x")  # "x", not "1x"
    return f"n{i + 1} = ReLU({ax} {sign} {fmt(abs(b))})"


def describe(target: str, k: int, mode: str, v: np.ndarray, c: float, err: np.ndarray) -> str:
    label = tr(TARGET_LABELS[target])
    lines = [
        tr("target {target} on [−3, 3], {k} units", target=label, k=k)
        if k > 1
        else tr("target {target} on [−3, 3], 1 unit", target=label),
        "f(x) = Σ vᵢ·nᵢ(x) + c",
        "",
    ]
    # The labels' column is as wide as the longest shown, so "vᵢ = −0.2361" fits the panel.
    width = max(len(unit_label(i)) for i in range(k)) + 2
    lines += [f"{unit_label(i):<{width}}v{i + 1} = {fmt(v[i])}" for i in range(k)]
    lines += [
        f"{'':<{width}}c  = {fmt(c)}",
        "",
        tr("max |f − target| = {err}", err=fmt(np.abs(err).max())),
        tr("rms error        = {err}", err=fmt(float(np.sqrt(np.mean(err**2))))),
        "",
    ]
    if mode == "least-squares":
        lines.append(
            tr(
                "weights: least squares. f is linear in v and c, so the best weights solve a "
                "linear system exactly: no descent needed. Set fit = by-hand to edit them."
            )
        )
    else:
        lines.append(tr("weights: yours (the `weights` list, then `bias`); missing ones are 0."))
    lines.append(
        tr(
            "Each unit adds one kink; between kinks f is a straight line. More units, more kinks, "
            "a closer fit: that is universal approximation."
        )
    )
    return "\n".join(lines)


def run(ctx: RunContext) -> Iterator[Record]:
    xs = np.linspace(*X_RANGE, X_POINTS)
    H = unit_outputs(ctx.backend, xs, ctx.config["units"])  # (N, k), fixed: units never change
    return redraw_on_change(ctx, lambda live, step: record(live, step, xs, H))


def record(live: dict, step: int, xs: np.ndarray, H: np.ndarray) -> Record:
    k = H.shape[1]
    y = target_values(live["target"], xs)  # (N,)
    if live["fit"] == "least-squares":
        v, c = fit(H, y)
    else:
        v, c = hand_weights(live["weights"], k), live["bias"]
    parts = H * v[None, :]  # (N, k) each unit's contribution vᵢ·nᵢ(x)
    out = parts.sum(axis=1) + c  # (N,)
    err = out - y
    tensors = {"xs": xs, "target": y, "sum": out, "error": err}
    tensors |= {f"u{i + 1}": parts[:, i] for i in range(k)}
    metrics = {"max_error": float(np.abs(err).max()), "rms_error": float(np.sqrt(np.mean(err**2)))}
    text = {"reading": describe(live["target"], k, live["fit"], v, c, err)}
    return Record(step, metrics, tensors, text)


def views(config: Mapping[str, Any]) -> list:
    k = config["units"]
    units = tuple((f"v{i + 1}·n{i + 1}", "xs", f"u{i + 1}", "line") for i in range(k))
    return [
        V.Lines("each unit, weighted: vᵢ·nᵢ(x)", units, xlabel="x"),
        V.Row(
            (
                V.Lines(
                    "their sum vs the target",
                    (
                        ("target", "xs", "target", "line"),
                        ("Σ vᵢnᵢ + c", "xs", "sum", "line"),
                        ("error", "xs", "error", "line"),
                    ),
                    xlabel="x",
                ),
                V.Text("fit", "reading"),
            ),
            weight=2,
        ),
    ]
