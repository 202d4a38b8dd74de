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
from ...engine.lab import Diverged, Record, RunContext
from .data import Data
from .models import GDModel
from .train import Sampler, Trainer, Watch, r2


def describe(model: GDModel, data: Data, hidden: int) -> str:
    d = len(data.names)
    if model.kind == "mlp":
        shape = f"MLP {d} → {hidden} (ReLU) → 1 (ReLU)"
    else:
        shape = f"linear: ŷ = x·W + b, {d} weights + 1 bias"
    scaled = "standardised" if data.std is not None else "raw"
    cols = ", ".join(data.names)
    about = f"\n{data.about}" if data.about else ""  # a learner's own file: name and shape
    return f"{shape}: {model.n_params()} parameters\ninputs ({scaled}): {cols}{about}"


def _diag(data: Data) -> np.ndarray:
    """The ideal line's ends: prices run from 5 to 50 k$; a CSV file's target, its own range."""
    if not data.about:
        return np.array([0.0, 50.0])
    return np.array([float(data.y_train.min()), float(data.y_train.max())])


def run(ctx: RunContext, data: Data, model: GDModel) -> Iterator[Record]:
    live = ctx.live
    tr = Trainer(ctx.backend, model, data, model.init(ctx.rng), live["optimizer"], live["lr"])
    sampler = Sampler(data.n_train, ctx.rng)
    about = describe(model, data, int(ctx.config["hidden"]))
    n_params = float(model.n_params())
    watch = Watch(tr.loss())
    for step in ctx.steps():
        lr, kind = float(live["lr"]), live["optimizer"]
        batch_loss, _ = tr.step(sampler.next(kind, live["batch_size"]), kind, lr)
        pred = tr.predict("train")  # (n_train,)
        loss = float(np.mean((pred - data.y_train) ** 2))
        blown = watch.blown(loss)
        metrics = {"loss": loss, "batch_loss": batch_loss, "r2": r2(data.y_train, pred)}
        pred_val = tr.predict("val") if data.n_val else np.zeros(0)
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
    batches = "the full batch" if rows == sampler.n else f"batches of {rows}"
    lines = [
        f"{kind}, ρ = {lr:g}, {batches} of {sampler.n} rows ({per_epoch} updates per epoch)",
        f"epoch {m['epoch']:.1f}: train MSE {m['loss']:.4g} (RMSE {np.sqrt(m['loss']):.3g} k$)",
        f"R² train {m['r2']:.3f}",
    ]
    if "val_loss" in m:
        lines[-1] += f", validation {m['val_r2']:.3f}"
        lines.insert(2, f"validation MSE {m['val_loss']:.4g}")
    return "\n".join(lines)


def _diverged(kind, lr, ref, loss, step, standardized: bool) -> str:
    hint = "" if standardized else " Raw inputs (TAX in hundreds) make it worse: standardise."
    return (
        f"the training MSE grew from {ref:.4g} to {loss:.4g} at step {step}: the learning rate "
        f"ρ = {lr:g} is too high for {kind} on this model, every update overshoots. Lower it and "
        f"restart.{hint}"
    )


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
