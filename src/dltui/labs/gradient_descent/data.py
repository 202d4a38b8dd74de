"""Data for the gradient-descent lab: which columns, which rows, and how they are scaled.

Everything here is NumPy float64 and happens once per run, before any model math: the split
and the standardisation are part of the experiment's setup, not of the model. The split draws
from the run's generator, so the same seed gives the same rows on every backend; without a
validation split the rows keep the file's order and the course's numbers do not depend on the
seed at all.

The `B` column is never picked by default (see assets/README.md and the lesson): only the
explicit feature set `all+B` adds it, so a learner can see that a model does not need it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from ...data import boston
from ...engine.i18n import tr
from ...engine.params import ParamError
from ..common import csvdata

BOSTON_ROWS = 506
TARGET = "MEDV"  # the median price, in k$ (the course calls it PRICE)
COURSE_FEATURES = ("RM", "CRIM", "INDUS", "NOX", "AGE", "TAX")  # the course's MLP inputs
ALL_FEATURES = (
    "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "LSTAT",
)  # fmt: skip
FEATURE_SETS = {"course": COURSE_FEATURES, "all": ALL_FEATURES, "all+B": (*ALL_FEATURES, "B")}

# The course's synthetic demo for step 3: points around the line y = 0.5 + 3.0·x.
SYNTH_THETA = (0.5, 3.0)
SYNTH_NOISE = 0.3
SYNTH_SEED = 2024  # fixed: the demo's points are the same in every run, whatever the seed


@dataclass(frozen=True)
class Data:
    names: tuple[str, ...]  # the input columns, in order
    x_train: np.ndarray  # (n_train, d) float64, standardised if asked
    y_train: np.ndarray  # (n_train,)
    x_val: np.ndarray  # (n_val, d); n_val may be 0
    y_val: np.ndarray  # (n_val,)
    mean: np.ndarray | None  # (d,) the training part's mean, when standardised
    std: np.ndarray | None  # (d,)
    source: str  # "boston" | "synthetic" | the CSV file's path
    about: str = ""  # a learner's own file: its name, shape, target and inputs

    @property
    def n_train(self) -> int:
        return len(self.y_train)

    @property
    def n_val(self) -> int:
        return len(self.y_val)


BUILTIN = ("boston", "synthetic")
CSV_MODELS = ("line", "linear", "mlp")  # rm-price is the course's w·RM on Boston only


def is_csv(config: Mapping[str, Any]) -> bool:
    """True when the `data` knob names a file (anything but boston and synthetic)."""
    return config["data"] not in BUILTIN


def feature_names(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The columns a model reads: RM for the one-input models, a feature set for the others."""
    if is_csv(config):
        return own(config)[2]
    if config["data"] == "synthetic":
        return ("x",)
    if config["model"] in ("rm-price", "line"):
        return ("RM",)
    chosen = config["features"]
    if chosen == "auto":
        chosen = "all" if config["model"] == "linear" else "course"
    if chosen in FEATURE_SETS:
        return FEATURE_SETS[chosen]
    return _boston_columns(chosen)


def _boston_columns(text: str) -> tuple[str, ...]:
    names = tuple(c.strip() for c in str(text).split(",") if c.strip())
    known = (*ALL_FEATURES, "B")
    bad = [c for c in names if c not in known]
    if not names or bad or len(set(names)) < len(names):
        if bad:
            what = tr("{name} is not a Boston column", name=repr(bad[0])[:60])
        else:
            what = tr("give distinct column names")
        raise ParamError(
            tr(
                "features: {what}; auto, course, all, all+B or names from {known}",
                what=what[:60],
                known=", ".join(known),
            )
        )
    return names


