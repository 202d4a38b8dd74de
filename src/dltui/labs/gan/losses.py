"""Part 2, the loss the generator descends: saturating log(1 − D(G(z))) vs non-saturating
−log D(G(z)), and their gradients with respect to D's logit a (D = σ(a)).

d/da log(1 − σ(a)) = −σ(a) = −D, and d/da (−log σ(a)) = −(1 − σ(a)) = −(1 − D). Early in
training D rejects the fakes (D(G(z)) ≈ 0.01): the course's loss then gives G a gradient of −0.01
(it saturates), the non-saturating one −0.99; at D = 0.5 both are −0.5. The gradients shown are
computed by the backend's autodiff at the cursor (and agree with the formulas). Interactive:
the cursor D(G(z)) is a live knob (←/→ ±0.01, ↓/↑ ±0.1).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from ..common.numfmt import fmt


def logit(d):
    return np.log(d) - np.log1p(-d)


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    grads = {
        "sat": B.value_and_grad(lambda a: B.sum(-B.softplus(a))),  # log(1 − σ(a))
        "ns": B.value_and_grad(lambda a: B.sum(B.softplus(-a))),  # −log σ(a)
    }
    ds = np.linspace(0.002, 0.998, 250)
    a_axis = np.linspace(-7, 7, 201)
    curves = {
        "ds": ds,
        "loss_sat": np.log1p(-ds),
        "loss_ns": -np.log(ds),
        "as": a_axis,
        "grad_sat": -1 / (1 + np.exp(-a_axis)),
        "grad_ns": -1 / (1 + np.exp(a_axis)),
    }

    def render(live: dict, step: int) -> Record:
        d = float(live["dgz"])
        a = float(logit(d))
        at = B.array(np.array([a], np.float32))
        (_, g_sat), (_, g_ns) = grads["sat"](at), grads["ns"](at)
        gs, gn = float(B.to_numpy(g_sat)[0]), float(B.to_numpy(g_ns)[0])
        tensors = {
            **curves,
            "md": np.array([d, d]),
            "ml": np.array([np.log1p(-d), -np.log(d)]),
            "ma": np.array([a, a]),
            "mg": np.array([gs, gn]),
        }
        metrics = {
            "dgz": d,
            "a": a,
            "loss_sat": float(np.log1p(-d)),
            "loss_ns": float(-np.log(d)),
            "grad_sat": gs,
            "grad_ns": gn,
        }
        return Record(step, metrics, tensors, {"work": _work(d, a, gs, gn)})

    return redraw_on_change(ctx, render)


def _work(d: float, a: float, gs: float, gn: float) -> str:
    return "\n".join(
        [
            tr("D(G(z)) = {d}, logit a = {a:.3f}", d=fmt(d), a=a),
            "",
            tr("course (saturating), G minimises"),
            f"  log(1 − D) = {np.log1p(-d):.4f}",
            f"  ∂/∂a = −D = {gs:.4f}",
            tr("non-saturating, G minimises"),
            f"  −log D = {-np.log(d):.4f}",
            f"  ∂/∂a = −(1 − D) = {gn:.4f}",
            "",
            tr(
                "D sure the fake is fake (D ≈ 0):\n"
                "the course's loss gives G almost no\n"
                "gradient; −log D gives it almost 1."
            ),
            tr("keys: ←/→ ±0.01, ↓/↑ ±0.1"),
        ]
    )
