"""The activation functions, written once for every lab: name, formulas, what the derivative
means for learning, and the backend function.

- `TABLE[name]`: label, formula, derivative, note (the activations lab shows them);
- `backend_fn(B, name, slope)`: the function on the backend (what a network computes and
  differentiates); `slope` is leaky ReLU's below 0;
- `numpy_pair(name)`: (φ, φ') in float64 NumPy, for chain rules written out by hand (the
  perceptron's exercise 2 checks its update against the backend's autodiff with them).

A lab offers the names it explains, in its own order (`ACTIVATIONS` for hidden layers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...backend.base import Backend

#: hidden-layer choices, in the order the perceptron lab offers them ("linear" = no activation)
ACTIVATIONS = (
    "tanh", "relu", "sigmoid", "linear", "leaky-relu", "elu", "gelu", "softplus", "silu",
)  # fmt: skip
LEAKY_SLOPE = (
    0.01  # leaky ReLU's slope below 0 in a network (Keras' LeakyReLU uses 0.3, PyTorch 0.01)
)
#: activations whose output takes both signs (a diverging palette shows them best)
SIGNED = ("tanh", "linear", "leaky-relu", "elu", "gelu", "silu")


@dataclass(frozen=True)
class Activation:
    label: str
    formula: str
    derivative: str
    note: str  # what its derivative means for learning


TABLE: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid σ",
        "σ(x) = 1/(1 + e⁻ˣ)",
        "σ'(x) = σ(x)(1 − σ(x))",
        "σ' peaks at 0.25 (x = 0) and is ~0 for |x| > 5: through 10 sigmoid layers a gradient "
        "shrinks by at least 0.25¹⁰ ≈ 1e−6. That is the vanishing gradient.",
    ),
    "tanh": Activation(
        "tanh",
        "tanh(x) = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)",
        "tanh'(x) = 1 − tanh²(x)",
        "tanh' is 1 at 0 (four times σ's best) but 0.07 at |x| = 2 and falling fast beyond: "
        "a saturated unit passes almost no gradient back.",
    ),
    "relu": Activation(
        "ReLU",
        "relu(x) = max(0, x)",
        "relu'(x) = 1 if x > 0, 0 if x < 0",
        "No saturation for x > 0 (slope 1, however deep), but exactly 0 below 0: a unit whose "
        "input stays negative learns nothing (a 'dead' ReLU). relu'(0) is undefined; "
        "frameworks use 0.",
    ),
    "leaky-relu": Activation(
        "leaky ReLU / PReLU",
        "f(x) = x if x > 0, a·x otherwise (a = slope)",
        "f'(x) = 1 if x > 0, a otherwise",
        "The small slope a below 0 keeps a gradient flowing, so units cannot die. PReLU is the "
        "same function with a learned per channel.",
    ),
    "elu": Activation(
        "ELU (α = 1)",
        "elu(x) = x if x > 0, eˣ − 1 otherwise",
        "elu'(x) = 1 if x > 0, eˣ otherwise",
        "Smooth, negative outputs down to −1 push mean activations toward 0; the gradient fades "
        "for very negative x but never drops abruptly to 0.",
    ),
    "gelu": Activation(
        "GELU",
        "gelu(x) = x·Φ(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
        "gelu'(x) by autodiff (tanh approximation)",
        "A smooth ReLU used by transformers: slightly negative for x < 0 (a dip near −0.75); its "
        "derivative rises above 1 past x ≈ 0.75 (peak ≈ 1.13 at x ≈ 1.4).",
    ),
    "softplus": Activation(
        "softplus",
        "softplus(x) = ln(1 + eˣ)",
        "softplus'(x) = σ(x)",
        "A smooth ReLU whose derivative is the sigmoid: never exactly 0, but tiny for very "
        "negative x.",
    ),
    "linear": Activation(
        "linear (none)",
        "f(x) = x",
        "f'(x) = 1",
        "No activation: a stack of linear layers is one linear layer, however deep.",
    ),
    "silu": Activation(
        "SiLU / swish",
        "silu(x) = x·σ(x)",
        "silu'(x) = σ(x)(1 + x(1 − σ(x)))",
        "Smooth and non-monotonic: a minimum of −0.28 at x ≈ −1.28; the derivative peaks "
        "slightly above 1 (1.1 at x ≈ 2.4).",
    ),
}


def backend_fn(B: Backend, name: str, slope: float = LEAKY_SLOPE) -> Callable[[Any], Any]:
    """The backend function for an activation name ('linear' is the identity)."""
    if name == "linear":
        return lambda z: z
    if name == "leaky-relu":
        return lambda z: B.leaky_relu(z, slope)
    if name not in TABLE:
        raise KeyError(f"unknown activation {name!r}; known: {', '.join(TABLE)}")
    return getattr(B, name)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


_NUMPY: dict[str, tuple[Callable, Callable]] = {
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(np.float64)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def numpy_pair(name: str) -> tuple[Callable, Callable]:
    """(φ, φ') as float64 NumPy functions, for tanh, sigmoid, relu and linear."""
    return _NUMPY[name]
