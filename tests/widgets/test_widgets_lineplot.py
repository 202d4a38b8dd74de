"""LinePlot mounted in a headless app: legend, ticks, markers, cursor, sizes, caching."""

import numpy as np

from dltui.tui.widgets import LinePlot
from dltui.tui.widgets.framebench import WidgetApp, render_all, widget_text


async def test_legend_ticks_and_marker_at_80x24() -> None:
    app = WidgetApp(lambda: LinePlot("loss curves"))
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.widget
        x = np.arange(1000.0)
        plot.set_series("train", x, np.exp(-x / 300))
        plot.set_series("val", x[::50], np.exp(-x[::50] / 250) + 0.05, style="points")
        plot.set_markers("train", [500], [np.exp(-500 / 300)])
        await pilot.pause()
        text = widget_text(plot)
        assert len(text) == 24 and all(len(row) == 80 for row in text)
        assert "loss curves" in text[0] and "train" in text[0] and "val" in text[0]
        assert any(row.lstrip().startswith("1┤") for row in text)  # y tick label
        assert any("0.6┤" in row for row in text)
        assert "└" in text[-2] and "┬" in text[-2]  # x axis
        assert text[-1].split() == ["0", "200", "400", "600", "800"]  # x tick labels
        assert any("●" in row for row in text[1:-2])  # the marker
        assert any(chr(0x2800) < ch <= chr(0x28FF) for row in text for ch in row)


async def test_series_are_coloured_by_their_colour() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(40, 12)) as pilot:
        app.widget.set_series("a", [0, 1], [0, 1], color="#ff0000")
        await pilot.pause()
        colours = {
            seg.style.color.triplet.hex
            for strip in render_all(app.widget)
            for seg in strip
            if "\u2800" < seg.text[:1] <= "\u28ff" and seg.style and seg.style.color
        }
        assert colours == {"#ff0000"}


async def test_append_vline_and_logy() -> None:
    app = WidgetApp(lambda: LinePlot(logy=True))
    async with app.run_test(size=(60, 16)) as pilot:
        plot = app.widget
        for step in range(1, 201):
            plot.append("lr", [step], [1e-5 * 1.05**step])
        plot.append("lr", [201], [0.0])  # non-positive: skipped on a log axis
        plot.set_vline(100)
        await pilot.pause()
        text = widget_text(plot)
        assert plot._series["lr"].buf.n == 201
        assert any("1e-04┤" in row for row in text) and any("0.01┤" in row for row in text)
        assert sum(row.count("│") for row in text) > 16  # y axis plus the cursor


async def test_small_and_degenerate_sizes_do_not_crash() -> None:
    app = WidgetApp(lambda: LinePlot("t"))
    async with app.run_test(size=(30, 8)) as pilot:
        plot = app.widget
        plot.set_series("s", np.arange(100.0), np.sin(np.arange(100.0)))
        await pilot.pause()
        text = widget_text(plot)
        assert len(text) == 8 and "s" in text[0] and "┤" in "".join(text)
        for size in [(1, 1), (3, 2), (12, 4), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert len(widget_text(plot)) == size[1]
        plot.styles.height = 0
        await pilot.pause()
        assert widget_text(plot) == []


async def test_empty_constant_and_nan_data() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(40, 10)) as pilot:
        plot = app.widget
        plot.set_series("flat", [0, 1, 2], [3, 3, 3])
        plot.set_series("bad", [0, 1, 2], [np.nan, np.inf, np.nan])
        await pilot.pause()
        assert any("3┤" in row for row in widget_text(plot))
        plot.clear()
        await pilot.pause()
        assert len(widget_text(plot)) == 10


async def test_raster_is_rebuilt_only_when_something_changed() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(40, 10)) as pilot:
        plot = app.widget
        plot.set_series("a", [0, 1], [0, 1])
        await pilot.pause()
        first = plot.render_line(3)
        assert plot.render_line(3) is first  # cached
        plot.append("a", [2], [0.5])
        assert plot.render_line(3) is not first
        cached = plot.render_line(3)
        plot.title = "new title"
        assert plot.render_line(3) is not cached
