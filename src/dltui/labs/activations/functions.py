"""The `functions` part: φ and φ' on the same axes with a movable x, and saturation side by side.

The functions, their formulas and notes are the shared table (labs/common/activations.py).

Values come from the backend; derivatives from the backend's autodiff (the gradient of Σφ(x)
is φ'(x) elementwise), never from the formula written on screen. A test checks that the two
agree, so the plotted φ' is the one a network would actually backpropagate.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.activations import TABLE, backend_fn
from ..common.interactive import redraw_on_change
from ..common.numfmt import fmt

FUNCTIONS = ("sigmoid", "tanh", "relu", "leaky-relu", "elu", "gelu", "softplus", "silu")
X_RANGE = (-6.0, 6.0)
X_POINTS = 240  # even, so x = 0 (where ReLU' is undefined) is not a sample


def value_and_slope(B: Backend, name: str, x: np.ndarray, slope: float = 0.1):
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
    a = TABLE[name]  # labs/common's table: declared English, translated here where it is shown
    if name in ("relu", "leaky-relu") and x == 0:
        where = tr("x = 0: the kink, where the derivative is undefined (frameworks use 0).")
    elif abs(dfx) < 0.05:
        where = (
            tr("|φ'| < 0.05: saturated here, a gradient passing this unit is cut to nothing.")
            if dfx == 0
            else tr(
                "|φ'| < 0.05: saturated here, a gradient passing this unit is cut by a factor "
                "{factor}.",
                factor=fmt(1 / abs(dfx)),
            )
        )
    elif abs(dfx) < 0.3:
        where = tr("a gradient passing this unit is scaled by {d}.", d=fmt(dfx))
    else:
        where = tr("gradients pass well here (×{d}).", d=fmt(dfx))
    return "\n".join(
        [
            tr(a.label),
            tr(a.formula),
            tr(a.derivative),
            "",
            tr("at x = {x}:  φ(x) = {fx}   φ'(x) = {dfx}", x=fmt(x), fx=fmt(fx), dfx=fmt(dfx)),
            where,
            "",
            tr(a.note),
            tr("keys: ←/→ move x by 0.1"),
        ]
    )


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    xs = np.linspace(*X_RANGE, X_POINTS)
    slopes = {n: value_and_slope(B, n, xs)[1] for n in ("sigmoid", "tanh", "relu")}
    return redraw_on_change(ctx, lambda live, step: record(B, live, step, xs, slopes))


def record(B: Backend, live: dict, step: int, xs: np.ndarray, slopes: dict) -> Record:
    name, x = live["function"], live["x"]
    f, df = value_and_slope(B, name, xs, live["slope"])
    fx, dfx = (float(v[0]) for v in value_and_slope(B, name, np.array([x]), live["slope"]))
    tensors = {
        "xs": xs,
        "f": f,
        "df": df,
        "cx": np.array([x, x]),
        "cy": np.array([fx, dfx]),
        "d_sigmoid": slopes["sigmoid"],
        "d_tanh": slopes["tanh"],
        "d_relu": slopes["relu"],
        "quarter": np.full_like(xs, 0.25),
    }
    text = {"reading": reading(name, x, fx, dfx)}
    return Record(step, {"x": x, "f": fx, "df": dfx}, tensors, text)


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Lines(
            "φ and φ' on the same axes, cursor at x",
            (("φ(x)", "xs", "f", "line"), ("φ'(x)", "xs", "df", "line")),
            markers=(("at x", "cx", "cy"),),
            vline="x",
            weight=2,
            xlabel="x",
        ),
        V.Row(
            (
                V.Lines(
                    "saturation: σ' ≤ 0.25, tanh', ReLU'",
                    (
                        ("σ'", "xs", "d_sigmoid", "line"),
                        ("tanh'", "xs", "d_tanh", "line"),
                        ("ReLU'", "xs", "d_relu", "line"),
                        ("0.25", "xs", "quarter", "line"),
                    ),
                    vline="x",
                    vline_label="x (← →)",
                    xlabel="x",
                    ylabel="slope",
                ),
                V.Text("reading", "reading"),
            ),
            weight=2,
        ),
    ]
