"""Generator and discriminator as MLPs, and the GAN's losses, written once against the backend.

G: z (B, noise_dim) → hidden ReLU layers → x (B, out); D: x (B, out) → hidden leaky-ReLU layers
→ one logit (B,). D(x) = σ(logit) is the probability that x is real. The losses use the logit
(stable): with BCE(a, t) = softplus(a) − t·a,
  D's loss  ½[BCE(a_real, 1) + BCE(a_fake, 0)] = −½[log D(x) + log(1 − D(G(z)))] (mean form;
            ln 2 ≈ 0.693 when D ≡ ½),
  G's loss  non-saturating −log D(G(z)) = BCE(a_fake, 1) (ln 2 at D ≡ ½), or the course's
            saturating log(1 − D(G(z))) = −softplus(a_fake) (−ln 2 at D ≡ ½).
Initialisation draws from the lab's NumPy generator, so both backends start from the same numbers.
"""

from __future__ import annotations

import numpy as np

from ...backend.base import Backend

Params = list[dict]


def sizes(n_in: int, hidden: int, layers: int, n_out: int) -> list[int]:
    return [n_in, *([hidden] * layers), n_out]


def init_mlp(widths: list[int], rng: np.random.Generator, B: Backend) -> Params:
    """Glorot-uniform weights, zero biases; one {"W", "b"} per layer."""
    layers = []
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=True):
        limit = np.sqrt(6.0 / (n_in + n_out))
        w = rng.uniform(-limit, limit, (n_in, n_out)).astype(np.float32)
        layers.append({"W": B.array(w), "b": B.array(np.zeros(n_out, np.float32))})
    return layers


def param_count(widths: list[int]) -> int:
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:], strict=True))


def generate(B: Backend, g: Params, z, squash: bool = False):
    """G(z): (B, noise_dim) → (B, out); sigmoid outputs in [0, 1] when `squash` (pixels)."""
    h = z
    for layer in g[:-1]:
        h = B.relu(h @ layer["W"] + layer["b"])
    out = h @ g[-1]["W"] + g[-1]["b"]
    return B.sigmoid(out) if squash else out


def logit(B: Backend, d: Params, x):
    """D's logit a(x) (B,); D(x) = σ(a)."""
    h = x
    for layer in d[:-1]:
        h = B.leaky_relu(h @ layer["W"] + layer["b"], 0.2)
    return B.reshape(h @ d[-1]["W"] + d[-1]["b"], (-1,))


def d_loss(B: Backend, d: Params, real, fake, sign=None):
    """−½[mean log D(x) + mean log(1 − D(G(z)))] (the mean form: ln 2 at D ≡ ½).

    One pass of D over real and fake stacked (2n, ·): with s = −1 on real rows and +1 on fake
    ones, −log D(x) = softplus(−a) and −log(1 − D) = softplus(a), so the loss is mean softplus(s·a)
    for batches of equal size n.
    """
    n = real.shape[0]
    if sign is None:
        sign = B.array(np.concatenate([-np.ones(n, np.float32), np.ones(n, np.float32)]))
    a = logit(B, d, B.concatenate([real, fake], axis=0))  # (2n,)
    return B.mean(B.softplus(sign * a))


def g_loss_of_fake(B: Backend, d: Params, fake, nonsaturating: bool, reduce=None):
    """G's loss from generated points: −log D(G(z)) or log(1 − D(G(z))); mean unless `reduce`."""
    a = logit(B, d, fake)
    per = B.softplus(-a) if nonsaturating else -B.softplus(a)
    return (reduce or B.mean)(per)


def g_loss(B: Backend, g: Params, d: Params, z, nonsaturating: bool, squash: bool = False):
    return g_loss_of_fake(B, d, generate(B, g, z, squash), nonsaturating)


def noise(rng: np.random.Generator, n: int, dim: int, kind: str) -> np.ndarray:
    """z (n, dim) float32: standard normal, or uniform on [−1, 1]."""
    if kind == "uniform":
        return rng.uniform(-1, 1, (n, dim)).astype(np.float32)
    return rng.standard_normal((n, dim)).astype(np.float32)


def all_finite(B: Backend, *trees: Params) -> bool:
    return all(
        bool(np.isfinite(B.to_numpy(v)).all()) for t in trees for layer in t for v in layer.values()
    )
