"""MatrixGrid: a small numeric matrix shown as aligned numbers.

Used where the numbers themselves are the lesson: convolution by hand (a highlighted window
slides over the input), confusion matrices, Jacobians. One number format is chosen for the
whole matrix so columns line up and equal values read equal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich.color import Color
from rich.style import Style
from textual.reactive import reactive

from ...engine.i18n import tr
from ._cells import CachedGridWidget, CellGrid
from .palettes import DIVERGING, to_rgb_indices

Window = tuple[int, int, int, int]  # r0, r1, c0, c1 (half-open)

_WINDOW = Style(reverse=True)
_CELL = Style(bold=True, underline=True, color="#000000", bgcolor="#f0e442")


def matrix_format(values: np.ndarray) -> str:
    """A format spec for every entry: 'd' if all are integers, else 1-3 decimals or '.2e'."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0 or (np.all(v == np.round(v)) and np.abs(v).max() < 1e9):
        return "d"
    m = float(np.abs(v).max())
    if m >= 1e5 or m < 1e-2:
        return ".2e"
    return f".{min(3, max(1, 2 - math.floor(math.log10(m))))}f"


def format_matrix(values: np.ndarray) -> list[list[str]]:
    """Every entry formatted with `matrix_format`; NaN (a cell not computed yet) as '·'."""
    v = np.atleast_2d(np.asarray(values, dtype=np.float64))
    spec = matrix_format(v)

    def one(x: float) -> str:
        if not math.isfinite(x):
            return "·" if math.isnan(x) else ("inf" if x > 0 else "-inf")
        return f"{round(x):d}" if spec == "d" else f"{x + 0.0:{spec}}"

    return [[one(x) for x in row] for row in v.tolist()]


class MatrixGrid(CachedGridWidget):
    """Right-aligned numbers with optional index labels, value colouring and highlights."""

    DEFAULT_CSS = "MatrixGrid { width: 1fr; height: 1fr; }"

    title: reactive[str] = reactive("")
    colorize: reactive[bool] = reactive(False)
    show_indices: reactive[bool] = reactive(True)

    def __init__(
        self,
        title: str = "",
        *,
        colorize: bool = False,
        show_indices: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(MatrixGrid.title, title)
        self.set_reactive(MatrixGrid.colorize, colorize)
        self.set_reactive(MatrixGrid.show_indices, show_indices)
        self._m = np.zeros((0, 0))
        self._row_labels: list[str] | None = None
        self._col_labels: list[str] | None = None
        self._window: Window | None = None
        self._cell: tuple[int, int] | None = None

    def _extra_key(self) -> tuple:
        return (self.title, self.colorize, self.show_indices)

    def set_matrix(
        self,
        m: object,
        *,
        title: str | None = None,
        row_labels: Sequence[str] | None = None,
        col_labels: Sequence[str] | None = None,
    ) -> None:
        """Show a 2-D array (1-D is shown as one row); labels replace the indices."""
        self._m = np.atleast_2d(np.asarray(m, dtype=np.float64))
        if self._m.size == 0:
            self._m = np.zeros((0, 0))
        if self._m.ndim != 2:
            raise ValueError(f"expected a 1-D or 2-D array, got shape {self._m.shape}")
        self._row_labels = list(map(str, row_labels)) if row_labels is not None else None
        self._col_labels = list(map(str, col_labels)) if col_labels is not None else None
        if title is not None:
            self.title = title
        self._changed()

    def set_window(self, window: Window | None) -> None:
        """Highlight rows r0:r1, cols c0:c1 (half-open), or None."""
        self._window = window
        self._changed()

    def set_cell(self, cell: tuple[int, int] | None) -> None:
        """Highlight one (row, col) entry, or None."""
        self._cell = cell
        self._changed()

    def _build(self, grid: CellGrid) -> CellGrid:
        m = self._m
        nr, nc = m.shape
        texts = format_matrix(m) if m.size else []
        rows_l = self._row_labels or [str(i) for i in range(nr)]
        cols_l = self._col_labels or [str(j) for j in range(nc)]
        labels = self.show_indices or self._row_labels is not None
        num_w = max([len(t) for t in (t for r in texts for t in r)] + [1])
        cw = max([num_w] + [len(c) for c in cols_l if labels])
        lw = max([len(r) for r in rows_l if labels] + [0])
        if labels and cw > num_w and lw + nc * (cw + 1) > grid.width:
            # Long column names (a confusion matrix's classes): shorter, marked as cut, before
            # any column is left out.
            cw = max(num_w, (grid.width - lw - 1) // max(nc, 1) - 1, 4)
            cols_l = [c if len(c) <= cw else c[: cw - 1] + "…" for c in cols_l]
        dim, y = Style(dim=True), 0
        shown = nc
        if lw + nc * (cw + 1) > grid.width:  # show whole columns only, then an ellipsis
            shown = max(0, (grid.width - lw - 2) // (cw + 1))
        if self.title:
            grid.put(0, 0, self.title, Style(bold=True))
            y = 1
        if labels:
            for j, label in enumerate(cols_l[:shown]):
                grid.put(y, lw + j * (cw + 1) + 1, label.rjust(cw), dim)
            y += 1
        colours = self._colours(m) if self.colorize and m.size else None
        r0, r1, c0, c1 = self._window or (0, 0, 0, 0)
        for i in range(nr):
            if labels:
                grid.put(y + i, 0, rows_l[i].rjust(lw), dim)
            if shown < nc:
                grid.put(y + i, lw + shown * (cw + 1) + 1, "…", dim)
            for j in range(shown):
                style = colours[i][j] if colours else None
                if self._cell == (i, j):
                    style = _CELL
                elif r0 <= i < r1 and c0 <= j < c1:
                    style = (style or Style()) + _WINDOW
                x = lw + j * (cw + 1)
                inner = r0 <= i < r1 and c0 < j < c1 and self._cell != (i, j)
                grid.put(y + i, x, " ", style if inner else None)
                grid.put(y + i, x + 1, texts[i][j].rjust(cw), style)
        if m.size and np.isnan(m).any() and y + nr < grid.height:
            grid.put(y + nr, 0, "· " + tr("not computed yet"), Style(dim=True, italic=True))
        return grid

    @staticmethod
    def _colours(m: np.ndarray) -> list[list[Style]]:
        """Foreground from the diverging palette, symmetric around zero."""
        finite = np.abs(m[np.isfinite(m)])
        vmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
        idx = to_rgb_indices(m, -vmax, vmax)
        cache: dict[int, Style] = {}
        out = []
        for row in idx.tolist():
            out.append([])
            for k in row:
                if k not in cache:
                    cache[k] = (
                        Style() if k < 0 else Style(color=Color.from_rgb(*DIVERGING[k].tolist()))
                    )
                out[-1].append(cache[k])
        return out
