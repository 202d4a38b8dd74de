"""One GAN's training state and its two kinds of step, shared by the 2-D and the digits parts.

The course's loop: sample noise and a real batch, update D (ascent on its objective, here the
descent of its loss), then G; D's step may repeat k times per G step. `step(kind)` does one of
"both" (k D steps then one G step), "D" or "G" (one step of that net only: GAN Lab's stepping).
Learning rates, k, the optimizer and the loss form are read live each step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...engine.i18n import tr
from ...engine.numfmt import thousands
from . import model as M

BLOW_UP = 100.0  # a loss this large means logits of ±100: the nets' weights blew up
Sampler = Callable[[int, np.random.Generator], np.ndarray]


class Gan:
    def __init__(self, B: Backend, config: Mapping, n_out: int, real: Sampler, rng, squash: bool):
        self.B, self.rng, self.real, self.squash = B, rng, real, squash
        self.noise_dim, self.noise_kind = config["noise_dim"], config["noise"]
        self.g_sizes = M.sizes(config["noise_dim"], config["hidden_g"], config["layers"], n_out)
        self.d_sizes = M.sizes(n_out, config["hidden_d"], config["layers"], 1)
        self.g = M.init_mlp(self.g_sizes, rng, B)
        self.d = M.init_mlp(self.d_sizes, rng, B)
        self._d_grad = B.value_and_grad(lambda d, x, f: M.d_loss(B, d, x, f))
        self._g_grad = {
            ns: B.value_and_grad(lambda g, d, z, ns=ns: M.g_loss(B, g, d, z, ns, squash))
            for ns in (True, False)
        }
        self.kind = ""
        self.d_steps = self.g_steps = 0
        self.loss_d, self.loss_g = self.losses(256, config["nonsaturating"])  # before any step

    def _optimizers(self, live: Mapping) -> None:
        """(Re)build both optimizers when the rule changes: fresh state, same weights."""
        if live["optimizer"] != self.kind:
            self.kind = live["optimizer"]
            # Adam with β1 = 0.5, as DCGAN (Radford et al. 2016) and most GAN code since.
            self.opt_d = Optimizer(self.kind, live["lr_d"], self.B, beta1=0.5)
            self.opt_g = Optimizer(self.kind, live["lr_g"], self.B, beta1=0.5)
            self.state_d, self.state_g = self.opt_d.init(self.d), self.opt_g.init(self.g)
        self.opt_d.lr, self.opt_g.lr = live["lr_d"], live["lr_g"]

    def z(self, n: int) -> np.ndarray:
        return M.noise(self.rng, n, self.noise_dim, self.noise_kind)

    def step(self, live: Mapping, kind: str = "both") -> None:
        self._optimizers(live)
        n = live["batch"]
        if kind in ("both", "D"):
            for _ in range(live["k"] if kind == "both" else 1):
                self.d_step(n)
        if kind in ("both", "G"):
            self.g_step(n, live["nonsaturating"])

    def d_step(self, n: int) -> None:
        B = self.B
        real = B.array(self.real(n, self.rng))
        fake = M.generate(B, self.g, B.array(self.z(n)), self.squash)
        loss, grads = self._d_grad(self.d, real, fake)
        self.d, self.state_d = self.opt_d.update(self.d, grads, self.state_d)
        B.eval(self.d, self.state_d)
        self.loss_d, self.d_steps = float(B.to_numpy(loss)), self.d_steps + 1

    def g_step(self, n: int, nonsaturating: bool) -> None:
        B = self.B
        loss, grads = self._g_grad[bool(nonsaturating)](self.g, self.d, B.array(self.z(n)))
        self.g, self.state_g = self.opt_g.update(self.g, grads, self.state_g)
        B.eval(self.g, self.state_g)
        self.loss_g, self.g_steps = float(B.to_numpy(loss)), self.g_steps + 1

    def generate(self, z: np.ndarray) -> np.ndarray:
        return self.B.to_numpy(M.generate(self.B, self.g, self.B.array(z), self.squash))

    def prob(self, x: np.ndarray) -> np.ndarray:
        """D(x) for points x (n, d), NumPy (n,)."""
        a = self.B.to_numpy(M.logit(self.B, self.d, self.B.array(x)))
        return 0.5 * (1 + np.tanh(0.5 * a))

    def losses(self, n: int, nonsaturating: bool) -> tuple[float, float]:
        """(D's loss, G's loss) on a fresh batch, no update."""
        B = self.B
        z = B.array(self.z(n))
        fake = M.generate(B, self.g, z, self.squash)
        ld = M.d_loss(B, self.d, B.array(self.real(n, self.rng)), fake)
        lg = M.g_loss_of_fake(B, self.d, fake, nonsaturating)
        return float(B.to_numpy(ld)), float(B.to_numpy(lg))

    def finite(self) -> bool:
        ok = (
            np.isfinite([self.loss_d, self.loss_g]).all()
            and max(abs(self.loss_d), abs(self.loss_g)) < BLOW_UP
        )
        return bool(ok) and M.all_finite(self.B, self.g, self.d)

    def counts(self) -> tuple[int, int]:
        return M.param_count(self.g_sizes), M.param_count(self.d_sizes)


def describe(config: Mapping[str, Any], gan: Gan) -> str:
    """The two networks as built, with their parameter counts (part 6 of the lab)."""
    pg, pd = gan.counts()
    arrow = " → ".join
    g_sizes = arrow(str(s) for s in gan.g_sizes)
    d_sizes = arrow(str(s) for s in gan.d_sizes)
    return (
        tr("G  {sizes}  ReLU, {n} parameters", sizes=g_sizes, n=thousands(pg))
        + "\n"
        + tr("D  {sizes}  leaky ReLU 0.2 → σ, {n} parameters", sizes=d_sizes, n=thousands(pd))
        + "\n"
        + f"z ~ {'N(0, I)' if config['noise'] == 'gaussian' else 'U(−1, 1)'}^{config['noise_dim']}"
    )
