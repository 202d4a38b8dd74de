"""NumericTable: Textual's DataTable with compact, right-aligned numbers.

Tables of metrics are replaced wholesale every few steps; `show` keeps the columns when they
did not change (only rows are cleared and re-added in one batch) and keeps the cursor and the scroll position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Number

from rich.text import Text
from textual.widgets import DataTable

from .numfmt import compact


def format_cell(value: object) -> str | Text:
    """Numbers as compact right-aligned text; everything else as str."""
    if isinstance(value, bool) or not isinstance(value, Number):
        return str(value)
    if isinstance(value, int) or (float(value).is_integer() and abs(float(value)) < 1e15):
        return Text(str(int(value)), justify="right")
    return Text(compact(float(value), sig=4), justify="right")


class NumericTable(DataTable):
    """A DataTable fed with `show(columns, rows)`."""

    DEFAULT_CSS = "NumericTable { height: auto; max-height: 100%; }"

    def __init__(self, *, name: str | None = None, id: str | None = None, **kwargs) -> None:
        kwargs.setdefault("zebra_stripes", True)
        kwargs.setdefault("show_cursor", False)  # a read-out, not a form: no selection bar
        super().__init__(name=name, id=id, **kwargs)
        self._columns_shown: tuple[str, ...] | None = None

    def show(self, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """Replace the content; columns are rebuilt only if their names changed."""
        cols = tuple(map(str, columns))
        cursor, scroll = self.cursor_coordinate, self.scroll_offset
        same = cols == self._columns_shown
        if not same:
            self.clear(columns=True)
            self.add_columns(*cols)
            self._columns_shown = cols
        else:
            self.clear()
        self.add_rows([format_cell(v) for v in row] for row in rows)
        if same and cursor.row < self.row_count:
            self.move_cursor(row=cursor.row, column=cursor.column, scroll=False)
            # The virtual size is updated on the next refresh; restore the scroll after it.
            self.call_after_refresh(self.scroll_to, scroll.x, scroll.y, animate=False)
