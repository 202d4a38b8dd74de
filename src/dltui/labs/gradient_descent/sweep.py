"""Step 5: a learning-rate sweep: one copy of the model per rate, trained side by side.

Every copy starts from the same parameters and sees the same batches, so the only difference
between the curves is the rate. A copy whose loss overflows or grows divergence.GROWTH× (10⁴) is frozen
and drops out of the plot (its curve ends where it blew up); the run goes on with the others.
The metric `loss` is the best surviving copy's loss (and `best_lr` its rate), so the run as a
whole only counts as diverged when every rate did.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...engine import divergence
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from .data import Data
from .models import GDModel
from .train import Sampler, Trainer


def metric_name(rate: float) -> str:
    return f"loss@{rate:g}"


class _Member:
    def __init__(self, trainer: Trainer, rate: float):
        self.tr, self.rate = trainer, rate
        self.start = trainer.loss()
        self.loss = self.start
        self.died: int | None = None  # the step it diverged at

    def verdict(self) -> str:
        if self.died is not None:
            return tr("ρ = {rate:g}: diverged at step {step}", rate=self.rate, step=self.died)
        change = self.loss / self.start - 1 if self.start else 0.0
        if change > -0.5:
            return tr(
                "ρ = {rate:g}: loss {loss:.4g} ({change:+.0%}), crawling",
                rate=self.rate,
                loss=self.loss,
                change=change,
            )
        return tr(
            "ρ = {rate:g}: loss {loss:.4g} ({change:+.0%}), converging",
            rate=self.rate,
            loss=self.loss,
            change=change,
        )


def run(ctx: RunContext, data: Data, model: GDModel) -> Iterator[Record]:
    B, live = ctx.backend, ctx.live
    init = model.init(ctx.rng)  # one draw: every copy starts from the same numbers
    rates = tuple(ctx.config["rates"])
    members = [_Member(Trainer(B, model, data, init, live["optimizer"], r), r) for r in rates]
    sampler = Sampler(data.n_train, ctx.rng)
    for step in ctx.steps():
        kind = live["optimizer"]
        idx = sampler.next(kind, live["batch_size"])
        metrics: dict[str, float] = {}
        for m in members:
            if m.died is not None:
                continue
            m.tr.step(idx, kind, m.rate)
            m.loss = m.tr.loss()
            if divergence.blown(m.loss, divergence.reference(m.start)):
                m.died = step
                continue
            metrics[metric_name(m.rate)] = m.loss
        alive = [m for m in members if m.died is None]
        if not alive:
            raise Diverged(
                tr(
                    "every learning rate diverged by step {step}: even ρ = {lowest:g} is too "
                    "high for {kind} on this model. Add smaller rates and restart.",
                    step=step,
                    lowest=min(rates),
                    kind=kind,
                )
            )
        best = min(alive, key=lambda m: m.loss)
        metrics |= {"loss": best.loss, "best_lr": best.rate}
        metrics |= model.headline(best.tr.numpy_params())
        head = tr("{kind}, step {step} (these rates replace lr)", kind=kind, step=step)
        lines = [head, *(m.verdict() for m in members)]
        yield Record(step, metrics, None, {"sweep": "\n".join(lines)})


# What each model's loss is (rm-price: a sum of squares; line: E, half the MSE), with its unit.
LOSS_NAMES = {"rm-price": "Σ(w·xᵢ − yᵢ)²", "line": "E = MSE/2"}
LOSS_NAMES_BOSTON = {"rm-price": "Σ(w·xᵢ − yᵢ)² (k$²)", "line": "E = MSE/2 (k$²)"}


def views(config) -> list:
    names = tuple(metric_name(r) for r in config["rates"])
    if config["data"] == "boston":
        ylabel = LOSS_NAMES_BOSTON.get(config["model"], "MSE (k$²)")
    else:
        ylabel = LOSS_NAMES.get(config["model"], "MSE")
    return [
        V.Curves(
            "loss for each learning rate (log)",
            names,
            logy=True,
            weight=3,
            ylabel=ylabel,
            labels=tuple(f"ρ = {r:g}" for r in config["rates"]),  # a typed rate is named too
        ),
        V.Text("the rates", "sweep"),
    ]
