"""LinePlot: a live braille line/scatter plot with axes, legend, markers and a cursor.

Appending is amortised O(1) (growable buffers), and the raster is rebuilt at most once per
frame: setters only bump a version number, and `render_line` rebuilds the cached Strips when
the version, the size or a display attribute changed. Series are decimated to the plot width by
`braille.rasterize`, so a long run costs about as much as a short one.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rich.style import Style
from textual.reactive import reactive

from ._cells import CachedGridWidget, CellGrid
from .braille import SeriesData, finite_range, pad_range, rasterize
from .numfmt import axis_labels, int_ticks, log_ticks, nice_ticks
from .palettes import DASH_SAMPLES, series_color, series_dash, series_glyph

Limits = tuple[float, float]
_DIM = Style(dim=True)


HISTORY_CAP = 20_000  # points kept per appended series; older ones are thinned, never dropped


def _min_max_pairs(x: np.ndarray, y: np.ndarray, group: int) -> tuple[np.ndarray, np.ndarray]:
    """Per run of `group` consecutive points, the two with the lowest and highest y, in x order
    (NaN ignored unless a whole group is NaN): halves a series (or more) and keeps its spikes."""
    g = len(x) // group
    gx, gy = x[: g * group].reshape(g, group), y[: g * group].reshape(g, group)
    lo = np.argmin(np.where(np.isnan(gy), np.inf, gy), axis=1)
    hi = np.argmax(np.where(np.isnan(gy), -np.inf, gy), axis=1)
    first, second = np.minimum(lo, hi), np.maximum(lo, hi)
    flat = first == second  # a flat group keeps its ends
    first, second = np.where(flat, 0, first), np.where(flat, group - 1, second)
    cols = np.stack([first, second], axis=1)
    rows = np.arange(g)[:, None]
    return gx[rows, cols].ravel(), gy[rows, cols].ravel()


class _Buffer:
    """Growable float64 x/y arrays: appends double the capacity when full.

    Memory is bounded: once an appended series would hold more than `cap` points, the stored
    points are thinned to half (each pair of pairs keeps its lowest and highest y, in x order)
    and later points are thinned alike as they arrive, so an hour-long run keeps its shape,
    spikes included, at an even density in O(cap) memory.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, cap: int = HISTORY_CAP) -> None:
        self._x, self._y, self.n = x, y, len(x)
        self.cap = max(int(cap), 16)
        self.stride = 1  # raw points per stored point
        self._px: list[float] = []  # raw points waiting to fill a group of 2·stride
        self._py: list[float] = []

    def append(self, x: np.ndarray, y: np.ndarray) -> None:
        if self.stride > 1:
            self._px.extend(x.tolist())
            self._py.extend(y.tolist())
            group = 2 * self.stride
            full = len(self._px) // group * group
            if not full:
                return
            px, py = np.asarray(self._px[:full]), np.asarray(self._py[:full])
            del self._px[:full], self._py[:full]
            x, y = _min_max_pairs(px, py, group)
        n, k = self.n, len(x)
        if n + k > self.cap and n >= 4:
            self._thin()
            self.append(x, y)  # now at the new stride: the points are already reduced
            return
        if n + k > len(self._x):
            cap = max(2 * len(self._x), n + k, 64)
            cap = min(cap, max(self.cap, n + k))
            self._x = np.concatenate([self._x[:n], np.empty(cap - n)])
            self._y = np.concatenate([self._y[:n], np.empty(cap - n)])
        self._x[n : n + k], self._y[n : n + k] = x, y
        self.n = n + k

    def _thin(self) -> None:
        n = self.n
        keep = n // 4 * 4
        xs, ys = _min_max_pairs(self._x[:keep], self._y[:keep], 4)
        tail_x, tail_y = self._x[keep:n].copy(), self._y[keep:n].copy()
        m = len(xs)
        self._x[:m], self._y[:m] = xs, ys
        self.n = m
        self.stride *= 2
        if len(tail_x):  # fewer than four stored points left over: wait for company
            self._px[:0], self._py[:0] = tail_x.tolist(), tail_y.tolist()

    @property
    def capacity(self) -> int:
        return len(self._x) + len(self._px)

    @property
    def x(self) -> np.ndarray:
        xs = self._x[: self.n]
        return np.concatenate([xs, self._px]) if self._px else xs

    @property
    def y(self) -> np.ndarray:
        ys = self._y[: self.n]
        return np.concatenate([ys, self._py]) if self._py else ys


