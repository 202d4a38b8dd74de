"""Palettes: viridis reads as brightness, the diverging one is centred, indices are safe."""

import numpy as np

from dltui.tui.widgets.palettes import (
    DIVERGING,
    SERIES_COLORS,
    SERIES_GLYPHS,
    VIRIDIS,
    apply_palette,
    get_palette,
    luminance,
    to_rgb_indices,
)


def test_viridis_luminance_increases() -> None:
    assert VIRIDIS.shape == (256, 3) and VIRIDIS.dtype == np.uint8
    lum = luminance(VIRIDIS)
    # Monotonic up to uint8 rounding, and strictly increasing at a coarser step.
    assert np.all(np.diff(lum) > -1e-3)
    assert np.all(np.diff(lum[::8]) > 0)
    assert lum[-1] - lum[0] > 0.6


def test_diverging_is_blue_white_red() -> None:
    lum = luminance(DIVERGING)
    assert DIVERGING[0, 2] > DIVERGING[0, 0]  # blue end
    assert DIVERGING[-1, 0] > DIVERGING[-1, 2]  # red end
    assert lum.argmax() in range(120, 136)  # white in the middle
    assert lum[128] > 0.85


def test_series_colours_and_glyphs_are_distinct() -> None:
    assert len(set(SERIES_COLORS)) == len(SERIES_COLORS) >= 8
    assert len(set(SERIES_GLYPHS)) == len(SERIES_GLYPHS) == len(SERIES_COLORS)


def test_to_rgb_indices_maps_and_flags_missing() -> None:
    idx = to_rgb_indices(np.array([0.0, 0.5, 1.0, 2.0, -1.0, np.nan, np.inf]), 0.0, 1.0)
    assert idx.tolist() == [0, 128, 255, 255, 0, -1, -1]
    log_idx = to_rgb_indices(np.array([1.0, 10.0, 100.0, 0.0, -5.0]), 1.0, 100.0, log=True)
    assert log_idx.tolist() == [0, 128, 255, -1, -1]
    assert to_rgb_indices(np.array([3.0]), 3.0, 3.0).tolist() == [128]  # degenerate range


def test_levels_quantise_into_bands() -> None:
    idx = to_rgb_indices(np.linspace(0, 1, 1000), 0.0, 1.0, levels=5)
    assert sorted(set(idx.tolist())) == [0, 64, 128, 191, 255]


def test_apply_palette_paints_missing() -> None:
    rgb = apply_palette(np.array([0, 255, -1]), get_palette("viridis"), missing=(1, 2, 3))
    assert rgb.tolist() == [VIRIDIS[0].tolist(), VIRIDIS[255].tolist(), [1, 2, 3]]
