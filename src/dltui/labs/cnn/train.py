"""The training part: LeNet-5 (or the MLP) learning the digits live.

Every step: one update, the batch loss and the running train accuracy. Every EVAL_EVERY steps:
the whole test set (accuracy, loss, confusion matrix, most confident mistakes) and how
structured the first-layer filters have become (`pictures.structure`). At each frame: the
filters, the feature maps of the chosen test digit (← → pick it) and the text panel.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from ...engine.numfmt import thousands
from . import model as M
from . import pictures as P
from .data import load
from .trainer import Trainer, due_for_eval
from .zoo import arch_of


def run(ctx: RunContext) -> Iterator[Record]:
    B, config = ctx.backend, ctx.config
    digits = load(config["input"])
    arch = arch_of(config)
    t = Trainer(B, arch, config["activation"], digits, ctx)
    n_params = float(arch.n_params)
    for step in ctx.steps():
        live = ctx.live.snapshot()
        idx = t.batches.next(live["batch_size"])
        masks = M.dropout_masks(arch, len(idx), live["dropout"], ctx.rng)
        loss = t.step(idx, live, masks)
        metrics = {
            "loss": loss,
            "accuracy": t.accuracy,
            "n_params": n_params,
            "epoch": round(t.epoch, 2),
        }
        if not np.isfinite(loss) or not t.all_finite():
            raise Diverged(_blew_up(loss, step, live["lr"]), Record(step, metrics))
        if due_for_eval(ctx, step):
            s = t.evaluate(step)
            metrics |= {"test_loss": s.loss, "test_accuracy": s.accuracy}
            metrics["filter_structure"] = P.structure(t.first_layer()) if arch.convs else 0.0
        tensors, text = None, None
        if ctx.want_snapshot(step):
            tensors, text = frame(B, t, config, live, step)
        yield Record(step, metrics, tensors, text)


def _blew_up(loss: float, step: int, lr: float) -> str:
    return tr(
        "the loss became {loss:g} at step {step}: with learning rate {lr:g} the updates "
        "overshoot and the weights overflowed. Lower the learning rate and restart.",
        loss=loss,
        step=step,
        lr=lr,
    )


def frame(B: Backend, t: Trainer, config: Mapping[str, Any], live: Mapping[str, Any], step: int):
    """Tensors and text of one screen frame (the headless report step)."""
    d, arch = t.digits, t.arch
    first = t.first_layer()
    i = int(live["digit"]) % len(d.y_test)
    image = d.x_test[i]
    tensors: dict[str, Any] = {
        "filters": first[..., 0],  # (F, KH, KW): the first layer, input channel 0
        "filters_image": P.filters_image(first),
        "digit_image": P.digits_image([image], 1),
    }
    if arch.convs:
        maps = M.feature_maps(B, arch, t.act, t.params, image)
        tensors["feature_maps"] = maps[0]  # (H', W', F) of conv 1
        for k, m in enumerate(maps, start=1):
            tensors[f"feature_maps_{k}"] = m
            tensors[f"maps_image_{k}"] = P.maps_image(m)
    lines = [_status(t, config, live, step, i)]
    if t.scores is not None:
        tensors["confusion"] = t.scores.confusion
        wrong = t.mistakes()
        if wrong:
            tensors["mistakes_image"] = P.digits_image([d.x_test[j] for j, *_ in wrong], 4)
            lines.append(_mistakes_text(wrong))
    return tensors, {"status": "\n".join(lines)}


def _status(t: Trainer, config, live, step: int, i: int) -> str:
    """What changes first (accuracy, step, the chosen digit), then the network and the data:
    the panel is narrow at 120×40 and shows its first lines."""
    d, arch = t.digits, t.arch
    s = t.scores
    lines = []
    if s is not None:
        lines.append(
            tr("test accuracy {acc:.1f} % (step {step})", acc=100 * s.accuracy, step=s.step)
        )
    drop = f", dropout {live['dropout']:g}" if live["dropout"] else ""  # the knob's name
    lines.append(
        tr(
            "step {step} · epoch {epoch:.1f} · {optimizer} η {lr:g}, batch {batch}, L2 {l2:g}{drop}",
            step=step,
            epoch=t.epoch,
            optimizer=live["optimizer"],
            lr=live["lr"],
            batch=live["batch_size"],
            l2=live["l2"],
            drop=drop,
        )
    )
    label = int(d.y_test[i])
    if s is None:
        lines.append(tr("chosen digit #{i} (← →): a {label}", i=i, label=label))
    else:
        lines.append(
            tr(
                "chosen digit #{i} (← →): a {label}, says {said} ({p:.0f} %)",
                i=i,
                label=label,
                said=int(s.pred[i]),
                p=100 * s.probs[i].max(),
            )
        )
    lines.append(
        tr(
            "{model} · {n} parameters · {source}",
            model=config["model"],
            n=thousands(arch.n_params),
            source=d.source,
        )
    )
    return "\n".join(lines)


def _mistakes_text(wrong: list[tuple[int, int, int, float]]) -> str:
    cells = [
        tr("#{j}: {true} read as {said} ({p:.0f} %)", j=j, true=true, said=said, p=100 * p)
        for j, true, said, p in wrong
    ]
    return tr("most confident mistakes, left to right, top to bottom:") + "\n" + "\n".join(cells)


def views(config: Mapping[str, Any]) -> list:
    arch = arch_of(config)
    if arch.convs:
        first = V.Image(
            tr("conv 1 filters {k}×{k} (orange +, blue −)", k=arch.convs[0][1]), "filters_image"
        )
    else:
        first = V.Image("dense 1: 16 units' weights (orange +, blue −)", "filters_image")
    pictures: list = [first, V.Image("test digit ← →", "digit_image")]
    for n, (h, w, _) in enumerate(arch.conv_shapes(), start=1):
        pictures.append(V.Image(tr("conv {n} maps {h}×{w}", n=n, h=h, w=w), f"maps_image_{n}"))
    return [
        V.Row(tuple(pictures), weight=4),
        V.Row(
            (
                V.Curves("loss (log): batch, test", ("loss", "test_loss"), logy=True),
                V.Curves("accuracy: train, test", ("accuracy", "test_accuracy"), ylim=(0, 1)),
                V.Text("training", "status"),
            ),
            weight=3,
        ),
        V.Row(
            (
                V.Matrix("confusion: row true digit, column said", "confusion", weight=3),
                V.Image("most confident mistakes", "mistakes_image", weight=2),
            ),
            weight=4,
        ),
    ]
