"""Lab `gradient-descent`: learning by gradient descent on Boston housing, in five steps.

1. one weight by hand (model `rm-price`, `by_hand`): PRICE ≈ w·RM, L(w) = Σ(w·xᵢ − yᵢ)²
2. gradient descent on that weight: crawl (1e-6), converge (1e-5), oscillate out (5e-5)
3. two parameters (model `line`): contours of E(θ₀, θ₁), raw vs standardised x
4. all the features (models `linear`, `mlp`): train/validation loss, R²
5. a learning-rate sweep (`sweep`): one loss curve per rate, on a log axis

This package's `__init__` holds the contract (parameters, cross-field checks, parts, LAB); the
math lives beside it (`data`, `models`, `train`, and one module per step with its run and views),
written against the backend API so it runs the same on NumPy and MLX.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ...engine.lab import LabSpec, Part, Record, RunContext
from ...engine.params import Param
from . import line, nets, oneweight, sweep
from .data import BOSTON_ROWS, is_csv, load
from .data import check as data_rules
from .models import build

MODELS = ("rm-price", "line", "linear", "mlp")
SWEEP_RATES = (0.1, 0.01, 0.001, 0.0001, 0.00001)
MAX_RATES = 8
MAX_PATH = 1000  # characters of a path or a column list
MAX_START = 100  # |w|, |θ₀|, |θ₁| at the start: far from the minimum, still a finite loss

PARAMS = (
    Param("model", "rm-price", "rm-price: w·RM | line: θ₀+θ₁x | linear | mlp", choices=MODELS),
    Param("data", "boston", "boston | synthetic (the course's line y ≈ 0.5 + 3x) | the path "
          "of your CSV file (models line, linear, mlp)", max_len=MAX_PATH, file="csv"),
    Param("target", "auto", "CSV: the column to predict (auto: the last)", max_len=MAX_PATH),
    Param("lr", 1e-5, "learning rate ρ (γ)", low=0, low_open=True, high=10, live=True),
    Param("optimizer", "gd", "update rule; gd always uses the full batch",
          choices=("gd", "sgd", "momentum", "adam"), live=True),
    Param("batch_size", BOSTON_ROWS, "rows per update (sgd, momentum, adam); ≥ the training part "
          "means the full batch", low=1, high=BOSTON_ROWS, live=True),
    Param("standardize", False, "scale inputs to mean 0, std 1 (training part's statistics)"),
    Param("val_split", 0.0, "share of the rows held out for validation", low=0, high=0.5),
    Param("features", "auto", "linear/mlp inputs: course = RM CRIM INDUS NOX AGE TAX; all = the "
          "12 non-B columns; auto = all for linear, course for mlp; or column names a,b (CSV: "
          "all/auto = every other column, the first for line)", max_len=MAX_PATH),
    Param("hidden", 100, "mlp: neurons in the hidden layer", low=1, high=1024),
    Param("start", (0.0, 0.0), "starting point: w (rm-price) or θ₀, θ₁ (line)",
          low=-MAX_START, high=MAX_START, max_len=2),
    Param("cursor", 2.0, "rm-price: a w to inspect (← →): L(w) and its line", low=-2, high=10,
          live=True),
    Param("by_hand", False, "rm-price: no descent; you move w with the cursor (step 1)"),
    Param("sweep", False, "train one copy per rate in `rates`, side by side (step 5)"),
    Param("rates", SWEEP_RATES, "the sweep's learning rates", low=0, low_open=True, high=10,
          max_len=MAX_RATES),
)  # fmt: skip


def check(config: Mapping[str, Any]) -> None:
    """Cross-field rules: the data's (data.check: Boston's column names; a CSV file, read and
    checked whole). Every other bound is its parameter's own (batch_size ≤ the 506 rows,
    start: 1 or 2 numbers, rates: 1 to 8 in (0, 10]), so the app and the CLI refuse the same."""
    data_rules(config)


def _runner(step_module) -> Callable[[RunContext], Iterator[Record]]:
    """A part's run: load the data, build the model, hand both to the step's module."""

    def run(ctx: RunContext) -> Iterator[Record]:
        data = load(ctx.config, ctx.rng)
        model = build(dict(ctx.config), len(data.names))
        return step_module.run(ctx, data, model)

    return run


_COMMON = ("lr", "optimizer", "batch_size")
# The knobs each model reads besides the common ones.
_MODEL_KNOBS = {
    "rm-price": ("start", "cursor", "by_hand"),
    "line": ("data", "standardize", "val_split", "start"),
    "linear": ("data", "features", "standardize", "val_split"),
    "mlp": ("data", "features", "standardize", "val_split", "hidden"),
}
_CSV_KNOBS = ("data", "target", "features")  # a CSV file: which columns


def _knobs(model: str, config: Mapping[str, Any]) -> tuple[str, ...]:
    own = _CSV_KNOBS if is_csv(config) and model != "rm-price" else ()
    return (*_COMMON, *own, *(k for k in _MODEL_KNOBS[model] if k not in own))


def _part(part_id: str, step_module, **kw) -> Part:
    return Part(
        part_id, _runner(step_module), step_module.views, lambda c: _knobs(part_id, c), **kw
    )


# Parts: the four models, and the sweep over any of them (selected by `model` and `sweep`).
PARTS = (
    _part("rm-price", oneweight, nudges=(("left", "cursor", -0.1), ("right", "cursor", 0.1))),
    _part("line", line),
    _part("linear", nets),
    _part("mlp", nets),
    # The sweep trains copies of whichever model is chosen: that model's knobs, and the rates.
    Part(
        "sweep",
        _runner(sweep),
        sweep.views,
        lambda config: (*_knobs(config["model"], config), "rates"),
    ),
)


LAB = LabSpec(
    id="gradient-descent",
    title="Gradient descent on Boston housing",
    chapter="1. Learning by gradient descent",
    summary="one weight by hand, then descent: the learning rate crawls, converges or diverges",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=1,
    default_steps=200,
    part_of=lambda config: "sweep" if config["sweep"] else config["model"],
    selectors=("model", "sweep"),
)
