"""Convolution and pooling for the NumPy engine (MLX layouts), with hand-written backward passes.

Layouts follow mlx.core so lab code reads the same on both backends: images are (N, H, W, C),
filters (C_out, KH, KW, C_in), and `conv2d` is a cross-correlation (no kernel flip), like
`mx.conv2d` and every deep-learning framework.

Forward is im2col: `sliding_window_view` gives every KH×KW window as a strided *view* (nothing is
copied until the reshape), then one matmul does all the multiply-adds, which is where NumPy is
fast. Backward: the weight gradient is one more matmul against the same columns; the input
gradient is col2im, accumulated over the KH·KW kernel offsets (one strided slice-add each) rather
than over the output positions, because kernels are small and images are not.

The geometry helpers (`pair`, `output_size`, `conv_geometry`, `pool_geometry`) are shared with the
MLX backend so both refuse the same bad shapes with the same message.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .tensor import Tensor, data_of, make

IntPair = int | tuple[int, int]


def pair(value: IntPair, name: str) -> tuple[int, int]:
    """(a, b) from an int or a pair of ints; MLX accepts both, so we do too."""
    if isinstance(value, int | np.integer):
        return int(value), int(value)
    items = tuple(value)
    if len(items) != 2 or not all(isinstance(v, int | np.integer) for v in items):
        raise ValueError(f"{name}: expected an int or a pair of ints, got {value!r}")
    return int(items[0]), int(items[1])


def output_size(n: int, k: int, p: int = 0, s: int = 1) -> int:
    """Output length along one axis: ⌊(n + 2p − k) / s⌋ + 1 (the formula the lessons show)."""
    return (n + 2 * p - k) // s + 1


def conv_geometry(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: IntPair, padding: IntPair
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Check shapes and return ((sh, sw), (ph, pw), (OH, OW)), or raise ValueError saying why."""
    if len(x_shape) != 4 or len(w_shape) != 4:
        raise ValueError(
            f"conv2d: x must be (N, H, W, C_in) and w (C_out, KH, KW, C_in); "
            f"got x {tuple(x_shape)} and w {tuple(w_shape)}"
        )
    if x_shape[3] != w_shape[3]:
        raise ValueError(
            f"conv2d: x has {x_shape[3]} channels but w expects {w_shape[3]} (its last axis)"
        )
    (sh, sw), (ph, pw) = pair(stride, "stride"), pair(padding, "padding")
    if sh < 1 or sw < 1:
        raise ValueError(f"conv2d: stride must be ≥ 1, got {(sh, sw)}")
    if ph < 0 or pw < 0:
        raise ValueError(f"conv2d: padding must be ≥ 0, got {(ph, pw)}")
    kh, kw = w_shape[1], w_shape[2]
    oh = output_size(x_shape[1], kh, ph, sh)
    ow = output_size(x_shape[2], kw, pw, sw)
    if oh < 1 or ow < 1:
        raise ValueError(
            f"conv2d: a {kh}×{kw} kernel does not fit a {x_shape[1]}×{x_shape[2]} input "
            f"padded by {(ph, pw)}"
        )
    return (sh, sw), (ph, pw), (oh, ow)


