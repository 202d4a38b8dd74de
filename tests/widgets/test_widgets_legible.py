"""Honest colour, legible plots, numbers that fit, bounded history (issue 9)."""

import numpy as np
from rich.text import Text

from dltui.engine import views as V
from dltui.engine.events import Snapshot
from dltui.tui.view_widgets import make_widget
from dltui.tui.widgets import BarChart, Heatmap, LinePlot, MatrixGrid, NumericTable
from dltui.tui.widgets.framebench import WidgetApp, render_all, widget_text
from dltui.tui.widgets.lineplot import _Buffer
from dltui.tui.widgets.numfmt import axis_labels, int_ticks
from dltui.tui.widgets.palettes import DIVERGING, SERIES_COLORS


def colours_of(widget, chars: str) -> list[str]:
    """Foreground colours of the cells showing one of `chars`, in reading order."""
    return [
        seg.style.color.triplet.hex
        for strip in render_all(widget)
        for seg in strip
        if seg.text and seg.text[0] in chars and seg.style and seg.style.color
    ]


def braille_colours(widget) -> set[str]:
    return {
        seg.style.color.triplet.hex
        for strip in render_all(widget)
        for seg in strip
        if "\u2800" < seg.text[:1] <= "\u28ff" and seg.style and seg.style.color
    }


# -- honest colour -------------------------------------------------------------------------


async def test_a_bounded_map_keeps_its_fixed_range_whatever_the_values() -> None:
    """course-xor at step 400: ŷ ≈ ±0.01 everywhere must look pale, not saturated."""
    view = V.Heatmap("ŷ", "field", "extent", palette="diverging", vrange=(-1.0, 1.0))
    app = WidgetApp(lambda: make_widget(view))
    async with app.run_test(size=(60, 20)) as pilot:
        field = np.linspace(-0.0101, 0.0101, 64)[None, :].repeat(64, axis=0)
        tensors = {"field": field, "extent": np.array([-1.5, 1.5, -1.5, 1.5])}
        app.widget.update((Snapshot(400, {}, tensors, None),))
        await pilot.pause()
        heat = app.widget.inner
        assert heat._vlim == (-1.0, 1.0)
        text = widget_text(heat)
        bar = next(row for row in text if row.startswith("-1 "))
        assert bar.rstrip().endswith(" 1")
        field_bg = {
            seg.style.bgcolor.triplet.hex
            for strip in render_all(heat)[:10]
            for seg in strip
            if seg.text[:1] == "▀"
        }
        near_white = {"#{:02x}{:02x}{:02x}".format(*DIVERGING[k]) for k in range(124, 132)}
        assert field_bg and field_bg <= near_white  # ≈ 0 is the palette's pale middle


async def test_without_a_range_a_diverging_map_is_centred_on_zero() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(40, 12)) as pilot:
        app.widget.set_data([[0.2, 3.0]], palette="diverging")
        await pilot.pause()
        assert app.widget._vlim == (-3.0, 3.0)


async def test_a_log_map_says_log_and_names_axes_colour_and_grey_cells() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(70, 20)) as pilot:
        heat = app.widget
        z = np.logspace(-6, 0, 40)[None, :].repeat(10, axis=0)
        z[:, :5] = 0.0  # exactly zero: no colour on a log scale
        heat.set_data(z, extent=(1, 40, 1, 10), log=True)
        heat.set_labels(xlabel="time step t", ylabel="training step", clabel="‖∂L/∂hₜ‖")
        await pilot.pause()
        text = widget_text(heat)
        assert text[-2].startswith("5.88e-06 ") and text[-2].rstrip().endswith(" 1 log")
        assert text[-3].rstrip().endswith(" time step t")  # the x axis's name, on its labels
        caption = " ".join(text[-3:])
        assert "↑ training step" in caption
        assert "colour: ‖∂L/∂hₜ‖" in caption
        assert "██ 0" in caption  # the grey swatch and what it means
        heat.set_labels(missing="0 (no gradient)")
        await pilot.pause()
        assert "██ 0 (no gradient)" in " ".join(widget_text(heat)[-3:])


