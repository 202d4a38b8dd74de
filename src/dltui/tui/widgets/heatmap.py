"""Half-block heatmap, with point and path overlays (images: image.py).

Each terminal cell shows two vertical pixels with '▀' (fg = top, bg = bottom), which makes
pixels roughly square. The field is resampled (nearest) to the field's pixel size; row 0 of
``z`` is the *bottom* (y0) so it lines up with plot coordinates. Overlays are glyphs drawn over
a cell, keeping the heatmap colour as background. When an extent is given and there is room,
y tick labels sit on the left and x tick labels below, drawn like LinePlot's axes. Like
LinePlot, the Strips are rebuilt only when data, size or style changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from rich.color import Color
from rich.style import Style
from textual.reactive import reactive

from ...engine.i18n import tr
from ._cells import CachedGridWidget, CellGrid, paint_halfblocks
from .braille import line_samples
from .numfmt import LABEL_WIDTH, axis_labels, compact, int_ticks, nice_ticks, short
from .palettes import (
    apply_palette,
    get_palette,
    luminance,
    series_color,
    series_glyph,
    to_rgb_indices,
)

Extent = tuple[float, float, float, float]
_MISSING = (110, 110, 110)  # grey: no value (nan), or 0 on a log scale; named in the legend
_DIM = Style(dim=True)
_NAME = Style(dim=True, italic=True)


@dataclass(frozen=True)
class _Labels:
    xlabel: str = ""
    ylabel: str = ""
    clabel: str = ""
    missing: str = ""
    classes: tuple[str, ...] = ()


def _missing_kinds(z: np.ndarray, log: bool) -> str:
    """What the grey cells of z are: "no value" (nan), "0" or "≤ 0" on a log scale, or ""."""
    kinds = []
    if np.isnan(z).any():
        kinds.append(tr("no value"))
    if log:
        finite = z[np.isfinite(z)]
        if (finite < 0).any():
            kinds.append("≤ 0")
        elif (finite == 0).any():
            kinds.append("0")
    return ", ".join(kinds)


def _wrap(
    entries: list[list[tuple[str, Style | None]]], width: int, max_rows: int
) -> list[list[tuple[int, str, Style | None]]]:
    """Legend entries laid out left to right, wrapped (never cut) over at most max_rows rows;
    an entry wider than the whole row is shortened with '…'."""
    rows: list[list[tuple[int, str, Style | None]]] = []
    col = width + 1
    for entry in entries:
        size = sum(len(t) for t, _ in entry)
        if col + size > width:
            if len(rows) == max_rows:
                break
            rows.append([])
            col = 0
        for text, style in entry:
            room = width - col
            if len(text) > room:
                text = text[: max(room - 1, 0)] + "…"
            rows[-1].append((col, text, style))
            col += len(text)
        col += 2
    return rows


AXES_MIN_WIDTH, AXES_MIN_HEIGHT = 24, 8  # below this the field keeps the whole area


@dataclass(frozen=True)
class _Axes:
    """Where the field sits (cells) and the tick labels around it, for one extent and size."""

    left: int  # first field column (y labels and the axis column come before it)
    width: int  # field columns
    rows: int  # field rows (from the top)
    yticks: tuple[tuple[int, str], ...]  # (field row, label)
    xticks: tuple[tuple[int, str], ...]  # (field column, label)


def _pixel_coords(extent: Extent, x: np.ndarray, y: np.ndarray, w: int, rows: int):
    """Plot coordinates to field pixel coordinates (integer pixel centres, row 0 at the top)."""
    x0, x1, y0, y1 = extent
    with np.errstate(invalid="ignore", divide="ignore"):
        px = (x - x0) / (x1 - x0) * w - 0.5
        py = (1 - (y - y0) / (y1 - y0)) * 2 * rows - 0.5
    return px, py


def _ticks(lo: float, hi: float, max_ticks: int) -> np.ndarray:
    """Nice tick values inside the extent [lo, hi] (either order; none if degenerate). An
    extent from k - 0.5 to n + 0.5 has one cell per whole number (time steps, units, training
    steps): its ticks are whole numbers."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo == hi:
        return np.zeros(0)
    lo, hi = min(lo, hi), max(lo, hi)
    if (lo - 0.5).is_integer() and (hi - 0.5).is_integer():
        return np.array(int_ticks(lo, hi, max_ticks))
    return np.array(nice_ticks(lo, hi, max_ticks))


