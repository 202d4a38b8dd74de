"""Activations and losses of the NumPy engine, each with a hand-written backward pass.

Fused where it pays: softmax cross-entropy's gradient is softmax − one-hot, computed once.
"""

from __future__ import annotations

import numpy as np

from .ops import data_of, make

_SQRT_2_OVER_PI = np.sqrt(2 / np.pi)


def leaky_relu(a, slope: float = 0.01):
    A = data_of(a)
    d = np.where(A > 0, 1.0, slope).astype(A.dtype)
    return make(A * d, (a,), lambda g: (g * d,))


def elu(a, alpha: float = 1.0):
    A = data_of(a)
    e = alpha * np.expm1(np.minimum(A, 0))
    out = np.where(A > 0, A, e)
    return make(out, (a,), lambda g: (g * np.where(A > 0, 1.0, e + alpha).astype(A.dtype),))


def softplus(a):
    A = data_of(a)
    out = np.logaddexp(0, A)
    return make(out, (a,), lambda g: (g * 0.5 * (1 + np.tanh(0.5 * A)),))


def silu(a):
    A = data_of(a)
    s = 0.5 * (1 + np.tanh(0.5 * A))
    return make(A * s, (a,), lambda g: (g * (s + A * s * (1 - s)),))


def gelu(a):
    """GELU, tanh approximation (as mlx.nn.gelu_approx and Keras' approximate=True)."""
    A = data_of(a)
    inner = _SQRT_2_OVER_PI * (A + 0.044715 * A**3)
    t = np.tanh(inner)
    out = 0.5 * A * (1 + t)
    d_inner = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * A**2)
    return make(out, (a,), lambda g: (g * (0.5 * (1 + t) + 0.5 * A * (1 - t * t) * d_inner),))


def softmax(a, axis: int = -1):
    A = data_of(a)
    e = np.exp(A - A.max(axis=axis, keepdims=True))
    s = e / e.sum(axis=axis, keepdims=True)
    return make(s, (a,), lambda g: (s * (g - (g * s).sum(axis=axis, keepdims=True)),))


def log_softmax(a, axis: int = -1):
    A = data_of(a)
    shifted = A - A.max(axis=axis, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    out = shifted - lse
    soft = np.exp(out)
    return make(out, (a,), lambda g: (g - soft * g.sum(axis=axis, keepdims=True),))


def cross_entropy(logits, targets, reduction: str = "mean"):
    """Softmax cross-entropy of (N, C) logits against integer class targets (N,)."""
    Z = data_of(logits)
    y = np.asarray(data_of(targets)).astype(np.int64)
    shifted = Z - Z.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    logp = shifted - lse
    rows = np.arange(len(y))
    losses = -logp[rows, y]
    scale = 1.0 / len(y) if reduction == "mean" else 1.0
    out = losses.mean() if reduction == "mean" else losses.sum() if reduction == "sum" else losses

    def backward(g):
        d = np.exp(logp)
        d[rows, y] -= 1
        return ((d * (g * scale if reduction != "none" else g[:, None])).astype(Z.dtype), None)

    return make(np.asarray(out, dtype=Z.dtype), (logits, None), backward)


def binary_cross_entropy(logits, targets, reduction: str = "mean"):
    """Logistic loss on raw scores (N,) against 0/1 targets, computed stably."""
    Z = data_of(logits)
    y = np.asarray(data_of(targets), dtype=Z.dtype)
    losses = np.logaddexp(0, Z) - y * Z
    p = 0.5 * (1 + np.tanh(0.5 * Z))
    n = losses.size
    out = losses.mean() if reduction == "mean" else losses.sum() if reduction == "sum" else losses
    scale = 1.0 / n if reduction == "mean" else 1.0

    def backward(g):
        return ((p - y) * (g * scale if reduction != "none" else g), None)

    return make(np.asarray(out, dtype=Z.dtype), (logits, None), backward)
