"""Part 1, the game on one axis: p_data = N(0, 1), p_g = N(μ, 1), and the optimal discriminator.

For a fixed G, D* (x) = p_data(x) / (p_data(x) + p_g(x)); here that is the logistic
1 / (1 + exp(μx − μ²/2)) (μ = 1: D*(−1, 0, 0.5, 1, 2) = 0.8176, 0.6225, 0.5, 0.3775, 0.1824).
Against D* the game's value is V = E_data[log D*] + E_g[log(1 − D*)] = −ln 4 + 2·JSD(p_data‖p_g),
so it is lowest, −ln 4 ≈ −1.3863, exactly when p_g = p_data, where D* ≡ ½. Interactive: nothing
trains; μ is a live knob (←/→ move it) and the part redraws.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from ..common.numfmt import fmt

XS = (-1.0, 0.0, 0.5, 1.0, 2.0)  # the course's points
LN4 = float(np.log(4.0))


def density(x: np.ndarray, mean: float) -> np.ndarray:
    return np.exp(-0.5 * (x - mean) ** 2) / np.sqrt(2 * np.pi)


def d_star(x, mu: float):
    """p_data / (p_data + p_g) for N(0, 1) vs N(μ, 1): a logistic in x."""
    return 1.0 / (1.0 + np.exp(mu * np.asarray(x, np.float64) - mu * mu / 2))


def game_value(mu: float) -> float:
    """V(D*, G) = E_data[log D*] + E_g[log(1 − D*)], by the trapezoid rule on a fine grid."""
    x = np.linspace(min(0.0, mu) - 12, max(0.0, mu) + 12, 20001)
    t = mu * x - mu * mu / 2  # D* = σ(−t): log D* = −softplus(t), log(1 − D*) = t − softplus(t)
    soft = np.logaddexp(0, t)
    f = density(x, 0) * -soft + density(x, mu) * (t - soft)
    return float(np.sum((f[1:] + f[:-1]) * np.diff(x)) / 2)


def run(ctx: RunContext) -> Iterator[Record]:
    xs = np.linspace(-4, 5, 181)
    return redraw_on_change(ctx, lambda live, step: _render(live["mu"], xs, step))


def _render(mu: float, xs: np.ndarray, step: int) -> Record:
    value = game_value(mu)
    marks = np.array(XS)
    tensors = {
        "xs": xs,
        "pdata": density(xs, 0),
        "pg": density(xs, mu),
        "dstar": d_star(xs, mu),
        "mx": marks,
        "my": d_star(marks, mu),
    }
    metrics = {"mu": mu, "value": value, "jsd": (value + LN4) / 2}
    metrics.update({f"d_star_{x:g}": float(d_star(x, mu)) for x in XS})
    return Record(step, metrics, tensors, {"work": _work(mu, value)})


def _work(mu: float, value: float) -> str:
    rows = "\n".join(f"  D*({fmt(x)}) = {d_star(x, mu):.4f}" for x in XS)
    return "\n".join(
        [
            f"p_data = N(0, 1), p_g = N({fmt(mu)}, 1)",
            "D*(x) = p_data / (p_data + p_g)",
            f"      = 1 / (1 + exp({fmt(mu)}·x − {fmt(mu * mu / 2)}))",
            rows,
            "",
            tr("value V(D*, G) = {v:.4f}", v=value),
            f"  = −ln 4 + 2·JSD, JSD = {(value + LN4) / 2:.4f}",
            tr("at p_g = p_data: D* ≡ ½, V = −ln 4 = {v:.4f}", v=-LN4),
            "",
            tr("G lowers V by moving p_g onto p_data;"),
            tr("keys: ←/→ move μ by 0.1"),
        ]
    )
