"""Part 5, an MLP GAN on the vendored 8×8 digits: samples from fixed noise sharpen as it trains.

G: z → hidden ReLU layers → 64 sigmoid pixels; D: 64 pixels → hidden leaky-ReLU layers → logit.
The 16 samples are always G(z) for the same 16 noise vectors drawn at the start, so the learner
watches the same digits form; 16 real digits sit beside them. Same loop, stepping and live knobs
as the 2-D part (trainer.Gan).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from . import model as M
from .data import digit_images, tile
from .train2d import _blown, game_metrics
from .trainer import Gan, describe

SHOWN = 16  # a 4 × 4 grid of samples (and of real digits)


def run(ctx: RunContext) -> Iterator[Record]:
    config, B = dict(ctx.config), ctx.backend
    images = digit_images()  # (1797, 64) in [0, 1]

    def real(n: int, rng: np.random.Generator) -> np.ndarray:
        return images[rng.integers(0, len(images), n)]

    gan = Gan(B, config, 64, real, ctx.rng, squash=True)
    look = np.random.default_rng([ctx.seed, 1])  # shown and measured: apart from training
    z_fixed = M.noise(look, SHOWN, gan.noise_dim, gan.noise_kind)
    real_grid = tile(images[look.choice(len(images), SHOWN, replace=False)], 4)
    real_eval = real(256, look)
    pg, pd = gan.counts()
    net = describe(config, gan)
    last: Record | None = None
    ev: dict[str, float] = {}
    for step in ctx.steps():
        live = ctx.live.snapshot()
        with np.errstate(all="ignore"):
            gan.step(live, live["train"])
            ok = gan.finite()
        if not ok:
            raise Diverged(_blown(gan, live, step), last and Record(step, *_parts(last)))
        snap = ctx.want_snapshot(step)
        if not ev or step % 10 == 0 or snap:
            fake = gan.generate(M.noise(look, 256, gan.noise_dim, gan.noise_kind))
            ev = {
                "d_real": float(gan.prob(real_eval).mean()),
                "d_fake": float(gan.prob(fake).mean()),
            }
        metrics = game_metrics(gan, live, ev) | {
            "params_g": float(pg),
            "params_d": float(pd),
        }
        tensors = words = None
        if snap:
            samples = gan.generate(z_fixed)  # (16, 64)
            tensors = {"samples": tile(samples, 4), "real_digits": real_grid}
            words = {"network": _text(net, live, gan)}
            last = Record(step, metrics, tensors, words)
        yield Record(step, metrics, tensors, words)


def _parts(r: Record) -> tuple:
    return r.metrics, r.tensors, r.text


def _text(net: str, live: dict, gan: Gan) -> str:
    loss = "−log D(G(z))" if live["nonsaturating"] else tr("log(1 − D(G(z))) (saturating)")
    lines = [
        net,
        tr("G's loss  {loss}", loss=loss),
        tr(
            "{optimizer}  η_D {lr_d:g} · η_G {lr_g:g} · k {k} · batch {batch}",
            optimizer=live["optimizer"],
            lr_d=live["lr_d"],
            lr_g=live["lr_g"],
            k=live["k"],
            batch=live["batch"],
        ),
        tr("steps  D {d} · G {g}", d=gan.d_steps, g=gan.g_steps),
        tr(
            "samples: G(z) for 16 noise vectors fixed at the start,\n"
            "so the same digits sharpen as training goes"
        ),
    ]
    return "\n".join(lines)
