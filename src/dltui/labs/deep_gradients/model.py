"""The deep MLP, written once against the backend API: depth × (linear → [batch norm] → φ), an
optional residual path around each hidden layer after the first, and a linear output logit.

Weight matrices are numbered from 1 at the input to depth + 1 (the output layer). Initialisation
(all scaled by `init_scale`): lecun N(0, 1/fan_in), glorot N(0, 2/(fan_in + fan_out)),
he N(0, 2/fan_in), orthogonal (QR of a Gaussian). Drawn with NumPy from the run's generator, so
both backends start from the same numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...backend.base import Backend

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky-relu")
INITS = ("lecun", "glorot", "he", "orthogonal")
BN_EPS = 1e-5


def _matrix(rng: np.random.Generator, fan_in: int, fan_out: int, init: str) -> np.ndarray:
    if init == "orthogonal":
        a = rng.normal(0, 1, (max(fan_in, fan_out), min(fan_in, fan_out)))
        q, r = np.linalg.qr(a)
        q *= np.sign(np.diag(r))  # a uniform draw over orthogonal matrices
        return q if fan_in >= fan_out else q.T  # (fan_in, fan_out)
    var = {"lecun": 1 / fan_in, "glorot": 2 / (fan_in + fan_out), "he": 2 / fan_in}[init]
    return rng.normal(0, np.sqrt(var), (fan_in, fan_out))


def init_params(rng: np.random.Generator, config) -> dict[str, list[np.ndarray]]:
    depth, width, scale = config["depth"], config["width"], config["init_scale"]
    sizes = [2] + [width] * depth + [1]
    W = [scale * _matrix(rng, a, b, config["init"]) for a, b in zip(sizes, sizes[1:], strict=False)]
    params = {
        "W": [w.astype(np.float32) for w in W],  # (fan_in, fan_out) each
        "b": [np.zeros(b, np.float32) for b in sizes[1:]],
    }
    if config["batchnorm"]:
        params["gamma"] = [np.ones(width, np.float32) for _ in range(depth)]
        params["beta"] = [np.zeros(width, np.float32) for _ in range(depth)]
    return params


def activation(B: Backend, name: str):
    return {
        "sigmoid": B.sigmoid,
        "tanh": B.tanh,
        "relu": B.relu,
        "leaky-relu": lambda z: B.leaky_relu(z, 0.01),
    }[name]


def forward(B: Backend, p, x, config, keep: list | None = None):
    """x (N, 2) -> logits (N, 1). `keep`, if given, collects each hidden layer's activations."""
    phi = activation(B, config["activation"])
    h = x
    for i in range(config["depth"]):
        z = B.matmul(h, p["W"][i]) + p["b"][i]  # (N, width)
        if config["batchnorm"]:
            mu = B.mean(z, axis=0, keepdims=True)
            var = B.mean(B.square(z - mu), axis=0, keepdims=True)
            z = (z - mu) / B.sqrt(var + BN_EPS) * p["gamma"][i] + p["beta"][i]
        a = phi(z)
        h = h + a if config["residual"] and i > 0 else a
        if keep is not None:
            keep.append(a)
    return B.matmul(h, p["W"][-1]) + p["b"][-1]  # (N, 1)


def make_loss(B: Backend, config):
    def loss(p, x, y):  # y (N, 1) in {0, 1}
        return B.binary_cross_entropy(forward(B, p, x, config), y)

    return loss


def saturation(acts: list[np.ndarray], activation_name: str) -> np.ndarray:
    """Per hidden layer: the share of saturated units (|tanh| > 0.97, sigmoid outside
    [0.03, 0.97]) or, for ReLUs, of dead units (zero on every sample)."""
    out = []
    for a in acts:  # (N, width)
        if activation_name == "tanh":
            out.append(float((np.abs(a) > 0.97).mean()))
        elif activation_name == "sigmoid":
            out.append(float(((a < 0.03) | (a > 0.97)).mean()))
        else:
            out.append(float((a.max(axis=0) <= 0).mean()))
    return np.array(out)


def norm(B: Backend, x: Any) -> float:
    return float(np.sqrt(B.to_numpy(B.sum(x * x))))
