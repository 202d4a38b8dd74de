"""Lab `losses`: losses and softmax (chapter 2).

Parts: `outputs` (MSE, MAE, CE of a 10-class output against a one-hot target: the course's
A and B), `gradient` (why CE wins: its gradient as p_true → 0; softmax + CE gives p − y),
`binary` (the logistic loss and Keras' clip), `gaussian` (MSE as Gaussian likelihood), `outliers`
(one line fitted with MSE, MAE, Huber) and `race` (one classifier trained with each loss).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.params import Param, ParamError
from . import formulas, gradient, outliers, outputs, race
from .functions import COURSE_A, K

PARAMS = (
    Param("part", "outputs", "outputs | gradient | binary | gaussian | outliers | race",
          choices=("outputs", "gradient", "binary", "gaussian", "outliers", "race")),
    Param("output", COURSE_A, f"outputs: the {K} output values (A, the course's, by default)",
          low=0, high=1, max_len=K, live=True),
    Param("target", 2, "outputs: the true class", low=0, high=K - 1, live=True),
    Param("p_true", 0.5, "gradient: the probability of the true class (← →)", low=0.0001,
          high=0.9999, live=True),
    Param("logits", (14.0, 12.0), "gradient: logits z for softmax + CE (true class 0)",
          low=-1000, high=1000, max_len=K, live=True),
    Param("p", 0.9, "binary: the predicted probability of class 1 (← →)", low=0.0001,
          high=0.9999, live=True),
    Param("label", 1, "binary: the true label y", low=0, high=1, live=True),
    Param("error", 0.5, "gaussian: the error e = ŷ − y", low=-100, high=100, live=True),
    Param("sigma", 1.0, "gaussian: the noise's standard deviation σ", low=0.01, high=100,
          live=True),
    Param("outlier", 30.0, "outliers: the outlier's height y", low=-100, high=100, live=True),
    Param("huber_delta", 1.0, "outliers: Huber's δ (quadratic within, linear beyond)", low=0.01,
          high=100),
    Param("lr", 0.05, "outliers: Adam's learning rate", low=0, low_open=True, high=10,
          live=True),
    Param("sgd_lr", 0.5, "race: plain SGD's learning rate (the same for the three losses)",
          low=0, low_open=True, high=100, live=True),
    Param("init_scale", 8.0, "race: initial weight scale (large: confidently wrong)", low=0,
          high=100),
    Param("batch", 64, "race: mini-batch size", low=1, high=1024),
)  # fmt: skip


def check(config: Mapping[str, Any]) -> None:
    out, logits = config["output"], config["logits"]
    if config["part"] == "outputs":
        if len(out) != K:
            raise ParamError(
                tr("output: give {k} values (one per class), got {n}", k=K, n=len(out))
            )
        if any(not math.isfinite(v) or not 0 <= v <= 1 for v in out):
            raise ParamError(tr("output: each value must be a number between 0 and 1"))
        if out[config["target"]] <= 0:
            raise ParamError(tr("output: the true class's value must be > 0 (CE = −ln p_true)"))
    if config["part"] == "gradient" and not 2 <= len(logits) <= K:
        raise ParamError(tr("logits: give 2 to {k} logits, got {n}", k=K, n=len(logits)))
    if any(not math.isfinite(v) or abs(v) > 1e3 for v in logits):
        raise ParamError(tr("logits: each must be a finite number between −1000 and 1000"))


def _nudge(name: str, delta: float) -> tuple:
    return (("left", name, -delta), ("right", name, delta))


PARTS = (
    Part("outputs", outputs.run, outputs.views, ("output", "target"), interactive=True),
    Part("gradient", gradient.run, gradient.views, ("p_true", "logits"), interactive=True,
         nudges=_nudge("p_true", 0.01)),
    Part("binary", formulas.run_binary, formulas.views_binary, ("p", "label"), interactive=True,
         nudges=_nudge("p", 0.01)),
    Part("gaussian", formulas.run_gaussian, formulas.views_gaussian, ("error", "sigma"),
         interactive=True, nudges=_nudge("error", 0.1)),
    Part("outliers", outliers.run, outliers.views, ("outlier", "huber_delta", "lr")),
    Part("race", race.run, race.views, ("sgd_lr", "init_scale", "batch")),
)  # fmt: skip

LAB = LabSpec(
    id="losses",
    title="Losses and softmax",
    chapter="2. Neurons and networks",
    summary="MSE, MAE and cross-entropy on the course's outputs, and why CE wins: its gradient",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=4,
    default_steps=300,
)
