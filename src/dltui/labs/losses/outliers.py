"""Part `outliers`: one line fitted three ways to data with an outlier — MSE, MAE, Huber.

Twenty points on y = 2x + 1 (plus noise) and one outlier whose height the learner moves (live).
Three copies of y = a·x + b train side by side by gradient descent, one per loss. MSE squares
the outlier's residual and the line tilts toward it; MAE weighs every residual alike and the
line stays with the bulk (a median-like fit); Huber is quadratic within δ and linear beyond,
in between.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from .functions import huber

N_POINTS = 20
OUTLIER_X = 4.5
FITS = ("mse", "mae", "huber")


def data(rng: np.random.Generator, outlier: float) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(0, 5, N_POINTS)
    y = 2 * x + 1 + rng.normal(0, 0.3, N_POINTS)
    return np.append(x, OUTLIER_X), np.append(y, outlier)  # (N + 1,) each


def _loss(B: Backend, kind: str, delta: float):
    def loss(p, x, y):
        r = p["a"] * x + p["b"] - y  # (N,)
        if kind == "mse":
            return B.mean(r * r)
        if kind == "mae":
            return B.mean(B.abs(r))
        return B.mean(huber(B, r, delta))

    return B.value_and_grad(loss)


def run(ctx: RunContext) -> Iterator[Record]:
    B, config = ctx.backend, ctx.config
    noise_rng = np.random.default_rng(ctx.seed)
    x_np, y_base = data(noise_rng, 0.0)
    x = B.array(x_np)
    fns = {k: _loss(B, k, config["huber_delta"]) for k in FITS}
    params = {k: {"a": B.array(0.0), "b": B.array(0.0)} for k in FITS}
    opts = {k: Optimizer("adam", ctx.live["lr"], B) for k in FITS}
    states = {k: opts[k].init(params[k]) for k in FITS}
    grid = np.linspace(-0.5, 5.5, 50)
    for step in ctx.steps():
        y_np = y_base.copy()
        y_np[-1] = ctx.live["outlier"]
        y = B.array(y_np)
        metrics: dict[str, float] = {}
        lines = {}
        for k in FITS:
            opts[k].lr = ctx.live["lr"]
            value, grads = fns[k](params[k], x, y)
            params[k], states[k] = opts[k].update(params[k], grads, states[k])
            a, b = (float(B.to_numpy(params[k][n])) for n in ("a", "b"))
            metrics |= {f"loss_{k}": float(B.to_numpy(value)), f"a_{k}": a, f"b_{k}": b}
            lines[f"fit_{k}"] = a * grid + b
        if not all(np.isfinite(v) for v in metrics.values()):
            raise Diverged(tr("a fit blew up at step {step}: lower lr and restart.", step=step))
        tensors = None
        if ctx.want_snapshot(step):
            tensors = {"x": x_np, "y": y_np, "grid": grid, **lines}
        text = {
            "reading": "\n".join(
                f"{k:6} y = {metrics[f'a_{k}']:.3f}·x + {metrics[f'b_{k}']:.3f}" for k in FITS
            )
            + "\n\n"
            + tr(
                "the bulk: y = 2x + 1; the outlier at x = {x}, y = {y:g} (move it: `outlier`)",
                x=OUTLIER_X,
                y=ctx.live["outlier"],
            )
        }
        yield Record(step, metrics, tensors, text)


def views(config) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "three fits of y = a·x + b",
                    (  # the fits first: the colours of the slopes' curves below; the data
                        # last: its points drawn over the lines
                        ("MSE", "grid", "fit_mse", "line"),
                        ("MAE", "grid", "fit_mae", "line"),
                        ("Huber", "grid", "fit_huber", "line"),
                        ("data", "x", "y", "points"),
                    ),
                    xlabel="x",
                    ylabel="y",
                    weight=3,
                ),
                V.Text("the lines", "reading", weight=2),
            ),
            weight=2,  # the slopes below get a third: MSE's 2.5 and the others' 2 on separate rows
        ),
        V.Curves(
            "slope a of each fit (the bulk's is 2)",
            tuple(f"a_{k}" for k in FITS),
            ylabel="a",
            labels=("a (MSE)", "a (MAE)", "a (Huber)"),
        ),
    ]
