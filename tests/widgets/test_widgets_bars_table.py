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
