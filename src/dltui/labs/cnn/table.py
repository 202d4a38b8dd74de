"""The model table: what the learner builds, layer by layer, as Keras' model.summary() prints it,
beside the course's reference networks and where their parameters live. Nothing trains."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.numfmt import thousands
from . import model as M
from .zoo import LENET5_28, LENET5_32, MLP_32, SCENE_CNN, arch_of


def _why_28() -> str:
    flat32 = LENET5_32.layers[4].shape[0]
    flat28 = LENET5_28.layers[4].shape[0]
    return tr(
        "On 28×28 with 'valid' convolutions each 5×5 conv trims 4 pixels: 28 → 24 → pool 12 → "
        "8 → pool 4, so the first dense layer sees 4×4×16 = {flat28} values, not 5×5×16 = "
        "{flat32}: {flat28}·120 + 120 = {w28} weights instead of {w32}. Total {n28}, not "
        "{n32}. LeNet-5 pads the 28×28 digits to 32×32 to keep the strokes near the border "
        "inside the first convolution's reach.",
        flat28=flat28,
        flat32=flat32,
        w28=thousands(LENET5_28.layers[5].params),
        w32=thousands(LENET5_32.layers[5].params),
        n28=thousands(LENET5_28.n_params),
        n32=thousands(LENET5_32.n_params),
    )


def _where(arch: M.Arch) -> str:
    conv, total = arch.conv_params, arch.n_params
    return tr(
        "LeNet-5: the convolutions hold {conv} of {total} parameters, {conv_pct:.1f} %; the "
        "dense head the other {dense_pct:.1f} %. A 5×5 filter has 25 weights whatever the image "
        "size: the same weights slide over every position. An MLP with the same head on the "
        "32×32 pixels needs {mlp}.",
        conv=thousands(conv),
        total=thousands(total),
        conv_pct=100 * conv / total,
        dense_pct=100 * (total - conv) / total,
        mlp=thousands(MLP_32.n_params),
    )


def render(config: Mapping[str, Any]) -> Record:
    arch = arch_of(config)
    yours = M.summary(
        arch,
        tr("your network ({model}, input {input})", model=config["model"], input=config["input"]),
    )
    text = {
        "yours": yours,
        "lenet32": M.summary(LENET5_32, tr("LeNet-5, the course's: 32×32×1 (28×28 padded by 2)")),
        "lenet28": M.summary(LENET5_28, tr("LeNet-5 on 28×28, 'valid' convolutions"))
        + "\n\n"
        + _why_28(),
        "scene": M.summary(SCENE_CNN, tr("the deck's scene CNN: 150×150×3, 6 classes"))
        + "\n\n"
        + _where(LENET5_32),
    }
    weighted = [layer for layer in arch.layers if layer.params]
    metrics = {
        "n_params": float(arch.n_params),
        "conv_params": float(arch.conv_params),
        "conv_share": arch.conv_params / arch.n_params,
        "lenet5_32": float(LENET5_32.n_params),
        "lenet5_28": float(LENET5_28.n_params),
        "scene_cnn": float(SCENE_CNN.n_params),
        "mlp_32": float(MLP_32.n_params),
    }
    tensors = {"layer_params": np.array([layer.params for layer in weighted], np.float64)}
    return Record(1, metrics, tensors, text)


def run(ctx: RunContext) -> Iterator[Record]:
    yield render(ctx.config)


def views(config: Mapping[str, Any]) -> list:
    arch = arch_of(config)
    labels = tuple(layer.name for layer in arch.layers if layer.params)
    return [
        V.Row(
            (
                V.Text("your network", "yours"),
                V.Bars("parameters per layer", "layer_params", labels),
            ),
            weight=3,
        ),
        V.Row((V.Text("LeNet-5 at 32×32", "lenet32"), V.Text("LeNet-5 at 28×28", "lenet28")), 3),
        V.Text("the scene CNN; where the parameters live", "scene", weight=2),
    ]