async def test_a_narrow_log_map_still_says_log() -> None:
    """rnn-gradients at 80×24: a 14-column map has no room for a bar, yet says "log"."""
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(14, 7)) as pilot:
        app.widget.set_data(np.logspace(-12.2, -0.16, 20)[None, :], log=True)
        await pilot.pause()
        bar = widget_text(app.widget)[-1]
        assert bar.rstrip().endswith(" log") and "…" in bar and "e-13" in bar


async def test_point_classes_are_named_in_their_colours() -> None:
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(80, 20)) as pilot:
        heat = app.widget
        heat.set_data(np.zeros((8, 8)), extent=(-1, 1, -1, 1), vmin=-1, vmax=1)
        heat.set_points("p", [-0.5, 0.5, 0.0, 0.2], [0, 0, 0.5, -0.5], classes=[0, 1, 2, 3])
        names = ("train, class 0", "train, class 1", "test, class 0", "test, class 1")
        heat.set_labels(classes=names)
        await pilot.pause()
        caption = " ".join(widget_text(heat)[-2:])
        assert all(f"● {name}" in caption for name in names)
        # The key's glyphs have the colours of the points on the map.
        assert set(colours_of(heat, "●")) == set(SERIES_COLORS[:4])


# -- legible plots -------------------------------------------------------------------------


async def test_axes_are_named_and_integer_axes_get_integer_ticks() -> None:
    app = WidgetApp(lambda: LinePlot(xlabel="epoch", ylabel="MSE (k$²)"))
    async with app.run_test(size=(60, 14)) as pilot:
        plot = app.widget
        plot.append("loss", [1], [3.0])  # one step: not "0.9 0.95 1 1.05"
        await pilot.pause()
        text = widget_text(plot)
        assert text[0].startswith("↑ MSE (k$²)")
        assert text[-1].rstrip().endswith("epoch")
        assert "1" in text[-1].split()[:-1] <= ["0", "1", "2"]
        plot.append("loss", [2, 3, 4, 5, 6, 7], [2.0, 1.5, 1.2, 1.1, 1.05, 1.0])
        await pilot.pause()
        labels = widget_text(plot)[-1].split()[:-1]
        assert labels and all(label.isdigit() for label in labels)


async def test_a_map_of_whole_steps_gets_whole_ticks() -> None:
    """rnn-gradients after one training step: the extent is 0.5…1.5, the tick is 1."""
    app = WidgetApp(Heatmap)
    async with app.run_test(size=(60, 16)) as pilot:
        app.widget.set_data(np.ones((1, 50)), extent=(0.5, 50.5, 0.5, 1.5), log=True)
        await pilot.pause()
        text = widget_text(app.widget)
        yticks = [row.split("┤")[0].strip() for row in text if "┤" in row]
        assert yticks == ["1"]
        xticks = text[next(i for i, row in enumerate(text) if "└" in row) + 1].split()
        assert xticks and all(t.isdigit() for t in xticks)


def test_integer_ticks_are_whole_numbers() -> None:
    assert int_ticks(0.9, 1.1) == [1.0]
    assert int_ticks(0, 7, 8) == [float(k) for k in range(8)]
    assert int_ticks(0, 300, 5) == [0.0, 100.0, 200.0, 300.0]
    assert all(t == int(t) for t in int_ticks(3, 17, 6))


async def test_a_constant_series_gets_one_sensible_label() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(50, 12)) as pilot:
        x = np.arange(1.0, 50.0)
        app.widget.set_series("price", x, np.full_like(x, 21.8002759) + 1e-12 * x)
        await pilot.pause()
        ticks = [row.split("┤")[0].strip() for row in widget_text(app.widget) if "┤" in row]
        assert ticks == ["21.8"]
    assert axis_labels([21.8002759], flat=True) == ["21.8"]


async def test_legends_wrap_and_never_cut_a_name() -> None:
    names = ["accuracy_rnn", "accuracy_lstm", "accuracy_gru"] + [f"v{i}" for i in range(1, 17)]
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(40, 24)) as pilot:
        for k, name in enumerate(names):
            app.widget.set_series(name, [0, 1], [k, k + 1])
        await pilot.pause()
        legend = " ".join(widget_text(app.widget)[:6])
        for name in names:
            assert f" {name} " in f"{legend} ", name


