"""Optimizers written once against the backend API: they only add, multiply and take roots.

Functional: `state = opt.init(params)`, then `params, state = opt.update(params, grads, state)`.
`opt.lr` may be changed between steps (live learning-rate changes in the app).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import Backend
from .tree import tree_map

OPTIMIZERS = ("gd", "sgd", "momentum", "adagrad", "rmsprop", "adam")


@dataclass
class Optimizer:
    kind: str
    lr: float
    backend: Backend = field(repr=False)
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    rho: float = 0.9
    eps: float = 1e-8

    def init(self, params) -> dict:
        zeros = tree_map(lambda p: p * 0, params)
        if self.kind == "adam":
            return {"t": 0, "m": zeros, "v": tree_map(lambda p: p * 0, params)}
        return {"t": 0, "s": zeros}

    def update(self, params, grads, state: dict):
        B, lr, t = self.backend, self.lr, state["t"] + 1
        if self.kind in ("gd", "sgd"):  # the data pipeline decides full batch vs mini-batch
            return tree_map(lambda p, g: p - lr * g, params, grads), {**state, "t": t}
        if self.kind == "momentum":
            s = tree_map(lambda v, g: self.momentum * v + g, state["s"], grads)
            return tree_map(lambda p, v: p - lr * v, params, s), {"t": t, "s": s}
        if self.kind == "adagrad":  # θ ← θ − η/√(Σg²)·g
            s = tree_map(lambda a, g: a + g * g, state["s"], grads)
            new = tree_map(lambda p, g, a: p - lr * g / (B.sqrt(a) + self.eps), params, grads, s)
            return new, {"t": t, "s": s}
        if self.kind == "rmsprop":  # v ← γv + (1−γ)g²
            s = tree_map(lambda a, g: self.rho * a + (1 - self.rho) * g * g, state["s"], grads)
            new = tree_map(lambda p, g, a: p - lr * g / (B.sqrt(a) + self.eps), params, grads, s)
            return new, {"t": t, "s": s}
        if self.kind == "adam":
            b1, b2 = self.beta1, self.beta2
            m = tree_map(lambda m_, g: b1 * m_ + (1 - b1) * g, state["m"], grads)
            v = tree_map(lambda v_, g: b2 * v_ + (1 - b2) * g * g, state["v"], grads)
            c1, c2 = 1 - b1**t, 1 - b2**t  # bias correction
            new = tree_map(
                lambda p, m_, v_: p - lr * (m_ / c1) / (B.sqrt(v_ / c2) + self.eps), params, m, v
            )
            return new, {"t": t, "m": m, "v": v}
        raise ValueError(f"unknown optimizer {self.kind!r}; choose one of {', '.join(OPTIMIZERS)}")
