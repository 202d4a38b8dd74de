"""Convolution and pooling on MLX (layouts: x (N, H, W, C), w (C_out, KH, KW, C_in)).

`conv2d` is `mx.conv2d` (a cross-correlation, same signature) behind the shape checks the NumPy
engine uses, so both backends refuse a bad shape with the same sentence instead of MLX's
internal message. Pooling has no core MLX op, so it is built from differentiable MLX ops:
when the stride equals the window (the usual 2×2/2) the image is cropped and reshaped into
(…, KH, …, KW, …) blocks, which costs nothing; otherwise the KH·KW strided slices are stacked.
MLX's `max` splits the gradient evenly between ties, as the NumPy engine does.
"""

from __future__ import annotations

import mlx.core as mx

from .numpy_engine.conv import IntPair, conv_geometry, pool_geometry


def conv2d(x: mx.array, w: mx.array, stride: IntPair = 1, padding: IntPair = 0) -> mx.array:
    """Cross-correlate x (N, H, W, C_in) with w (C_out, KH, KW, C_in) -> (N, OH, OW, C_out)."""
    (sh, sw), (ph, pw), _ = conv_geometry(tuple(x.shape), tuple(w.shape), stride, padding)
    return mx.conv2d(x, w, stride=(sh, sw), padding=(ph, pw))


def _windows(x: mx.array, size: IntPair, stride: IntPair | None) -> tuple[mx.array, tuple]:
    """The pooling windows of x and the axes to reduce over."""
    (kh, kw), (sh, sw), (oh, ow) = pool_geometry(tuple(x.shape), size, stride)
    n, _, _, c = x.shape
    if (sh, sw) == (kh, kw):
        blocks = x[:, : oh * kh, : ow * kw, :].reshape(n, oh, kh, ow, kw, c)  # (N,OH,KH,OW,KW,C)
        return blocks, (2, 4)
    slices = [
        x[:, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw, :]  # (N, OH, OW, C)
        for i in range(kh)
        for j in range(kw)
    ]
    return mx.stack(slices, axis=3), (3,)  # (N, OH, OW, KH·KW, C)


def max_pool2d(x: mx.array, size: IntPair = 2, stride: IntPair | None = None) -> mx.array:
    """Largest value of each window: (N, H, W, C) -> (N, OH, OW, C)."""
    windows, axes = _windows(x, size, stride)
    return mx.max(windows, axis=axes)


def avg_pool2d(x: mx.array, size: IntPair = 2, stride: IntPair | None = None) -> mx.array:
    """Mean of each window: (N, H, W, C) -> (N, OH, OW, C)."""
    windows, axes = _windows(x, size, stride)
    return mx.mean(windows, axis=axes)
