"""Lab `cnn`: a CNN learns its own filters — LeNet-5 trained live on handwritten digits.

Parts (the `part` choice):
- table: the network as Keras' model.summary() lists it (layer, output shape, parameters),
  beside the course's LeNet-5 at 32×32 (61,706) and 28×28 (44,426) and the scene CNN (144,346);
- train: LeNet-5 (or an MLP) learning the vendored MNIST digits: curves, first-layer filters,
  feature maps of a chosen test digit, confusion matrix, most confident mistakes;
- compare: the CNN and an MLP with the same dense head, trained side by side.

Optimizer, learning rate, batch size, dropout, L2 and the chosen digit apply live; the layer
stack and the data restart the run. The code: data.py (digits), model.py (stack, summary, model
code), zoo.py (knobs → stack, the course's networks), trainer.py, one module per part,
pictures.py (mosaics for the screen).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...backend.optim import OPTIMIZERS
from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.numfmt import thousands
from ...engine.params import Param, ParamError
from . import compare, table, train
from .data import INPUTS
from .model import ACTIVATIONS, PADDINGS, POOLINGS
from .zoo import MODELS, arch_of

PART_IDS = ("train", "table", "compare")

PARAMS = (
    Param("part", "train", "what to show", choices=PART_IDS),
    Param("model", "lenet5", "LeNet-5 style CNN, or an MLP on the pixels", choices=MODELS),
    Param("input", "32x32", "digits: MNIST padded to 32×32, 28×28, or the small 8×8", choices=INPUTS),
    Param("filters", "6,16", "filters per conv layer, e.g. 6,16 (one number a layer)"),
    Param("kernel", 5, "kernel size k (k×k) of every conv layer", low=1, high=9),
    Param("padding", "valid", "valid shrinks by k − 1; same keeps the size", choices=PADDINGS),
    Param("pooling", "max", "2×2 pooling after each conv layer", choices=POOLINGS),
    Param("activation", "relu", "activation of conv and dense layers", choices=ACTIVATIONS),
    Param("dense", "120,84", "hidden dense layers, e.g. 120,84 (empty: none)"),
    Param("dropout", 0.0, "share of hidden dense units dropped while training", low=0, high=1,
          live=True),
    Param("l2", 0.0, "L2 strength λ (adds λ/2·Σw² to the loss)", low=0, high=1, live=True),
    Param("optimizer", "adam", "update rule", choices=OPTIMIZERS, live=True),
    Param("lr", 0.002, "learning rate η", low=0, low_open=True, high=10, live=True),
    Param("batch_size", 64, "mini-batch size", low=1, high=1024, live=True),
    Param("digit", 0, "the test digit whose feature maps are shown (← →)", low=0, high=1499,
          live=True),
)  # fmt: skip


MAX_COLUMNS_MB = 400  # the im2col matrices of one training batch, all conv layers together


def _columns_mb(arch, batch: int) -> float:
    """Memory of the im2col matrices one batch needs (float32): N·OH·OW × KH·KW·C_in a layer."""
    total, c_in = 0, arch.input_shape[2]
    for (f, k), (h, w, _) in zip(arch.convs, arch.conv_shapes(), strict=True):
        total += batch * h * w * k * k * c_in
        c_in = f
    return 4 * total / 2**20


def check(config: Mapping[str, Any]) -> None:
    """Refuse a stack that cannot be built (naming the layer and the shapes) and dropout = 1."""
    arch = arch_of(config)
    if config["part"] == "compare":
        arch = arch_of(config, "lenet5")
    mb = _columns_mb(arch, max(config["batch_size"], 200))
    if mb > MAX_COLUMNS_MB:
        raise ParamError(
            tr(
                "filters: this stack's convolutions need {mb} MB for a batch of {batch} "
                "(at most {most}); use fewer filters, a smaller kernel or a smaller batch",
                mb=thousands(round(mb)),
                batch=config["batch_size"],
                most=MAX_COLUMNS_MB,
            )
        )
    if config["dropout"] >= 1:
        hidden = [layer for layer in arch.layers if layer.kind == "Dense"][:-1]
        if not hidden:
            raise ParamError(
                tr(
                    "dropout: {rate:g} would drop every unit of the hidden dense layers (none): "
                    "nothing would reach the output; keep it below 1",
                    rate=config["dropout"],
                )
            )
        named = ", ".join(f"{tr(layer.name)} ({layer.shape[0]})" for layer in hidden)
        raise ParamError(
            tr(
                "dropout: {rate:g} would drop every unit of the hidden dense layers ({named}): "
                "nothing would reach the output; keep it below 1",
                rate=config["dropout"],
                named=named,
            )
        )


_STACK = ("model", "input", "filters", "kernel", "padding", "pooling", "dense")
_TRAINING = ("activation", "dropout", "l2", "optimizer", "lr", "batch_size")


def _train_knobs(config: Mapping[str, Any]) -> tuple[str, ...]:
    if config["model"] == "mlp":
        return ("model", "input", "dense", *_TRAINING, "digit")
    return (*_STACK, *_TRAINING, "digit")


PARTS = (
    Part("train", train.run, train.views, _train_knobs,
         nudges=(("left", "digit", -1), ("right", "digit", 1))),
    Part("table", table.run, table.views, (*_STACK, "dropout"), interactive=True),
    Part("compare", compare.run, compare.views,
         ("input", "filters", "kernel", "padding", "pooling", "dense", *_TRAINING)),
)  # fmt: skip

LAB = LabSpec(
    id="cnn",
    title="A CNN learns its own filters",
    chapter="3. Convolutional networks",
    summary="LeNet-5 trained live on handwritten digits: filters, feature maps, parameter counts",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=2,
    default_steps=600,
    restart_note="this changes the network or the data: the run restarts",
)
