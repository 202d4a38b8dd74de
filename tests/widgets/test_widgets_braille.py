"""Braille rasteriser: dots land where expected, spikes survive decimation, bad values skip."""

import numpy as np

from dltui.tui.widgets.braille import SeriesData, rasterize


def line(x, y, points: bool = False) -> SeriesData:
    return SeriesData(np.asarray(x, float), np.asarray(y, float), points)


def test_horizontal_line_lights_one_dot_row() -> None:
    # 4x2 cells = 8x8 dots; y=1 (top of ylim) is dot row 0 -> dots 1 and 4 (0x09) per cell.
    r = rasterize([line([0, 1], [1, 1])], 4, 2, (0, 1), (0, 1))
    assert r.bits[0].tolist() == [0x09] * 4
    assert r.bits[1].tolist() == [0] * 4
    assert r.lines() == ["⠉⠉⠉⠉", "    "]
    assert r.owner[0].tolist() == [0] * 4 and r.owner[1].tolist() == [-1] * 4


def test_bottom_line_uses_lowest_dots() -> None:
    r = rasterize([line([0, 1], [0, 0])], 3, 2, (0, 1), (0, 1))
    assert r.bits[1].tolist() == [0xC0] * 3  # dots 7 and 8
    assert not r.bits[0].any()


def test_decimation_keeps_a_one_sample_spike() -> None:
    x = np.arange(10_000, dtype=float)
    y = np.zeros_like(x)
    y[6_123] = 1.0
    r = rasterize([line(x, y)], 20, 5, (0, 9_999), (0, 1))
    assert r.bits[0].any(), "the spike must reach the top row"
    col = int(np.flatnonzero(r.bits[0])[0])
    assert abs(col - round(6_123 / 9_999 * 39) // 2) <= 1
    assert np.all(r.bits[4] & 0xC0)  # baseline drawn across the whole width


def test_nan_and_inf_are_skipped_and_break_the_line() -> None:
    r = rasterize([line([0, 1, 2, 3, 4], [0, 0, np.nan, 0, np.inf])], 5, 1, (0, 4), (0, 1))
    assert r.bits.shape == (1, 5)
    # 10 dot columns; x=0..4 -> dots 0, 2.25, 4.5, 6.75, 9. Segment 0-1 covers cells 0 and 1,
    # nothing joins across the NaN, the lone point x=3 still shows, x=4 (inf) does not.
    assert np.flatnonzero(r.bits[0]).tolist() == [0, 1, 3]


def test_logy_skips_non_positive_values() -> None:
    r = rasterize(
        [line([0, 1, 2, 3], [-1.0, 0.0, 10.0, 100.0], points=True)], 4, 2, (0, 3), (1, 100), True
    )
    assert not r.bits[:, :2].any()  # x=0 and x=1 (cells 0..1) had no positive value
    assert r.bits[:, 2:].any()


def test_points_mode_draws_single_dots() -> None:
    r = rasterize([line([0, 1], [0, 1], points=True)], 4, 2, (0, 1), (0, 1))
    assert int(r.bits.astype(bool).sum()) == 2
    assert bin(int(r.bits.sum())).count("1") == 2


def test_empty_constant_and_zero_size() -> None:
    assert not rasterize([line([], [])], 4, 2, (0, 1), (0, 1)).bits.any()
    const = rasterize([line([0, 1, 2], [5, 5, 5])], 6, 2, (0, 2), (4, 6))
    assert const.bits.any()
    assert rasterize([line([0, 1], [0, 1])], 0, 0, (0, 1), (0, 1)).bits.shape == (0, 0)
    assert rasterize([line([0, 1], [0, 1])], 1, 1, (0, 1), (0, 1)).bits.shape == (1, 1)


def test_last_series_owns_shared_cells() -> None:
    r = rasterize([line([0, 1], [0.5, 0.5]), line([0, 1], [0.5, 0.5])], 3, 1, (0, 1), (0, 1))
    assert r.owner.tolist() == [[1, 1, 1]]


def test_segments_outside_the_canvas_are_clipped() -> None:
    r = rasterize([line([-1e9, 1e9], [0.5, 0.5])], 10, 1, (0, 1), (0, 1))
    assert np.all(r.bits[0] > 0)
