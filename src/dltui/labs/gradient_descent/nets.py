"""Step 4: all the features: linear regression and the course's MLP, with a validation part.

One step is one update on one batch. `batch_loss` is the loss of that batch before the update
(what the optimiser sees: noisy with small batches); `loss` and `val_loss` are the mean squared
errors over the whole training and validation parts after it (k$²), and R² says how much of
the price's variance the model explains (1 is perfect, 0 is no better than the mean price).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from .data import Data
from .models import GDModel
from .train import Sampler, Trainer, Watch, r2


def describe(model: GDModel, data: Data, hidden: int) -> str:
    d = len(data.names)
    if model.kind == "mlp":
        shape = tr("MLP {d} → {hidden} (ReLU) → 1 (ReLU)", d=d, hidden=hidden)
    else:
        shape = tr("linear: ŷ = x·W + b, {d} weights + 1 bias", d=d)
    cols = ", ".join(data.names)
    if data.std is not None:
        inputs = tr("inputs (standardised): {cols}", cols=cols)
    else:
        inputs = tr("inputs (raw): {cols}", cols=cols)
    about = f"\n{data.about}" if data.about else ""  # a learner's own file: name and shape
    head = tr("{shape}: {n} parameters", shape=shape, n=model.n_params())
    return f"{head}\n{inputs}{about}"


def _diag(data: Data) -> np.ndarray:
    """The ideal line's ends: prices run from 5 to 50 k$; a CSV file's target, its own range."""
    if not data.about:
        return np.array([0.0, 50.0])
    return np.array([float(data.y_train.min()), float(data.y_train.max())])


def run(ctx: RunContext, data: Data, model: GDModel) -> Iterator[Record]:
    live = ctx.live
    trainer = Trainer(ctx.backend, model, data, model.init(ctx.rng), live["optimizer"], live["lr"])
    sampler = Sampler(data.n_train, ctx.rng)
    about = describe(model, data, int(ctx.config["hidden"]))
    n_params = float(model.n_params())
    watch = Watch(trainer.loss())
    for step in ctx.steps():
        lr, kind = float(live["lr"]), live["optimizer"]
        batch_loss, _ = trainer.step(sampler.next(kind, live["batch_size"]), kind, lr)
        pred = trainer.predict("train")  # (n_train,)
        loss = float(np.mean((pred - data.y_train) ** 2))
        blown = watch.blown(loss)
        metrics = {"loss": loss, "batch_loss": batch_loss, "r2": r2(data.y_train, pred)}
        pred_val = trainer.predict("val") if data.n_val else np.zeros(0)
        if data.n_val:
            metrics["val_loss"] = float(np.mean((pred_val - data.y_val) ** 2))
            metrics["val_r2"] = r2(data.y_val, pred_val)
        metrics |= {"epoch": sampler.epoch, "n_params": n_params}
        text = {"summary": about + "\n" + _progress(kind, lr, sampler, metrics)}
        tensors = None
        if blown or ctx.want_snapshot(step):
            tensors = {
                "actual_tr": data.y_train,
                "pred_tr": pred,
                "actual_va": data.y_val,
                "pred_va": pred_val,
                "diag": _diag(data),
            }
        if blown:  # the step that blew up stays on screen, with its numbers
            raise Diverged(
                _diverged(kind, lr, watch.ref, loss, step, data.std is not None),
                Record(step, metrics, tensors, text),
            )
        yield Record(step, metrics, tensors, text)


def _progress(kind: str, lr: float, sampler: Sampler, m: dict[str, float]) -> str:
    rows = sampler.rows
    per_epoch = -(-sampler.n // rows)
    if rows == sampler.n:
        batches = tr(
            "{kind}, ρ = {lr:g}, the full batch of {n} rows (one update per epoch)",
            kind=kind,
            lr=lr,
            n=sampler.n,
        )
    else:
        batches = tr(
            "{kind}, ρ = {lr:g}, batches of {rows} of {n} rows ({per_epoch} updates per epoch)",
            kind=kind,
            lr=lr,
            rows=rows,
            n=sampler.n,
            per_epoch=per_epoch,
        )
    lines = [
        batches,
        tr(
            "epoch {epoch:.1f}: train MSE {loss:.4g} (RMSE {rmse:.3g} k$)",
            epoch=m["epoch"],
            loss=m["loss"],
            rmse=np.sqrt(m["loss"]),
        ),
    ]
    if "val_loss" in m:
        lines.append(tr("validation MSE {loss:.4g}", loss=m["val_loss"]))
        lines.append(
            tr("R² train {r2:.3f}, validation {val_r2:.3f}", r2=m["r2"], val_r2=m["val_r2"])
        )
    else:
        lines.append(tr("R² train {r2:.3f}", r2=m["r2"]))
    return "\n".join(lines)


def _diverged(kind, lr, ref, loss, step, standardized: bool) -> str:
    story = tr(
        "the training MSE grew from {ref:.4g} to {loss:.4g} at step {step}: the learning rate "
        "ρ = {lr:g} is too high for {kind} on this model, every update overshoots. Lower it and "
        "restart.",
        ref=ref,
        loss=loss,
        step=step,
        lr=lr,
        kind=kind,
    )
    if standardized:
        return story
    return story + " " + tr("Raw inputs (TAX in hundreds) make it worse: standardise.")


def views(config) -> list:
    split = config["val_split"] > 0
    losses = ("batch_loss", "loss", "val_loss") if split else ("batch_loss", "loss")
    scores = ("r2", "val_r2") if split else ("r2",)
    scatter = V.Lines(
        "predicted vs actual price (k$)",
        series=(
            ("train", "actual_tr", "pred_tr", "points"),
            ("validation", "actual_va", "pred_va", "points"),
            ("ideal", "diag", "diag", "line"),
        ),
        xlabel="actual (k$)",
        ylabel="predicted (k$)",
    )
    return [
        V.Row((V.Curves("MSE (k$²)", losses, logy=True), scatter), weight=2),
        V.Row(
            (
                V.Curves("R² (from 0: the mean's score)", scores, ylim=(0.0, 1.0)),
                V.Text("the model", "summary"),
            )
        ),
    ]