async def test_a_short_plot_keeps_every_series_in_a_compact_key() -> None:
    """rnn-gradients' small 'loss' panel: loss_rnn, loss_lstm, loss_gru all named."""
    app = WidgetApp(lambda: LinePlot(ylabel="cross-entropy", xlabel="step"))
    async with app.run_test(size=(30, 5)) as pilot:
        for k, cell in enumerate(("rnn", "lstm", "gru")):
            app.widget.set_series(f"loss_{cell}", [1, 2, 3], [3 - k, 2 - k, 1 - k])
        await pilot.pause()
        legend = widget_text(app.widget)[0]
        assert legend.split() == ["━━", "rnn", "━━", "lstm", "━━", "gru"]


async def test_a_narrow_plot_tightens_its_key_before_counting_a_series_away() -> None:
    """cnn's accuracy panel at 120×40 (26 columns): 'accuracy' and 'test_accuracy' both named
    with one-cell samples, rather than '━━ accuracy  +1'."""
    app = WidgetApp(lambda: LinePlot(ylabel="accuracy", xlabel="step"))
    async with app.run_test(size=(24, 7)) as pilot:
        for k, name in enumerate(("accuracy", "test_accuracy")):
            app.widget.set_series(name, [1, 2, 3], [0.1 * k, 0.5, 0.9])
        await pilot.pause()
        rows = widget_text(app.widget)
        legend = " ".join(rows[:2])
        assert "+1" not in legend
        assert "━ accuracy" in legend and "━ test_accuracy" in legend, rows
        assert any("└" in row for row in rows)  # the x axis kept its row


async def test_series_get_distinct_colours_then_dashes() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(80, 30)) as pilot:
        plot = app.widget
        rates = ["loss@0.1", "loss@0.01", "loss@0.001", "loss@0.0001", "loss@1e-05"]
        for k, name in enumerate(rates):
            plot.set_series(name, np.arange(50.0), np.full(50, float(k)))
        await pilot.pause()
        assert len(braille_colours(plot)) == 5
        styles = [(s.color, s.dash) for s in plot._series.values()]
        for k in range(5, 12):
            plot.set_series(f"v{k}", np.arange(50.0), np.full(50, float(k)))
        await pilot.pause()
        styles = [(s.color, s.dash) for s in plot._series.values()]
        assert len(set(styles)) == len(styles) == 12  # colour, or colour and dash, differ
        assert [s.dash for s in plot._series.values()][8:] == ["dashed"] * 4
        legend = " ".join(widget_text(plot)[:3])
        assert "╍╍ v8" in legend  # the key shows the dash


def test_the_categorical_palette_is_okabe_ito() -> None:
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}
    assert okabe_ito <= set(SERIES_COLORS) and len(set(SERIES_COLORS)) == 8


async def test_a_matrix_view_names_its_rows_and_columns() -> None:
    species = ("setosa", "versicolor", "virginica")
    view = V.Matrix("confusion", "confusion", row_labels=species, col_labels=species)
    app = WidgetApp(lambda: make_widget(view))
    async with app.run_test(size=(60, 8)) as pilot:
        m = np.array([[10, 0, 0], [0, 9, 1], [0, 2, 8]])
        app.widget.update((Snapshot(5, {}, {"confusion": m}, None),))
        await pilot.pause()
        text = widget_text(app.widget.inner)
        assert text[0].split() == list(species)
        assert [row.split()[0] for row in text[1:4]] == list(species)
        await pilot.resize_terminal(40, 8)  # the iris panel at 120×40: no column left out
        await pilot.pause()
        text = widget_text(app.widget.inner)
        assert text[0].split() == ["setosa", "versico…", "virgini…"]
        assert text[3].split() == ["virginica", "0", "2", "8"]


async def test_a_matrix_says_what_its_dots_mean() -> None:
    """Convolution by hand: cells not computed yet are '·', and the key says so."""
    app = WidgetApp(MatrixGrid)
    async with app.run_test(size=(30, 6)) as pilot:
        app.widget.set_matrix([[1.0, np.nan], [np.nan, np.nan]])
        await pilot.pause()
        text = widget_text(app.widget)
        assert "·" in text[1] and text[3].startswith("· not computed yet")
        app.widget.set_matrix([[1.0, 2.0], [3.0, 4.0]])
        await pilot.pause()
        assert "not computed" not in "".join(widget_text(app.widget))


