"""Pictures for the screen, as RGB mosaics: filters, feature maps, misclassified digits.

Each mosaic is one image of small tiles separated by a 1-pixel line, so one Image view shows a
whole layer. Filters use a diverging palette centred on 0 (blue negative, orange positive; each
filter scaled to its own largest |weight|, so its pattern is readable whatever its size); feature
maps and digits are grey, one scale per layer (equal greys mean equal activations in a layer).
Colours are float32 in [0, 1], not bytes: the two backends' last-bit differences then stay
last-bit differences instead of flipping a rounded grey level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

SEPARATOR = np.array([30, 55, 95], np.float32) / 255  # a dark blue line between tiles
_NEG = np.array([70, 150, 255], np.float64) / 255  # blue
_ZERO = np.array([45, 45, 45], np.float64) / 255  # dark grey
_POS = np.array([255, 165, 40], np.float64) / 255  # orange


def grid_shape(n: int, tile_h: int, tile_w: int, aspect: float = 1.0) -> tuple[int, int]:
    """(rows, cols) for n tiles: the fewest empty cells, then a mosaic about `aspect` times
    wider than tall (panels side by side in a row are about square)."""
    best, best_key = (1, n), (math.inf, math.inf)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        ratio = (cols * (tile_w + 1)) / (rows * (tile_h + 1))
        key = (rows * cols - n, abs(math.log(ratio / aspect)))
        if key < best_key:
            best, best_key = (rows, cols), key
    return best


def mosaic(tiles: Sequence[np.ndarray], rows: int, cols: int) -> np.ndarray:
    """RGB tiles (h, w, 3) of one size, row by row, into one (H, W, 3) image."""
    h, w = tiles[0].shape[:2]
    out = np.empty((rows * (h + 1) - 1, cols * (w + 1) - 1, 3), np.float32)
    out[:] = SEPARATOR
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = tile
    return out


def diverging(values: np.ndarray) -> np.ndarray:
    """Values in [−1, 1] (H, W) → RGB: blue ← dark grey (0) → orange."""
    v = np.clip(values, -1, 1)[..., None]
    return np.where(v >= 0, _ZERO + v * (_POS - _ZERO), _ZERO - v * (_NEG - _ZERO))


def grey(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """(H, W) → RGB, lo black and hi white."""
    v = np.clip((values - lo) / ((hi - lo) or 1.0), 0, 1)
    return np.repeat(v[..., None], 3, axis=2)


def filters_image(w: np.ndarray, aspect: float = 1.0) -> np.ndarray:
    """First-layer kernels (F, KH, KW, C_in) → one mosaic, input channel 0 of each filter."""
    k = w[..., 0].astype(np.float64)  # (F, KH, KW)
    scale = np.abs(k).max(axis=(1, 2), keepdims=True)
    tiles = [diverging(t) for t in k / np.where(scale > 0, scale, 1.0)]
    return mosaic(tiles, *grid_shape(len(tiles), k.shape[1], k.shape[2], aspect))


def maps_image(maps: np.ndarray, aspect: float = 1.0) -> np.ndarray:
    """One layer's activations (H, W, F) → a mosaic of F grey maps on the layer's own scale."""
    lo, hi = float(min(maps.min(), 0.0)), float(maps.max())
    tiles = [grey(maps[..., f], lo, hi) for f in range(maps.shape[2])]
    return mosaic(tiles, *grid_shape(len(tiles), maps.shape[0], maps.shape[1], aspect))


def digits_image(images: Sequence[np.ndarray], cols: int) -> np.ndarray:
    """Digit images (H, W, 1) in [0, 1] → a mosaic, `cols` a row."""
    tiles = [grey(im[..., 0], 0.0, 1.0) for im in images]
    return mosaic(tiles, max(1, math.ceil(len(tiles) / cols)), cols)


def structure(w: np.ndarray) -> float:
    """How smooth (stroke-like) the filters are: the mean lag-1 spatial autocorrelation of each
    first-layer kernel (F, KH, KW, C_in), horizontal and vertical neighbours, after removing its
    mean. White noise scores ≈ 0 (slightly below for small kernels); an edge or stroke detector,
    whose neighbouring weights agree, scores well above."""
    k = w[..., 0].astype(np.float64)
    k = k - k.mean(axis=(1, 2), keepdims=True)
    var = (k * k).sum(axis=(1, 2))
    pairs = (k[:, 1:, :] * k[:, :-1, :]).sum(axis=(1, 2)) + (k[:, :, 1:] * k[:, :, :-1]).sum(
        axis=(1, 2)
    )
    n_pairs = k.shape[1] * (k.shape[2] - 1) + k.shape[2] * (k.shape[1] - 1)
    n = k.shape[1] * k.shape[2]
    if n_pairs == 0:  # a 1×1 kernel has no neighbours: no spatial structure to measure
        return 0.0
    return float(
        np.mean(np.divide(pairs / n_pairs, var / n, out=np.zeros_like(var), where=var > 0))
    )
