"""Lab `gradient-descent`: learning by gradient descent on Boston housing, in five steps.

1. one weight by hand (model `rm-price`, `by_hand`): PRICE ≈ w·RM, L(w) = Σ(w·xᵢ − yᵢ)²
2. gradient descent on that weight: crawl (1e-6), converge (1e-5), oscillate out (5e-5)
3. two parameters (model `line`): contours of E(θ₀, θ₁), raw vs standardised x
4. all the features (models `linear`, `mlp`): train/validation loss, R²
5. a learning-rate sweep (`sweep`): one loss curve per rate, on a log axis

This module holds the contract (parameters, cross-field checks, views, LabSpec) and sends each
run to the module of its step; the math lives in `_gd_*` (data, models, training, one module
per step), written against the backend API so it runs the same on NumPy and MLX.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..engine.lab import LabSpec, Record, RunContext
from ..engine.params import Param, ParamError
from . import _gd_line, _gd_nets, _gd_oneweight, _gd_sweep
from ._gd_data import BOSTON_ROWS, load
from ._gd_models import build

MODELS = ("rm-price", "line", "linear", "mlp")
SWEEP_RATES = (0.1, 0.01, 0.001, 0.0001, 0.00001)
MAX_RATES = 8

PARAMS = (
    Param("model", "rm-price", "rm-price: w·RM | line: θ₀+θ₁x | linear | mlp", choices=MODELS),
    Param("data", "boston", "Boston housing, or the course's synthetic line y ≈ 0.5 + 3x",
          choices=("boston", "synthetic")),
    Param("lr", 1e-5, "learning rate ρ (γ)", low=0, low_open=True, high=10, live=True),
    Param("optimizer", "gd", "update rule; gd always uses the full batch",
          choices=("gd", "sgd", "momentum", "adam"), live=True),
    Param("batch_size", BOSTON_ROWS, "rows per update (sgd, momentum, adam); ≥ the training part "
          "means the full batch", low=1, live=True),
    Param("standardize", False, "scale inputs to mean 0, std 1 (training part's statistics)"),
    Param("val_split", 0.0, "share of the rows held out for validation", low=0, high=0.5),
    Param("features", "auto", "linear/mlp inputs: course = RM CRIM INDUS NOX AGE TAX; all = the "
          "12 non-B columns; auto = all for linear, course for mlp",
          choices=("auto", "course", "all", "all+B")),
    Param("hidden", 100, "mlp: neurons in the hidden layer", low=1, high=1024),
    Param("start", (0.0, 0.0), "starting point: w (rm-price) or θ₀, θ₁ (line)"),
    Param("cursor", 2.0, "rm-price: a w to inspect (← →): L(w) and its line", low=-2, high=10,
          live=True),
    Param("by_hand", False, "rm-price: no descent; you move w with the cursor (step 1)"),
    Param("sweep", False, "train one copy per rate in `rates`, side by side (step 5)"),
    Param("rates", SWEEP_RATES, "the sweep's learning rates"),
)  # fmt: skip


def check(config: Mapping[str, Any]) -> None:
    """Cross-field rules the single parameters cannot state."""
    size = config["batch_size"]
    if size > BOSTON_ROWS:
        raise ParamError(
            f"batch_size: {size} is out of range: the data has {BOSTON_ROWS} rows; "
            f"allowed: 1 to {BOSTON_ROWS} ({BOSTON_ROWS} = the full batch)"
        )
    if not 1 <= len(config["start"]) <= 2:
        raise ParamError("start: give one number (w for rm-price) or two (θ₀, θ₁ for line)")
    rates = config["rates"]
    if not 1 <= len(rates) <= MAX_RATES or any(r <= 0 or r > 10 for r in rates):
        raise ParamError(f"rates: give 1 to {MAX_RATES} learning rates, each > 0 and ≤ 10")


def run(ctx: RunContext) -> Iterator[Record]:
    config = ctx.config
    data = load(config, ctx.rng)
    model = build(dict(config), len(data.names))
    if config["sweep"]:
        yield from _gd_sweep.run(ctx, data, model)
    elif model.kind == "rm-price":
        yield from _gd_oneweight.run(ctx, data, model)
    elif model.kind == "line":
        yield from _gd_line.run(ctx, data, model)
    else:
        yield from _gd_nets.run(ctx, data, model)


def views(config: Mapping[str, Any]) -> list:
    if config["sweep"]:
        return _gd_sweep.views(config)
    if config["model"] == "rm-price":
        return _gd_oneweight.views(config)
    if config["model"] == "line":
        return _gd_line.views(config)
    return _gd_nets.views(config)


# The knobs each model uses; the app hides the others.
_VISIBLE = {
    "rm-price": ("start", "cursor", "by_hand"),
    "line": ("data", "standardize", "val_split", "start"),
    "linear": ("features", "standardize", "val_split"),
    "mlp": ("features", "standardize", "val_split", "hidden"),
}


def visible(config) -> tuple[str, ...]:
    common = ("model", "lr", "optimizer", "batch_size", "sweep")
    return common + _VISIBLE[config["model"]] + (("rates",) if config["sweep"] else ())


LAB = LabSpec(
    id="gradient-descent",
    title="Gradient descent on Boston housing",
    chapter="1. Learning by gradient descent",
    summary="one weight by hand, then descent: the learning rate crawls, converges or diverges",
    params=PARAMS,
    run=run,
    views=views,
    check=check,
    order=1,
    default_steps=200,
    nudges=(("left", "cursor", -0.1), ("right", "cursor", 0.1)),
    visible=visible,
)