# -- numbers that fit ----------------------------------------------------------------------


async def test_a_narrow_table_never_cuts_a_number_into_another() -> None:
    app = WidgetApp(NumericTable)
    async with app.run_test(size=(30, 8)) as pilot:
        table = app.widget
        table.show(["x1", "x2", "t", "ŷ"], [[-1, -1, -1, -1.107e-04], [1, 1, -1, 1.107e-04]])
        await pilot.pause()
        cell = table.get_row_at(0)[3]
        assert isinstance(cell, Text) and "e-" in cell.plain and float(cell.plain) < 0
        assert abs(float(cell.plain) / -1.107e-04 - 1) < 0.01
        shown = "".join(widget_text(table))
        assert "-1.107 " not in shown and "-1.1" in shown


async def test_a_tight_table_still_shows_a_number() -> None:
    """course-xor's four points in a 19-column panel: ŷ fits as -0.02, not '####'."""
    app = WidgetApp(NumericTable)
    async with app.run_test(size=(19, 8)) as pilot:
        app.widget.show(
            ["x1", "x2", "t", "ŷ"], [[-1.0, -1.0, -1.0, -0.019523], [1.0, 1.0, -1.0, 0.2]]
        )
        await pilot.pause()
        assert app.widget.get_row_at(0)[3].plain == "-0.02"
        assert "#" not in "".join(widget_text(app.widget))


async def test_bars_and_colour_bars_use_the_width_aware_formatter() -> None:
    app = WidgetApp(BarChart)
    async with app.run_test(size=(40, 6)) as pilot:
        app.widget.set_bars(["a_rather_long_label_name", "b"], [1.23456789e-7, 2.0])
        await pilot.pause()
        text = widget_text(app.widget)
        assert text[0].rstrip().endswith("1.23e-07") and "…" in text[0]  # a cut name says so


# -- bounded history -----------------------------------------------------------------------


def test_an_hour_of_appends_is_thinned_not_dropped() -> None:
    buf = _Buffer(np.empty(0), np.empty(0), cap=1000)
    n = 100_000
    for i in range(0, n, 10):
        x = np.arange(i, i + 10, dtype=np.float64)
        y = np.sin(x / 5000)
        y[x == 54_321] = 5.0  # a one-step spike survives thinning
        buf.append(x, y)
    assert len(buf.x) <= 2 * buf.cap and buf.capacity <= 2 * buf.cap
    assert buf.x[0] == 0 and buf.x[-1] == n - 1 and np.all(np.diff(buf.x) > 0)
    assert buf.y.max() == 5.0
    counts = np.histogram(buf.x[: buf.n], bins=10, range=(0, n))[0]
    assert counts.min() > 0.5 * counts.max()  # even density, old points not squeezed out


async def test_a_name_wider_than_the_panel_is_cut_with_an_ellipsis() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(20, 10)) as pilot:
        app.widget.set_series("test accuracy (whole sequences)", [0, 1], [0, 1])
        await pilot.pause()
        first = widget_text(app.widget)[0]
        assert len(first.rstrip()) <= 20 and first.rstrip().endswith("…"), first


async def test_a_named_cursor_is_in_the_legend() -> None:
    app = WidgetApp(LinePlot)
    async with app.run_test(size=(50, 12)) as pilot:
        app.widget.set_series("L(w)", [0.0, 1.0, 2.0, 3.0], [3.0, 1.0, 0.5, 2.0])
        app.widget.set_vline(2.0, "cursor (← →)")
        await pilot.pause()
        legend = widget_text(app.widget)[0]
        assert "━━ L(w)" in legend and "│ cursor (← →)" in legend, legend


async def test_a_single_point_at_step_0_gets_no_negative_step() -> None:
    app = WidgetApp(lambda: LinePlot(xlabel="step"))
    async with app.run_test(size=(40, 10)) as pilot:
        app.widget.set_series("loss", [0], [0.7])
        await pilot.pause()
        rows = widget_text(app.widget)
        ticks = rows[next(i for i, r in enumerate(rows) if "└" in r) + 1]
        assert "-1" not in ticks and "0" in ticks.split(), rows
