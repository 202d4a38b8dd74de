"""The four models of the gradient-descent lab, written once against the backend API.

Each model is a pair of pure functions (predict, loss) over a parameter dict, plus an
initialiser that draws from the run's NumPy generator, so NumPy and MLX start from the same
numbers. The losses are the course's, exactly:

- `rm-price`  PRICE ≈ w·x, no bias; L(w) = Σ (w·xᵢ − yᵢ)²  (a SUM, so the numbers are large)
- `line`      ŷ = θ₀ + θ₁·x;        E(θ) = 1/(2n) Σ (ŷᵢ − yᵢ)²
- `linear`    ŷ = X·W + b;          mean squared error
- `mlp`       ŷ = relu(relu(X·W₁ + b₁)·W₂ + b₂), the course's Dense(100, ReLU) → Dense(1, ReLU)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...backend.base import Backend

Params = dict[str, Any]


@dataclass(frozen=True)
class GDModel:
    kind: str
    init: Callable[[np.random.Generator], dict[str, np.ndarray]]  # NumPy params
    predict: Callable[[Any, Params, Any], Any]  # (B, params, X (n, d)) -> (n,)
    loss: Callable[[Any, Params, Any, Any], Any]  # (B, params, X, y (n,)) -> scalar
    precise: bool  # float64 where the backend allows it (the course's exact numbers)

    def n_params(self) -> int:
        return sum(int(np.size(v)) for v in self.init(np.random.default_rng(0)).values())

    def headline(self, params: dict[str, np.ndarray]) -> dict[str, float]:
        """The parameters worth a metric of their own (the one weight, the two thetas)."""
        if self.kind == "rm-price":
            return {"w": float(params["w"][0])}
        if self.kind == "line":
            return {"theta0": float(params["t0"][0]), "theta1": float(params["t1"][0])}
        return {}


def glorot(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """Keras's default Dense initialiser (Glorot uniform): U(±√(6/(fan_in + fan_out)))."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out))


def _flat(B: Backend, X):
    return B.reshape(X, (-1,))  # (n, 1) -> (n,)


def rm_price(start: float = 0.0) -> GDModel:
    def predict(B: Backend, p, X):
        return _flat(B, X) * p["w"]  # (n,)

    def loss(B: Backend, p, X, y):
        return B.sum(B.square(predict(B, p, X) - y))  # SUM of squared errors

    return GDModel("rm-price", lambda _rng: {"w": np.array([start])}, predict, loss, True)


def line(start: tuple[float, float] = (0.0, 0.0)) -> GDModel:
    def predict(B: Backend, p, X):
        return p["t0"] + _flat(B, X) * p["t1"]  # (n,)

    def loss(B: Backend, p, X, y):
        return B.mean(B.square(predict(B, p, X) - y)) / 2  # E = 1/(2n) Σ (ŷ − y)²

    init = {"t0": np.array([start[0]]), "t1": np.array([start[1]])}
    return GDModel("line", lambda _rng: dict(init), predict, loss, True)


def linear(n_in: int) -> GDModel:
    def predict(B: Backend, p, X):
        return _flat(B, B.matmul(X, p["W"]) + p["b"])  # (n, d) @ (d, 1) -> (n,)

    def loss(B: Backend, p, X, y):
        return B.mean(B.square(predict(B, p, X) - y))

    def init(rng):
        return {"W": glorot(rng, n_in, 1), "b": np.zeros(1)}

    return GDModel("linear", init, predict, loss, False)


def mlp(n_in: int, hidden: int) -> GDModel:
    def predict(B: Backend, p, X):
        h = B.relu(B.matmul(X, p["W1"]) + p["b1"])  # (n, H)
        return _flat(B, B.relu(B.matmul(h, p["W2"]) + p["b2"]))  # (n, 1) -> (n,)

    def loss(B: Backend, p, X, y):
        return B.mean(B.square(predict(B, p, X) - y))

    def init(rng):
        return {
            "W1": glorot(rng, n_in, hidden),
            "b1": np.zeros(hidden),
            "W2": glorot(rng, hidden, 1),
            "b2": np.zeros(1),
        }

    return GDModel("mlp", init, predict, loss, False)


def build(config: dict[str, Any], n_in: int) -> GDModel:
    start = tuple(config["start"]) + (0.0,)  # a missing θ₁ starts at 0
    kind = config["model"]
    if kind == "rm-price":
        return rm_price(start[0])
    if kind == "line":
        return line((start[0], start[1]))
    if kind == "linear":
        return linear(n_in)
    return mlp(n_in, int(config["hidden"]))
