"""Heatmap and ImageView: orientation, overlays, axes, colour bar, levels, aspect ratio."""

import numpy as np
from rich.style import Style

from dltui.tui.widgets import Heatmap, ImageView
from dltui.tui.widgets._cells import CellGrid
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
        assert any(row.startswith("   1┤") for row in text) and "└" in text[-3]
        assert text[-2].split() == ["-2", "-1", "0", "1", "2"]  # x tick labels
        assert text[-1].startswith("-3 ") and text[-1].rstrip().endswith("3")
        strips = render_all(heat)
        glyph_colours = {
            seg.style.color.triplet.hex for s in strips for seg in s if seg.text == "●"
        }
        assert glyph_colours == {SERIES_COLORS[0], SERIES_COLORS[1]}


def set_bowl(heat: Heatmap, extent=(-2.0, 10.0, -5.0, 5.0)) -> None:
    """A quadratic bowl with its minimum at (4, 1)."""
    xs, ys = np.meshgrid(np.linspace(-2, 10, 120), np.linspace(-5, 5, 80))
    heat.set_data(0.5 * (xs - 4) ** 2 + 2 * (ys - 1) ** 2, extent=extent)


async def test_axes_show_tick_labels_from_the_extent() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(60, 20)) as pilot:
        heat = app.widget
        set_bowl(heat)
        await pilot.pause()
        text = widget_text(heat)
        assert len(text) == 20 and all(len(row) == 60 for row in text)
        ylabels = [row[:3] for row in text[:17] if row[2] == "┤"]
        assert ylabels == [" 4┤", " 2┤", " 0┤", "-2┤", "-4┤"]  # top to bottom
        assert all(row[2] in "┤│" and row[3] == "▀" for row in text[:17])
        assert text[17].startswith("  └┬") and text[17].count("┬") == 7
        assert text[18].split() == ["-2", "0", "2", "4", "6", "8", "10"]
        assert text[19].startswith("0.0064 ") and text[19].rstrip().endswith("90")
        heat.axes = False  # switched off: the field takes the whole area again
        await pilot.pause()
        assert all(set(row) == {"▀"} for row in widget_text(heat)[:-1])


async def test_points_land_on_their_ticks_with_axes() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(60, 20)) as pilot:
        heat = app.widget
        set_bowl(heat)
        heat.set_points("p", [4.0, -1.99, 9.99], [0.0, -4.99, 4.99], glyph="●")
        await pilot.pause()
        text = widget_text(heat)
        row0 = next(r for r, row in enumerate(text) if row.startswith(" 0┤"))
        col4 = text[18].index(" 4 ") + 1  # the label "4" is centred on its tick
        assert text[17][col4] == "┬"
        assert text[row0][col4] == "●"  # (4, 0): on the x tick 4 and the y tick 0
        assert text[16][3] == "●"  # (x0, y0) corner: bottom-left cell of the field
        assert text[0][59] == "●"  # (x1, y1) corner: top-right cell
        assert sum(row.count("●") for row in text) == 3


async def test_no_axes_when_small_without_extent_or_switched_off() -> None:
    cases = [((23, 20), {}, True), ((60, 7), {}, True), ((60, 20), {}, False)]
    cases.append(((60, 20), {"axes": False}, True))
    for size, kwargs, with_extent in cases:
        app = WidgetApp(lambda kwargs=kwargs: Heatmap(**kwargs))
        async with app.run_test(size=size) as pilot:
            heat = app.widget
            if with_extent:
                set_bowl(heat)
            else:
                heat.set_data(np.arange(12.0).reshape(3, 4))
            heat.set_points("p", [-1.99], [4.99])  # top-left corner of the extent
            await pilot.pause()
            text = widget_text(heat)
            body = text[:-1]
            assert len(text) == size[1] and all(len(row) == size[0] for row in text)
            assert not any(ch in row for row in body for ch in "┤│└┬"), (size, kwargs)
            assert all(row[0] in "▀●" for row in body)  # the field starts at column 0
            if with_extent:
                assert body[0][0] == "●"


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


def test_a_narrow_log_colour_bar_says_log_once() -> None:
    heat = Heatmap()
    heat.set_data([[5.28e-15, 1e-10], [1e-9, 5.31e-7]], log=True)
    for width in range(14, 30):  # from the range alone ("5e-15…5e-7 log") to a bar
        grid = CellGrid(width, 1, Style())
        heat._colour_bar(grid, 0)
        key = "".join(seg.text for seg in grid.to_strips()[0]).rstrip()
        assert key.endswith(" log") and key.count("log") == 1, (width, key)


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


async def test_an_x_name_that_would_hide_the_tick_numbers_goes_to_the_caption() -> None:
    """rnn-gradients' 25-column maps: '10' and '20' under the axis, '→ time step t' below."""
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(25, 16)) as pilot:
        heat = app.widget
        heat.set_labels(xlabel="time step t", ylabel="training step", clabel="‖∂L/∂hₜ‖")
        heat.set_data(np.ones((30, 20)), extent=(0.5, 20.5, 0.0, 300.0))
        await pilot.pause()
        rows = [r.rstrip() for r in widget_text(heat)]
        under_axis = rows[next(i for i, r in enumerate(rows) if "└" in r) + 1]
        assert under_axis.split() == ["10", "20"], rows
        assert "→ time step t" in rows, rows


async def test_a_path_is_named_in_the_legend_and_a_line_has_no_now_marker() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(40, 16)) as pilot:
        heat = app.widget
        heat.set_data(np.zeros((10, 10)), extent=(0.0, 1.0, 0.0, 1.0))
        heat.set_path([0.1, 0.5, 0.9], [0.1, 0.5, 0.9], label="descent path (◆ now)")
        await pilot.pause()
        text = "\n".join(widget_text(heat))
        assert "·◆ descent path (◆ now)" in text and text.count("◆") == 3  # map, key, label
        heat.set_path([0.1, 0.9], [0.5, 0.5], label="w·x + b = 0", end=False)
        await pilot.pause()
        text = "\n".join(widget_text(heat))
        assert "·· w·x + b = 0" in text and "◆" not in text
