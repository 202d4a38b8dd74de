"""Whole-sequence recurrences for the MLX backend: the same cells as numpy_engine/recurrent.py.

Here each cell is composed from mlx.core ops in a Python loop over time and MLX's autodiff
differentiates through it (MLX's graph is lazy, so the loop only records the computation).
Same signatures, layouts and gate orders as the NumPy engine, so lab code runs on both:
LSTM gates [i, f, g, o] along 4H; GRU gates [z, r, n] along 3H with Keras' `reset_after=True`.

`probe` (B, T, H) or None is added to each hₜ before it feeds step t+1 and the output, so the
gradient with respect to a zero probe is the total ∂L/∂hₜ through time.
"""

from __future__ import annotations

import mlx.core as mx


def _project(x, Wx, b):
    """The input projections of the whole sequence in one matmul: (B, T, D) → (B, T, kH)."""
    return x @ Wx + b


def _probed(h, probe, t: int):
    return h if probe is None else h + probe[:, t]


def rnn(x, h0, Wx, Wh, b, probe=None):
    """hₜ = tanh(xₜ·Wx + hₜ₋₁·Wh + b). x (B, T, D), h0 (B, H) → hs (B, T, H)."""
    a = _project(x, Wx, b)  # (B, T, H)
    h, hs = h0, []
    for t in range(x.shape[1]):
        h = _probed(mx.tanh(a[:, t] + h @ Wh), probe, t)  # (B, H)
        hs.append(h)
    return mx.stack(hs, axis=1)


def lstm(x, h0, c0, Wx, Wh, b, probe=None):
    """LSTM, gates [i, f, g, o]: cₜ = f·cₜ₋₁ + i·g, hₜ = o·tanh(cₜ). → hs (B, T, H)."""
    a = _project(x, Wx, b)  # (B, T, 4H)
    H = Wh.shape[0]
    h, c, hs = h0, c0, []
    for t in range(x.shape[1]):
        z = a[:, t] + h @ Wh  # (B, 4H)
        i = mx.sigmoid(z[:, :H])
        f = mx.sigmoid(z[:, H : 2 * H])
        g = mx.tanh(z[:, 2 * H : 3 * H])
        o = mx.sigmoid(z[:, 3 * H :])
        c = f * c + i * g
        h = _probed(o * mx.tanh(c), probe, t)
        hs.append(h)
    return mx.stack(hs, axis=1)


def gru(x, h0, Wx, Wh, bx, bh, probe=None):
    """GRU (reset_after), gates [z, r, n]: n = tanh(a_n + r·(h·Wh_n + bh_n)),
    hₜ = z·hₜ₋₁ + (1 − z)·n. → hs (B, T, H)."""
    a = _project(x, Wx, bx)  # (B, T, 3H)
    H = Wh.shape[0]
    h, hs = h0, []
    for t in range(x.shape[1]):
        at = a[:, t]
        u = h @ Wh + bh  # (B, 3H)
        z = mx.sigmoid(at[:, :H] + u[:, :H])
        r = mx.sigmoid(at[:, H : 2 * H] + u[:, H : 2 * H])
        n = mx.tanh(at[:, 2 * H :] + r * u[:, 2 * H :])
        h = _probed(z * h + (1 - z) * n, probe, t)
        hs.append(h)
    return mx.stack(hs, axis=1)
