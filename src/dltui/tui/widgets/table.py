"""NumericTable: Textual's DataTable with compact, right-aligned numbers.

Tables of metrics are replaced wholesale every few steps; `show` keeps the columns when they
did not change (only rows are cleared and re-added in one batch) and keeps the cursor. A table
scrolled to its end follows it (the newest row, the current step, stays in view); one the learner
scrolled up stays where it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from numbers import Number

from rich.text import Text
from textual.widgets import DataTable

from .numfmt import compact, fmt_width, grouped

CELL_WIDTH = 10  # the widest number cell while the table's width is not known yet


def format_cell(value: object, width: int = CELL_WIDTH) -> str | Text:
    """Numbers right-aligned in at most `width` characters (~4 significant digits, more
    precise scientific when that is what fits: `fmt_width` never cuts -1.107e-04 to
    "-1.107"); everything else as str."""
    if isinstance(value, bool) or not isinstance(value, Number):
        return str(value)
    if isinstance(value, int) or (float(value).is_integer() and abs(float(value)) < 1e15):
        text = grouped(int(value))
        if len(text) > width:
            text = (
                str(int(value)) if len(str(int(value))) <= width else fmt_width(int(value), width)
            )
        return Text(text, justify="right")
    text = compact(float(value), sig=4)
    if len(text) > width:
        text = fmt_width(float(value), width, max_sig=4)
    return Text(text, justify="right")


class NumericTable(DataTable):
    """A DataTable fed with `show(columns, rows)`; numbers are fitted to the panel's width."""

    DEFAULT_CSS = "NumericTable { height: auto; max-height: 100%; }"

    def __init__(self, *, name: str | None = None, id: str | None = None, **kwargs) -> None:
        kwargs.setdefault("zebra_stripes", True)
        kwargs.setdefault("show_cursor", False)  # a read-out, not a form: no selection bar
        super().__init__(name=name, id=id, **kwargs)
        self._columns_shown: tuple[str, ...] | None = None
        self._last: tuple[tuple[str, ...], list[list[object]]] | None = None
        self._fitted_to = 0
        self._follow = True  # the newest row stays in view until the learner scrolls up
        self._moving = False  # True while the table itself moves its scroll
        self.scrolled = asyncio.Event()  # set once the rows `show` gave are scrolled to
        self.scrolled.set()

    def _cell_widths(self, columns: Sequence[str], rows: list[list[object]]) -> list[int]:
        """Characters each column's numbers may take so that the table fits its width: whole
        numbers and text keep their size, the other columns share what is left."""
        natural = [len(c) for c in columns]
        fractional = [False] * len(columns)
        for row in rows:
            for j, value in enumerate(row[: len(columns)]):
                cell = format_cell(value)
                natural[j] = max(natural[j], len(cell.plain if isinstance(cell, Text) else cell))
                if isinstance(value, float) and not float(value).is_integer():
                    fractional[j] = True
        width = self.size.width
        if width <= 0 or not columns:
            return [CELL_WIDTH] * len(columns)
        room = width - 2 * self.cell_padding * len(columns)
        if sum(natural) <= room or not any(fractional):
            return [max(n, CELL_WIDTH) for n in natural]
        fixed = sum(n for n, f in zip(natural, fractional, strict=True) if not f)
        share = max(5, (room - fixed) // sum(fractional))  # 5: "-2e-5", "0.123"
        return [
            share if f else max(n, CELL_WIDTH) for n, f in zip(natural, fractional, strict=True)
        ]

    def show(self, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """Replace the content; columns are rebuilt only if their names changed."""
        cols = tuple(map(str, columns))
        rows = [list(row) for row in rows]
        self._last = (cols, rows)
        widths = self._cell_widths(cols, rows)
        self._fitted_to = self.size.width
        cursor, scroll = self.cursor_coordinate, self.scroll_offset
        same = cols == self._columns_shown
        self._moving = True  # clearing resets the scroll: not the learner's doing
        try:
            if not same:
                self.clear(columns=True)
                self.add_columns(*cols)
                self._columns_shown = cols
            else:
                self.clear()
            pad = [CELL_WIDTH] * max(0, max(map(len, rows), default=0) - len(widths))
            self.add_rows(
                [format_cell(v, w) for v, w in zip(row, widths + pad, strict=False)] for row in rows
            )
            if same and cursor.row < self.row_count:
                self.move_cursor(row=cursor.row, column=cursor.column, scroll=False)
            # Back where it was at once (clearing scrolled it to the top): the size is the old
            # rows' until DataTable is next idle, right whenever the row count did not change.
            y_now = self.max_scroll_y if self._follow else scroll.y
            self.scroll_to(scroll.x, y_now, animate=False, immediate=True)
        finally:
            self._moving = False
        # DataTable sizes the new rows when it is next idle: scroll again once they are laid out.
        target = (scroll.x, None) if self._follow else (scroll.x, scroll.y) if same else None
        if target is not None:
            self.scrolled.clear()
            self.call_after_refresh(self._scroll_by_itself, *target)

    def _scroll_by_itself(self, x: float, y: float | None) -> None:
        """To (x, y), or to the end when y is None, without taking it for the learner's move."""
        self._moving = True
        try:
            self.scroll_to(x, y, animate=False, immediate=True)
            if y is None:
                self.scroll_end(animate=False, x_axis=False, immediate=True)
        finally:
            self._moving = False
            self.scrolled.set()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._moving:  # the learner scrolled: follow again only back at the end
            self._follow = new_value >= self.max_scroll_y

    def fit(self) -> None:
        """Format the rows again for the table's width, if it changed since they were shown
        (a first `show` may come before the layout gave the table its width)."""
        if self._last is not None and self.size.width != self._fitted_to:
            self.show(*self._last)

    def on_resize(self) -> None:
        self.fit()
