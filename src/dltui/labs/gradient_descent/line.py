"""Step 3: two parameters (model `line`): the bowl E(θ₀, θ₁) as contours, with the descent path.

E(θ) = 1/(2n) Σ (θ₀ + θ₁xᵢ − yᵢ)² is a quadratic bowl whose Hessian is H = (1/n)·AᵀA with
A = [1, x]. Its eigenvalues say everything the learner sees: the contours are ellipses with
axes ∝ 1/√λ, gradient descent is stable for γ < 2/λmax, and the slow direction shrinks by
1 − γ·λmin per step. With raw RM (mean 6.3) H is nearly singular (condition number ≈ 3,400): a
long thin valley; the path drops to its floor, then crawls along it (and zig-zags across it
when γ > 1/λmax). Standardising x makes H the identity: round contours, a straight path, and
γ = 1 lands on the minimum in one step.

The map is computed with the backend (the same loss as the model) once per run; the path is
the parameters after each step. The square extent keeps circles looking like circles.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ...engine import views as V
from ...engine.i18n import Translated, tr
from ...engine.lab import Diverged, Record, RunContext
from .data import Data, own_names
from .models import GDModel
from .train import Sampler, Trainer, Watch, thin

GRID = 64  # contour map resolution (GRID × GRID values of E)
PATH_POINTS = 400
HISTORY_MAX = 10_000  # path points kept; past that the older ones are thinned: bounded memory


@dataclass(frozen=True)
class Bowl:
    lam: np.ndarray  # (2,) Hessian eigenvalues, ascending
    theta_star: np.ndarray  # (2,) the minimum
    e_star: float
    extent: np.ndarray  # (4,) θ₀ from, θ₀ to, θ₁ from, θ₁ to

    @property
    def cond(self) -> float:
        return float(self.lam[1] / self.lam[0])

    @property
    def critical(self) -> float:
        return float(2.0 / self.lam[1])


def bowl(trainer: Trainer, start: np.ndarray) -> Bowl:
    x, y = trainer.data.x_train[:, 0], trainer.data.y_train  # (n,), (n,)
    A = np.stack([np.ones_like(x), x], axis=1)  # (n, 2)
    lam = np.linalg.eigvalsh(A.T @ A / len(x))
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    half = max(0.65 * float(np.max(np.abs(theta - start))), 0.5)
    mid = (theta + start) / 2
    extent = np.array([mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half])
    return Bowl(lam, theta, _loss(trainer, theta), extent)


def _loss(trainer: Trainer, theta: np.ndarray) -> float:
    B = trainer.B
    params = {"t0": B.array(theta[:1], trainer.dtype), "t1": B.array(theta[1:], trainer.dtype)}
    return float(B.to_numpy(trainer.model.loss(B, params, trainer.X, trainer.y)))


def contour(trainer: Trainer, extent: np.ndarray) -> np.ndarray:
    """E over a GRID × GRID mesh, row 0 at the lowest θ₁: (G², 1) + (G², 1)·(1, n) → (G, G)."""
    B = trainer.B
    t0, t1 = np.meshgrid(
        np.linspace(extent[0], extent[1], GRID), np.linspace(extent[2], extent[3], GRID)
    )
    T0 = B.array(t0.reshape(-1, 1), trainer.dtype)  # (G², 1)
    T1 = B.array(t1.reshape(-1, 1), trainer.dtype)  # (G², 1)
    x, y = B.reshape(trainer.X, (1, -1)), B.reshape(trainer.y, (1, -1))  # (1, n)
    E = B.mean(B.square(T0 + T1 * x - y), axis=1) / 2  # (G²,)
    return np.asarray(B.to_numpy(E)).reshape(GRID, GRID)


def run(ctx: RunContext, data: Data, model: GDModel) -> Iterator[Record]:
    live = ctx.live
    init = model.init(ctx.rng)
    trainer = Trainer(ctx.backend, model, data, init, live["optimizer"], live["lr"])
    start = np.array([init["t0"][0], init["t1"][0]], dtype=np.float64)
    b = bowl(trainer, start)
    field = contour(trainer, b.extent)
    sampler = Sampler(data.n_train, ctx.rng)
    theta, loss = start, trainer.loss()
    path = [theta]
    watch = Watch(loss)
    if not ctx.headless:  # the app shows the start at once, and keeps it if step 1 blows up
        metrics = {"theta0": float(theta[0]), "theta1": float(theta[1]), "loss": loss}
        metrics |= {"gap": loss - b.e_star, "cond": b.cond, "critical_lr": b.critical}
        text = {"update": f"t = 0: θ = ({theta[0]:.4g}, {theta[1]:.4g}), E = {loss:.6g}"}
        text["shape"] = _shape_text(b, float(live["lr"]), data)
        yield Record(0, metrics, _tensors(field, b, thin(path, PATH_POINTS), data, theta), text)
    for step in ctx.steps():
        lr, kind = float(live["lr"]), live["optimizer"]
        before = theta
        _, grads = trainer.step(sampler.next(kind, live["batch_size"]), kind, lr)
        p = trainer.numpy_params()
        theta, loss = np.array([p["t0"][0], p["t1"][0]]), trainer.loss()
        path.append(theta)
        if len(path) > HISTORY_MAX:  # an hour on screen: keep the path's shape, not each step
            path[:-1] = list(thin(path[:-1], HISTORY_MAX // 2))
        g = (float(grads["t0"][0]), float(grads["t1"][0]))
        metrics = {"theta0": float(theta[0]), "theta1": float(theta[1]), "loss": loss}
        metrics |= {"gap": loss - b.e_star, "grad0": g[0], "grad1": g[1], "cond": b.cond}
        metrics["critical_lr"] = b.critical
        if data.n_val:
            metrics["val_loss"] = _val_loss(trainer)
        text = {"update": _update_text(step, kind, lr, before, g, theta, loss, b)}
        text["shape"] = _shape_text(b, lr, data)
        tensors = None
        blown = watch.blown(loss)
        if blown or ctx.want_snapshot(step):
            tensors = _tensors(field, b, thin(path, PATH_POINTS), data, theta)
        if blown:  # the step that blew up stays on screen, with its numbers
            raise Diverged(
                _diverged(b, kind, lr, watch.ref, loss, step, data.std is not None),
                Record(step, metrics, tensors, text),
            )
        yield Record(step, metrics, tensors, text)


def _val_loss(trainer: Trainer) -> float:
    err = trainer.predict("val") - trainer.data.y_val
    return float(np.mean(err**2) / 2)


def _tensors(field, b: Bowl, path: np.ndarray, data: Data, theta: np.ndarray) -> dict:
    x = data.x_train[:, 0]
    ends = np.array([x.min(), x.max()])  # (2,)
    return {
        "E_grid": field,
        "E_extent": b.extent,
        "path_t0": path[:, 0],
        "path_t1": path[:, 1],
        "opt_t0": b.theta_star[:1],
        "opt_t1": b.theta_star[1:],
        "opt_c": np.zeros(1),
        "x": x,
        "y": data.y_train,
        "fit_x": ends,
        "fit_y": theta[0] + theta[1] * ends,
    }


def _update_text(t, kind, lr, before, g, theta, loss, b: Bowl) -> str:
    head = (
        f"t = {t}   γ = {lr:g}   {kind}\n"
        f"∂E/∂θ₀ = (1/n)Σ(ŷᵢ − yᵢ) = {g[0]:.5g}\n∂E/∂θ₁ = (1/n)Σ(ŷᵢ − yᵢ)xᵢ = {g[1]:.5g}\n"
    )
    if kind in ("gd", "sgd"):
        body = (
            f"θ₀ ← {before[0]:.5g} − {lr:g} × ({g[0]:.5g}) = {theta[0]:.5g}\n"
            f"θ₁ ← {before[1]:.5g} − {lr:g} × ({g[1]:.5g}) = {theta[1]:.5g}\n"
        )
    else:
        body = f"θ: ({before[0]:.5g}, {before[1]:.5g}) → ({theta[0]:.5g}, {theta[1]:.5g})\n"
    return head + body + f"E = {loss:.6g}   E* = {b.e_star:.6g}"


def _shape_text(b: Bowl, lr: float, data: Data) -> str:
    if b.cond < 10:
        shape = tr(
            "condition number {cond:.4g}: round bowl: the path heads straight for the minimum",
            cond=b.cond,
        )
    else:
        shape = tr(
            "condition number {cond:.4g}: long narrow valley: the path dives to its floor, then "
            "crawls along it",
            cond=b.cond,
        )
    lines = [
        tr("Hessian eigenvalues {high:.4g} and {low:.4g}", high=b.lam[1], low=b.lam[0]),
        shape,
        tr("gd is stable for γ < 2/λmax = {critical:.4g}", critical=b.critical),
        tr("slow direction: ×{factor:.6g} per step", factor=1 - lr * b.lam[0]),
        tr("minimum θ* = ({t0:.4g}, {t1:.4g})", t0=b.theta_star[0], t1=b.theta_star[1]),
    ]
    if data.about:  # a learner's own file: its name and shape
        lines.insert(0, data.about)
    if data.std is not None and data.mean is not None:
        lines.append(
            tr(
                "x standardised: z = (x − {mean:.4g}) / {std:.4g}",
                mean=data.mean[0],
                std=data.std[0],
            )
        )
    return "\n".join(lines)


def _diverged(b: Bowl, kind, lr, ref, loss, step, standardized: bool) -> str:
    if kind == "gd" and lr > b.critical:
        story = tr(
            "E grew from {ref:.4g} to {loss:.4g} at step {step}: the learning rate γ = {lr:g} is "
            "above 2/λmax = {critical:.4g}, the limit set by the bowl's steepest direction, so "
            "every step overshoots further.",
            ref=ref,
            loss=loss,
            step=step,
            lr=lr,
            critical=b.critical,
        )
        if standardized:
            return story
        return story + " " + tr("Standardising x makes the bowl round and allows γ up to 2.")
    return tr(
        "E grew from {ref:.4g} to {loss:.4g} at step {step}: the learning rate γ = {lr:g} is too "
        "high for {kind}; lower it and restart.",
        ref=ref,
        loss=loss,
        step=step,
        lr=lr,
        kind=kind,
    )


def views(config) -> list:
    heat = V.Heatmap(
        "E(θ₀, θ₁): θ₀ across, θ₁ up",
        "E_grid",
        extent="E_extent",
        points=("opt_t0", "opt_t1", "opt_c"),
        path=("path_t0", "path_t1"),
        path_label="descent path (◆ now)",
        log=True,
        levels=12,
        xlabel="θ₀",
        ylabel="θ₁",
        clabel="E(θ)",
        classes=("θ*, the minimum",),
    )
    boston = config["data"] == "boston"
    x_name, y_name = ("RM (rooms)" if boston else "x"), "y"
    if config["data"] not in ("boston", "synthetic"):  # a CSV file: its columns' names, as typed
        x_name, y_name = (Translated(name) for name in own_names(config))
    if config["standardize"]:  # a standardised x has no unit: "RM", not "RM (rooms)"
        x_name = tr("{x}, standardised", x=Translated("RM") if boston else tr(x_name))
    fit = V.Lines(
        "data and θ₀ + θ₁x",
        series=(("points", "x", "y", "points"), ("θ₀ + θ₁x", "fit_x", "fit_y", "line")),
        xlabel=x_name,
        ylabel="PRICE (k$)" if boston else y_name,
    )
    losses = ("loss", "val_loss") if config["val_split"] > 0 else ("loss",)
    e_name = "MSE/2 (k$²)" if boston else "MSE/2"  # E = 1/(2n) Σ (ŷ − y)², half the MSE
    numbers = (V.Curves("E", losses, logy=True, ylabel=e_name), V.Text("the update", "update"))
    return [V.Row((heat, fit), weight=3), V.Row((*numbers, V.Text("the bowl", "shape")), weight=2)]