@lru_cache(maxsize=64)
def _axes_layout(extent: Extent, w: int, h: int) -> _Axes | None:
    """Axes for an extent in a w x h widget (with a colour bar); None if they don't fit."""
    if w < AXES_MIN_WIDTH or h < AXES_MIN_HEIGHT:
        return None
    x0, x1, y0, y1 = extent
    rows = h - 3  # x axis, x labels and colour bar below
    yt = _ticks(y0, y1, max(2, min(6, (rows + 1) // 2)))
    ylabels = axis_labels(yt.tolist())
    left = max(map(len, ylabels), default=0) + 1  # labels, then the axis column
    width = w - left
    if width < 8:
        return None
    guess = max(len(compact(x0)), len(compact(x1))) + 2
    xt = _ticks(x0, x1, max(2, min(8, width // guess)))
    # The cell a point at the tick value lands in (same mapping as the overlays).
    px, _ = _pixel_coords(extent, xt, np.zeros_like(xt), width, rows)
    _, py = _pixel_coords(extent, np.zeros_like(yt), yt, width, rows)
    cols = np.clip(np.round(px), 0, width - 1).astype(int).tolist()
    ycells = (np.clip(np.round(py), 0, 2 * rows - 1).astype(int) // 2).tolist()
    return _Axes(
        left,
        width,
        rows,
        tuple(zip(ycells, ylabels, strict=True)),
        tuple(zip(cols, axis_labels(xt.tolist()), strict=True)),
    )


def _tick_labels(ax: _Axes, width: int, name: str) -> list[tuple[int, str]]:
    """(start column, text) of the x tick labels that fit, left to right, before the axis's
    name at the right end (when there is one)."""
    end = width - (len(name) + 1 if name else 0)
    free, placed = 0, []  # free: the first column where the next label may start
    for c, label in ax.xticks:
        start = min(max(ax.left + c - len(label) // 2, 0), width - len(label))
        if start >= free and start + len(label) <= end:
            placed.append((start, label))
            free = start + len(label) + 1
    return placed


@dataclass(frozen=True)
class _Points:
    x: np.ndarray
    y: np.ndarray
    classes: np.ndarray
    glyph: str | None


@lru_cache(maxsize=4096)
def _overlay_style(color: str | None, bg: tuple[int, int, int]) -> Style:
    """Bold glyph over a pixel colour; color=None picks black or white for contrast."""
    if color is None:
        color = "#000000" if luminance(np.array(bg)) > 0.35 else "#ffffff"
    return Style(color=Color.parse(color), bgcolor=Color.from_rgb(*bg), bold=True)


class Heatmap(CachedGridWidget):
    """A scalar field z over an extent, with a colour bar, point sets and a path on top."""

    DEFAULT_CSS = "Heatmap { width: 1fr; height: 1fr; }"

    axes: reactive[bool] = reactive(True)

    def __init__(
        self,
        *,
        axes: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``axes``: tick labels from the extent (shown once set_data gets one, if room)."""
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Heatmap.axes, axes)
        self._z: np.ndarray | None = None
        self.extent: Extent = (0.0, 1.0, 0.0, 1.0)
        self._has_extent = False
        self._palette = "viridis"
        self._vlim = (0.0, 1.0)
        self._log = False
        self._levels: int | None = None
        self._points: dict[str, _Points] = {}
        self._path: tuple[np.ndarray, np.ndarray] | None = None
        self._path_label, self._path_end = "", True
        self._labels = _Labels()
        self._missing_kinds = ""  # what the grey cells of the current data are, if any

    def set_data(
        self,
        z: object,
        extent: Extent | None = None,
        palette: Literal["viridis", "diverging"] = "viridis",
        vmin: float | None = None,
        vmax: float | None = None,
        log: bool = False,
        levels: int | None = None,
    ) -> None:
        """Show z (ny, nx); row 0 is y0. Auto limits are symmetric for the diverging palette."""
        za = np.asarray(z, dtype=np.float64)
        if za.ndim != 2:
            raise ValueError(f"z must be 2-D, got shape {za.shape}")
        get_palette(palette)  # validate early
        ny, nx = za.shape
        self.extent = tuple(map(float, extent)) if extent else (0.0, float(nx), 0.0, float(ny))
        self._has_extent = bool(extent)
        ok = za[np.isfinite(za) & (za > 0 if log else True)]
        lo, hi = (float(ok.min()), float(ok.max())) if ok.size else (1.0, 10.0)
        if palette == "diverging" and vmin is None and vmax is None and not log:
            m = max(abs(lo), abs(hi)) or 1.0
            lo, hi = -m, m
        self._z, self._palette, self._log, self._levels = za, palette, log, levels
        self._vlim = (lo if vmin is None else float(vmin), hi if vmax is None else float(vmax))
        self._missing_kinds = _missing_kinds(za, log)
        self._changed()

    def set_labels(
        self,
        *,
        xlabel: str = "",
        ylabel: str = "",
        clabel: str = "",
        missing: str = "",
        classes: tuple[str, ...] | list[str] = (),
    ) -> None:
        """Name the axes and the colour; say what grey cells mean (`missing`, else what the
        data shows: "no value", "0" on a log scale); name the point classes 0, 1, ... (shown in
        their colours in the legend)."""
        self._labels = _Labels(xlabel, ylabel, clabel, missing, tuple(classes))
        self._changed()

    def set_points(
        self, name: str, x: object, y: object, classes: object = None, glyph: str | None = "●"
    ) -> None:
        """Overlay a named point set coloured by class; glyph=None picks a glyph per class."""
        xa = np.asarray(x, dtype=np.float64).ravel()
        ya = np.asarray(y, dtype=np.float64).ravel()
        ca = np.zeros(len(xa), int) if classes is None else np.asarray(classes).ravel()
        if not len(xa) == len(ya) == len(ca):
            raise ValueError("x, y and classes must have the same length")
        self._points[name] = _Points(xa, ya, ca.astype(np.int64), glyph)
        self._changed()

    def clear_points(self, name: str | None = None) -> None:
        """Remove one point set, or all of them."""
        if name is None:
            self._points.clear()
        else:
            self._points.pop(name, None)
        self._changed()

    def set_path(
        self, x: object | None, y: object | None = None, *, label: str = "", end: bool = True
    ) -> None:
        """Overlay a trajectory: '·' along it, '◆' on its last point (unless `end` is False: a
        plain line); `label` names it in the legend; None removes it."""
        self._path_label, self._path_end = label, end
        if x is None:
            self._path = None
        else:
            xa = np.asarray(x, dtype=np.float64).ravel()
            ya = np.asarray(y, dtype=np.float64).ravel()
            if xa.shape != ya.shape:
                raise ValueError(f"x and y lengths differ: {len(xa)} != {len(ya)}")
            self._path = (xa, ya)
        self._changed()

    def _pixels(self, w: int, ph: int) -> np.ndarray:
        """(ph, w, 3) colours of z resampled to the pixel grid, top row first."""
        z = self._z
        if z is None or z.size == 0:
            return np.zeros((ph, w, 3), np.uint8) + np.array(_MISSING, np.uint8)
        ny, nx = z.shape
        cols = np.minimum(((np.arange(w) + 0.5) * nx / w).astype(int), nx - 1)
        rows = np.minimum(((1 - (np.arange(ph) + 0.5) / ph) * ny).astype(int), ny - 1)
        values = z[np.ix_(rows, cols)]  # (ph, w)
        idx = to_rgb_indices(values, *self._vlim, log=self._log, levels=self._levels)
        return apply_palette(idx, get_palette(self._palette), _MISSING)

    def _extra_key(self) -> tuple:
        return (self.axes,)

    def _caption(self, axes: bool, x_name: bool = False) -> list[list[tuple[str, Style | None]]]:
        """Legend entries under the colour bar, most needed first: the colour, grey cells, the
        point classes, then the y axis's name (and the x axis's, when no axes show it)."""
        lab, entries = self._labels, []
        if lab.clabel:
            entries.append([(tr("colour: {name}", name=lab.clabel), _NAME)])  # "log" is on the bar
        missing = lab.missing or self._missing_kinds
        if missing:
            entries.append([("██", Style(color=Color.from_rgb(*_MISSING))), (f" {missing}", None)])
        shown = {int(k) for p in self._points.values() for k in np.unique(p.classes).tolist()}
        for k, name in enumerate(lab.classes):
            if k in shown or not shown:
                glyph = next((p.glyph for p in self._points.values() if p.glyph), series_glyph(k))
                entries.append(
                    [(glyph, Style(color=series_color(k), bold=True)), (f" {name}", None)]
                )
        if self._path is not None and self._path_label:
            mark = "·◆" if self._path_end else "··"
            entries.append([(mark, Style(bold=True)), (f" {self._path_label}", None)])
        if lab.ylabel:
            entries.append([(f"↑ {lab.ylabel}", _NAME)])
        if lab.xlabel and (x_name or not axes):
            entries.append([(f"→ {lab.xlabel}", _NAME)])
        return entries

    def _layout(self, axes: bool, w: int, h: int, x_name: bool):
        """(axes or None, caption rows, whether the x axis's name stays on the axis)."""
        entries = self._caption(axes, x_name)
        most = max(1, (h - 6) // 2) + (1 if x_name else 0)  # the name may take a row of the map
        caption = _wrap(entries, w, max_rows=most) if h >= 8 else []
        ax = _axes_layout(self.extent, w, h - len(caption)) if axes else None
        on_axis = not x_name or not any(t.startswith("→") for row in caption for _, t, _ in row)
        return ax, caption, on_axis

    def _build(self, grid: CellGrid) -> CellGrid:
        w, h = grid.width, grid.height
        axes = self.axes and self._has_extent
        ax, caption, name_on_axis = self._layout(axes, w, h, x_name=False)
        name = self._labels.xlabel
        if ax is not None and name and len(_tick_labels(ax, w, name)) < min(2, len(ax.xticks)):
            # The name would crowd out the tick numbers: it goes to the caption instead.
            ax, caption, name_on_axis = self._layout(axes, w, h, x_name=True)
        h -= len(caption)
        if ax is None:
            left, rows = 0, (h - 1 if h >= 3 else h)
        else:
            left, rows, w = ax.left, ax.rows, ax.width
        rgb = self._pixels(w, 2 * rows)
        paint_halfblocks(grid, rgb, col0=left)
        for pts in self._points.values():
            px, py = self._to_pixels(pts.x, pts.y, w, rows)
            for i, r, c in self._inside(px, py, w, rows):
                k = int(pts.classes[i])
                style = _overlay_style(series_color(k), tuple(rgb[r, c].tolist()))
                grid.put(r // 2, left + c, pts.glyph or series_glyph(k), style)
        if self._path is not None:
            px, py = self._to_pixels(*self._path, w, rows)
            ok = np.isfinite(px) & np.isfinite(py)
            if ok.any():
                lx, ly = line_samples(px[ok], py[ok], w, 2 * rows)
                for _, r, c in self._inside(lx, ly, w, rows, unique=True):
                    style = _overlay_style(None, tuple(rgb[r, c].tolist()))
                    grid.put(r // 2, left + c, "·", style)
                for _, r, c in self._inside(
                    px[ok][-1:], py[ok][-1:] if self._path_end else [], w, rows
                ):
                    style = _overlay_style(None, tuple(rgb[r, c].tolist()))
                    grid.put(r // 2, left + c, "◆", style)
        if ax is not None:
            self._axes(grid, ax, name_on_axis)
        if rows < h:
            self._colour_bar(grid, h - 1, alone=not caption)
        for r, line in enumerate(caption):
            for col, text, style in line:
                grid.put(h + r, col, text, style)
        return grid

    def _axes(self, grid: CellGrid, ax: _Axes, name_on_axis: bool = True) -> None:
        """Y axis and labels on the left, x axis and labels below the field and the x axis's
        name at the right end of its labels (as LinePlot), unless it went to the caption."""
        left, rows = ax.left, ax.rows
        grid.chars[:rows, left - 1] = "│"
        grid.sid[:rows, left - 1] = grid.style_id(_DIM)
        for r, label in ax.yticks:
            grid.put(r, 0, label.rjust(left - 1) + "┤", _DIM)
        grid.put(rows, left - 1, "└" + "─" * ax.width, _DIM)
        name = self._labels.xlabel if name_on_axis else ""
        for c, _label in ax.xticks:
            grid.put(rows, left + c, "┬", _DIM)
        for start, label in _tick_labels(ax, grid.width, name):
            grid.put(rows + 1, start, label, _DIM)
        if name:
            grid.put(rows + 1, max(grid.width - len(name), 0), name, _NAME)

    def _to_pixels(self, x: np.ndarray, y: np.ndarray, w: int, rows: int):
        """Plot coordinates to pixel coordinates (integer pixel centres, row 0 at the top)."""
        return _pixel_coords(self.extent, x, y, w, rows)

    @staticmethod
    def _inside(px: np.ndarray, py: np.ndarray, w: int, rows: int, unique: bool = False):
        """(index, pixel row, column) of the pixel coordinates that fall on the map.

        With ``unique``, each terminal cell is reported once (for dense paths).
        """
        with np.errstate(invalid="ignore"):
            c, r = np.round(px), np.round(py)
            idx = np.flatnonzero((c >= 0) & (c < w) & (r >= 0) & (r < 2 * rows))
        r, c = r[idx].astype(np.int64), c[idx].astype(np.int64)
        if unique:
            _, first = np.unique((r // 2) * w + c, return_index=True)
            idx, r, c = idx[first], r[first], c[first]
        return zip(idx.tolist(), r.tolist(), c.tolist(), strict=True)

    def _colour_bar(self, grid: CellGrid, row: int, alone: bool = False) -> None:
        """`lo ██████ hi`, then "log" on a log scale (and, with no caption row, the colour's
        name and a grey swatch for missing cells when they fit)."""
        lo, hi = (short(v) for v in self._vlim)
        tail = " log" if self._log else ""
        if alone:
            lab = self._labels
            missing = lab.missing or self._missing_kinds
            extra = (f" {lab.clabel}" if lab.clabel else "") + (f" ▒{missing}" if missing else "")
            if grid.width - len(lo) - len(hi) - len(tail) - len(extra) - 2 >= 6:
                tail += extra
        width = grid.width - len(lo) - len(hi) - len(tail) - 2
        if width < 2:  # no room for the bar: the range in few digits, and "log" always
            tail = " log" if self._log else ""
            for digits in (LABEL_WIDTH, 6, 5):
                lo, hi = (short(v, digits, sig=2) for v in self._vlim)
                if len(lo) + len(hi) + 1 + len(tail) <= grid.width:
                    break
            grid.put(row, 0, f"{lo}…{hi}"[: max(grid.width - len(tail), 0)] + tail)
            return
        grid.put(row, 0, lo + " ")
        grid.put(row, grid.width - len(hi) - len(tail), hi)
        if tail:
            grid.put(row, grid.width - len(tail), tail, _NAME)
            if "▒" in tail:
                col = grid.width - len(tail) + tail.index("▒")
                grid.put(row, col, "▒", Style(color=Color.from_rgb(*_MISSING)))
        t = np.linspace(0, 1, width)
        if self._levels and self._levels >= 2:
            t = np.minimum(np.floor(t * self._levels), self._levels - 1) / (self._levels - 1)
        colours = get_palette(self._palette)[np.round(t * 255).astype(int)]
        for i, rgb in enumerate(colours.tolist()):
            grid.put(row, len(lo) + 1 + i, " ", Style(bgcolor=Color.from_rgb(*rgb)))
