"""BarChart and NumericTable."""

import numpy as np
from rich.text import Text

from dltui.tui.widgets import BarChart, NumericTable
from dltui.tui.widgets.bars import bar_fractions, bar_text
from dltui.tui.widgets.framebench import WidgetApp, widget_text


def test_bar_fractions_linear_and_log() -> None:
    assert bar_fractions(np.array([1.0, 2.0, -4.0])).tolist() == [0.25, 0.5, 1.0]
    frac = bar_fractions(np.array([1e-6, 1e-3, 1.0, 0.0, np.nan]), log=True)
    assert 0 < frac[0] < frac[1] < frac[2] == 1.0
    assert frac[3] == frac[4] == 0.0


def test_a_bounded_quantity_is_drawn_against_its_top_not_its_largest_value() -> None:
    # a probability of 0.4 is 40 % of the width, not a full bar because it is the largest
    assert bar_fractions(np.array([0.4, 0.1]), top=1.0).tolist() == [0.4, 0.1]
    assert bar_fractions(np.array([0.4, 0.1])).tolist() == [1.0, 0.25]


async def test_bars_that_do_not_fit_are_counted_not_dropped() -> None:
    app = WidgetApp(lambda: BarChart("per layer"))
    async with app.run_test(size=(40, 8)) as pilot:
        chart = app.widget
        chart.set_bars([f"W{i}" for i in range(1, 22)], list(range(1, 22)))
        await pilot.pause()
        text = [line.rstrip() for line in widget_text(chart)]
        shown = [line for line in text if line.startswith("W")]
        assert len(shown) == len(text) - 2 and text[-1] == f"… {21 - len(shown)} more (z: zoom)"


def test_bar_text_uses_eighths() -> None:
    assert bar_text(1.0, 4) == "████"
    assert bar_text(0.5, 3) == "█▌"
    assert bar_text(0.0, 5) == ""


async def test_bars_show_labels_and_values() -> None:
    app = WidgetApp(lambda: BarChart("grad norm", log_scale=True))
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.widget
        chart.set_bars(["layer1", "layer2", "out"], [1e-6, 3e-4, 1.5])
        await pilot.pause()
        text = widget_text(chart)
        assert text[0].startswith("grad norm (log)")
        assert text[1].startswith("layer1") and text[1].rstrip().endswith("1e-06")
        assert text[3].startswith("out") and text[3].rstrip().endswith("1.5")
        assert text[1].count("█") < text[2].count("█") < text[3].count("█")


async def test_numeric_table_formats_and_replaces() -> None:
    app = WidgetApp(NumericTable)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.widget
        table.show(["step", "loss"], [[1, 0.123456], [2, 1.2e-05]])
        await pilot.pause()
        assert table.row_count == 2
        step, loss = table.get_row_at(1)
        assert isinstance(loss, Text) and loss.plain == "1.2e-05" and loss.justify == "right"
        assert step.plain == "2"
        keys = list(table.columns)
        table.show(["step", "loss"], [[3, 0.5]])
        await pilot.pause()
        assert list(table.columns) == keys and table.row_count == 1
        table.show(["epoch"], [["a"]])
        await pilot.pause()
        assert len(table.columns) == 1 and table.get_row_at(0) == ["a"]
        assert "epoch" in "".join(widget_text(table))


async def test_a_table_at_its_end_follows_new_rows_and_one_scrolled_up_stays() -> None:
    app = WidgetApp(NumericTable)
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.widget
        rows = [[t, 0.5 * t] for t in range(50)]
        table.show(["t", "w_t"], rows)
        await table.scrolled.wait()
        assert table.max_scroll_y > 0 and table.scroll_y == table.max_scroll_y
        table.show(["t", "w_t"], [*rows, [50, 25.0]])  # a new step: the newest row in view
        await table.scrolled.wait()
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y and "50" in "".join(widget_text(table))
        table.scroll_to(y=0, animate=False)  # the learner reads the first steps
        await pilot.pause()
        table.show(["t", "w_t"], [*rows, [50, 25.0], [51, 25.5]])
        await table.scrolled.wait()
        assert table.scroll_y == 0


def test_counts_are_grouped_as_the_text_beside_them_writes_them() -> None:
    from dltui.engine.i18n import NNBSP, set_language
    from dltui.tui.widgets.table import format_cell

    assert format_cell(24704).plain == "24,704" and format_cell(2048).plain == "2048"
    assert format_cell(float(48120)).plain == "48,120"
    set_language("fr")
    assert format_cell(24704).plain == f"24{NNBSP}704"


async def test_bar_values_that_are_counts_are_grouped() -> None:
    app = WidgetApp(lambda: BarChart("parameters per layer"))
    async with app.run_test(size=(60, 6)) as pilot:
        app.widget.set_bars(["conv1", "dense"], [456, 48120])
        await pilot.pause()
        text = widget_text(app.widget)
        assert text[1].rstrip().endswith(" 456") and text[2].rstrip().endswith(" 48,120")
