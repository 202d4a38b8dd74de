"""Lab `activations`: what each activation does to a signal and to its gradient.

Parts (the `part` choice; each has its own views):
- functions: φ and φ' on the same axes with a movable x, and σ', tanh', ReLU' side by side,
  so saturation is something you see (σ' ≤ 0.25, tanh' ≈ 0 beyond |x| > 2, ReLU' = 0 below 0);
- softmax: an editable logit vector, its probabilities and its Jacobian as a heatmap;
- collapse: two linear layers are one, (x·w₁ + b₁)·w₂ + b₂ = x·w' + b', unless φ sits between;
- relu-units: the course's six ReLU units, one by one and summed, weights by hand or fitted.

Nothing trains: the lab is interactive. It yields a record, then waits for a live value to
change (`ctx.wait_for_change`) and yields the next; headless, each run is one record. All math
goes through the backend (derivatives and the Jacobian by autodiff), so numpy and mlx agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.lab import LabSpec, Part, Record, RunContext
from ...engine.params import Param
from ..common.interactive import redraw_on_change
from . import algebra as alg
from . import functions as F
from . import relu as R

PARTS = ("functions", "softmax", "collapse", "relu-units")
MAX_LOGITS = 16

PARAMS = (
    Param("part", "functions", "what to show", choices=PARTS),
    # functions
    Param("function", "sigmoid", "the activation to plot", choices=F.FUNCTIONS, live=True),
    Param("x", 1.0, "the cursor: where φ and φ' are read", low=-6, high=6, live=True),
    Param("slope", 0.1, "leaky ReLU / PReLU: slope a below 0", low=0, high=1, live=True),
    # softmax
    Param(
        "logits",
        (2.0, 1.0, 0.1),
        "softmax input x, comma-separated (at most 16: the Jacobian is n × n)",
        low=-1000,
        high=1000,
        max_len=MAX_LOGITS,
        live=True,
    ),
    Param("temperature", 1.0, "softmax temperature T", low=0.05, high=100, live=True),
    # collapse
    Param("w1", 2.0, "collapse: first layer's weight", low=-10, high=10, live=True),
    Param("b1", 1.0, "collapse: first layer's bias", low=-10, high=10, live=True),
    Param("w2", -0.5, "collapse: second layer's weight", low=-10, high=10, live=True),
    Param("b2", 3.0, "collapse: second layer's bias", low=-10, high=10, live=True),
    Param(
        "between",
        "none",
        "collapse: activation between the layers",
        choices=("none", "relu", "tanh", "sigmoid"),
        live=True,
    ),  # fmt: skip
    # relu-units
    Param("target", "sin", "relu-units: curve to approximate", choices=R.TARGETS, live=True),
    Param("units", 6, "relu-units: how many units (6 = the course's)", low=1, high=R.MAX_UNITS),
    Param(
        "fit",
        "least-squares",
        "relu-units: output weights",
        choices=("least-squares", "by-hand"),
        live=True,
    ),  # fmt: skip
    Param(
        "weights",
        (1.0,) * 6,
        "relu-units: output weights v by hand, one per unit",
        low=-100,
        high=100,
        max_len=R.MAX_UNITS,
        live=True,
    ),
    Param("bias", 0.0, "relu-units: output bias c by hand", low=-100, high=100, live=True),
)


def check(config: Mapping[str, Any]) -> None:
    """Cross-field rules: none; the lists' lengths and values are their parameters' bounds."""


def _run_functions(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    xs = np.linspace(*F.X_RANGE, F.X_POINTS)
    slopes = {n: F.value_and_slope(B, n, xs)[1] for n in ("sigmoid", "tanh", "relu")}
    return redraw_on_change(ctx, lambda live, step: _functions(B, live, step, xs, slopes))


def _run_softmax(ctx: RunContext) -> Iterator[Record]:
    return redraw_on_change(ctx, lambda live, step: _softmax(ctx.backend, live, step))


def _run_collapse(ctx: RunContext) -> Iterator[Record]:
    deep = alg.deep_stack(ctx.rng)
    return redraw_on_change(ctx, lambda live, step: _collapse(ctx.backend, live, step, deep))


def _run_relu_units(ctx: RunContext) -> Iterator[Record]:
    xs = np.linspace(*R.X_RANGE, R.X_POINTS)
    H = R.unit_outputs(ctx.backend, xs, ctx.config["units"])  # (N, k), fixed: units never change
    return redraw_on_change(ctx, lambda live, step: _relu_units(live, step, xs, H))


def _functions(B, live: dict, step: int, xs: np.ndarray, slopes: dict) -> Record:
    name, x = live["function"], live["x"]
    f, df = F.value_and_slope(B, name, xs, live["slope"])
    fx, dfx = (float(v[0]) for v in F.value_and_slope(B, name, np.array([x]), live["slope"]))
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
    text = {"reading": F.reading(name, x, fx, dfx)}
    return Record(step, {"x": x, "f": fx, "df": dfx}, tensors, text)


def _softmax(B, live: dict, step: int) -> Record:
    logits, T = live["logits"], live["temperature"]
    s, J = alg.softmax_jacobian(B, logits, T)
    tensors = {"logits": np.array(logits), "probs": s, "jacobian": J, "jacobian_map": J[::-1]}
    metrics = {"max_prob": float(s.max()), "entropy": float(-(s * np.log(s + 1e-30)).sum())}
    return Record(step, metrics, tensors, {"reading": alg.softmax_text(logits, T, s, J)})


def _collapse(B, live: dict, step: int, deep) -> Record:
    between = live["between"]
    phi = (lambda z: z) if between == "none" else getattr(B, between)
    r = alg.collapse(B, live, phi, deep)
    tensors = {k: r[k] for k in ("xs", "hidden", "stacked", "collapsed")}
    metrics = {k: float(r[k]) for k in ("w_eff", "b_eff", "gap", "deep_gap")}
    return Record(step, metrics, tensors, {"reading": alg.collapse_text(live, between, r)})


def _relu_units(live: dict, step: int, xs: np.ndarray, H: np.ndarray) -> Record:
    k = H.shape[1]
    y = R.target_values(live["target"], xs)  # (N,)
    if live["fit"] == "least-squares":
        v, c = R.fit(H, y)
    else:
        v, c = R.hand_weights(live["weights"], k), live["bias"]
    parts = H * v[None, :]  # (N, k) each unit's contribution vᵢ·nᵢ(x)
    out = parts.sum(axis=1) + c  # (N,)
    err = out - y
    tensors = {"xs": xs, "target": y, "sum": out, "error": err}
    tensors |= {f"u{i + 1}": parts[:, i] for i in range(k)}
    metrics = {"max_error": float(np.abs(err).max()), "rms_error": float(np.sqrt(np.mean(err**2)))}
    text = {"reading": R.describe(live["target"], k, live["fit"], v, c, err)}
    return Record(step, metrics, tensors, text)


def _numbered(name: str) -> tuple[str, ...]:
    return tuple(f"{name}{i}" for i in range(1, MAX_LOGITS + 1))


def _functions_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Lines(
                "φ and φ' on the same axes, cursor at x",
                (("φ(x)", "xs", "f", "line"), ("φ'(x)", "xs", "df", "line")),
                markers=(("at x", "cx", "cy"),),
                vline="x",
                weight=2,
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
                    ),
                    V.Text("reading", "reading"),
                ),
                weight=2,
            ),
        ]


def _softmax_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Row(
                (
                    V.Bars("logits x", "logits", _numbered("x")),
                    V.Bars("softmax s = probabilities", "probs", _numbered("s")),
                    V.Matrix("∂sᵢ/∂xⱼ: row i, col j, from 0", "jacobian", signed=True),
                )
            ),
            V.Row(
                (
                    V.Heatmap(
                        "Jacobian as a heatmap (row 1 on top)", "jacobian_map", palette="diverging"
                    ),
                    V.Text("the numbers", "reading"),
                ),
                weight=2,
            ),
        ]


def _collapse_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Lines(
                "two layers vs one: x·w' + b'",
                (
                    ("layer 1: h", "xs", "hidden", "line"),
                    ("two layers", "xs", "stacked", "line"),
                    ("x·w' + b'", "xs", "collapsed", "line"),
                ),
            ),
            V.Text("the algebra", "reading"),
        ]


def _relu_views(config: Mapping[str, Any]) -> list:
    k = config["units"]
    units = tuple((f"v{i + 1}·n{i + 1}", "xs", f"u{i + 1}", "line") for i in range(k))
    return [
        V.Lines("each unit, weighted: vᵢ·nᵢ(x)", units),
        V.Row(
            (
                V.Lines(
                    "their sum vs the target",
                    (
                        ("target", "xs", "target", "line"),
                        ("Σ vᵢnᵢ + c", "xs", "sum", "line"),
                        ("error", "xs", "error", "line"),
                    ),
                ),
                V.Text("fit", "reading"),
            ),
            weight=2,
        ),
    ]


_NUDGE_X = (("left", "x", -0.1), ("right", "x", 0.1))
PARTS = (
    Part("functions", _run_functions, _functions_views, ("function", "x", "slope"),
         interactive=True, nudges=_NUDGE_X),
    Part("softmax", _run_softmax, _softmax_views, ("logits", "temperature"), interactive=True),
    Part("collapse", _run_collapse, _collapse_views, ("w1", "b1", "w2", "b2", "between"),
         interactive=True),
    Part("relu-units", _run_relu_units, _relu_views, ("target", "units", "fit", "weights", "bias"),
         interactive=True),
)  # fmt: skip


LAB = LabSpec(
    id="activations",
    title="Activation functions",
    chapter="2. Neurons and networks",
    summary="each activation and its derivative, saturation, softmax, why depth needs them",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=1,
    default_steps=1,
)
