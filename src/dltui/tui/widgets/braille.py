"""Braille rasteriser for line and scatter plots: pure NumPy, no Textual.

A canvas of W x H terminal cells holds 2 x 4 dots per cell. Every series is drawn into its own
dot mask (lines are sampled densely along each segment, clipped to the canvas); the masks are
OR-ed into one braille character per cell and the cell remembers the last series that lit one of
its dots, so the widget can colour it. Long series with sorted x are decimated to the canvas
width: each pixel column becomes one vertical run over its min..max (joined to its neighbours),
so a one-sample spike survives and a noisy 5,000-point series costs about as much as a short one.

Non-finite values are skipped (a line breaks around them when it is not decimated); with
``logy`` non-positive values are skipped too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Dot bit for (row within cell 0..3, column within cell 0..1), per the Unicode braille layout.
_DOT_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.uint8)
# Character for each 8-bit dot pattern; the empty pattern is a plain space, not U+2800.
BRAILLE_CHARS = np.array([" "] + [chr(0x2800 + b) for b in range(1, 256)], dtype="<U1")


# Which cell columns a dashed or dotted line leaves dark (a second cue where colours repeat).
_DASH_OFF = {"dashed": lambda cell: cell % 4 == 3, "dotted": lambda cell: cell % 2 == 1}


@dataclass(frozen=True)
class SeriesData:
    """One series to draw: x and y (same length) and whether to join points with lines."""

    x: np.ndarray
    y: np.ndarray
    points: bool = False
    dash: str = "solid"  # lines only: "dashed" (3 cells on, 1 off) or "dotted" (1 on, 1 off)


@dataclass(frozen=True)
class Raster:
    """Dot patterns (H, W) uint8 and owning series index (H, W) int16, -1 where empty."""

    bits: np.ndarray
    owner: np.ndarray

    def chars(self) -> np.ndarray:
        """(H, W) array of one-character strings."""
        return BRAILLE_CHARS[self.bits]

    def lines(self) -> list[str]:
        """The canvas as text, one string per row (for tests and headless output)."""
        return ["".join(row) for row in self.chars().tolist()]


def finite_range(values: np.ndarray, log: bool = False) -> tuple[float, float] | None:
    """(min, max) of the drawable values, or None when there are none."""
    v = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(v) & (v > 0) if log else np.isfinite(v)
    if not ok.any():
        return None
    v = v[ok]
    return float(v.min()), float(v.max())


def pad_range(lo: float, hi: float, log: bool = False) -> tuple[float, float]:
    """Widen a degenerate (constant) range so it can be mapped to pixels."""
    if hi > lo:
        return lo, hi
    if log:
        return lo / 10.0, hi * 10.0
    d = abs(lo) * 0.1 or 1.0
    return lo - d, hi + d


def _draw_decimated(pix: np.ndarray, px: np.ndarray, py: np.ndarray) -> None:
    """Draw a long series (px sorted, all finite) as one vertical run per pixel column.

    A column spans the min..max of its samples, extended halfway towards the last sample of
    the previous column and the first of the next - exactly what sampling the joining
    segments would light - at O(columns) cost, so noisy curves stay cheap and spikes survive.
    """
    ph, pw = pix.shape
    col = np.clip(np.round(px), -1, pw).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, col[1:] != col[:-1]])  # (G,) one group per column
    ends = np.r_[starts[1:], len(col)] - 1
    lo, hi = np.minimum.reduceat(py, starts), np.maximum.reduceat(py, starts)
    c, first, last = col[starts], py[starts], py[ends]
    adjacent = np.diff(c) == 1
    mid = np.where(adjacent, (last[:-1] + first[1:]) / 2, np.nan)  # (G-1,) joins
    with np.errstate(invalid="ignore"):
        lo[:-1], hi[:-1] = np.fmin(lo[:-1], mid), np.fmax(hi[:-1], mid)
        lo[1:], hi[1:] = np.fmin(lo[1:], mid), np.fmax(hi[1:], mid)
    gaps = np.flatnonzero(~adjacent)  # columns without data between groups: sample the joins
    if gaps.size:
        nan = np.full(gaps.size, np.nan)
        gx = np.stack([c[gaps], c[gaps + 1], nan], axis=1).ravel().astype(np.float64)
        gy = np.stack([last[gaps], first[gaps + 1], nan], axis=1).ravel()
        _plot(pix, *line_samples(gx, gy, pw, ph))
    top, bot = np.round(lo).astype(np.int64), np.round(hi).astype(np.int64)
    ok = (c >= 0) & (c < pw) & (bot >= 0) & (top < ph)
    c, top, bot = c[ok], np.clip(top[ok], 0, ph - 1), np.clip(bot[ok], 0, ph - 1)
    runs = np.zeros((ph + 1, pw), dtype=np.int16)  # +1 at a run's top, -1 below its bottom
    runs[top, c] += 1
    runs[bot + 1, c] -= 1
    pix |= np.cumsum(runs, axis=0)[:ph] > 0


def _plot(pix: np.ndarray, px: np.ndarray, py: np.ndarray) -> None:
    """Light the pixels nearest to (px, py), ignoring those off the canvas."""
    ph, pw = pix.shape
    with np.errstate(invalid="ignore"):
        cx, cy = np.round(px), np.round(py)
        inside = (cx >= 0) & (cx < pw) & (cy >= 0) & (cy < ph)
    pix[cy[inside].astype(np.int64), cx[inside].astype(np.int64)] = True


def _clip_segments(x0, y0, x1, y1, w: int, h: int):
    """Liang-Barsky clipping of segments to the pixel box; returns clipped endpoints and a mask."""
    dx, dy = x1 - x0, y1 - y0
    t0 = np.zeros_like(x0)
    t1 = np.ones_like(x0)
    keep = np.ones(x0.shape, dtype=bool)
    lo_x, hi_x, lo_y, hi_y = -0.5, w - 0.5, -0.5, h - 0.5
    for p, q in ((-dx, x0 - lo_x), (dx, hi_x - x0), (-dy, y0 - lo_y), (dy, hi_y - y0)):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        keep &= ~((p == 0) & (q < 0))
        t0 = np.where(p < 0, np.maximum(t0, r), t0)
        t1 = np.where(p > 0, np.minimum(t1, r), t1)
    keep &= t0 <= t1
    return x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy, keep


def line_samples(px: np.ndarray, py: np.ndarray, w: int, h: int):
    """Pixel coordinates sampled along consecutive segments (non-finite endpoints break it).

    Pixel centres are integers; segments are clipped to the w x h pixel box first.
    """
    if len(px) == 1:
        return px, py
    ok = np.isfinite(px[:-1]) & np.isfinite(py[:-1]) & np.isfinite(px[1:]) & np.isfinite(py[1:])
    x0, y0, x1, y1, keep = _clip_segments(px[:-1][ok], py[:-1][ok], px[1:][ok], py[1:][ok], w, h)
    x0, y0, x1, y1 = x0[keep], y0[keep], x1[keep], y1[keep]
    n = (np.ceil(np.maximum(np.abs(x1 - x0), np.abs(y1 - y0))) + 1).astype(np.int64)  # samples
    seg = np.repeat(np.arange(len(n)), n)
    offsets = np.cumsum(n) - n
    t = (np.arange(int(n.sum())) - offsets[seg]) / np.maximum(n[seg] - 1, 1)
    lone = np.isfinite(px) & np.isfinite(py)  # isolated points between gaps still show
    return (
        np.r_[x0[seg] + t * (x1 - x0)[seg], px[lone]],
        np.r_[y0[seg] + t * (y1 - y0)[seg], py[lone]],
    )


def rasterize(
    series: Sequence[SeriesData],
    width: int,
    height: int,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    logy: bool = False,
) -> Raster:
    """Draw series onto a braille canvas of width x height cells; later series win cells."""
    width, height = max(int(width), 0), max(int(height), 0)
    bits = np.zeros((height, width), dtype=np.uint8)
    owner = np.full((height, width), -1, dtype=np.int16)
    pw, ph = 2 * width, 4 * height
    if pw == 0 or ph == 0:
        return Raster(bits, owner)
    x_lo, x_hi = xlim
    y_lo, y_hi = (np.log10(ylim[0]), np.log10(ylim[1])) if logy else ylim
    x_span = (x_hi - x_lo) or 1.0
    y_span = (y_hi - y_lo) or 1.0
    for index, s in enumerate(series):
        x = np.asarray(s.x, dtype=np.float64)
        y = np.asarray(s.y, dtype=np.float64)
        if logy:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.where(y > 0, np.log10(y), np.nan)
        px = (x - x_lo) / x_span * (pw - 1)
        py = (ph - 1) - (y - y_lo) / y_span * (ph - 1)  # row 0 is the top
        ok = np.isfinite(px) & np.isfinite(py)
        pix = np.zeros((ph, pw), dtype=bool)
        if s.points:
            _plot(pix, px[ok], py[ok])
        elif len(px) > 4 * pw and ok.any() and np.all(np.diff(px[ok]) >= 0):
            _draw_decimated(pix, px[ok], py[ok])
        elif len(px):
            _plot(pix, *line_samples(px, py, pw, ph))
        if not s.points and s.dash in _DASH_OFF:
            pix[:, _DASH_OFF[s.dash](np.arange(pw) // 2)] = False
        # Distinct bits summed == OR-ed: (H, 4, W, 2) -> (H, W).
        mask = (pix.reshape(height, 4, width, 2) * _DOT_BITS[None, :, None, :]).sum(
            axis=(1, 3), dtype=np.uint8
        )
        if mask.any():
            bits |= mask
            owner[mask > 0] = index
    return Raster(bits, owner)
