"""Part `race`: the update rules race on a 2-D surface, trajectories over its contour heatmap.

Every optimizer starts at the surface's start point with its own learning rate (`rates`, or a
per-surface default that lets each one finish), and takes one step per race step. `fair` tunes
each rate first: a sweep of 21 rates from 1e-4 to 1 for TUNE_STEPS steps each, keeping the rate
with the lowest final loss; the race then runs with the same budget for all. An optimizer that
blows up is stopped (its curve ends) while the others race on.

Metrics per optimizer: loss_<opt> (f − f*, what the log-axis plot shows), x_<opt>, y_<opt>.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from .rules import RULES, Hyper, Stepper
from .surfaces import SURFACES, Surface

GRID = 64
TRAIL = 400  # trajectory points kept per optimizer (bounded memory on long runs)
TUNE_RATES = tuple(float(r) for r in np.logspace(-4, 0, 21))  # 5 a decade
TUNE_STEPS = 200
BLOW_UP = 1e8
FLOOR = 1e-12  # f − f* is clipped here on the log axis

# Rates that let each rule finish each surface in a few hundred steps (hand-picked, stated on
# screen); `rates` overrides them, `fair` replaces them with a sweep's winners.
DEFAULT_RATES = {
    "valley": {"gd": 0.0198, "sgd": 0.0198, "momentum": 0.01, "nesterov": 0.01, "adagrad": 1.0,
               "rmsprop": 0.02, "adam": 0.2},
    "rosenbrock": {"gd": 0.002, "sgd": 0.002, "momentum": 0.001, "nesterov": 0.001, "adagrad": 0.5,
                   "rmsprop": 0.02, "adam": 0.2},
    "beale": {"gd": 0.02, "sgd": 0.02, "momentum": 0.005, "nesterov": 0.005, "adagrad": 1.0,
              "rmsprop": 0.02, "adam": 0.2},
    "saddle": {"gd": 0.02, "sgd": 0.02, "momentum": 0.02, "nesterov": 0.005, "adagrad": 0.2,
               "rmsprop": 0.01, "adam": 0.02},
    "bumpy": {"gd": 0.1, "sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.5,
              "rmsprop": 0.05, "adam": 0.1},
}  # fmt: skip


def optimizer_names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def _gradient(B: Backend, surface: Surface, kappa: float):
    """∇f for a batch of points p (R, 2): rows are independent, so ∇ of the sum is each row's."""
    ex, ey = B.array([[1.0], [0.0]]), B.array([[0.0], [1.0]])  # (2, 1): pick a column

    def total(p):  # p (R, 2) -> Σ_r f(p_r)
        x, y = B.matmul(p, ex), B.matmul(p, ey)  # (R, 1) each
        return B.sum(surface.f(B, x, y, kappa))

    f_and_g = B.value_and_grad(total)
    return lambda p: f_and_g(p)[1]


def losses(B: Backend, surface: Surface, kappa: float, p: np.ndarray) -> np.ndarray:
    """f − f* for each row of p (R, 2), forward only."""
    z = surface.f(B, B.array(p[:, 0]), B.array(p[:, 1]), kappa)
    return B.to_numpy(z).astype(np.float64) - surface.f_min  # (R,)


