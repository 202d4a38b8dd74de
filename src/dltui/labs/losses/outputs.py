"""Part `outputs`: one output vector of 10 classes against the one-hot target, three losses.

The course's example: target class 2; A = (0, .1, .4, 0, 0, .2, .1, 0, .2, 0) and B as the deck
prints it (0.88 on class 2, 0.12 on each other) both have MAE 0.12, yet CE tells them apart
(0.9163 vs 0.1278). But the deck's B sums to 1.96: it is not a probability vector. Normalised
(0.88 and 0.0133), its MAE is 0.024; for any probability vector MAE = 2(1 − p_true)/K, which
ranks outputs exactly as CE does. The real reason CE wins is its gradient (part `gradient`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from .functions import K, cross_entropy, mae, mse, one_hot


def losses_of(B: Backend, p: np.ndarray, target: int) -> dict[str, float]:
    y = one_hot(target, len(p))
    P, Y = B.array(p, "float64" if B.name == "numpy" else None), B.array(y)
    return {
        "mse": float(B.to_numpy(mse(B, P, Y))),
        "mae": float(B.to_numpy(mae(B, P, Y))),
        "ce": float(B.to_numpy(cross_entropy(B, B.maximum(P, 1e-30), Y))),
    }


def normalised(p: np.ndarray, target: int) -> np.ndarray:
    """A probability vector keeping p_true, the other classes rescaled to share 1 − p_true
    (the course's normalised B: 0.88 and 0.0133 × 9)."""
    q = p.copy()
    others = np.arange(len(p)) != target
    q[target] = min(p[target], 1.0)
    share = q[others].sum()
    q[others] = q[others] * (1 - q[target]) / share if share > 0 else (1 - q[target]) / (len(p) - 1)
    return q


def reading(p: np.ndarray, target: int, m: dict[str, float]) -> str:
    total = float(p.sum())
    lines = [
        f"MSE = (1/K)·Σ(pᵢ − yᵢ)² = {m['mse']:.4g}",
        f"MAE = (1/K)·Σ|pᵢ − yᵢ| = {m['mae']:.4g}",
        f"CE = −ln p_true = −ln {p[target]:.4g} = {m['ce']:.4g}",
        "",
    ]
    q = normalised(p, target)
    if abs(total - 1) > 1e-6:
        lines.append(
            tr(
                "These outputs sum to {total:.4g}, not 1: they are not probabilities. Normalised "
                "(p_true kept, the others sharing 1 − p_true: {other:.4g} each here), "
                "MAE = {mae:.4g}.",
                total=total,
                other=q[target - 1 if target else 1],
                mae=np.abs(q - one_hot(target, len(p))).mean(),
            )
        )
    lines.append(
        tr(
            "For probabilities MAE = 2(1 − p_true)/K = {mae:.4g}: it ranks outputs like CE. CE "
            "wins by its gradient: see part `gradient`.",
            mae=2 * (1 - q[target]) / len(p),
        )
    )
    return "\n".join(lines)


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend

    def render(live: dict, step: int) -> Record:
        p, target = np.array(live["output"], np.float64), live["target"]
        m = losses_of(B, p, target)
        tensors = {"output": p, "target_vec": one_hot(target, len(p))}
        return Record(step, m, tensors, {"reading": reading(p, target, m)})

    return redraw_on_change(ctx, render)


def views(config) -> list:
    labels = tuple(tr("class {i}", i=i) for i in range(K))
    return [
        V.Row(
            (
                V.Bars("the output pᵢ (edit `output`)", "output", labels, top=1.0),
                V.Bars("the one-hot target yᵢ", "target_vec", labels, top=1.0),
            ),
            weight=3,
        ),
        V.Text("the three losses", "reading", weight=2),
    ]
