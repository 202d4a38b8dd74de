"""Steps 1 and 2: one weight (model `rm-price`, PRICE ≈ w·RM), by hand and by gradient descent.

L(w) = Σ (w·xᵢ − yᵢ)² is a parabola with curvature 2Σxᵢ², so plain gradient descent maps
w − w* to (1 − 2ρΣxᵢ²)·(w − w*) each step: it crawls when ρ is tiny, converges below
1/(2Σxᵢ²), oscillates but converges up to 1/Σxᵢ² (the critical rate) and oscillates outwards
above it. Every number the learner reads (Σxᵢ², the critical rate, w*, the factor) is computed
from the data in use, with the backend, in float64 where the backend allows it.

`by_hand` (step 1) trains nothing: each record is the cursor's w, re-emitted whenever the
learner moves it, so the learner is the optimiser and the table lists the positions tried.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from .data import Data
from .models import GDModel
from .train import Sampler, Trainer, Watch, thin

W_GRID = np.linspace(-2.0, 10.0, 100)  # the course's 100 values of w
TABLE_ROWS = 50  # newest rows of (t, w_t, L(w_t)) sent to the screen
PATH_POINTS = 400
HISTORY_MAX = 10_000  # (t, w, L) kept; past that the older ones are thinned: bounded memory
RULES = {
    "sgd": "w ← w − ρ·dL/dw, the slope of one batch",
    "momentum": "v ← 0.9·v + dL/dw;  w ← w − ρ·v",
    "adam": "w ← w − ρ·m̂/(√v̂ + ε): steps of about ρ, whatever the slope",
}


@dataclass(frozen=True)
class Facts:
    """The data's constants: everything the course computes by hand."""

    sxx: float  # Σ xᵢ²
    sxy: float  # Σ xᵢ·yᵢ
    syy: float  # Σ yᵢ²

    @property
    def w_star(self) -> float:
        return self.sxy / self.sxx

    @property
    def critical(self) -> float:
        return 1.0 / self.sxx

    @property
    def l_star(self) -> float:
        return self.syy - self.sxy**2 / self.sxx

    def factor(self, lr: float) -> float:
        return 1.0 - 2.0 * lr * self.sxx


def facts(trainer: Trainer) -> Facts:
    B, y = trainer.B, trainer.y
    x = B.reshape(trainer.X, (-1,))  # (n, 1) -> (n,)
    return Facts(*(float(B.to_numpy(B.sum(v))) for v in (B.square(x), x * y, B.square(y))))


def loss_at(trainer: Trainer, w: float) -> float:
    params = {"w": trainer.B.array(np.array([w]), trainer.dtype)}
    return float(trainer.B.to_numpy(trainer.model.loss(trainer.B, params, trainer.X, trainer.y)))


def loss_curve(trainer: Trainer) -> np.ndarray:
    """L(w) for the 100 values of W_GRID at once: (100, 1) * (1, n) − (1, n) → sum → (100,)."""
    B = trainer.B
    w = B.array(W_GRID[:, None], trainer.dtype)  # (100, 1)
    x = B.reshape(trainer.X, (1, -1))  # (1, n)
    y = B.reshape(trainer.y, (1, -1))  # (1, n)
    return np.asarray(B.to_numpy(B.sum(B.square(w * x - y), axis=1)))


