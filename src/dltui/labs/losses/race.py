"""Part `race`: the same softmax classifier trained with CE, MSE and MAE, side by side.

A linear softmax model (64 pixels → 10 digits) on the vendored 8×8 digits, three copies from the
same initial weights, the same mini-batches and plain SGD at the same rate (an adaptive optimizer
would rescale the gradients and hide the point). Only the loss differs. With a large initial
scale the model starts confidently wrong: CE's gradient p − y pushes at full strength, MAE's
(2/K)·p(1 − p) almost not at all, MSE's a little. Metrics: loss_<name> (each copy's own loss),
accuracy_<name> and test_accuracy_<name>.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...data import digits
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from .functions import cross_entropy, mae, mse

LOSSES = {"ce": cross_entropy, "mse": mse, "mae": mae}
TEST_SHARE = 0.3


def split(rng: np.random.Generator):
    images, labels = digits()
    X = images.reshape(len(images), -1).astype(np.float32) / 16.0  # (N, 64) in [0, 1]
    Y = np.eye(10, dtype=np.float32)[labels]  # (N, 10)
    order = rng.permutation(len(X))
    n_test = int(len(X) * TEST_SHARE)
    test, train = order[:n_test], order[n_test:]
    return X[train], Y[train], X[test], Y[test]


def run(ctx: RunContext) -> Iterator[Record]:
    B, config, rng = ctx.backend, ctx.config, ctx.rng
    Xtr, Ytr, Xte, Yte = split(rng)
    scale = config["init_scale"]
    W0 = rng.normal(0, scale / np.sqrt(64), (64, 10)).astype(np.float32)  # (64, 10)
    params = {k: {"W": B.array(W0), "b": B.array(np.zeros(10, np.float32))} for k in LOSSES}

    def make(loss_fn):
        def loss(p, x, y):
            probs = B.softmax(B.matmul(x, p["W"]) + p["b"], axis=-1)  # (N, 10)
            return B.mean(loss_fn(B, B.maximum(probs, 1e-12), y))

        return B.value_and_grad(loss)

    fns = {k: make(f) for k, f in LOSSES.items()}
    Xte_b, test_labels = B.array(Xte), Yte.argmax(axis=1)
    batch = config["batch"]
    for step in ctx.steps():
        idx = rng.integers(0, len(Xtr), batch)
        x, y = B.array(Xtr[idx]), B.array(Ytr[idx])
        lr = ctx.live["sgd_lr"]
        metrics: dict[str, float] = {}
        for k, fn in fns.items():
            value, g = fn(params[k], x, y)
            params[k] = {n: params[k][n] - lr * g[n] for n in params[k]}
            logits = B.matmul(x, params[k]["W"]) + params[k]["b"]
            hits = B.to_numpy(logits).argmax(axis=1) == Ytr[idx].argmax(axis=1)
            metrics |= {f"loss_{k}": float(B.to_numpy(value)), f"accuracy_{k}": float(hits.mean())}
        if not all(np.isfinite(v) for v in metrics.values()):
            raise Diverged(
                tr("a loss became non-finite at step {step}: lower sgd_lr and restart.", step=step)
            )
        if ctx.want_snapshot(step):
            for k in LOSSES:
                logits = B.matmul(Xte_b, params[k]["W"]) + params[k]["b"]
                acc = (B.to_numpy(logits).argmax(axis=1) == test_labels).mean()
                metrics[f"test_accuracy_{k}"] = float(acc)
        yield Record(step, metrics)


def views(config) -> list:
    names = tuple(LOSSES)
    return [
        V.Curves(
            "test accuracy: trained with CE, MSE, MAE",
            tuple(f"test_accuracy_{k}" for k in names),
            ylim=(0.0, 1.0),
            ylabel="accuracy",
            weight=2,
            labels=tuple(k.upper() for k in names),
        ),
        V.Curves("training accuracy (batch)", tuple(f"accuracy_{k}" for k in names),
                 ylim=(0.0, 1.0), ylabel="accuracy", labels=tuple(k.upper() for k in names)),
    ]  # fmt: skip