class Racer:
    """One rule from the start point at R learning rates at once (R = 1 in the race, the sweep's
    13 when tuning): its stepper, trail and fate. A row that blows up is frozen where it was."""

    def __init__(
        self, B: Backend, name: str, hyper: Hyper, surface: Surface, kappa: float, grad, rows=1
    ):
        self.B, self.name, self.grad, self.surface, self.kappa = B, name, grad, surface, kappa
        start = np.tile(np.array(surface.start, np.float32), (rows, 1))  # (R, 2)
        self.stepper = Stepper(name, hyper, B.array(start))
        self.points = start.astype(np.float64)
        self.trail = [tuple(surface.start)]
        self.loss = losses(B, surface, kappa, self.points)  # (R,)
        self.diverged_at = np.zeros(rows, dtype=np.int64)  # 0: still racing

    def step(self, step: int, rng: np.random.Generator) -> None:
        if self.diverged_at.all():
            return
        with np.errstate(all="ignore"):  # a rate that blows up overflows once, then is frozen
            theta = self.stepper.step(self.B, self.grad, rng)
            points = self.B.to_numpy(theta).astype(np.float64)  # (R, 2)
            loss = losses(self.B, self.surface, self.kappa, points)
        bad = ~np.isfinite(loss) | (np.abs(loss) > BLOW_UP) | ~np.isfinite(points).all(axis=1)
        self.diverged_at[bad & (self.diverged_at == 0)] = step
        alive = self.diverged_at == 0
        self.points[alive], self.loss[alive] = points[alive], loss[alive]
        if bad.any():  # freeze the blown-up rows where they were, so they cannot overflow
            self.stepper.theta = self.B.array(self.points.astype(np.float32))
        if alive[0]:
            self.trail = (self.trail + [tuple(self.points[0])])[-TRAIL:]

    def metrics(self) -> dict[str, float]:
        if self.diverged_at[0]:
            return {}
        x, y = self.points[0]
        n = self.name
        return {f"loss_{n}": max(float(self.loss[0]), FLOOR), f"x_{n}": x, f"y_{n}": y}


def _hyper(config, lr) -> Hyper:
    return Hyper(lr=lr, momentum=config["momentum"], rho=config["rho"], beta1=config["beta1"],
                 beta2=config["beta2"], noise=config["noise"])  # fmt: skip


def tune(B: Backend, config, surface: Surface, kappa: float, names, rng) -> dict[str, float]:
    """Each rule's best rate here: the lowest loss after TUNE_STEPS among TUNE_RATES, all the
    rates of one rule stepped together as a batch of points."""
    lrs = B.array(np.array(TUNE_RATES, np.float32)[:, None])  # (R, 1)
    grad = _gradient(B, surface, kappa)
    best: dict[str, float] = {}
    for name in names:
        racer = Racer(B, name, _hyper(config, lrs), surface, kappa, grad, rows=len(TUNE_RATES))
        for step in range(1, TUNE_STEPS + 1):
            racer.step(step, rng)
        scores = np.where(racer.diverged_at > 0, np.inf, racer.loss)
        best[name] = TUNE_RATES[int(np.argmin(scores))]
    return best


def field(B: Backend, surface: Surface, kappa: float) -> np.ndarray:
    x0, x1, y0, y1 = surface.extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))  # row 0: y0
    z = B.to_numpy(surface.f(B, B.array(gx), B.array(gy), kappa)).astype(np.float64)
    return np.maximum(z - surface.f_min, FLOOR)  # (GRID, GRID) f − f*, for a log colour scale


def theory(kappa: float) -> str:
    gd = (kappa - 1) / (kappa + 1)
    hb = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    steps = lambda r: np.log(1e-3) / np.log(r) if r > 0 else 0  # noqa: E731
    return tr(
        "valley, κ = {kappa:g}: GD's best rate 2/(λ₁+λₙ) = {best:.4g} shrinks the error by "
        "(κ−1)/(κ+1) = {gd:.3f} a step ({gd_steps:.0f} steps for ×1/1000); heavy-ball momentum "
        "at its best by (√κ−1)/(√κ+1) = {hb:.3f} ({hb_steps:.0f} steps).",
        kappa=kappa,
        best=2 / (1 + kappa),
        gd=gd,
        gd_steps=steps(gd),
        hb=hb,
        hb_steps=steps(hb),
    )


def _legend(racers: list[Racer], rates: dict[str, float], fair: bool, surface: Surface) -> str:
    how = (
        tr("rates tuned by a sweep (fair race)")
        if fair
        else tr("default rates (`rates` sets them)")
    )
    lines = [how, f"{tr('rule'):<9}{'η':>8}{'f − f*':>10}"]  # the surface's note: in theory
    for r in racers:
        gone = int(r.diverged_at[0])
        fate = tr("blew up at {step}", step=gone) if gone else f"{r.loss[0]:.2g}"
        lines.append(f"{r.name:<9}{rates[r.name]:>8.3g}{fate:>10}")
    return "\n".join(lines)


