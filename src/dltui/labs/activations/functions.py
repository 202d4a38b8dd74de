"""The activation functions of the `activations` lab: backend function, formulas, saturation notes.

Values come from the backend; derivatives from the backend's autodiff (the gradient of Σφ(x)
is φ'(x) elementwise), never from the formula written on screen. A test checks that the two
agree, so the plotted φ' is the one a network would actually backpropagate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..common.numfmt import fmt

FUNCTIONS = ("sigmoid", "tanh", "relu", "leaky-relu", "elu", "gelu", "softplus", "silu")
X_RANGE = (-6.0, 6.0)
X_POINTS = 240  # even, so x = 0 (where ReLU' is undefined) is not a sample


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
    "silu": Activation(
        "SiLU / swish",
        "silu(x) = x·σ(x)",
        "silu'(x) = σ(x)(1 + x(1 − σ(x)))",
        "Smooth and non-monotonic: a minimum of −0.28 at x ≈ −1.28; the derivative peaks "
        "slightly above 1 (1.1 at x ≈ 2.4).",
    ),
}


def backend_fn(B: Any, name: str, slope: float = 0.1) -> Callable[[Any], Any]:
    if name == "leaky-relu":
        return lambda x: B.leaky_relu(x, slope)
    return getattr(B, {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "elu": "elu",
                       "gelu": "gelu", "softplus": "softplus", "silu": "silu"}[name])  # fmt: skip


def value_and_slope(B: Any, name: str, x: np.ndarray, slope: float = 0.1):
    """(φ(x), φ'(x)) as NumPy float64 arrays; φ' by the backend's autodiff."""
    f = backend_fn(B, name, slope)
    xb = B.array(np.asarray(x, np.float32))
    _, grad = B.value_and_grad(lambda t: B.sum(f(t)))(xb)
    return (
        np.asarray(B.to_numpy(f(xb)), np.float64),
        np.asarray(B.to_numpy(grad), np.float64),
    )


def reading(name: str, x: float, fx: float, dfx: float) -> str:
    """The cursor's two values, the formulas, and whether the unit is saturated there."""
    a = TABLE[name]
    if name in ("relu", "leaky-relu") and x == 0:
        where = "x = 0: the kink, where the derivative is undefined (frameworks use 0)."
    elif abs(dfx) < 0.05:
        where = f"|φ'| < 0.05: saturated here, a gradient passing this unit is cut {_times(dfx)}."
    elif abs(dfx) < 0.3:
        where = f"a gradient passing this unit is scaled by {fmt(dfx)}."
    else:
        where = f"gradients pass well here (×{fmt(dfx)})."
    return "\n".join(
        [
            a.label,
            a.formula,
            a.derivative,
            "",
            f"at x = {fmt(x)}:  φ(x) = {fmt(fx)}   φ'(x) = {fmt(dfx)}",
            where,
            "",
            a.note,
            "keys: ←/→ move x by 0.1",
        ]
    )


def _times(d: float) -> str:
    return "to nothing" if d == 0 else f"by a factor {fmt(1 / abs(d))}"
