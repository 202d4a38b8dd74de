"""The playground and Iris parts of the perceptron lab: train an MLP, stream curves and pictures.

One step is one optimizer update on one mini-batch. Learning rate, optimizer, L2 and batch size
are read from `ctx.live` every step (they apply without a restart); everything that shapes the
network or the data restarts the run. Metrics are measured on the whole train and test sets
after each update, so the curves are smooth whatever the batch size.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...data import iris
from ...engine import divergence
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from ..common.batches import MiniBatches
from . import data as D
from . import model as M

IRIS_CLASSES = ("setosa", "versicolor", "virginica")  # dltui.data.iris()'s class order
IRIS_FLOWERS = 150
GRID_N = 64  # the boundary field is GRID_N × GRID_N: ≥ 60×30 cells of half-blocks


def setup(config: dict[str, Any], rng: np.random.Generator) -> tuple[D.Split, int, str]:
    """(split, classes, note) for the playground's set or Iris."""
    if config["part"] == "iris":
        x, y, _names = iris()
        s, _, _ = D.standardize(D.split(x, y, config["test_ratio"], rng))
        note = tr("Iris: 150 flowers × 4 measures, standardised with the train mean and std")
        return s, 3, note
    if D.is_csv(config):  # a learner's own file
        x, y, note = D.own(config)
        return D.split(x, y, config["test_ratio"], rng), 2, note
    x, y = D.make_2d(config["dataset"], config["points"], config["noise"], rng)
    s = D.split(x, y, config["test_ratio"], rng)
    note = tr(
        "{dataset}: {points} points, noise {noise:g}",
        dataset=config["dataset"],
        points=config["points"],
        noise=config["noise"],
    )
    return s, 2, note


def network_text(config: dict[str, Any], sizes: list[int], note: str, n_train: int, n_test: int):
    act = config["activation"] if config["layers"] else tr("none (a linear model)")
    if sizes[-1] == 1:
        head = tr("logistic output, binary cross-entropy")
    else:
        head = tr("softmax, cross-entropy")
    lines = [
        note,
        tr("train {n_train} · test {n_test}", n_train=n_train, n_test=n_test),
        "",
        tr("network  {sizes}", sizes=" → ".join(str(s) for s in sizes)),
        tr("hidden activation  {act}", act=act),
        tr("head  {head}", head=head),
        tr("parameters  {count}", count=M.count_text(sizes)),
        tr("init  Glorot uniform, biases 0"),
    ]
    if config["part"] == "iris":
        lines.append(tr("the course's 4 → 100 → 3 has 4·100+100 + 100·3+3 = 803"))
    else:
        lines += [
            "",
            tr(
                "colour: the network's P(class 1), 2P − 1\n"
                "points: train and test, class 0/1, in the\n"
                "colours named in the key under the map"
            ),
        ]
    return "\n".join(lines)


def run(ctx: RunContext) -> Iterator[Record]:
    B, config = ctx.backend, dict(ctx.config)
    s, classes, note = setup(config, ctx.rng)
    n_out = 1 if classes == 2 else classes
    sizes = M.layer_sizes(s.x_train.shape[1], config["layers"], config["neurons"], n_out)
    params = M.init_params(sizes, ctx.rng, B)
    act = config["activation"]
    loss_and_grad = B.value_and_grad(M.make_loss(B, act, classes))
    x_train = B.array(s.x_train)  # (N, D)
    y_train = B.array(s.y_train.astype(np.float32) if classes == 2 else s.y_train)  # (N,)
    batches = MiniBatches(len(s.x_train), ctx.rng)
    kind = ctx.live["optimizer"]
    opt = Optimizer(kind, ctx.live["lr"], B)
    state = opt.init(params)
    net_text = network_text(config, sizes, note, len(s.x_train), len(s.x_test))
    static = _static_tensors(config, s, classes)
    grid_points = B.array(D.grid(D.EXTENT, GRID_N, GRID_N)) if classes == 2 else None
    n_params = float(M.param_count(sizes))
    for step in ctx.steps():
        live = ctx.live.snapshot()
        if live["optimizer"] != kind:  # a new rule starts from fresh state, same weights
            kind = live["optimizer"]
            opt = Optimizer(kind, live["lr"], B)
            state = opt.init(params)
        opt.lr = live["lr"]
        idx = batches.indices(live["batch"])
        with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is reported, not warned
            xb, yb = (
                (x_train, y_train) if len(idx) == len(s.x_train) else _batch(B, s, idx, classes)
            )
            _, grads = loss_and_grad(params, xb, yb, live["l2"])
            params, state = opt.update(params, grads, state)
            B.eval(params, state)
            metrics = _metrics(B, params, act, s, classes, step, live["lr"])
        metrics["params"] = n_params
        tensors, words = None, None
        if ctx.want_snapshot(step):  # pictures and text only when the reader wants a frame
            tensors, words = dict(static), {"network": net_text + _training(live, step, s)}
            if classes == 2:
                tensors["boundary"] = M.boundary_field(B, params, act, grid_points, (GRID_N,) * 2)
            else:
                tensors["confusion"] = _confusion(B, params, act, s)
        yield Record(step, metrics, tensors, words)