def run(ctx: RunContext) -> Iterator[Record]:
    B, config = ctx.backend, ctx.config
    surface, kappa = SURFACES[config["surface"]], config["kappa"]
    names = optimizer_names(config["optimizers"])
    grad = _gradient(B, surface, kappa)
    if config["fair"]:
        tuning = tr("tuning: {rates} rates × {steps} steps for each optimizer…",
                    rates=len(TUNE_RATES), steps=TUNE_STEPS)  # fmt: skip
        yield Record(0, {}, None, {"legend": tuning, "theory": ""})
        rates = tune(B, config, surface, kappa, names, ctx.rng)
    elif config["rates"]:
        rates = dict(zip(names, config["rates"], strict=True))
    else:
        rates = {n: DEFAULT_RATES[surface.name][n] for n in names}
    racers = [Racer(B, n, _hyper(config, rates[n]), surface, kappa, grad) for n in names]
    base = {"field": field(B, surface, kappa), "extent": np.array(surface.extent, np.float64)}
    note = tr(surface.note)
    text = {"theory": note + "\n" + theory(kappa) if surface.name == "valley" else note}
    yield _record(0, racers, base, rates, config["fair"], surface, text)
    for step in ctx.steps():
        for racer in racers:
            racer.step(step, ctx.rng)
        record = _record(step, racers, base, rates, config["fair"], surface, text, ctx)
        if all(r.diverged_at[0] for r in racers):
            raise Diverged(
                tr(
                    "every optimizer blew up by step {step}: the learning rates are too large "
                    "for this surface. Lower `rates` (or use fair = true) and restart.",
                    step=step,
                ),
                record,
            )
        yield record


def _record(step, racers, base, rates, fair, surface, text, ctx=None) -> Record:
    metrics: dict[str, float] = {}
    for r in racers:
        metrics |= r.metrics()
    tensors = None
    if ctx is None or ctx.want_snapshot(step):
        px, py, pc = [], [], []
        for i, r in enumerate(racers):
            trail = np.array(r.trail)  # (n, 2)
            px.append(trail[:, 0])
            py.append(trail[:, 1])
            pc.append(np.full(len(trail), i))
        tensors = base | {"px": np.concatenate(px), "py": np.concatenate(py),
                          "pc": np.concatenate(pc)}  # fmt: skip
    return Record(step, metrics, tensors, text | {"legend": _legend(racers, rates, fair, surface)})


def views(config) -> list:
    names = optimizer_names(config["optimizers"])
    surface = SURFACES[config["surface"]]
    return [
        V.Row(
            (
                V.Heatmap(
                    tr("{surface}: f − f* (log colour) and each optimizer's path",
                       surface=surface.name),
                    "field",
                    extent="extent",
                    points=("px", "py", "pc"),
                    log=True,
                    xlabel="x",
                    ylabel="y",
                    clabel="f − f*",
                    classes=names,
                    weight=3,
                ),
                V.Row((V.Text("the racers: rate η, f − f* now", "legend"),), weight=2),
            ),
            weight=3,
        ),
        V.Curves("f − f* per optimizer (log)", tuple(f"loss_{n}" for n in names), logy=True,
                 ylabel="f − f*", weight=2),
        V.Text("theory", "theory", weight=1),
    ]  # fmt: skip


def check_names(names: tuple[str, ...]) -> str | None:
    """The reason a list of optimizer names is refused, or None."""
    unknown = [n for n in names if n not in RULES]
    if not names:
        return tr("optimizers: name at least one (comma-separated)")
    if unknown:
        return tr(
            "optimizers: unknown {names}; choose among {rules}",
            names=", ".join(unknown),
            rules=", ".join(RULES),
        )
    if len(set(names)) != len(names):
        return tr("optimizers: each optimizer once")
    return None
