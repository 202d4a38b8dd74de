"""One GAN iteration (one D step, then one G step: k = 1) at the gan lab's preset sizes.

Cases:
- `gan step ring 8-32-32-2 / 2-32-32-1 b128` — the ring preset: G 8 → 32 → 32 → 2 (ReLU),
  D 2 → 32 → 32 → 1 (leaky ReLU 0.2), batch 128, Adam (β1 = 0.5), non-saturating G loss;
- `gan step digits 16-128-128-64 / 64-128-128-1 b64` — the digits preset (sigmoid pixels).
Ours is the lab's own trainer (dltui.labs.gan.trainer.Gan); PyTorch runs the same networks from
the same initial weights, with real batches and noise drawn by NumPy on both sides.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dltui.labs.gan import data as D
from dltui.labs.gan import model as M
from dltui.labs.gan.trainer import Gan

from .harness import BenchCase

RING = {"noise_dim": 8, "hidden_g": 32, "hidden_d": 32, "batch": 128, "lr": 0.004}
DIGITS = {"noise_dim": 16, "hidden_g": 128, "hidden_d": 128, "batch": 64, "lr": 0.002}


def _config(sizes: dict) -> dict:
    return {
        "noise_dim": sizes["noise_dim"], "noise": "gaussian", "hidden_g": sizes["hidden_g"],
        "hidden_d": sizes["hidden_d"], "layers": 2, "nonsaturating": True, "optimizer": "adam",
        "lr_d": sizes["lr"], "lr_g": sizes["lr"], "k": 1, "batch": sizes["batch"],
    }  # fmt: skip


def _sampler(kind: str):
    if kind == "ring":
        return D.make_target("ring").sample, 2, False
    images = D.digit_images()
    return (lambda n, rng: images[rng.integers(0, len(images), n)]), 64, True


def make_ours(kind: str, sizes: dict) -> Callable[[object], Callable[[], None]]:
    def make(B) -> Callable[[], None]:
        real, n_out, squash = _sampler(kind)
        config = _config(sizes)
        gan = Gan(B, config, n_out, real, np.random.default_rng(0), squash)
        return lambda: gan.step(config)

    return make


def make_torch(kind: str, sizes: dict) -> Callable[[], Callable[[], None]]:
    def make() -> Callable[[], None]:
        import torch

        real, n_out, squash = _sampler(kind)
        config = _config(sizes)
        rng = np.random.default_rng(0)
        init = Gan(_NumpyArrays, config, n_out, real, rng, squash)  # the same first weights

        def net(layers, act, last=None):
            mods: list[torch.nn.Module] = []
            for i, layer in enumerate(layers):
                lin = torch.nn.Linear(*layer["W"].shape)
                with torch.no_grad():
                    lin.weight.copy_(torch.from_numpy(layer["W"].T.copy()))
                    lin.bias.copy_(torch.from_numpy(layer["b"]))
                mods += [lin] if i == len(layers) - 1 else [lin, act()]
            return torch.nn.Sequential(*mods, *([last()] if last else []))

        g = net(init.g, torch.nn.ReLU, torch.nn.Sigmoid if squash else None)
        d = net(init.d, lambda: torch.nn.LeakyReLU(0.2))
        opt_g = torch.optim.Adam(g.parameters(), lr=config["lr_g"], betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(d.parameters(), lr=config["lr_d"], betas=(0.5, 0.999))
        bce = torch.nn.BCEWithLogitsLoss()
        n, dim = config["batch"], config["noise_dim"]
        ones, zeros = torch.ones(n), torch.zeros(n)

        def step() -> None:
            x = torch.from_numpy(real(n, rng))
            z = torch.from_numpy(M.noise(rng, n, dim, "gaussian"))
            opt_d.zero_grad()
            with torch.no_grad():
                fake = g(z)
            loss_d = 0.5 * (bce(d(x)[:, 0], ones) + bce(d(fake)[:, 0], zeros))
            loss_d.backward()
            opt_d.step()
            z = torch.from_numpy(M.noise(rng, n, dim, "gaussian"))
            opt_g.zero_grad()
            loss_g = bce(d(g(z))[:, 0], ones)
            loss_g.backward()
            opt_g.step()

        return step

    return make


class _NumpyArrays:
    """Just enough of a backend to draw the initial weights in NumPy (no training)."""

    array = staticmethod(lambda a: np.asarray(a, np.float32))
    value_and_grad = staticmethod(lambda fn: fn)
    relu = staticmethod(lambda x: np.maximum(x, 0))
    leaky_relu = staticmethod(lambda x, s=0.01: np.where(x > 0, x, s * x))
    sigmoid = staticmethod(lambda x: 1 / (1 + np.exp(-x)))
    softplus = staticmethod(lambda x: np.logaddexp(0, x))
    mean = staticmethod(np.mean)
    concatenate = staticmethod(np.concatenate)
    reshape = staticmethod(np.reshape)
    to_numpy = staticmethod(np.asarray)


CASES = [
    BenchCase(
        "gan step ring 8-32-32-2 / 2-32-32-1 b128",
        make_ours("ring", RING),
        make_torch("ring", RING),
    ),
    BenchCase(
        "gan step digits 16-128-128-64 / 64-128-128-1 b64",
        make_ours("digits", DIGITS),
        make_torch("digits", DIGITS),
    ),
]
