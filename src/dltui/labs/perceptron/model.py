"""The playground's and Iris' multilayer perceptron, written once against the backend API.

Shared with the benchmark (benchmarks/cases_perceptron.py) so both measure the same model.
Weights are drawn in NumPy (Glorot uniform, Keras' default; biases zero) so every backend starts
from the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...backend.base import Backend
from ..common.activations import backend_fn


def layer_sizes(n_in: int, layers: int, neurons: int, n_out: int) -> list[int]:
    """[n_in, neurons × layers, n_out]: zero hidden layers is a linear model."""
    return [n_in, *([neurons] * layers), n_out]


def param_count(sizes: Sequence[int]) -> int:
    """Weights plus biases of a dense stack: Σ (n_in·n_out + n_out). 10 → 20 → 3 has 283."""
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


def count_text(sizes: Sequence[int]) -> str:
    """The count written out, e.g. '2·8+8 + 8·1+1 = 33'."""
    terms = " + ".join(f"{a}·{b}+{b}" for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    return f"{terms} = {param_count(sizes)}"


def init_params(sizes: Sequence[int], rng: np.random.Generator, B: Backend) -> dict[str, list]:
    """{'W': [(n_in, n_out), ...], 'b': [(n_out,), ...]} as backend arrays."""
    Ws, bs = [], []
    for a, b in zip(sizes[:-1], sizes[1:], strict=True):
        limit = np.sqrt(6.0 / (a + b))
        Ws.append(B.array(rng.uniform(-limit, limit, (a, b))))
        bs.append(B.array(np.zeros(b)))
    return {"W": Ws, "b": bs}


def forward(B: Backend, params: dict[str, list], x: Any, act: Callable[[Any], Any]) -> Any:
    """Logits (N, n_out) of inputs x (N, n_in)."""
    h = x
    last = len(params["W"]) - 1
    for i, (W, b) in enumerate(zip(params["W"], params["b"], strict=True)):
        h = B.matmul(h, W) + b  # (N, n_out of layer i)
        if i < last:
            h = act(h)
    return h


def l2_penalty(B: Backend, params: dict[str, list]) -> Any:
    """½·Σ w² over the weights (not the biases): its gradient is the weight-decay term λ·w."""
    total = 0.0
    for W in params["W"]:
        total = total + B.sum(B.square(W))
    return 0.5 * total


def make_loss(B: Backend, act_name: str, classes: int) -> Callable[..., Any]:
    """loss(params, x, y, l2) → data loss + l2·½Σw², with a logistic (1 output) or softmax head.

    The fused losses take raw logits: they are stable where sigmoid-then-log would overflow.
    """
    act = backend_fn(B, act_name)

    def loss(params, x, y, l2: float):
        z = forward(B, params, x, act)  # (N, 1) or (N, C)
        if classes == 2:
            data = B.binary_cross_entropy(B.reshape(z, (-1,)), y)
        else:
            data = B.cross_entropy(z, y)
        return data + l2 * l2_penalty(B, params) if l2 > 0 else data

    return loss


def evaluate(B: Backend, params, act_name: str, x: np.ndarray, y: np.ndarray, classes: int):
    """(loss, accuracy, predictions) on a whole set, with no gradient tape."""
    z = B.to_numpy(forward(B, params, B.array(x), backend_fn(B, act_name))).astype(np.float64)
    if classes == 2:
        z = z[:, 0]  # (N,)
        loss = float(np.mean(np.logaddexp(0, z) - y * z))
        pred = (z > 0).astype(np.int64)
    else:
        shifted = z - z.max(axis=1, keepdims=True)  # (N, C)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = float(-logp[np.arange(len(y)), y].mean())
        pred = z.argmax(axis=1)
    return loss, float(np.mean(pred == y)), pred


def boundary_field(B: Backend, params, act_name: str, points: Any, shape: tuple[int, int]) -> Any:
    """2·P(class 1) − 1 on the grid's points, reshaped to (ny, nx): signed for a diverging palette.

    `points` is a backend array (ny·nx, 2), built once per run so a frame costs one forward pass.
    """
    z = forward(B, params, points, backend_fn(B, act_name))  # (ny·nx, 1) logits
    return B.reshape(B.tanh(0.5 * z), shape)  # 2σ(z) − 1 = tanh(z/2)


def all_finite(B: Backend, params) -> bool:
    return all(np.isfinite(B.to_numpy(W)).all() for W in params["W"])
