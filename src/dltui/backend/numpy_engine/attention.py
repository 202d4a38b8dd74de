"""Attention and layer norm for the NumPy engine: coarse primitives with hand-written backward.

Each is ONE node of the autodiff graph. At the attention lab's sizes (batch 64, T = 8, d = 32) a
transformer step is a few dozen NumPy calls; composing softmax(QKᵀ/√d)·V from elementwise ops
would triple that, and the call count, not the arithmetic, is what costs at these sizes.

- `attention(q, k, v, mask=None, scale=None)`: softmax(q·kᵀ·scale + mask)·v over the last two
  axes. q (..., Tq, d), k (..., Tk, d), v (..., Tk, dv) → (..., Tq, dv); scale defaults to 1/√d;
  `mask` is ADDITIVE (0 where a query may look, −inf where it may not), broadcast to the scores
  and not differentiated. A row must keep at least one key (a causal mask always keeps the
  diagonal).
- `layer_norm(x, weight=None, bias=None, eps=1e-5)`: normalise the last axis to mean 0 and
  variance 1 (biased variance, as PyTorch and mx.fast.layer_norm), then ·weight + bias.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, data_of, make, unbroadcast


def _t(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


def attention(q, k, v, mask=None, scale: float | None = None):
    Q, K, V = data_of(q), data_of(k), data_of(v)
    dt = np.result_type(Q, K, V)
    scale = float(1.0 / np.sqrt(Q.shape[-1]) if scale is None else scale)
    s = (Q @ _t(K)) * dt.type(scale)
    if mask is not None:
        s = s + np.asarray(data_of(mask), dtype=dt)
    s -= s.max(axis=-1, keepdims=True)
    A = np.exp(s, out=s)
    A /= A.sum(axis=-1, keepdims=True)  # (..., Tq, Tk): the attention weights
    out = A @ V

    def backward(g):
        gq = gk = gv = None
        dA = g @ _t(V)
        dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True))
        dS *= dt.type(scale)
        if isinstance(q, Tensor):
            gq = unbroadcast(dS @ K, Q.shape)
        if isinstance(k, Tensor):
            gk = unbroadcast(_t(dS) @ Q, K.shape)
        if isinstance(v, Tensor):
            gv = unbroadcast(_t(A) @ g, V.shape)
        return gq, gk, gv, None

    return make(out, (q, k, v, None), backward)


def _row_mean(a: np.ndarray, ones: np.ndarray) -> np.ndarray:
    """The mean over the last axis, keepdims, as one matrix-vector product: at lab sizes
    ((512, 32) rows) a GEMV costs a fraction of np.mean's Python-level overhead."""
    return a @ ones


def layer_norm(x, weight=None, bias=None, eps: float = 1e-5):
    X = data_of(x)
    ones = np.full((X.shape[-1], 1), 1.0 / X.shape[-1], dtype=X.dtype)
    xc = X - _row_mean(X, ones)
    rstd = 1.0 / np.sqrt(_row_mean(xc * xc, ones) + eps)
    xhat = xc * rstd
    W = None if weight is None else data_of(weight)
    out = xhat if W is None else xhat * W
    if bias is not None:
        out = out + data_of(bias)

    def backward(g):
        lead = tuple(range(g.ndim - 1))
        gw = None if weight is None else (g * xhat).sum(axis=lead)
        gb = None if bias is None else g.sum(axis=lead)
        gx = None
        if isinstance(x, Tensor):
            dxhat = g if W is None else g * W
            gx = rstd * (dxhat - _row_mean(dxhat, ones) - xhat * _row_mean(dxhat * xhat, ones))
        return gx, gw, gb

    return make(out.astype(X.dtype, copy=False), (x, weight, bias), backward)
