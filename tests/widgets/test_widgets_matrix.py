"""MatrixGrid: one number format per matrix, labels, highlighted window and cell."""

import numpy as np

from dltui.tui.widgets import MatrixGrid
from dltui.tui.widgets.framebench import WidgetApp, render_all, widget_text
from dltui.tui.widgets.matrix import format_matrix, matrix_format


def test_integers_stay_integers() -> None:
    assert matrix_format(np.array([[1.0, -2.0], [30.0, 0.0]])) == "d"
    assert format_matrix(np.array([[1.0, -2.0], [30.0, 0.0]])) == [["1", "-2"], ["30", "0"]]


def test_floats_get_two_or_three_decimals() -> None:
    assert format_matrix(np.array([0.5, -0.125])) == [["0.500", "-0.125"]]
    assert format_matrix(np.array([1.5, 2.25])) == [["1.50", "2.25"]]
    assert format_matrix(np.array([12.5, 3.0])) == [["12.5", "3.0"]]
    assert format_matrix(np.array([1e-4, 2e-4])) == [["1.00e-04", "2.00e-04"]]
    assert format_matrix(np.array([np.nan, 1.5])) == [["·", "1.50"]]  # not computed yet
    assert format_matrix(np.array([-0.0001, 0.5])) == [["-0.000", "0.500"]]


async def test_grid_with_labels_window_and_cell() -> None:
    app = WidgetApp(lambda: MatrixGrid("input", colorize=True))
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.widget
        grid.set_matrix(np.arange(16).reshape(4, 4) - 5)
        grid.set_window((1, 3, 1, 3))
        grid.set_cell((0, 3))
        await pilot.pause()
        text = widget_text(grid)
        assert text[0].startswith("input")
        assert text[1].split() == ["0", "1", "2", "3"]
        assert text[2].split() == ["0", "-5", "-4", "-3", "-2"]
        assert text[5].split() == ["3", "7", "8", "9", "10"]
        strips = render_all(grid)
        window = "".join(seg.text for s in strips for seg in s if seg.style.reverse)
        assert window.split() == ["0", "1", "4", "5"]  # rows 1-2, cols 1-2
        bold = [seg.text.strip() for s in strips for seg in s if seg.style.underline]
        assert bold == ["-2"]


async def test_labels_and_cropping() -> None:
    app = WidgetApp(MatrixGrid)
    async with app.run_test(size=(20, 6)) as pilot:
        grid = app.widget
        grid.set_matrix([[50, 2], [3, 45]], row_labels=["cat", "dog"], col_labels=["cat", "dog"])
        await pilot.pause()
        assert widget_text(grid)[1].split() == ["cat", "50", "2"]
        grid.set_matrix(np.random.default_rng(0).standard_normal((3, 12)))
        await pilot.pause()
        text = widget_text(grid)
        assert all(row.rstrip().endswith("…") for row in text[1:4])
