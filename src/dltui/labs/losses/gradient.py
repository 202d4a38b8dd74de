"""Part `gradient`: why cross-entropy wins — its gradient when the model is confidently wrong.

Under softmax, with p_true the probability of the true class and the others sharing the rest,
∂CE/∂z_true = p_true − 1 (≈ −1 when p_true → 0: a full push), while
∂MAE/∂z_true = −(2/K)·p_true(1 − p_true) (→ 0: no push at all) and MSE's is small too. The
curves are computed by the backend's autodiff through softmax, on a batch of logit vectors built
to give each p_true. Second panel: softmax + CE on logits z gives ∂CE/∂z = p − y exactly
(the course's z = (14, 12), true class 0 → (−0.119203, +0.119203)).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.numfmt import thousands
from ..common.interactive import redraw_on_change
from ..common.worked import exact, precise
from .functions import K, cross_entropy, mae, mse, one_hot

TARGET = 0
GRID = np.concatenate([np.geomspace(1e-4, 0.5, 60), 1 - np.geomspace(0.5, 1e-4, 60)[1:]])


def logits_for(p_true: np.ndarray, k: int = K) -> np.ndarray:
    """Logit rows (N, K) whose softmax puts p_true on class TARGET, the rest shared equally."""
    rest = (1 - p_true) / (k - 1)
    z = np.tile(np.log(rest)[:, None], (1, k))
    z[:, TARGET] = np.log(p_true)
    return z


def grads_at(B: Backend, p_true: np.ndarray) -> dict[str, np.ndarray]:
    """∂loss/∂z_true for each p_true (N,), by autodiff through softmax, per loss."""
    dt = precise(B)
    Z = B.array(logits_for(p_true), dt)  # (N, K)
    Y = B.array(np.tile(one_hot(TARGET), (len(p_true), 1)), dt)  # (N, K)
    out = {}
    for name, loss in (("ce", cross_entropy), ("mae", mae), ("mse", mse)):
        g = B.value_and_grad(lambda z, loss=loss: B.sum(loss(B, B.softmax(z, axis=-1), Y)))(Z)[1]
        out[name] = B.to_numpy(g).astype(np.float64)[:, TARGET]  # (N,)
    return out


def softmax_ce_example(B: Backend, logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(p, ∂CE/∂z) for one logit vector with true class 0."""
    dt = precise(B)
    y = B.array(one_hot(0, len(logits)), dt)
    ce = lambda z: B.sum(cross_entropy(B, B.softmax(z, axis=-1), y))  # noqa: E731
    z = B.array(logits, dt)
    p = B.to_numpy(B.softmax(z, axis=-1)).astype(np.float64)
    return p, B.to_numpy(B.value_and_grad(ce)(z)[1]).astype(np.float64)


def sci(v: float) -> str:
    return f"{v:.2e}".replace("-", "−")


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    curves = grads_at(B, GRID)

    def render(live: dict, step: int) -> Record:
        p = float(live["p_true"])
        here = {k: float(v[0]) for k, v in grads_at(B, np.array([p])).items()}
        logits = np.array(live["logits"], np.float64)
        probs, dz = softmax_ce_example(B, logits)
        metrics = {"p_true": p, "grad_ce": here["ce"], "grad_mae": here["mae"]}
        metrics |= {"grad_mse": here["mse"]} | {f"ce_grad_z{i + 1}": float(g) for i, g in
                                                enumerate(dz)}  # fmt: skip
        ratio = abs(here["ce"] / here["mae"]) if here["mae"] else float("inf")
        times = thousands(round(ratio)) if np.isfinite(ratio) else f"{ratio}"  # fr: 4 545
        text = (
            tr("p_true = {p:.4g}:", p=p) + "\n"
            f"∂CE/∂z_true = p − 1 = {exact(here['ce'])}\n"
            f"∂MAE/∂z_true = −(2/K)·p(1 − p) = {sci(here['mae'])}\n"
            f"∂MSE/∂z_true = {sci(here['mse'])}\n"
        ) + tr(
            "CE pushes {times}× harder. Drag p_true toward 0 (← →): a confidently wrong "
            "model gets no push from MAE.",
            times=times,
        )
        example = (
            tr("z = {z}, true class 0", z=tuple(float(v) for v in logits)) + "\n"
            f"p = softmax(z) = ({', '.join(exact(v) for v in probs)})\n"
            f"∂CE/∂z = p − y = ({', '.join(exact(v) for v in dz)})"
        )
        tensors = {"p": GRID, "ce": curves["ce"], "mae": curves["mae"], "mse": curves["mse"]}
        tensors |= {
            "now_p": np.array([p, p, p]),
            "now_g": np.array([here[k] for k in ("ce", "mae", "mse")]),
        }
        return Record(step, metrics, tensors, {"reading": text, "example": example})

    return redraw_on_change(ctx, render)


def views(config) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "∂loss/∂z_true under softmax",
                    (
                        ("∂CE/∂z", "p", "ce", "line"),
                        ("∂MAE/∂z", "p", "mae", "line"),
                        ("∂MSE/∂z", "p", "mse", "line"),
                    ),
                    markers=(("at p_true", "now_p", "now_g"),),
                    vline="p_true",
                    xlim=(0.0, 1.0),
                    xlabel="p_true",
                    ylabel="gradient",
                    weight=3,
                ),
                V.Text("at the cursor", "reading", weight=2),
            ),
            weight=3,
        ),
        V.Text("softmax + cross-entropy: the gradient is p − y", "example", weight=1),
    ]
