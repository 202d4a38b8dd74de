"""Convolution and pooling for the NumPy engine (MLX layouts), with hand-written backward passes.

Layouts follow mlx.core so lab code reads the same on both backends: images are (N, H, W, C),
filters (C_out, KH, KW, C_in), and `conv2d` is a cross-correlation (no kernel flip), like
`mx.conv2d` and every deep-learning framework.

Forward is im2col + one GEMM, which is where NumPy is fast; what costs is moving memory, so:
- the windows are an `as_strided` view, copied ONCE into the column matrix (N·OH·OW, KH·KW·C),
  in whichever memory order gives that copy long contiguous runs: row-major (runs of KW·C
  pixels) when there are several channels, column-major (runs of OW pixels, one (i, j) offset
  per row of the transposed matrix) for a one-channel input, where KW·C would be 5 floats. The
  GEMM reads either order without a copy (BLAS transposes for free);
- the output (N·OH·OW, C_out) comes out of the GEMM already in (N, OH, OW, C_out) order.
Backward: the weight gradient is one more GEMM against the same columns. The input gradient is
col2im: one batched GEMM gives, for each of the KH·KW kernel offsets, an (N, OH, OW, C) block,
added into the input's gradient with one strided slice-add per offset (kernels are small and
images are not, and each add runs over contiguous (OW·C) rows).
Pooling is KH·KW elementwise ops on whole strided slices, written into preallocated outputs.

Measured on LeNet-5 (batch 64, 32×32, single-threaded): the plain `sliding_window_view` im2col
this replaces trained at 0.70× PyTorch CPU, this code at 1.18× in the same run (see
benchmarks/cases_cnn.py and the README). Tried and dropped: a "full-width" col2im (one GEMM
over every input column, then contiguous adds) was no faster than the batched GEMM.

The geometry helpers (`pair`, `output_size`, `conv_geometry`, `pool_geometry`) are shared with the
MLX backend so both refuse the same bad shapes with the same message.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

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


def _padded(X: np.ndarray, ph: int, pw: int) -> np.ndarray:
    """X (N, H, W, C) inside a ring of zeros, contiguous (one allocation, one copy)."""
    if not (ph or pw):
        return np.ascontiguousarray(X)
    n, h, w, c = X.shape
    xp = np.zeros((n, h + 2 * ph, w + 2 * pw, c), dtype=X.dtype)
    xp[:, ph : ph + h, pw : pw + w] = X
    return xp


def _columns(xp: np.ndarray, kh: int, kw: int, sh: int, sw: int, oh: int, ow: int) -> np.ndarray:
    """im2col: the (N·OH·OW, KH·KW·C) matrix of windows of xp (N, Hp, Wp, C), columns in
    (KH, KW, C) order like the filters. One copy of a strided view; its memory order is the one
    whose copy has the longest contiguous runs (see the module docstring)."""
    n, _, _, c = xp.shape
    s_n, s_h, s_w, s_c = xp.strides
    if c == 1:  # rows of the transposed matrix: one (i, j) offset, runs of OW pixels
        view = as_strided(xp, (kh, kw, n, oh, ow), (s_h, s_w, s_n, s_h * sh, s_w * sw))
        return np.ascontiguousarray(view).reshape(kh * kw, n * oh * ow).T  # F-ordered
    view = as_strided(xp, (n, oh, ow, kh, kw, c), (s_n, s_h * sh, s_w * sw, s_h, s_w, s_c))
    return np.ascontiguousarray(view).reshape(n * oh * ow, kh * kw * c)


def _rows(a: int, n: int, s: int) -> slice:
    """The n positions a, a + s, … a + s(n − 1) along one axis."""
    return slice(a, a + s * (n - 1) + 1, s)


def conv2d(x, w, stride: IntPair = 1, padding: IntPair = 0):
    """Cross-correlate x (N, H, W, C_in) with w (C_out, KH, KW, C_in) -> (N, OH, OW, C_out)."""
    X, W = data_of(x), data_of(w)
    (sh, sw), (ph, pw), (oh, ow) = conv_geometry(X.shape, W.shape, stride, padding)
    n, h, wd, c = X.shape
    c_out, kh, kw, _ = W.shape
    xp = _padded(X, ph, pw)  # (N, Hp, Wp, C)
    cols = _columns(xp, kh, kw, sh, sw, oh, ow)  # (N·OH·OW, KH·KW·C)
    wm = W.reshape(c_out, kh * kw * c)  # (C_out, KH·KW·C), same (KH, KW, C) order as cols
    out = (cols @ wm.T).reshape(n, oh, ow, c_out)  # (N, OH, OW, C_out)

    def backward(g):  # g (N, OH, OW, C_out)
        g2 = g.reshape(n * oh * ow, c_out)
        gw = (g2.T @ cols).reshape(W.shape) if isinstance(w, Tensor) else None
        gx = None
        if isinstance(x, Tensor):
            per_offset = W.transpose(1, 2, 0, 3).reshape(kh * kw, c_out, c)  # (KH·KW, C_out, C)
            blocks = np.matmul(g2, per_offset)  # (KH·KW, N·OH·OW, C)
            gxp = np.zeros(xp.shape, dtype=blocks.dtype)  # (N, Hp, Wp, C)
            for k in range(kh * kw):
                i, j = divmod(k, kw)
                gxp[:, _rows(i, oh, sh), _rows(j, ow, sw)] += blocks[k].reshape(n, oh, ow, c)
            gx = gxp[:, ph : ph + h, pw : pw + wd] if ph or pw else gxp
        return gx, gw

    return make(out, (x, w), backward)


def _offsets(X: np.ndarray, size: IntPair, stride: IntPair | None):
    """For each of the KH·KW positions inside a pooling window, the index of the (N, OH, OW, C)
    slice of X that position sees, and whether the windows tile X exactly (no overlap, no gap,
    nothing left over). Pooling is then KH·KW elementwise ops on whole slices, which is faster
    than reducing a 6-D strided view over two scattered axes."""
    (kh, kw), (sh, sw), (oh, ow) = pool_geometry(X.shape, size, stride)
    where = [
        (slice(None), _rows(i, oh, sh), _rows(j, ow, sw)) for i in range(kh) for j in range(kw)
    ]
    tiles = (sh, sw) == (kh, kw) and X.shape[1:3] == (oh * kh, ow * kw)
    return where, tiles


def max_pool2d(x, size: IntPair = 2, stride: IntPair | None = None):
    """Largest value of each window: x (N, H, W, C) -> (N, OH, OW, C); ties share the gradient."""
    X = data_of(x)
    where, tiles = _offsets(X, size, stride)
    out = X[where[0]].copy() if len(where) == 1 else np.maximum(X[where[0]], X[where[1]])
    for idx in where[2:]:
        np.maximum(out, X[idx], out=out)

    def backward(g):  # g (N, OH, OW, C)
        hits = [X[idx] == out for idx in where]  # which positions hold the max
        count = hits[0].astype(g.dtype)
        for hit in hits[1:]:
            count += hit
        share = g / count  # split ties evenly, as mx.max does
        if tiles:  # every input position is in exactly one window: write, don't add
            gx = np.empty(X.shape, dtype=share.dtype)
            for idx, hit in zip(where, hits, strict=True):
                np.multiply(hit, share, out=gx[idx])
        else:
            gx = np.zeros(X.shape, dtype=share.dtype)
            for idx, hit in zip(where, hits, strict=True):
                gx[idx] += hit * share
        return (gx,)

    return make(out, (x,), backward)


def avg_pool2d(x, size: IntPair = 2, stride: IntPair | None = None):
    """Mean of each window: x (N, H, W, C) -> (N, OH, OW, C)."""
    X = data_of(x)
    where, tiles = _offsets(X, size, stride)
    out = X[where[0]].copy() if len(where) == 1 else np.add(X[where[0]], X[where[1]])
    for idx in where[2:]:
        np.add(out, X[idx], out=out)
    out = out / len(where) if out.dtype.kind != "f" else np.divide(out, len(where), out=out)

    def backward(g):
        share = g / len(where)
        gx = (np.empty if tiles else np.zeros)(X.shape, dtype=share.dtype)
        for idx in where:
            if tiles:
                gx[idx] = share
            else:
                gx[idx] += share
        return (gx,)

    return make(out, (x,), backward)