@dataclass
class _Series:
    buf: _Buffer
    points: bool
    color: str
    markers: tuple[np.ndarray, np.ndarray] | None = None
    glyph: str = "●"
    dash: str = "solid"
    style: Style = field(init=False)

    def __post_init__(self) -> None:
        self.style = Style(color=self.color)  # validates the colour early


def _as_xy(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    xa = np.atleast_1d(np.asarray(x, dtype=np.float64)).ravel()
    ya = np.atleast_1d(np.asarray(y, dtype=np.float64)).ravel()
    if xa.shape != ya.shape:
        raise ValueError(f"x and y lengths differ: {len(xa)} != {len(ya)}")
    return xa, ya


@dataclass(frozen=True)
class _Frame:
    """Where the plot area sits in the widget (cells) and how data maps onto it."""

    top: int
    left: int
    width: int
    height: int
    xlim: Limits
    ylim: Limits
    log: bool

    def col(self, x: float) -> int:
        """Widget column of the braille dot column nearest to x."""
        x0, x1 = self.xlim
        return self.left + int(round((x - x0) / (x1 - x0) * (2 * self.width - 1))) // 2

    def row(self, y: float) -> int:
        """Widget row of the braille dot row nearest to y (-1 if y cannot be shown)."""
        lo, hi = self.ylim
        if self.log:
            if y <= 0:
                return -1
            y, lo, hi = math.log10(y), math.log10(lo), math.log10(hi)
        return self.top + int(round((1 - (y - lo) / (hi - lo)) * (4 * self.height - 1))) // 4


class LinePlot(CachedGridWidget):
    """Several named series (lines or points) with y ticks left, x ticks below, legend on top."""

    DEFAULT_CSS = "LinePlot { width: 1fr; height: 1fr; }"

    logy: reactive[bool] = reactive(False)
    title: reactive[str] = reactive("")
    xlim: reactive[Limits | None] = reactive(None)
    ylim: reactive[Limits | None] = reactive(None)
    xlabel: reactive[str] = reactive("")
    ylabel: reactive[str] = reactive("")

    def __init__(
        self,
        title: str = "",
        *,
        logy: bool = False,
        xlim: Limits | None = None,
        ylim: Limits | None = None,
        xlabel: str = "",
        ylabel: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._series: dict[str, _Series] = {}
        self._vline: float | None = None
        self._vline_label = ""
        self.set_reactive(LinePlot.title, title)
        self.set_reactive(LinePlot.logy, logy)
        self.set_reactive(LinePlot.xlim, xlim)
        self.set_reactive(LinePlot.ylim, ylim)
        self.set_reactive(LinePlot.xlabel, xlabel)
        self.set_reactive(LinePlot.ylabel, ylabel)

    # -- data -------------------------------------------------------------------------------

    def set_series(
        self,
        name: str,
        x: object,
        y: object,
        style: Literal["line", "points"] = "line",
        color: str | None = None,
    ) -> None:
        """Create or replace a series (keeps its markers and default colour)."""
        if style not in ("line", "points"):
            raise ValueError(f"style must be 'line' or 'points', not {style!r}")
        xa, ya = _as_xy(x, y)
        old = self._series.get(name)
        index = list(self._series).index(name) if old else len(self._series)
        self._series[name] = _Series(
            _Buffer(xa.copy(), ya.copy()),
            points=style == "points",
            color=color or (old.color if old else series_color(index)),
            markers=old.markers if old else None,
            glyph=old.glyph if old else series_glyph(index),
            dash=old.dash if old else series_dash(index),
        )
        self._changed()

    def append(self, name: str, x_values: object, y_values: object) -> None:
        """Append points to a series (created as a line if new); cheap for live metrics."""
        xa, ya = _as_xy(x_values, y_values)
        if name not in self._series:
            self.set_series(name, xa, ya)
            return
        self._series[name].buf.append(xa, ya)
        self._changed()

    def remove_series(self, name: str) -> None:
        self._series.pop(name, None)
        self._changed()

    def clear(self) -> None:
        """Remove every series, marker and the cursor."""
        self._series.clear()
        self._vline = None
        self._changed()

    def set_markers(self, name: str, x: object, y: object, glyph: str | None = None) -> None:
        """Highlight points of a series with a glyph (e.g. the current point of a trajectory)."""
        if name not in self._series:
            self.set_series(name, [], [])
        s = self._series[name]
        s.markers = _as_xy(x, y)
        s.glyph = glyph or s.glyph
        self._changed()

    def set_vline(self, x: float | None, label: str = "") -> None:
        """Draw a vertical cursor at x (None hides it); `label` names it in the legend."""
        self._vline = None if x is None else float(x)
        self._vline_label = label
        self._changed()

    # -- rendering --------------------------------------------------------------------------

    def _extra_key(self) -> tuple:
        return (self.logy, self.title, self.xlim, self.ylim, self.xlabel, self.ylabel)

    def _limits(self) -> tuple[Limits, Limits, bool, bool, bool]:
        """(xlim, ylim, x integer, y integer, y flat): integer axes get integer ticks; a flat
        (constant) series gets one tick at its value."""
        log = self.logy
        xs = [r for s in self._series.values() for r in self._ranges(s, 0, False)]
        ys = [r for s in self._series.values() for r in self._ranges(s, 1, log)]
        xint = bool(xs) and all(_integral(s.buf.x) for s in self._series.values())
        yint = bool(ys) and all(_integral(s.buf.y) for s in self._series.values()) and not log
        if self.xlim:
            xlim = pad_range(*self.xlim)
        elif xs:
            lo, hi = min(r[0] for r in xs), max(r[1] for r in xs)
            if xint and hi == lo:  # one step so far: whole steps around it, none below 0
                xlim = (lo - 1 if lo - 1 >= 0 or lo < 0 else 0.0, hi + 1)
            else:
                xlim = pad_range(lo, hi)
        else:
            xlim = (0.0, 1.0)
        ylim = pad_range(*self.ylim, log) if self.ylim and (not log or min(self.ylim) > 0) else None
        flat = False
        if ylim is None and ys:
            lo, hi = min(r[0] for r in ys), max(r[1] for r in ys)
            flat = hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1e-300)
            if flat:
                mid = (lo + hi) / 2
                ylim = (mid / 10, mid * 10) if log else pad_range(mid, mid)
                if yint and not log:
                    ylim = (mid - 1, mid + 1)
            else:
                ylim = pad_range(lo, hi, log)
        if ylim is None:
            ylim = (1.0, 10.0) if log else (0.0, 1.0)
        return xlim, ylim, xint, yint, flat

    @staticmethod
    def _ranges(s: _Series, axis: int, log: bool) -> list[Limits]:
        arrays = [(s.buf.x, s.buf.y)[axis]] + ([s.markers[axis]] if s.markers else [])
        return [r for a in arrays if (r := finite_range(a, log)) is not None]

    def _y_ticks(
        self, ylim: Limits, ph: int, yint: bool, flat: bool
    ) -> tuple[list[float], list[str]]:
        if ph <= 1:
            return [], []
        n = max(2, min(6, (ph + 1) // 2))
        if flat:
            lo, hi = ylim
            ticks = [math.sqrt(lo * hi) if self.logy else (lo + hi) / 2]
        elif self.logy:
            ticks = log_ticks(*ylim, n)
        else:
            ticks = int_ticks(*ylim, n) if yint else nice_ticks(*ylim, n)
        return ticks, axis_labels(ticks, flat=flat)

    def _build(self, grid: CellGrid) -> CellGrid:
        w, h = grid.width, grid.height
        series = list(self._series.values())
        legend = self._legend_rows(w, h)
        top = len(legend)
        xrows = 2 if h - top >= 5 else 0  # x axis and its labels need two rows
        ph = h - top - xrows
        xlim, ylim, xint, yint, flat = self._limits()
        ticks, labels = self._y_ticks(ylim, ph, yint, flat)
        left = max(map(len, labels), default=0) + 1  # labels, then the axis column
        if w - left < 8:
            left, labels = 0, []
        frame = _Frame(top, left, w - left, ph, xlim, ylim, self.logy)
        raster = rasterize(
            [SeriesData(s.buf.x, s.buf.y, s.points, s.dash) for s in series],
            frame.width,
            ph,
            xlim,
            ylim,
            self.logy,
        )
        area = (slice(top, top + ph), slice(left, w))
        grid.chars[area] = raster.chars()
        owner_sid = np.array([0] + [grid.style_id(s.style) for s in series], dtype=np.int32)
        grid.sid[area] = owner_sid[raster.owner + 1]
        self._overlays(grid, frame, raster.bits, series)
        if left:
            for r in range(top, top + ph):
                grid.put(r, left - 1, "│", _DIM)
            for t, label in zip(ticks, labels, strict=True):
                if top <= (r := frame.row(t)) < top + ph:
                    grid.put(r, 0, label.rjust(left - 1) + "┤", _DIM)
        if xrows:
            self._x_axis(grid, frame, xint)
        for row, entries in enumerate(legend):
            for col, text, style in entries:
                grid.put(row, col, text, style)
        return grid

    def _overlays(
        self, grid: CellGrid, frame: _Frame, bits: np.ndarray, series: list[_Series]
    ) -> None:
        """The cursor (in empty cells only) and the markers (over everything)."""
        (x0, x1), top, ph = frame.xlim, frame.top, frame.height
        if self._vline is not None and x0 <= self._vline <= x1:
            c = frame.col(self._vline)
            empty = bits[:, c - frame.left] == 0
            grid.chars[top : top + ph, c][empty] = "│"
            grid.sid[top : top + ph, c][empty] = grid.style_id(_DIM)
        for s in series:
            for mx, my in zip(*(s.markers or ((), ())), strict=True):
                if math.isfinite(mx) and math.isfinite(my) and x0 <= mx <= x1:
                    if top <= (r := frame.row(my)) < top + ph:
                        grid.put(r, frame.col(mx), s.glyph, s.style + Style(bold=True))

    def _x_axis(self, grid: CellGrid, frame: _Frame, integer: bool) -> None:
        """The axis line, tick labels below it and the axis's name at the right end."""
        row, left, (x0, x1) = frame.top + frame.height, frame.left, frame.xlim
        grid.put(row, left, "─" * frame.width, _DIM)
        if left:
            grid.put(row, left - 1, "└", _DIM)
        name = self.xlabel
        end = grid.width - (len(name) + 1 if name else 0)  # tick labels stop before the name
        if name and end < 4:
            name, end = "", grid.width
        guess = max(len(axis_labels([x0])[0]), len(axis_labels([x1])[0])) + 2
        n = max(2, min(8, frame.width // guess))
        ticks = int_ticks(x0, x1, n) if integer else nice_ticks(x0, x1, n)
        free = 0  # first column where the next label may start
        for t, label in zip(ticks, axis_labels(ticks), strict=True):
            c = frame.col(t)
            grid.put(row, c, "┬", _DIM)
            start = min(max(c - len(label) // 2, 0), grid.width - len(label))
            if start >= free and start + len(label) <= end:
                grid.put(row + 1, start, label, _DIM)
                free = start + len(label) + 1
        if name:
            grid.put(row + 1, grid.width - len(name), name, Style(dim=True, italic=True))

    def _legend_rows(self, w: int, h: int) -> list[list[tuple[int, str, Style | None]]]:
        """The title, the axes' names and one entry per series, wrapped over rows so that no
        name is cut (up to a quarter of the height). When they do not all fit, the axes' names
        go first, then the series' common prefix ("loss_rnn, loss_gru" → "rnn, gru": a
        compact key under the panel's title); only past that are series counted ('+3')."""
        if h < 3:
            return []
        title = [[(self.title, Style(bold=True))]] if self.title else []
        italic = Style(dim=True, italic=True)
        yname = [[(f"↑ {self.ylabel}", italic)]] if self.ylabel else []
        # Too short for an x axis: its name joins the legend.
        xname = [[(f"→ {self.xlabel}", italic)]] if self.xlabel and h < 6 else []
        names = list(self._series)
        cursor = []
        if self._vline is not None and self._vline_label:
            cursor = [[("│", _DIM), (" " + self._vline_label, None)]]
        max_rows = max(1, h // 4) if h >= 8 else 1
        rows: list = []
        # Roomier forms first; past them a tight key (one-cell samples, one space between
        # entries), then one more row taken from the plot where it keeps three rows and its x
        # axis: a series is counted away ('+1') only when none of these fits.
        for rows_allowed, tight in ((max_rows, False), (max_rows, True), (max_rows + 1, True)):
            if rows_allowed > max_rows and h - rows_allowed < 5:
                break
            for key in (names, _compact_names(names)):
                series = [self._entry(n, label, tight) for n, label in zip(names, key, strict=True)]
                for extra_y, extra_x, extra_c in (
                    (yname, xname, cursor),
                    (yname, xname, []),  # the cursor's name goes first: it is also on the axis
                    (yname, [], []),
                    ([], [], []),
                ):
                    entries = [*title, *extra_y, *series, *extra_c, *extra_x]
                    rows, left_out = _wrap_legend(entries, w, rows_allowed, gap=1 if tight else 2)
                    if not left_out:
                        return rows
        return rows

    def _entry(self, name: str, label: str, tight: bool = False) -> list[tuple[str, Style | None]]:
        s = self._series[name]
        line = DASH_SAMPLES.get(s.dash, "━━")
        sample = ("•" if s.points else line[:1] if tight else line) + (s.glyph if s.markers else "")
        return [(sample, s.style), (" " + label, None)]


def _compact_names(names: list[str]) -> list[str]:
    """Names without the prefix (up to a separator) they all share: a compact legend key."""
    if len(names) < 2:
        return names
    prefix = os.path.commonprefix(names)
    cut = max((prefix.rfind(c) for c in "_@:. "), default=-1) + 1
    if cut == 0 or any(len(n) == cut for n in names):
        return names
    return [n[cut:] for n in names]


def _wrap_legend(
    entries: list[list[tuple[str, Style | None]]], w: int, max_rows: int, gap: int = 2
) -> tuple[list[list[tuple[int, str, Style | None]]], int]:
    """Entries laid out left to right over at most max_rows rows; (rows, entries left out),
    the left-out ones counted at the end ('+3')."""
    rows: list[list[list[tuple[int, str, Style | None]]]] = [[]]  # rows of entries
    col, left_out = 0, 0
    for i, entry in enumerate(entries):
        size = sum(len(t) for t, _ in entry)
        if col and col + size > w:
            if len(rows) == max_rows:  # no room left: count the rest
                left_out = len(entries) - i
                while rows[-1] and col + len(f"+{left_out}") > w:
                    col = rows[-1].pop()[0][0]
                    left_out += 1
                rows[-1].append([(col, f"+{left_out}", _DIM)])
                break
            rows.append([])
            col = 0
        placed = []
        for text, style in entry:  # an entry wider than the panel: cut, and says so
            if col + len(text) > w:
                text = text[: max(w - col - 1, 0)] + "…"
            placed.append((col, text, style))
            col += len(text)
        rows[-1].append(placed)
        col += gap
    return [[piece for entry in row for piece in entry] for row in rows], left_out


def _integral(a: np.ndarray) -> bool:
    """Whether every finite value is a whole number (steps, epochs, counts)."""
    v = a[np.isfinite(a)]
    return bool(v.size) and bool(np.all(v == np.round(v)))
