"""The update rules, in the course's own forms, written once against the backend API.

Each rule keeps its state in a dict of backend arrays and returns the new point. `grad(θ)` is the
gradient function (Nesterov evaluates it at the look-ahead point). Forms, as the course writes
them (they differ from backend/optim.py's momentum only by where η sits, equivalent for fixed η):

- gd:        θ ← θ − η·g
- sgd:       gd on g + σ·N(0, 1) (σ = `noise`: a stand-in for mini-batch noise on a surface)
- momentum:  v ← γv + η·g,  θ ← θ − v
- nesterov:  v ← γv + η·∇f(θ − γv),  θ ← θ − v
- adagrad:   G ← G + g²,  θ ← θ − η/√(G + ε)·g
- rmsprop:   v ← γv + (1 − γ)g²,  θ ← θ − η/√(v + ε)·g
- adam:      m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
             θ ← θ − η·m̂/(√v̂ + ε)

and the two non-standard Adam corrections printed in the course's decks, kept to be shown beside
the standard one: `course-no-t` divides by (1 − β₁) and (1 − β₂) at every step (no exponent t:
the early steps are too large and x² from 1 overshoots to −0.048 at step 7), `course-recorrect`
stores the corrected moments back (m ← m̂, v ← v̂: the correction compounds, the steps shrink
geometrically and x² from 1 freezes at 0.8715).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...backend.base import Backend

RULES = ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
ADAM_VARIANTS = ("standard", "course-no-t", "course-recorrect")
EPS = 1e-8


@dataclass
class Hyper:
    lr: float
    momentum: float = 0.9  # γ of momentum and Nesterov
    rho: float = 0.9  # RMSProp's γ
    beta1: float = 0.9
    beta2: float = 0.999
    noise: float = 0.0  # sgd's gradient noise σ
    adam_variant: str = "standard"


@dataclass
class Stepper:
    """One optimizer's state on one point θ (a backend array, shape (D,))."""

    rule: str
    hyper: Hyper
    theta: Any
    t: int = 0
    state: dict[str, Any] = field(default_factory=dict)
    last: dict[str, Any] = field(default_factory=dict)  # this step's arrays, for the screen

    def step(self, B: Backend, grad: Callable[[Any], Any], rng: np.random.Generator) -> Any:
        h, th = self.hyper, self.theta
        self.t += 1
        zero = th * 0
        if self.rule == "nesterov":
            v = self.state.get("v", zero)
            g = grad(th - h.momentum * v)
            v = h.momentum * v + h.lr * g
            self.state["v"], self.theta = v, th - v
            self.last = {"v": v}
        else:
            g = grad(th)
            if self.rule == "sgd" and h.noise > 0:
                g = g + B.array(rng.normal(0, h.noise, _shape(B, th)).astype(_dtype(B, th)))
            self.theta = getattr(self, "_" + self.rule)(B, th, g, zero)
        self.last["g"] = g
        return self.theta

    def numbers(self, B: Backend) -> dict[str, float]:
        """This step's quantities (first coordinate) as floats, for the worked text."""
        return {k: float(B.to_numpy(v).ravel()[0]) for k, v in self.last.items()}

    def _gd(self, B: Backend, th, g, zero):
        return th - self.hyper.lr * g

    _sgd = _gd

    def _momentum(self, B: Backend, th, g, zero):
        h = self.hyper
        v = h.momentum * self.state.get("v", zero) + h.lr * g
        self.state["v"], self.last = v, {"v": v}
        return th - v

    def _adagrad(self, B: Backend, th, g, zero):
        G = self.state.get("G", zero) + g * g
        self.state["G"], self.last = G, {"G": G}
        return th - self.hyper.lr / B.sqrt(G + EPS) * g

    def _rmsprop(self, B: Backend, th, g, zero):
        h = self.hyper
        v = h.rho * self.state.get("v", zero) + (1 - h.rho) * g * g
        self.state["v"], self.last = v, {"v": v}
        return th - h.lr / B.sqrt(v + EPS) * g

    def _adam(self, B: Backend, th, g, zero):
        h, t = self.hyper, self.t
        m = h.beta1 * self.state.get("m", zero) + (1 - h.beta1) * g
        v = h.beta2 * self.state.get("v", zero) + (1 - h.beta2) * g * g
        if h.adam_variant == "course-no-t":
            m_hat, v_hat = m / (1 - h.beta1), v / (1 - h.beta2)
        else:
            m_hat, v_hat = m / (1 - h.beta1**t), v / (1 - h.beta2**t)
        if h.adam_variant == "course-recorrect":
            m, v = m_hat, v_hat
        self.state |= {"m": m, "v": v}
        self.last = {"m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat}
        return th - h.lr * m_hat / (B.sqrt(v_hat) + EPS)


def _shape(B: Backend, x) -> tuple[int, ...]:
    return tuple(B.to_numpy(x).shape)


def _dtype(B: Backend, x):
    return B.to_numpy(x).dtype
