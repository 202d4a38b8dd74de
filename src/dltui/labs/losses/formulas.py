"""Parts `binary` and `gaussian`: two losses read as formulas, with the course's numbers.

binary: the logistic (binary cross-entropy) loss −ln p for y = 1 and −ln(1 − p) for y = 0;
(1, 0.9) → 0.1054, (1, 0.1) → 2.3026, (·, 0.5) → 0.6931; Keras clips p to [1e-7, 1 − 1e-7],
so one sample's loss never exceeds −ln(1e-7) = 16.118.
gaussian: MSE is the negative log-likelihood of a Gaussian error, up to constants:
−ln N(e; 0, σ²) = ½ln(2πσ²) + e²/(2σ²); e = 0.5, σ = 1 → 1.0439.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from .functions import KERAS_EPS, gaussian_nll, logistic

P_GRID = np.linspace(1e-3, 1 - 1e-3, 400)
COURSE_POINTS = ((1, 0.9), (1, 0.1), (1, 0.5))


def run_binary(ctx: RunContext) -> Iterator[Record]:
    def render(live: dict, step: int) -> Record:
        p, y = float(live["p"]), int(live["label"])
        loss, clipped = logistic(p, y), logistic(p, y, clip=True)
        course = "\n".join(
            tr("y = {y}, p = {p:g}: −ln {p:g} = {loss:.4f}", y=yy, p=pp, loss=logistic(pp, yy))
            for yy, pp in COURSE_POINTS
        )
        now = tr("y = {y}, p = {p:.4g}: loss = {loss:.4f}", y=y, p=p, loss=loss)
        clip = tr(
            "Keras clips p to [1e-7, 1 − 1e-7]: at most −ln(1e-7) = {cap:.3f} per sample, so a "
            "certain wrong answer costs 16.118, not infinity.",
            cap=-np.log(KERAS_EPS),
        )
        text = f"{now}\n\n{course}\n\n{clip}"
        tensors = {
            "p": P_GRID,
            "loss_1": -np.log(P_GRID),
            "loss_0": -np.log(1 - P_GRID),
            "now_p": np.array([p]),
            "now_loss": np.array([min(loss, 10.0)]),
        }
        return Record(step, {"loss": loss, "loss_clipped": clipped}, tensors, {"reading": text})

    return redraw_on_change(ctx, render)


def views_binary(config) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "logistic loss (binary cross-entropy)",  # the legend has the formulas
                    (("y = 1: −ln p", "p", "loss_1", "line"), ("y = 0: −ln(1 − p)", "p",
                                                              "loss_0", "line")),
                    markers=(("now", "now_p", "now_loss"),),
                    xlim=(0.0, 1.0),
                    xlabel="p = P(y = 1)",  # short: the tick labels 0 … 1 fit beside it
                    ylabel="loss (nats)",
                    weight=3,
                ),
                V.Text("the numbers", "reading", weight=2),
            ),
        )
    ]  # fmt: skip


def run_gaussian(ctx: RunContext) -> Iterator[Record]:
    def render(live: dict, step: int) -> Record:
        e, s = float(live["error"]), float(live["sigma"])
        nll = gaussian_nll(e, s)
        grid = np.linspace(-3 * s, 3 * s, 301)
        const = 0.5 * np.log(2 * np.pi * s**2)
        text = (
            tr("−ln N(e; 0, σ²) = ½ln(2πσ²) + e²/(2σ²)")
            + "\n"
            # no word here: tr only sets the French spacing before the colon
            + tr(
                "e = {e:g}, σ = {s:g}: {c:.4f} + {q:.4f} = {v:.4f}",
                e=e,
                s=s,
                c=const,
                q=e**2 / (2 * s**2),
                v=nll,
            )
            + "\n\n"
        ) + tr(
            "The first term does not depend on the model: minimising the negative log-likelihood "
            "of Gaussian errors is minimising Σe², the MSE. (Laplace errors give the MAE.)"
        )
        tensors = {
            "e": grid,
            "nll": np.array([gaussian_nll(x, s) for x in grid]),
            "now_e": np.array([e]),
            "now_nll": np.array([nll]),
        }
        return Record(step, {"nll": nll}, tensors, {"reading": text})

    return redraw_on_change(ctx, render)


def views_gaussian(config) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "negative log-likelihood of a Gaussian error",
                    (("−ln N(e; 0, σ²)", "e", "nll", "line"),),
                    markers=(("now", "now_e", "now_nll"),),
                    xlabel="error e = ŷ − y",
                    ylabel="nats",
                    weight=3,
                ),
                V.Text("the numbers", "reading", weight=2),
            ),
        )
    ]
