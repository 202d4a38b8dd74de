"""Attention and layer norm for the MLX backend, same signatures as numpy_engine/attention.py.

Attention is composed from mlx.core ops (MLX's autodiff differentiates it); the mask is additive
(0 keeps a key, −inf hides it). Layer norm is mx.fast.layer_norm (biased variance, like ours).
"""

from __future__ import annotations

import math

import mlx.core as mx


def attention(q, k, v, mask=None, scale: float | None = None):
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    s = (q @ mx.swapaxes(k, -1, -2)) * scale
    if mask is not None:
        s = s + mask
    return mx.softmax(s, axis=-1, precise=True) @ v


def layer_norm(x, weight=None, bias=None, eps: float = 1e-5):
    return mx.fast.layer_norm(x, weight, bias, eps)
