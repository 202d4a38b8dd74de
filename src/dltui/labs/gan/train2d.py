"""Part 3 (and 4), a 2-D GAN trained live: real and generated points over D's field.

One step is one iteration of the course's loop, or one net only when `train` is D or G (GAN
Lab's stepping: the `d`, `g` and `b` keys set it and take one step). Every snapshot carries:
real (N, 2), fake (N, 2) from fixed noise, D's probability field over the plane with its extent
and a fixed 0…1 colour range (D outputs a probability), and short segments along −∂L_G/∂x, the
direction G's loss pushes each shown point. Coverage (modes covered, good samples) is measured
every EVAL_EVERY steps on 2,500 samples and carried between measurements.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from . import coverage as C
from . import model as M
from .data import EXTENTS, make_target
from .trainer import Gan, describe

EVAL_EVERY = 10
FIELD_N = 48  # D's field is FIELD_N × FIELD_N
SHOW_REAL, SHOW_FAKE, SHOW_ARROWS = 200, 200, 40
ARROW_DOTS = np.array([1 / 3, 2 / 3, 1.0])
LN2 = float(np.log(2))


def game_metrics(gan: Gan, live: dict, ev: dict) -> dict[str, float]:
    """The losses with their equilibrium references, D's outputs and the step counts: what
    both the 2-D and the digits parts report every step."""
    ns = bool(live["nonsaturating"])
    return {
        "loss_d": gan.loss_d,
        "loss_g": gan.loss_g,
        "eq_d": LN2,
        "eq_g": LN2 if ns else -LN2,
        **ev,
        "d_steps": float(gan.d_steps),
        "g_steps": float(gan.g_steps),
    }


def run(ctx: RunContext) -> Iterator[Record]:
    config, B = dict(ctx.config), ctx.backend
    target = make_target(config["data"])
    gan = Gan(B, config, 2, target.sample, ctx.rng, squash=False)
    # What is measured and shown draws from its own generator, so the training stream (ctx.rng)
    # does not depend on how many points the screen shows.
    look = np.random.default_rng([ctx.seed, 1])
    z_eval = M.noise(look, C.EVAL_SAMPLES, gan.noise_dim, gan.noise_kind)  # fixed noise
    real_show = target.sample(SHOW_REAL, look)
    real_eval = target.sample(500, look)
    real_spread = C.spread(target.sample(C.EVAL_SAMPLES, look))
    extent = EXTENTS[config["data"]]
    x0, x1, y0, y1 = extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, FIELD_N), np.linspace(y0, y1, FIELD_N))
    plane = np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32)  # (G·G, 2)
    point_grad = {
        ns: B.value_and_grad(lambda x, d, ns=ns: M.g_loss_of_fake(B, d, x, ns, B.sum))
        for ns in (True, False)
    }
    pg, pd = gan.counts()
    static = {"params_g": float(pg), "params_d": float(pd), "modes_total": float(target.modes)}
    net = describe(config, gan)
    best, ev, last = 0, None, None
    for step in ctx.steps():
        live = ctx.live.snapshot()
        with np.errstate(all="ignore"):  # a blow-up is reported, not warned about
            gan.step(live, live["train"])
            ok = gan.finite()
        if not ok:
            raise Diverged(_blown(gan, live, step), _kept(last, step))
        if ev is None or step % EVAL_EVERY == 0 or ctx.want_snapshot(step):
            fake = gan.generate(z_eval)  # (2500, 2)
            cov = C.measure(target, fake, real_spread)
            best = max(best, cov.covered)
            ev = {
                "modes_covered": float(cov.covered),
                "good_fraction": cov.good,
                "d_real": float(gan.prob(real_eval).mean()),
                "d_fake": float(gan.prob(fake).mean()),
                "spread": cov.spread,
                "collapsed": float(cov.collapsed(gan.g_steps)),
            }
            line = C.verdict(cov, gan.g_steps, best)
        ns = bool(live["nonsaturating"])
        metrics = game_metrics(gan, live, ev) | static
        tensors = words = None
        if ctx.want_snapshot(step):
            tensors = _pictures(B, gan, fake, real_show, plane, extent, point_grad[ns])
            words = {"status": line, "network": _network(net, live, gan, cov, ns)}
        last = Record(step, metrics, tensors, words) if tensors else _merge(last, metrics, step)
        yield Record(step, metrics, tensors, words)


def _pictures(B: Backend, gan: Gan, fake, real, plane, extent, point_grad) -> dict[str, Any]:
    shown = fake[:SHOW_FAKE]
    _, g = point_grad(B.array(shown[:SHOW_ARROWS]), gan.d)  # ∂L_G/∂x per point (n, 2)
    push = -np.asarray(B.to_numpy(g), np.float64)
    norm = np.linalg.norm(push, axis=1, keepdims=True)
    span = 0.12 * (extent[1] - extent[0])  # the longest segment: 12 % of the plot's width
    seg = push / (norm.max() or 1.0) * span  # (n, 2), lengths ∝ |∇|
    dots = shown[:SHOW_ARROWS, None, :] + ARROW_DOTS[None, :, None] * seg[:, None, :]
    dots = dots.reshape(-1, 2)
    px = np.concatenate([dots[:, 0], real[:, 0], shown[:, 0]])
    py = np.concatenate([dots[:, 1], real[:, 1], shown[:, 1]])
    pc = np.concatenate([np.full(len(dots), 2), np.zeros(len(real)), np.ones(len(shown))])
    n = int(np.sqrt(len(plane)))
    return {
        "real": real,
        "fake": shown,
        "arrows": np.concatenate([shown[:SHOW_ARROWS], seg], 1).astype(np.float32),  # x, y, dx, dy
        "field": gan.prob(plane).reshape(n, n).astype(np.float32),
        "extent": np.array(extent, np.float32),
        "vlim": np.array([0.0, 1.0], np.float32),
        "px": px.astype(np.float32),
        "py": py.astype(np.float32),
        "pc": pc.astype(np.float32),
    }


def _network(net: str, live: dict, gan: Gan, cov: C.Coverage, ns: bool) -> str:
    if ns:
        loss = tr("−log D(G(z)) (non-saturating)")
    else:
        loss = tr("log(1 − D(G(z))) (course, saturating)")
    per = " ".join(str(int(c)) for c in cov.per_mode[:25])
    lines = [
        net,
        tr("G's loss  {loss}", loss=loss),
        tr(
            "{optimizer}  η_D {lr_d:g} · η_G {lr_g:g} · k {k} · batch {batch} · "
            "a step trains {train}",
            optimizer=live["optimizer"],
            lr_d=live["lr_d"],
            lr_g=live["lr_g"],
            k=live["k"],
            batch=live["batch"],
            train=live["train"],
        ),
        tr("steps  D {d} · G {g}", d=gan.d_steps, g=gan.g_steps),
        tr("good samples per mode (of 2,500): {per}", per=per),
        "",
        tr(
            "colour: D(x), the probability that x is real, on a fixed 0…1 scale (½: D can't "
            "tell). Blue: real points; orange: G's; green segments: −∂L_G/∂x, where G's loss "
            "pushes each point (longest = strongest)."
        ),
        tr(
            "D's loss is the mean form −½[log D(x) + log(1 − D(G(z)))]: ln 2 ≈ 0.693 at D ≡ ½ "
            "(2 ln 2 if summed). G's: ln 2 (−log D) or −ln 2 (log(1 − D))."
        ),
    ]
    return "\n".join(lines)


def _merge(last: Record | None, metrics: dict, step: int) -> Record | None:
    """The record to keep for a blow-up: the latest pictures with the latest finite metrics."""
    if last is None:
        return None
    return Record(step, metrics, last.tensors, last.text)


def _kept(last: Record | None, step: int) -> Record | None:
    if last is None:
        return None
    return Record(step, last.metrics, last.tensors, last.text)


def _blown(gan: Gan, live: dict, step: int) -> str:
    return tr(
        "the losses blew up at step {step} (D {loss_d:.3g}, G {loss_g:.3g}): with "
        "η_D {lr_d:g} and η_G {lr_g:g} ({optimizer}) the updates overshoot and the weights "
        "overflow. Points and field are the last finite ones; lower the learning rates and "
        "restart.",
        step=step,
        loss_d=gan.loss_d,
        loss_g=gan.loss_g,
        lr_d=live["lr_d"],
        lr_g=live["lr_g"],
        optimizer=live["optimizer"],
    )
