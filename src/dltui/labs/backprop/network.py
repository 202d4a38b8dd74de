"""Part `network`: the course's XOR net, backward pass with the numbers plugged in, stage by stage.

The perceptron lab's exercise-2 network and conventions (W[i, j] = input i → hidden unit j, tanh
hidden and output, t = 2y − 1, E = ½(ŷ − t)², no biases, the course's weights). Each sample takes
three steps: forward (z1, h, ŷ, E), backward (δ = ∂E/∂z2, ∂E/∂v, ∂E/∂W1), update
(w ← w − η·∂E/∂w with the current values); then the next of the four samples, in table order.
The hand numbers come from `perceptron.xor.xor_backprop` (float64); the update applied is the
backend's autodiff gradient, and the screen shows both agree.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.worked import exact, mat, precise, vec
from ..perceptron.data import COURSE_XOR
from ..perceptron.xor import EX2_V, EX2_W1, xor_backprop

STAGES = ("forward", "backward", "update")
X, T = COURSE_XOR[:, 1:], 2 * COURSE_XOR[:, 0] - 1  # (4, 2) inputs ±1, (4,) targets ±1


def _loss(B: Backend):
    def loss(p, x, t):  # x (1, 2), t (1, 1)
        h = B.tanh(B.matmul(x, p["W1"]))  # (1, 2)
        yhat = B.tanh(B.matmul(h, p["v"]))  # (1, 1)
        return 0.5 * B.sum(B.square(yhat - t))

    return loss


def _texts(stage: str, i: int, hand: dict, W1, v, new_W1, new_v, lr: float, agree: float) -> dict:
    x, t = X[i], T[i]
    head = tr("sample {i} of 4: x = {x}, t = {t}", i=i + 1, x=vec(x), t=exact(t))
    fwd = (
        f"{head}\n"
        f"z1 = x·W1 = {vec(hand['z1'])}\n"
        f"h = tanh(z1) = {vec(hand['h'])}\n"
        f"z2 = h·v = {exact(hand['z2'])}\n"
        f"ŷ = tanh(z2) = {exact(hand['yhat'])}\n"
        f"E = ½(ŷ − t)² = {exact(hand['E'])}"
    )
    bwd = (
        f"δ = ∂E/∂z2 = (ŷ − t)(1 − ŷ²) = {exact(hand['delta'])}\n"
        f"∂E/∂v = δ·h = {vec(hand['gv'])}\n"
        f"∂E/∂z1 = δ·v ⊙ (1 − h²) = {vec(hand['dh'])}\n"
        f"∂E/∂W1 = xᵀ·∂E/∂z1 = {mat(hand['gW'])}\n"
        + tr("autodiff agrees to {agree:.1e}", agree=agree)
    )
    upd = (
        f"w ← w − η·∂E/∂w, η = {exact(lr)}\n"
        f"W1 = {mat(W1)} − {exact(lr)}·{mat(hand['gW'])}\n"
        f"   = {mat(new_W1)}\n"
        f"v = {vec(v)} − {exact(lr)}·{vec(hand['gv'])}\n"
        f"  = {vec(new_v)}"
    )
    hidden = tr("· (next step)")
    order = STAGES.index(stage)
    return {
        "forward": fwd,
        "backward": bwd if order >= 1 else hidden,
        "update": upd if order >= 2 else hidden,
    }


def run(ctx: RunContext) -> Iterator[Record]:
    """Metrics carry the current sample's numbers (every record has the same keys, so CSV and
    table outputs keep every column); the text reveals them stage by stage."""
    B = ctx.backend
    grad_fn = B.value_and_grad(_loss(B))
    W1, v = EX2_W1.copy(), EX2_V.copy()  # (2, 2), (2, 1) float64, the course's weights
    hand = xor_backprop(W1, v, np.zeros(2), np.zeros(1), X[0], T[0], "tanh")
    start = tr("Press n: sample 1's forward pass.")
    text = {"forward": start, "backward": "·", "update": "·"}
    yield Record(0, _metrics(hand, 0, W1, v), _tensors(W1, v, hand, shown=False), text)
    for step in ctx.steps():
        i, stage = divmod(step - 1, len(STAGES))
        i %= 4
        lr = ctx.live["lr"]
        hand = xor_backprop(W1, v, np.zeros(2), np.zeros(1), X[i], T[i], "tanh")
        dt = precise(B)
        params = {"W1": B.array(W1, dt), "v": B.array(v, dt)}
        _, g = grad_fn(params, B.array(X[i : i + 1], dt), B.array([[T[i]]], dt))
        gW, gv = B.to_numpy(g["W1"]).astype(np.float64), B.to_numpy(g["v"]).astype(np.float64)
        agree = max(np.abs(gW - hand["gW"]).max(), np.abs(gv[:, 0] - hand["gv"]).max())
        new_W1, new_v = W1 - lr * gW, v - lr * gv
        text = _texts(STAGES[stage], i, hand, W1, v, new_W1, new_v, lr, agree)
        if stage == 2:
            W1, v = new_W1, new_v
        shown = stage >= STAGES.index("backward")  # ∂E/∂W1 on screen once worked out
        yield Record(step, _metrics(hand, i, W1, v), _tensors(W1, v, hand, shown), text)


def _metrics(hand: dict, i: int, W1: np.ndarray, v: np.ndarray) -> dict[str, float]:
    out = {"sample": float(i + 1), "E": hand["E"], "yhat": hand["yhat"], "delta": hand["delta"]}
    out |= {"dE_dv1": float(hand["gv"][0]), "dE_dv2": float(hand["gv"][1])}
    return out | _weights(W1, v)


def _tensors(W1: np.ndarray, v: np.ndarray, hand: dict, shown: bool) -> dict[str, np.ndarray]:
    """The weights, and this sample's ∂E/∂W1 with `gW1_shown` (1 once the backward stage has
    worked it out, else 0: the screen shows '·' until then)."""
    return {
        "W1": W1.copy(),
        "v": v[:, 0].copy(),
        "gW1": hand["gW"],
        "gW1_shown": np.array(float(shown)),
    }


def _weights(W1: np.ndarray, v: np.ndarray) -> dict[str, float]:
    out = {f"W1_{i + 1}{j + 1}": float(W1[i, j]) for i in range(2) for j in range(2)}
    return out | {"v1": float(v[0, 0]), "v2": float(v[1, 0])}


def views(config) -> list:
    return [
        V.Row((V.Text("forward", "forward"), V.Text("backward", "backward")), weight=3),
        V.Row(
            (
                V.Text("update", "update", weight=2),
                V.Matrix("W1 (row i → unit j)", "W1", signed=True),
                V.Matrix("∂E/∂W1", "gW1", signed=True, mask="gW1_shown"),
            ),
            weight=2,
        ),
        V.Curves("E of each sample", ("E",), xlabel="step (3 per sample)", weight=1),
    ]