def check(config: Mapping[str, Any]) -> None:
    """The data knobs' cross-field rules (ParamError): Boston's feature lists, a CSV file."""
    if is_csv(config):
        own(config)
        return
    if config["target"] != "auto":
        raise ParamError(
            tr(
                "target: only a CSV file takes a target ({data}'s is fixed); use auto",
                data=config["data"],
            )
        )
    if config["features"] not in ("auto", *FEATURE_SETS):
        _boston_columns(config["features"])


def own(config: Mapping[str, Any]) -> tuple[csvdata.Table, str, tuple[str, ...]]:
    """A learner's CSV file: (table, target, inputs), every rule checked; ParamError otherwise."""
    model = config["model"]
    if model not in CSV_MODELS:
        raise ParamError(
            tr(
                "data: model {model} is the course's PRICE ≈ w·RM on Boston; with your own file "
                "choose model {models}",
                model=model,
                models=", ".join(CSV_MODELS),
            )
        )
    table = csvdata.read("data", config["data"])
    target = table.header[-1] if config["target"] == "auto" else config["target"]
    table.index("target", target)
    chosen = config["features"]
    if chosen in ("course", "all+B"):
        raise ParamError(
            tr(
                "features: {chosen} names Boston's columns; with your own file give column "
                "names (a,b) or all",
                chosen=chosen,
            )
        )
    others = tuple(c for c in table.header if c != target)
    if chosen in ("auto", "all"):
        names = others[:1] if model == "line" and chosen == "auto" else others
    else:
        names = csvdata.columns("features", table, chosen)
        if target in names:
            raise ParamError(
                tr(
                    "features: {target} is the target; it cannot be an input too",
                    target=repr(target),
                )
            )
    if model == "line" and len(names) != 1:
        raise ParamError(
            tr(
                "features: model line reads one column, {n} given; name one (features=x)",
                n=len(names),
            )
        )
    csvdata.numbers("data", table, (target,), inputs=False)
    csvdata.numbers("data", table, names)
    return table, target, names


def own_names(config: Mapping[str, Any]) -> tuple[str, str]:
    """(input, target) column names of a one-input model on a CSV file, for axis labels."""
    try:
        _, target, names = own(config)
    except ParamError:
        return "x", "y"
    return names[0], target


@cache
def synthetic() -> tuple[np.ndarray, np.ndarray]:
    """The course's demo cloud: x uniform in 0..2, y = 0.5 + 3x + noise; (506,) each."""
    rng = np.random.default_rng(SYNTH_SEED)
    x = 2.0 * rng.random(BOSTON_ROWS)  # (n,)
    y = SYNTH_THETA[0] + SYNTH_THETA[1] * x + rng.normal(0.0, SYNTH_NOISE, BOSTON_ROWS)
    return x, y


def load(config: Mapping[str, Any], rng: np.random.Generator) -> Data:
    """The run's training and validation parts, standardised with the training part's stats."""
    names = feature_names(config)
    about = ""
    if is_csv(config):
        mine, target, names = own(config)
        X = csvdata.numbers("data", mine, names)  # (n, d)
        y = csvdata.numbers("data", mine, (target,), inputs=False)[:, 0]  # (n,)
        about = tr(
            "{about}; target {target}; inputs {inputs}",
            about=mine.about(),
            target=target,
            inputs=", ".join(names),
        )
    elif config["data"] == "synthetic":
        x, y = synthetic()
        X = x[:, None]  # (n, 1)
    else:
        table = boston()
        X, y = table.select(names), table.column(TARGET)  # (n, d), (n,)
    n = len(y)
    n_val = int(round(n * float(config["val_split"])))
    if n_val:
        order = rng.permutation(n)
        val, train = order[:n_val], order[n_val:]
    else:
        train, val = np.arange(n), np.arange(0)
    x_tr, x_va = X[train], X[val]
    mean = std = None
    if config["standardize"]:
        mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
        std = np.where(std > 0, std, 1.0)
        x_tr, x_va = (x_tr - mean) / std, (x_va - mean) / std
    return Data(names, x_tr, y[train], x_va, y[val], mean, std, config["data"], about)
