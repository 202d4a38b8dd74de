"""Colour palettes for live plots, computed with NumPy (no matplotlib).

Heatmaps use a perceptually ordered palette (viridis) so brighter always means larger, even on a
monochrome terminal that only keeps luminance. Signed values (weights, gradients) use a diverging
blue-white-red palette centred on zero. Series and classes get colours readable on a dark
background *and* a distinct glyph, so they stay distinguishable without colour.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

PaletteName = Literal["viridis", "diverging"]

# Anchor colours sampled from matplotlib's viridis at evenly spaced positions.
_VIRIDIS_ANCHORS = [
    (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
    (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37),
]  # fmt: skip
_VIRIDIS_POS = [0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 0.9375, 1.0]

# ColorBrewer RdBu, reversed so that negative is blue and positive red.
_DIVERGING_ANCHORS = [
    (33, 102, 172), (103, 169, 207), (209, 229, 240), (247, 247, 247),
    (253, 219, 199), (239, 138, 98), (178, 24, 43),
]  # fmt: skip

# Okabe & Ito's colour-blind-safe categorical palette (its black swapped for light grey, which
# reads on a dark background), ordered so the first colours differ most under common colour
# blindness. Past eight series the colours come round again with a second cue: a dashed, then a
# dotted line (`series_dash`), and always a distinct glyph for points and markers.
SERIES_COLORS: list[str] = [
    "#56b4e9",  # sky blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#f0e442",  # yellow
    "#cc79a7",  # reddish purple
    "#d55e00",  # vermillion
    "#d0d0d0",  # light grey (Okabe-Ito's black), before blue: the 7th series is not the 1st's
    "#0072b2",  # blue (close to sky blue on a dark background: last)
]
# One glyph per series/class, in the same order, for monochrome terminals.
SERIES_GLYPHS: list[str] = ["●", "■", "▲", "◆", "✚", "✖", "○", "□"]
# Line styles by round of the colours: solid, dashed, dotted (see braille.rasterize).
DASHES: list[str] = ["solid", "dashed", "dotted"]
DASH_SAMPLES: dict[str, str] = {"solid": "━━", "dashed": "╍╍", "dotted": "┉┉"}


def _interpolate(anchors: list[tuple[int, int, int]], positions: list[float]) -> np.ndarray:
    """Linearly interpolate anchor colours to a (256, 3) uint8 table."""
    t = np.linspace(0.0, 1.0, 256)
    rgb = np.asarray(anchors, dtype=np.float64)  # (A, 3)
    table = np.stack([np.interp(t, positions, rgb[:, k]) for k in range(3)], axis=1)
    return np.round(table).astype(np.uint8)  # (256, 3)


VIRIDIS: np.ndarray = _interpolate(_VIRIDIS_ANCHORS, _VIRIDIS_POS)
DIVERGING: np.ndarray = _interpolate(
    _DIVERGING_ANCHORS, list(np.linspace(0.0, 1.0, len(_DIVERGING_ANCHORS)))
)
PALETTES: dict[str, np.ndarray] = {"viridis": VIRIDIS, "diverging": DIVERGING}


def get_palette(name: str) -> np.ndarray:
    """The (256, 3) uint8 table for a palette name; ValueError names the known ones."""
    try:
        return PALETTES[name]
    except KeyError:
        raise ValueError(f"unknown palette {name!r}; expected one of {sorted(PALETTES)}") from None


def series_color(index: int) -> str:
    """Default colour of the index-th series or class (cycles)."""
    return SERIES_COLORS[index % len(SERIES_COLORS)]


def series_dash(index: int) -> str:
    """Line style of the index-th series: solid for the first eight, then dashed, dotted."""
    return DASHES[(index // len(SERIES_COLORS)) % len(DASHES)]


def series_glyph(index: int) -> str:
    """Default glyph of the index-th series or class (cycles)."""
    return SERIES_GLYPHS[index % len(SERIES_GLYPHS)]


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Relative luminance (Rec. 709, linearised sRGB) of (..., 3) uint8 colours, in [0, 1]."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def to_rgb_indices(
    values: np.ndarray, vmin: float, vmax: float, log: bool = False, levels: int | None = None
) -> np.ndarray:
    """Map values to palette indices 0..255; -1 marks values that cannot be shown.

    Non-finite values (and non-positive ones with ``log``) get -1 so callers can paint them as
    "no data". ``levels=N`` quantises into N bands so a smooth field reads like a contour map.
    """
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            v = np.where(v > 0, np.log10(v), np.nan)
            lo = np.log10(vmin) if vmin > 0 else np.nan
            hi = np.log10(vmax) if vmax > 0 else np.nan
        else:
            lo, hi = float(vmin), float(vmax)
        span = hi - lo
        t = (v - lo) / span if np.isfinite(span) and span > 0 else np.full_like(v, 0.5)
    bad = ~np.isfinite(t)
    t = np.clip(np.where(bad, 0.0, t), 0.0, 1.0)
    if levels is not None and levels >= 2:
        t = np.minimum(np.floor(t * levels), levels - 1) / (levels - 1)
    idx = np.round(t * 255).astype(np.int16)
    idx[bad] = -1
    return idx


def apply_palette(
    indices: np.ndarray, palette: np.ndarray, missing: tuple[int, int, int] = (0, 0, 0)
) -> np.ndarray:
    """Turn palette indices (from `to_rgb_indices`) into (..., 3) uint8 colours."""
    table = np.vstack([palette, np.asarray(missing, dtype=np.uint8)[None]])  # (257, 3)
    return table[np.where(indices < 0, 256, indices)]
