"""CNN vs MLP: the learner's CNN and an MLP with the same dense layers, trained side by side.

Both see the same mini-batches (one shared `Batches`) with the same optimizer, learning rate,
L2 and dropout, and both are scored on the same test digits. At 32×32 the MLP 1024-120-84-10 has
134,014 parameters, more than twice LeNet-5's 61,706, and does not do better: the convolution's
shared, local weights are the better bet for images.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from ...engine.numfmt import thousands
from . import model as M
from . import pictures as P
from .data import load
from .trainer import Batches, Trainer, due_for_eval
from .zoo import arch_of


def run(ctx: RunContext) -> Iterator[Record]:
    B, config = ctx.backend, ctx.config
    digits = load(config["input"])
    batches = Batches(len(digits.y_train), ctx.rng)
    arch_cnn, arch_mlp = arch_of(config, "lenet5"), arch_of(config, "mlp")
    act = config["activation"]
    cnn = Trainer(B, arch_cnn, act, digits, ctx, batches)
    mlp = Trainer(B, arch_mlp, act, digits, ctx, batches)
    counts = {"n_params": float(arch_cnn.n_params), "mlp_n_params": float(arch_mlp.n_params)}
    for step in ctx.steps():
        live = ctx.live.snapshot()
        idx = batches.next(live["batch_size"])
        losses = {}
        for name, t in (("", cnn), ("mlp_", mlp)):
            masks = M.dropout_masks(t.arch, len(idx), live["dropout"], ctx.rng)
            losses[name] = t.step(idx, live, masks)
        metrics = {
            "loss": losses[""],
            "accuracy": cnn.accuracy,
            "mlp_loss": losses["mlp_"],
            "mlp_accuracy": mlp.accuracy,
            "epoch": round(batches.epoch, 2),
            **counts,
        }
        for name, t in (("CNN", cnn), ("MLP", mlp)):
            if not np.isfinite(losses["" if name == "CNN" else "mlp_"]) or not t.all_finite():
                raise Diverged(
                    tr(
                        "the {name}'s loss blew up at step {step} (learning rate {lr:g}); "
                        "lower the learning rate and restart.",
                        name=name,
                        step=step,
                        lr=live["lr"],
                    ),
                    Record(step, metrics),
                )
        if due_for_eval(ctx, step):
            for prefix, t in (("", cnn), ("mlp_", mlp)):
                s = t.evaluate(step)
                metrics[f"{prefix}test_loss"] = s.loss
                metrics[f"{prefix}test_accuracy"] = s.accuracy
        tensors, text = None, None
        if ctx.want_snapshot(step):
            tensors = {
                "filters_image": P.filters_image(cnn.first_layer()),
                "mlp_units_image": P.filters_image(mlp.first_layer()),
            }
            text = {"counts": _counts(cnn, mlp, step)}
        yield Record(step, metrics, tensors, text)


def _counts(cnn: Trainer, mlp: Trainer, step: int) -> str:
    lines = []
    for name, t in (("CNN", cnn), ("MLP", mlp)):
        s = t.scores
        acc = "—" if s is None else f"{100 * s.accuracy:.1f} %"
        lines.append(
            tr(
                "{name} {n:>8} parameters · test {acc}",
                name=name,
                n=thousands(t.arch.n_params),
                acc=acc,
            )
        )
    ratio = mlp.arch.n_params / cnn.arch.n_params
    shapes = lambda a: " → ".join(  # noqa: E731
        "×".join(str(v) for v in layer.shape) for layer in a.layers if layer.kind != "Dropout"
    )
    lines += [
        tr("the MLP has {ratio:.1f}× the CNN's parameters", ratio=ratio),
        "",
        f"CNN  {shapes(cnn.arch)}",
        f"MLP  {shapes(mlp.arch)}",
        "",
        tr(
            "same batches, same optimizer and η · step {step} · epoch {epoch:.1f}",
            step=step,
            epoch=cnn.epoch,
        ),
    ]
    return "\n".join(lines)


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            (
                V.Curves(
                    "test accuracy: CNN, MLP", ("test_accuracy", "mlp_test_accuracy"), ylim=(0, 1)
                ),
                V.Curves("train loss (log): CNN, MLP", ("loss", "mlp_loss"), logy=True),
            ),
            weight=3,
        ),
        V.Row(
            (
                V.Text("parameters and accuracy", "counts", weight=2),
                V.Image("CNN conv 1 filters (orange +, blue −)", "filters_image"),
                V.Image("MLP: 16 first-layer units (orange +, blue −)", "mlp_units_image"),
            ),
            weight=2,
        ),
    ]