def _training(live: dict[str, Any], step: int, s: D.Split) -> str:
    """The live knobs as they are at this frame, and how far training has gone."""
    n = len(s.x_train)
    batch = min(live["batch"], n)
    knobs = {k: live[k] for k in ("optimizer", "lr", "l2")}
    if batch == n:
        how = tr(
            "training (live)  {optimizer}, η {lr:g}, L2 {l2:g}, batch {batch} (full)",
            **knobs,
            batch=batch,
        )
    else:
        how = tr(
            "training (live)  {optimizer}, η {lr:g}, L2 {l2:g}, batch {batch}", **knobs, batch=batch
        )
    return (
        "\n\n"
        + how
        + "\n"
        + tr("step {step} · epoch {epoch:.1f}", step=step, epoch=step * batch / n)
    )


def _batch(B: Backend, s: D.Split, idx: np.ndarray, classes: int):
    """One mini-batch as backend arrays: x (b, D), y (b,) float 0/1 or int classes."""
    y = s.y_train[idx]
    return B.array(s.x_train[idx]), B.array(y.astype(np.float32) if classes == 2 else y)


def _metrics(B: Backend, params, act: str, s: D.Split, classes: int, step: int, lr: float):
    loss, acc, _ = M.evaluate(B, params, act, s.x_train, s.y_train, classes)
    if not divergence.finite([loss]) or not M.all_finite(B, params):
        raise Diverged(
            tr(
                "the loss became {loss} at step {step}: with learning rate {lr:g} each update "
                "overshoots and the weights overflowed. The boundary shown is the last finite "
                "one; lower the learning rate and restart.",
                loss=loss,
                step=step,
                lr=lr,
            )
        )
    metrics = {"loss": loss, "accuracy": acc}
    if len(s.x_test):
        t_loss, t_acc, _ = M.evaluate(B, params, act, s.x_test, s.y_test, classes)
        metrics.update(test_loss=t_loss, test_accuracy=t_acc)
    return metrics


def _static_tensors(config: dict[str, Any], s: D.Split, classes: int) -> dict[str, np.ndarray]:
    """Tensors that never change during a run (points and extent), sent with each snapshot."""
    if classes != 2:
        return {}
    px = np.concatenate([s.x_train[:, 0], s.x_test[:, 0]])
    py = np.concatenate([s.x_train[:, 1], s.x_test[:, 1]])
    # Point colours: 0/1 are train points of class 0/1, 2/3 the test points of class 0/1.
    pc = np.concatenate([s.y_train, s.y_test + 2]).astype(np.float32)
    return {"extent": np.array(D.EXTENT, np.float32), "px": px, "py": py, "pc": pc}


def _confusion(B: Backend, params, act: str, s: D.Split) -> np.ndarray:
    """Rows: true class; columns: predicted class; on the test set if there is one."""
    x, y = (s.x_test, s.y_test) if len(s.x_test) else (s.x_train, s.y_train)
    _, _, pred = M.evaluate(B, params, act, x, y, 3)
    m = np.zeros((3, 3), np.float32)
    np.add.at(m, (y, pred), 1)
    return m


def _curves() -> V.Row:
    return V.Row(
        (
            V.Curves("loss: train, test", ("loss", "test_loss"), logy=True, ylabel="cross-entropy"),
            V.Curves("accuracy: train, test", ("accuracy", "test_accuracy"), ylim=(0.0, 1.0)),
        )
    )


def iris_views(config: Mapping[str, Any]) -> list:
    # _confusion counts the test set when there is one, else the training set: the title says which.
    tested = D.split_sizes(IRIS_FLOWERS, config["test_ratio"])[1] > 0
    return [
        V.Row(
            (
                V.Matrix(
                    "test-set confusion (rows true, columns predicted)"
                    if tested
                    else "training-set confusion (rows true, columns predicted)",
                    "confusion",
                    row_labels=IRIS_CLASSES,
                    col_labels=IRIS_CLASSES,
                ),
                V.Text("network", "network"),
            ),
            weight=2,
        ),
        _curves(),
    ]


def playground_views(config: Mapping[str, Any]) -> list:
    boundary = V.Heatmap(
        "decision boundary",
        "boundary",
        extent="extent",
        points=("px", "py", "pc"),
        palette="diverging",
        weight=2,
        vrange=(-1.0, 1.0),  # 2P − 1 is bounded: an unsure network stays pale
        xlabel="x1",
        ylabel="x2",
        clabel="2·P(class 1) − 1",
        classes=("train, class 0", "train, class 1", "test, class 0", "test, class 1"),
    )
    return [V.Row((boundary, V.Text("network", "network")), weight=3), _curves()]
