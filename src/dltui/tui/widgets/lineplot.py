"""LinePlot: a live braille line/scatter plot with axes, legend, markers and a cursor.

Appending is amortised O(1) (growable buffers), and the raster is rebuilt at most once per
frame: setters only bump a version number, and `render_line` rebuilds the cached Strips when
the version, the size or a display attribute changed. Series are decimated to the plot width by
`braille.rasterize`, so a long run costs about as much as a short one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rich.style import Style
from textual.reactive import reactive

from ._cells import CachedGridWidget, CellGrid
from .braille import SeriesData, finite_range, pad_range, rasterize
from .numfmt import compact, log_ticks, nice_ticks, tick_labels
from .palettes import series_color, series_glyph

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

    def __init__(
        self,
        title: str = "",
        *,
        logy: bool = False,
        xlim: Limits | None = None,
        ylim: Limits | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._series: dict[str, _Series] = {}
        self._vline: float | None = None
        self.set_reactive(LinePlot.title, title)
        self.set_reactive(LinePlot.logy, logy)
        self.set_reactive(LinePlot.xlim, xlim)
        self.set_reactive(LinePlot.ylim, ylim)

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

    def set_vline(self, x: float | None) -> None:
        """Draw a vertical cursor at x (None hides it)."""
        self._vline = None if x is None else float(x)
        self._changed()

    # -- rendering --------------------------------------------------------------------------

    def _extra_key(self) -> tuple:
        return (self.logy, self.title, self.xlim, self.ylim)

    def _limits(self) -> tuple[Limits, Limits]:
        log = self.logy
        xs = [r for s in self._series.values() for r in self._ranges(s, 0, False)]
        ys = [r for s in self._series.values() for r in self._ranges(s, 1, log)]
        xlim = (
            pad_range(*self.xlim)
            if self.xlim
            else (pad_range(min(r[0] for r in xs), max(r[1] for r in xs)) if xs else (0.0, 1.0))
        )
        ylim = pad_range(*self.ylim, log) if self.ylim and (not log or min(self.ylim) > 0) else None
        if ylim is None:
            ylim = (
                pad_range(min(r[0] for r in ys), max(r[1] for r in ys), log)
                if ys
                else ((1.0, 10.0) if log else (0.0, 1.0))
            )
        return xlim, ylim

    @staticmethod
    def _ranges(s: _Series, axis: int, log: bool) -> list[Limits]:
        arrays = [(s.buf.x, s.buf.y)[axis]] + ([s.markers[axis]] if s.markers else [])
        return [r for a in arrays if (r := finite_range(a, log)) is not None]

    def _build(self, grid: CellGrid) -> CellGrid:
        w, h = grid.width, grid.height
        top = 1 if h >= 3 else 0  # legend row
        ph = h - top - (2 if h - top >= 5 else 0)  # x axis and labels need two rows
        xlim, ylim = self._limits()
        ticks = (log_ticks if self.logy else nice_ticks)(*ylim, max(2, min(6, (ph + 1) // 2)))
        labels = tick_labels(ticks) if ph > 1 else []
        left = max(map(len, labels), default=0) + 1  # labels, then the axis column
        if w - left < 8:
            left, labels = 0, []
        frame = _Frame(top, left, w - left, ph, xlim, ylim, self.logy)
        series = list(self._series.values())
        raster = rasterize(
            [SeriesData(s.buf.x, s.buf.y, s.points) for s in series],
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
        if ph < h - top:
            self._x_axis(grid, frame)
        self._legend(grid, series)
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

    @staticmethod
    def _x_axis(grid: CellGrid, frame: _Frame) -> None:
        row, left, (x0, x1) = frame.top + frame.height, frame.left, frame.xlim
        grid.put(row, left, "─" * frame.width, _DIM)
        if left:
            grid.put(row, left - 1, "└", _DIM)
        guess = max(len(compact(x0)), len(compact(x1))) + 2
        ticks = nice_ticks(x0, x1, max(2, min(8, frame.width // guess)))
        free = 0  # first column where the next label may start
        for t, label in zip(ticks, tick_labels(ticks), strict=True):
            c = frame.col(t)
            grid.put(row, c, "┬", _DIM)
            start = min(max(c - len(label) // 2, 0), grid.width - len(label))
            if start >= free:
                grid.put(row + 1, start, label, _DIM)
                free = start + len(label) + 1

    def _legend(self, grid: CellGrid, series: list[_Series]) -> None:
        if grid.height < 3:
            return
        col = 0
        if self.title:
            grid.put(0, 0, self.title, Style(bold=True))
            col = len(self.title) + 2
        for name, s in zip(self._series, series, strict=True):
            sample = "•" if s.points else "━"
            grid.put(0, col, f"{sample}{s.glyph if s.markers else ''} ", s.style)
            col += 2 + (1 if s.markers else 0)
            grid.put(0, col, name)
            col += len(name) + 2
