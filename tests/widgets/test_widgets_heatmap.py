"""Heatmap and ImageView: orientation, overlays, colour bar, levels, aspect ratio."""

import numpy as np

from dltui.tui.widgets import Heatmap, ImageView
from dltui.tui.widgets.framebench import WidgetApp, render_all, widget_text
from dltui.tui.widgets.palettes import SERIES_COLORS, VIRIDIS


def hexes(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*np.asarray(rgb).tolist())


def cell_colours(strip) -> list[tuple[str, str]]:
    """(fg, bg) hex per cell of a rendered strip."""
    out = []
    for seg in strip:
        fg = seg.style.color.triplet.hex if seg.style.color else ""
        bg = seg.style.bgcolor.triplet.hex if seg.style.bgcolor else ""
        out += [(fg, bg)] * len(seg.text)
    return out


async def test_row_zero_of_z_is_the_bottom() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(4, 3)) as pilot:
        app.widget.set_data([[0.0, 0.0], [1.0, 1.0]])  # row 0 (y0) low, row 1 high
        await pilot.pause()
        strips = render_all(app.widget)
        top, bottom = cell_colours(strips[0]), cell_colours(strips[1])
        assert set(top) == {(hexes(VIRIDIS[255]), hexes(VIRIDIS[255]))}
        assert set(bottom) == {(hexes(VIRIDIS[0]), hexes(VIRIDIS[0]))}
        assert widget_text(app.widget)[0] == "▀▀▀▀"


async def test_points_path_and_colour_bar_at_80x24() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(80, 24)) as pilot:
        heat = app.widget
        xs, ys = np.meshgrid(np.linspace(-2, 2, 40), np.linspace(-1, 1, 20))
        heat.set_data(xs + ys, extent=(-2, 2, -1, 1), vmin=-3, vmax=3)
        heat.set_points("train", [-1.5, 1.5], [0.5, -0.5], classes=[0, 1])
        heat.set_points("test", [0.0], [0.9], classes=[2], glyph=None)
        t = np.linspace(0, 1, 30)
        heat.set_path(-1 + t, 0.5 * t)
        await pilot.pause()
        text = widget_text(heat)
        body = "".join(text[:-1])
        assert body.count("●") == 2 and body.count("◆") == 1 and "·" in body
        assert "▲" in body  # class 2 glyph when glyph=None
        assert text[-1].startswith("-3 ") and text[-1].rstrip().endswith("3")
        strips = render_all(heat)
        glyph_colours = {
            seg.style.color.triplet.hex for s in strips for seg in s if seg.text == "●"
        }
        assert glyph_colours == {SERIES_COLORS[0], SERIES_COLORS[1]}


async def test_levels_quantise_and_log_skips_non_positive() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(30, 10)) as pilot:
        heat = app.widget
        heat.set_data(np.linspace(0, 1, 300).reshape(10, 30), levels=3)
        await pilot.pause()
        colours = {c for s in render_all(heat)[:-1] for c in cell_colours(s)}
        assert {bg for _, bg in colours} <= {hexes(VIRIDIS[i]) for i in (0, 128, 255)}
        heat.set_data([[0.0, 1.0], [10.0, 100.0]], log=True, palette="diverging")
        await pilot.pause()
        assert len(widget_text(heat)) == 10
        for size in [(1, 1), (2, 2), (5, 3)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert len(widget_text(heat)) == size[1]


async def test_image_keeps_aspect_ratio() -> None:
    white = "#ffffff"
    app = WidgetApp(ImageView)
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.widget
        view.set_image(np.ones((10, 10)))  # square -> 20x20 pixels -> 20 cols x 10 rows
        await pilot.pause()
        for strip in render_all(view):
            cells = cell_colours(strip)
            assert [i for i, c in enumerate(cells) if c == (white, white)] == list(range(10, 30))
        view.set_image(np.full((20, 5, 3), 255, np.uint8))  # tall: 5x20 pixels
        await pilot.pause()
        row = cell_colours(render_all(view)[0])
        assert [i for i, c in enumerate(row) if c == (white, white)] == list(range(17, 22))
