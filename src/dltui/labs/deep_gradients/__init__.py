"""Lab `deep-gradients`: the curse of depth (chapter 2).

Parts: `train` (a deep MLP on a 2-D data set; per-layer gradient norms live, their history, the
update-to-weight ratio and the saturated or dead units; activation, initialisation, clipping,
residual connections and batch norm as knobs) and `clipping` (clipping by norm with the
course's g = (3, 4), c = 1 → (0.6, 0.8)). Model in model.py, each part in its module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...backend.optim import OPTIMIZERS
from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.params import Param, ParamError
from ..perceptron.data import DATASETS
from . import clipping, train
from .model import ACTIVATIONS, INITS

MAX_WORK = 20 * 256  # depth × width that still trains live

PARAMS = (
    Param("part", "train", "train: a deep MLP | clipping: clipping by norm, by hand",
          choices=("train", "clipping")),
    Param("depth", 20, "hidden layers", low=1, high=30),
    Param("width", 32, "units per hidden layer", low=2, high=256),
    Param("activation", "sigmoid", "hidden activation", choices=ACTIVATIONS),
    Param("init", "glorot", "initialisation (scaled by init_scale)", choices=INITS),
    Param("init_scale", 1.0, "multiplies the initial weights", low=0.01, high=20),
    Param("residual", False, "add each hidden layer's input to its output (after the first)"),
    Param("batchnorm", False, "batch normalisation before each activation"),
    Param("clip", 0.0, "clip the gradient's global norm to this; 0 = off", low=0, high=1e6,
          live=True),
    Param("optimizer", "sgd", "update rule", choices=OPTIMIZERS),
    Param("lr", 0.1, "learning rate", low=0, low_open=True, high=10, live=True),
    Param("dataset", "circles", "the 2-D data set", choices=DATASETS),
    Param("g", (3.0, 4.0), "clipping: the gradient vector", low=-1e6, high=1e6, max_len=8,
          live=True),
)  # fmt: skip


def check(config: Mapping[str, Any]) -> None:
    if config["depth"] * config["width"] > MAX_WORK:
        raise ParamError(
            tr(
                "depth × width = {work} is too big to train live; allowed ≤ {max}",
                work=config["depth"] * config["width"],
                max=MAX_WORK,
            )
        )
    g = config["g"]
    if not 1 <= len(g) <= 8 or any(not math.isfinite(v) or abs(v) > 1e6 for v in g):
        raise ParamError(tr("g: give 1 to 8 finite numbers, each between −1e6 and 1e6"))


PARTS = (
    Part("train", train.run, train.views,
         ("depth", "width", "activation", "init", "init_scale", "residual", "batchnorm", "clip",
          "optimizer", "lr", "dataset")),
    Part("clipping", clipping.run, clipping.views, ("g", "clip"), interactive=True),
)  # fmt: skip

LAB = LabSpec(
    id="deep-gradients",
    title="The curse of depth",
    chapter="2. Neurons and networks",
    summary="gradients die layer by layer in a deep net, and come back with ReLU, residuals, BN",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=5,
    default_steps=300,
)