def pool_geometry(
    x_shape: tuple[int, ...], size: IntPair, stride: IntPair | None
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Check shapes and return ((kh, kw), (sh, sw), (OH, OW)); stride defaults to the size."""
    if len(x_shape) != 4:
        raise ValueError(f"pooling: x must be (N, H, W, C); got {tuple(x_shape)}")
    kh, kw = pair(size, "size")
    sh, sw = (kh, kw) if stride is None else pair(stride, "stride")
    if kh < 1 or kw < 1 or sh < 1 or sw < 1:
        raise ValueError(f"pooling: size and stride must be ≥ 1, got {(kh, kw)} and {(sh, sw)}")
    oh, ow = output_size(x_shape[1], kh, 0, sh), output_size(x_shape[2], kw, 0, sw)
    if oh < 1 or ow < 1:
        raise ValueError(
            f"pooling: a {kh}×{kw} window does not fit a {x_shape[1]}×{x_shape[2]} input"
        )
    return (kh, kw), (sh, sw), (oh, ow)


def _windows(xp: np.ndarray, kh: int, kw: int, sh: int, sw: int) -> np.ndarray:
    """Every window of the (padded) input as a view: (N, H, W, C) -> (N, OH, OW, KH, KW, C)."""
    win = sliding_window_view(xp, (kh, kw), axis=(1, 2))  # (N, H-KH+1, W-KW+1, C, KH, KW)
    return win[:, ::sh, ::sw].transpose(0, 1, 2, 4, 5, 3)


def _col2im(gcols: np.ndarray, shape: tuple[int, ...], sh: int, sw: int) -> np.ndarray:
    """Scatter-add window gradients (N, OH, OW, KH, KW, C) back onto an input of `shape`."""
    _, oh, ow, kh, kw, _ = gcols.shape
    g = np.zeros(shape, dtype=gcols.dtype)  # (N, H, W, C)
    for i in range(kh):
        for j in range(kw):
            g[:, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw, :] += gcols[
                :, :, :, i, j, :
            ]
    return g


def conv2d(x, w, stride: IntPair = 1, padding: IntPair = 0):
    """Cross-correlate x (N, H, W, C_in) with w (C_out, KH, KW, C_in) -> (N, OH, OW, C_out)."""
    X, W = data_of(x), data_of(w)
    (sh, sw), (ph, pw), (oh, ow) = conv_geometry(X.shape, W.shape, stride, padding)
    n, h, wd, c = X.shape
    c_out, kh, kw, _ = W.shape
    xp = np.pad(X, ((0, 0), (ph, ph), (pw, pw), (0, 0))) if ph or pw else X  # (N, Hp, Wp, C)
    cols = _windows(xp, kh, kw, sh, sw).reshape(n * oh * ow, kh * kw * c)  # (N·OH·OW, KH·KW·C)
    wm = W.reshape(c_out, kh * kw * c)  # (C_out, KH·KW·C), same (KH, KW, C) order as cols
    out = (cols @ wm.T).reshape(n, oh, ow, c_out)  # (N, OH, OW, C_out)

    def backward(g):  # g (N, OH, OW, C_out)
        g2 = g.reshape(n * oh * ow, c_out)
        gw = (g2.T @ cols).reshape(W.shape) if isinstance(w, Tensor) else None
        gx = None
        if isinstance(x, Tensor):
            gcols = (g2 @ wm).reshape(n, oh, ow, kh, kw, c)
            gx = _col2im(gcols, xp.shape, sh, sw)[:, ph : ph + h, pw : pw + wd, :]
        return gx, gw

    return make(out, (x, w), backward)


def _offsets(X: np.ndarray, size: IntPair, stride: IntPair | None) -> list[tuple[slice, ...]]:
    """For each of the KH·KW positions inside a pooling window, the index of the (N, OH, OW, C)
    slice of X that position sees. Pooling is then KH·KW elementwise ops on whole slices, which
    is faster than reducing a 6-D strided view over two scattered axes."""
    (kh, kw), (sh, sw), (oh, ow) = pool_geometry(X.shape, size, stride)
    return [
        (slice(None), slice(i, i + sh * (oh - 1) + 1, sh), slice(j, j + sw * (ow - 1) + 1, sw))
        for i in range(kh)
        for j in range(kw)
    ]


def max_pool2d(x, size: IntPair = 2, stride: IntPair | None = None):
    """Largest value of each window: x (N, H, W, C) -> (N, OH, OW, C); ties share the gradient."""
    X = data_of(x)
    where = _offsets(X, size, stride)
    out = X[where[0]].copy()  # (N, OH, OW, C)
    for idx in where[1:]:
        np.maximum(out, X[idx], out=out)

    def backward(g):  # g (N, OH, OW, C)
        hits = [X[idx] == out for idx in where]  # which positions hold the max
        share = g / sum(h.astype(g.dtype) for h in hits)  # split ties evenly, as mx.max does
        gx = np.zeros(X.shape, dtype=g.dtype)
        for idx, hit in zip(where, hits, strict=True):
            gx[idx] += np.where(hit, share, 0)
        return (gx,)

    return make(out, (x,), backward)


def avg_pool2d(x, size: IntPair = 2, stride: IntPair | None = None):
    """Mean of each window: x (N, H, W, C) -> (N, OH, OW, C)."""
    X = data_of(x)
    where = _offsets(X, size, stride)
    out = sum(X[idx] for idx in where) / len(where)  # (N, OH, OW, C)

    def backward(g):
        gx = np.zeros(X.shape, dtype=g.dtype)
        for idx in where:
            gx[idx] += g / len(where)
        return (gx,)

    return make(out, (x,), backward)
