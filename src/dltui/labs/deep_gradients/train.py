"""Part `train`: a deep MLP learns a 2-D data set while every layer's gradient is measured.

Each step: the full-batch gradient, its norm per weight matrix (layers numbered from 1 at the
input), optionally clipped by global norm, then the update. The screen shows the norms as bars
(log), their history as a heatmap (layer × step, log colour), the update-to-weight ratio
‖ΔW‖/‖W‖ per layer against the usual ~1e-3, and the share of saturated (or dead) units. The
metric `ratio_first_last` = ‖∂L/∂W₁‖ / ‖∂L/∂W_last‖ is the curse of depth in one number; for
sigmoid its bound is 0.25 per layer (σ' ≤ 0.25): 0.25^20 = 9.09e-13.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...backend.tree import tree_map
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from ..perceptron.data import make_2d
from .model import forward, init_params, make_loss, norm, saturation

POINTS, NOISE = 400, 0.1
HISTORY = 120  # heatmap rows kept (the most recent training steps)
FLOOR = 1e-30  # a norm of exactly zero, on the log scale
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def clip_by_norm(B: Backend, grads, c: float):
    """Scale the whole gradient so its global norm is at most c (c = 0: no clipping)."""
    total = float(np.sqrt(sum(norm(B, g) ** 2 for g in grads["W"] + grads["b"])))
    if c <= 0 or total <= c:
        return grads, total
    return tree_map(lambda g: g * (c / total), grads), total


def run(ctx: RunContext) -> Iterator[Record]:
    B, config, rng = ctx.backend, ctx.config, ctx.rng
    x_np, y_np = make_2d(config["dataset"], POINTS, NOISE, rng)
    X, Y = B.array(x_np.astype(np.float32)), B.array(y_np.astype(np.float32)[:, None])
    params = tree_map(B.array, init_params(rng, config))
    loss_and_grad = B.value_and_grad(make_loss(B, config))
    opt = Optimizer(config["optimizer"], ctx.live["lr"], B)
    state = opt.init(params)
    layers = len(params["W"])
    history: list[np.ndarray] = []
    for step in ctx.steps():
        opt.lr = ctx.live["lr"]
        # An exploding net overflows on the way: detected below and explained, not warned.
        with np.errstate(all="ignore"):
            loss, grads = loss_and_grad(params, X, Y)
            g_norms = np.array([norm(B, g) for g in grads["W"]])  # (layers,)
            grads, total = clip_by_norm(B, grads, ctx.live["clip"])
            new, state = opt.update(params, grads, state)
            w_norms = np.array([norm(B, w) for w in params["W"]])
            d_norms = np.array([norm(B, n - w) for n, w in zip(new["W"], params["W"], strict=True)])
            params = new
            B.eval(params, state)
        loss_value = float(B.to_numpy(loss))
        ratio = g_norms[0] / g_norms[-1] if g_norms[-1] > 0 else 0.0
        metrics = {"loss": loss_value, "grad_norm_total": total, "ratio_first_last": ratio}
        metrics |= {f"grad_norm_{i + 1}": float(g) for i, g in enumerate(g_norms)}
        history = (history + [np.maximum(g_norms, FLOOR)])[-HISTORY:]
        blew_up = not np.isfinite(loss_value) or not np.all(np.isfinite(g_norms))
        tensors = None
        if blew_up or ctx.want_snapshot(step):
            with np.errstate(all="ignore"):
                acts: list = []
                logits = forward(B, params, X, config, acts)
                hits = (B.to_numpy(logits)[:, 0] > 0) == (y_np > 0.5)
                sat = saturation([B.to_numpy(a) for a in acts], config["activation"])
            metrics["accuracy"] = float(hits.mean())
            # The bars get the true values: an exact 0 (a dead layer; an update lost to float32
            # rounding) reads "0" with no bar, never a made-up 1e-30 on the log scale.
            tensors = {
                "grad_norms": g_norms,
                "update_ratio": d_norms / np.maximum(w_norms, FLOOR),
                "saturation": sat,
                "gn_map": np.array(history),  # (steps, layers), oldest first
                "gn_extent": np.array([0.5, layers + 0.5, step - len(history) + 0.5, step + 0.5]),
            }
        if blew_up:  # keep what is still a number: nan in JSON or on a plot says nothing
            metrics = {k: v for k, v in metrics.items() if np.isfinite(v)}
            if tensors is not None:
                tensors = {k: v for k, v in tensors.items() if np.all(np.isfinite(v))}
        record = Record(step, metrics, tensors, {"reading": _reading(config, g_norms, total)})
        if blew_up:
            if not np.isfinite(loss_value):
                why = tr(
                    "the loss became {loss} at step {step}: the activations and gradients grew "
                    "layer after layer until they overflowed. Clip the gradient (clip = 1), "
                    "lower init_scale or lr, and restart.",
                    loss=loss_value,
                    step=step,
                )
            else:
                why = tr(
                    "a layer's gradient overflowed at step {step}: the activations and "
                    "gradients grew layer after layer until they overflowed. Clip the gradient "
                    "(clip = 1), lower init_scale or lr, and restart.",
                    step=step,
                )
            raise Diverged(
                why,
                record,
            )
        yield record


def _reading(config, g: np.ndarray, total: float) -> str:
    L = len(g)
    ratio = g[0] / g[-1] if g[-1] > 0 else 0.0
    clip = config["clip"]
    lines = [
        f"‖∂L/∂W₁‖ / ‖∂L/∂W{str(L).translate(_SUBSCRIPTS)}‖ = {ratio:.3g}",
        tr("global gradient norm {total:.3g}, clipped to {clip:g}", total=total, clip=clip)
        if 0 < clip < total
        else tr("global gradient norm {total:.3g}", total=total),
    ]
    if not (np.isfinite(total) and np.all(np.isfinite(g))):  # not "ratio 0", "norm nan"
        lines = [tr("the gradient overflowed (inf or nan): no ratio or norm to show")]
    if config["activation"] == "sigmoid" and (config["residual"] or config["batchnorm"]):
        # the bound is a plain stack's: the ratio read above is far over it, and that is the point
        lines.append(
            tr(
                "sigmoid: σ' ≤ 0.25 would allow at most 0.25^{n} = {bound:.3g} in a plain "
                "stack; the residual connections or batch norm escape that bound",
                n=L - 1,
                bound=0.25 ** (L - 1),
            )
        )
    elif config["activation"] == "sigmoid":
        lines.append(
            tr(
                "sigmoid: σ' ≤ 0.25, so at most 0.25^{n} = {bound:.3g}",
                n=L - 1,
                bound=0.25 ** (L - 1),
            )
        )
    return "\n".join(lines)


def views(config) -> list:
    L = config["depth"] + 1
    labels = tuple(f"W{i}" for i in range(1, L + 1))
    return [
        V.Row(
            (
                V.Bars("‖∂L/∂W‖ per layer (log)", "grad_norms", labels, log=True),
                V.Heatmap(
                    "‖∂L/∂W‖ over training (log)",
                    "gn_map",
                    extent="gn_extent",
                    log=True,
                    xlabel="layer (1 = input)",
                    ylabel="training step",
                    clabel="‖∂L/∂W‖",
                ),
            ),
            weight=3,
        ),
        V.Row(
            (
                V.Bars("update / weight ‖ΔW‖/‖W‖ (log; ~1e-3 is healthy)", "update_ratio", labels,
                       log=True),
                V.Bars("saturated or dead units (share)", "saturation", labels[:-1], top=1.0),
                V.Text("the numbers", "reading"),
            ),
            weight=2,
        ),
        V.Curves("loss (log)", ("loss",), logy=True, ylabel="cross-entropy", weight=2),
    ]  # fmt: skip