def run(ctx: RunContext, data: Data, model: GDModel) -> Iterator[Record]:
    live = ctx.live
    trainer = Trainer(ctx.backend, model, data, model.init(ctx.rng), live["optimizer"], live["lr"])
    k, curve = facts(trainer), loss_curve(trainer)
    pic = _Picture(data, curve)
    if ctx.config["by_hand"]:
        yield from _by_hand(ctx, trainer, k, pic)
        return
    sampler = Sampler(data.n_train, ctx.rng)
    w, loss = float(trainer.numpy_params()["w"][0]), trainer.loss()
    history = [(0.0, w, loss)]
    watch = Watch(loss)
    if not ctx.headless:  # the app shows the start at once, and keeps it if step 1 blows up
        cursor = float(live["cursor"])
        start = {"w": w, "loss": loss, "w_star": k.w_star, "critical_lr": k.critical}
        start |= {"cursor": cursor, "cursor_loss": loss_at(trainer, cursor)}
        text = {
            "update": tr(
                "t = 0: w = {w:.6g}, L(w) = {loss:.6g}\nbefore any update", w=w, loss=loss
            ),
            "regime": _regime_text(k, live["optimizer"], float(live["lr"])),
        }
        yield Record(0, start, pic.tensors(history, cursor), text)
    for step in ctx.steps():
        lr, kind = float(live["lr"]), live["optimizer"]
        idx = sampler.next(kind, live["batch_size"])
        w_prev = w
        _, grads = trainer.step(idx, kind, lr)
        w, loss = float(trainer.numpy_params()["w"][0]), trainer.loss()
        history.append((float(step), w, loss))
        if len(history) > HISTORY_MAX:  # an hour on screen: keep the path's shape, not each step
            older = thin(history[:-TABLE_ROWS], HISTORY_MAX // 2)
            history[:-TABLE_ROWS] = [tuple(row) for row in older.tolist()]
        cursor = float(live["cursor"])
        metrics = {
            "w": w,
            "loss": loss,
            "grad": float(grads["w"][0]),
            "w_star": k.w_star,
            "critical_lr": k.critical,
            "cursor": cursor,
            "cursor_loss": loss_at(trainer, cursor),
        }
        text = {
            "update": _update_text(step, kind, lr, w_prev, metrics["grad"], w, loss, sampler.rows),
            "regime": _regime_text(k, kind, lr),
        }
        if watch.blown(loss):  # the step that blew up stays on screen, with its numbers
            record = Record(step, metrics, pic.tensors(history, cursor), text)
            raise Diverged(_diverged(k, kind, lr, watch.ref, loss, step), record)
        tensors = pic.tensors(history, cursor) if ctx.want_snapshot(step) else None
        yield Record(step, metrics, tensors, text)


def _by_hand(ctx: RunContext, trainer: Trainer, k: Facts, pic: _Picture) -> Iterator[Record]:
    """One record per cursor position: the learner moves w with ←/→ and reads L(w)."""
    ctx.interactive = True  # waits for the learner after each record: deliver each at once
    history: list[tuple[float, float, float]] = []
    step = 0
    while ctx.max_steps is None or step < ctx.max_steps:
        step += 1
        seen = ctx.live.version
        w = float(ctx.live["cursor"])
        loss = loss_at(trainer, w)
        slope = 2.0 * (w * k.sxx - k.sxy)  # dL/dw = Σ 2(w·xᵢ − yᵢ)·xᵢ
        history.append((float(step), w, loss))
        metrics = {"w": w, "loss": loss, "grad": slope, "w_star": k.w_star}
        metrics |= {"critical_lr": k.critical, "cursor": w, "cursor_loss": loss}
        if slope < 0:
            update = tr(
                "w = {w:.4g}\nL(w) = Σ(w·xᵢ − yᵢ)² = {loss:.6g}\ndL/dw = {slope:.6g}: downhill is "
                "to the right (w up)\nmove the cursor with ← and →",
                w=w,
                loss=loss,
                slope=slope,
            )
        else:
            update = tr(
                "w = {w:.4g}\nL(w) = Σ(w·xᵢ − yᵢ)² = {loss:.6g}\ndL/dw = {slope:.6g}: downhill is "
                "to the left (w down)\nmove the cursor with ← and →",
                w=w,
                loss=loss,
                slope=slope,
            )
        text = {
            "update": update,
            "regime": _facts_text(k) + tr("the bottom is at w*: can you find it?"),
        }
        # Always with tensors: each record is one move of the learner's, and rare.
        yield Record(step, metrics, pic.tensors(history, w), text)
        if not ctx.wait_for_change(seen):
            return


class _Picture:
    """The tensors of the two plots and the table, built from the run's history."""

    def __init__(self, data: Data, curve: np.ndarray):
        self.x, self.y, self.curve = data.x_train[:, 0], data.y_train, curve
        self.ends = np.array([self.x.min(), self.x.max()])  # (2,) the fitted lines' x range

    def tensors(self, history: list[tuple[float, float, float]], cursor: float) -> dict:
        table = np.array(history[-TABLE_ROWS:])  # (rows, 3): t, w_t, L(w_t)
        path = thin(history, PATH_POINTS)  # (≤ 400, 3)
        return {
            "curve_w": W_GRID,
            "curve_L": self.curve,
            "path_w": path[:, 1],
            "path_L": path[:, 2],
            "now_w": path[-1:, 1],
            "now_L": path[-1:, 2],
            "rm": self.x,
            "price": self.y,
            "fit_x": self.ends,
            "fit_w": path[-1, 1] * self.ends,
            "fit_cursor": cursor * self.ends,
            "table": table,
        }


def _update_text(t, kind, lr, w_prev, grad, w, loss, rows) -> str:
    if rows == 0 or kind == "gd":
        where = tr("over all rows")
    else:
        where = tr("over a batch of {rows} rows", rows=rows)
    head = f"t = {t}   ρ = {lr:g}   {kind}\ndL/dw = Σ 2(w·xᵢ − yᵢ)·xᵢ = {grad:.6g}\n  {where}\n"
    if kind in ("gd", "sgd"):
        step = f"w ← w − ρ·dL/dw\n  = {w_prev:.6g} − {lr:g} × ({grad:.6g})\n  = {w:.6g}\n"
    else:
        step = f"{tr(RULES[kind])}\n  w: {w_prev:.6g} → {w:.6g}\n"
    return head + step + f"L(w) = {loss:.6g}"


def _facts_text(k: Facts) -> str:
    return tr(
        "Σxᵢ² = {sxx:.6g}\ncritical rate 1/Σxᵢ² = {critical:.4g}\n"
        "w* = Σxᵢyᵢ/Σxᵢ² = {w_star:.6g}\nL(w*) = {l_star:.6g}\n",
        sxx=k.sxx,
        critical=k.critical,
        w_star=k.w_star,
        l_star=k.l_star,
    )


def _regime_text(k: Facts, kind: str, lr: float) -> str:
    f, facts_text = k.factor(lr), _facts_text(k)
    if kind != "gd":
        return facts_text + tr("({kind}: the factor below holds for plain gd only)", kind=kind)
    if f >= 0.9:
        verdict = tr("ρ ≪ critical: w crawls, {closer:.1%} closer each step", closer=1 - f)
    elif f >= 0:
        verdict = tr("ρ < 1/(2Σxᵢ²): w slides straight to w*")
    elif f > -1:
        verdict = tr("ρ above 1/(2Σxᵢ²): w overshoots and oscillates, but converges")
    else:
        verdict = tr(
            "ρ > critical: w oscillates and diverges, ×{factor:.4g} per step", factor=abs(f)
        )
    return facts_text + f"w_t − w* = {f:.4g} × (w_t−1 − w*)\n{verdict}"


def _diverged(k: Facts, kind: str, lr: float, ref: float, loss: float, step: int) -> str:
    if kind == "gd" and lr > k.critical:
        return tr(
            "L(w) grew from {ref:.4g} to {loss:.4g} at step {step}: the learning rate ρ = {lr:g} "
            "is above the critical rate 1/Σxᵢ² = {critical:.4g}, so each step multiplies the "
            "distance to w* = {w_star:.4g} by |1 − 2ρΣxᵢ²| = {factor:.4g}. Lower it below "
            "{critical:.4g} and restart.",
            ref=ref,
            loss=loss,
            step=step,
            lr=lr,
            critical=k.critical,
            w_star=k.w_star,
            factor=abs(k.factor(lr)),
        )
    return tr(
        "L(w) grew from {ref:.4g} to {loss:.4g} at step {step}: the learning rate ρ = {lr:g} is "
        "too high for {kind}; lower it and restart.",
        ref=ref,
        loss=loss,
        step=step,
        lr=lr,
        kind=kind,
    )


def views(config) -> list:
    loss_plot = V.Lines(
        "L(w) = Σ(w·xᵢ − yᵢ)²",
        series=(("L(w)", "curve_w", "curve_L", "line"), ("w_t", "path_w", "path_L", "points")),
        markers=(("w_t", "now_w", "now_L"),),
        vline="cursor",
        vline_label="cursor (← →)",
        xlabel="w",
    )
    scatter = V.Lines(
        "PRICE vs RM",
        series=(
            ("houses", "rm", "price", "points"),
            ("w_t·x", "fit_x", "fit_w", "line"),
            ("cursor·x", "fit_x", "fit_cursor", "line"),
        ),
        xlabel="RM (rooms)",
        ylabel="PRICE (k$)",
    )
    table = V.Table("t, w_t, L(w_t)", "table", ("t", "w_t", "L(w_t)"))
    numbers = V.Row((V.Text("the update", "update"), V.Text("why", "regime")))
    curves = V.Row((V.Curves("L(w_t)", ("loss",), logy=True), V.Curves("w_t, w*", ("w", "w_star"))))
    return [V.Row((loss_plot, scatter), weight=2), V.Row((table, numbers), weight=2), curves]
