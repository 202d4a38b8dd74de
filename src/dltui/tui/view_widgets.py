"""Turn a lab's view specs (dltui.engine.views) into widgets, and feed them the run's records.

Each `Panel` owns one widget and knows which metrics or tensors it reads. Metrics accumulate
(every record's values are appended); tensors are latest-wins (only the newest is drawn).
"""

from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text as RichText
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ..engine import views as V
from ..engine.events import Snapshot
from ..engine.i18n import tr
from .widgets import BarChart, Heatmap, ImageView, LinePlot, MatrixGrid, NumericTable


class TextView(ScrollView, can_focus=True):
    """Text that changes every frame, scrollable when taller than its panel (tab to it, then
    ↑↓/PgUp/PgDn). Repainted in place; the layout only moves when the line count changes."""

    DEFAULT_CSS = "TextView { height: 1fr; width: 1fr; scrollbar-size-vertical: 1; }"

    def __init__(self) -> None:
        super().__init__()
        self._text = RichText()
        self._lines: list[Strip] = []
        self._width = -1

    def set_text(self, markup: str) -> None:
        self._text = RichText.from_markup(markup)
        self._width = -1  # re-wrap on the next paint
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        width = max(1, self.scrollable_content_region.width)
        if width == self._width:
            return
        self._width = width
        console = self.app.console
        options = console.options.update_width(width)
        lines = console.render_lines(self._text, options, pad=False)
        self._lines = [Strip(line) for line in lines]
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self) -> None:
        self._width = -1
        self._wrap()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        index = y + int(self.scroll_offset.y)
        if 0 <= index < len(self._lines):
            line = self._lines[index].apply_style(self.rich_style)  # the panel's background
            return line.crop_extend(0, self.size.width, self.rich_style)
        return Strip.blank(self.size.width, self.rich_style)


class Panel(Vertical):
    """A titled frame around one view's widget. A title too long for the frame (a narrow
    panel, an 80-column terminal) is written in full, wrapped, on the panel's first lines
    instead of being cut on the border. `z` zooms it to the whole screen (tui.zoom)."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    Panel { border: round $panel-lighten-2; border-title-color: $text-accent; height: 1fr;
            min-height: 4; padding: 0; }
    Panel > .panel-title { color: $text-accent; height: auto; display: none; }
    """

    def __init__(self, view, inner: Widget):
        self._title = Static(view.title, classes="panel-title")
        super().__init__(self._title, inner)
        self.view = view
        self.inner = inner
        self.border_title = view.title
        self.styles.height = f"{view.weight}fr"

    def zoom(self, on: bool) -> None:
        """Zoomed, the panel takes the whole screen: a share of its row or column (`3fr`) would
        be read against the screen and overflow it."""
        if on:
            self._shares = (self.styles.width, self.styles.height)
            self.styles.width = self.styles.height = "1fr"
        elif getattr(self, "_shares", None) is not None:
            self.styles.width, self.styles.height = self._shares
            self._shares = None

    def on_resize(self) -> None:
        cut = cell_len(self.view.title) + 4 > self.size.width  # 2 corners, 2 spaces
        if self._title.display != cut:
            self._title.display = cut
            self.border_title = "" if cut else self.view.title

    def reset(self) -> None:
        if isinstance(self.inner, LinePlot) and isinstance(self.view, V.Curves):
            self.inner.clear()

    def update(self, records: tuple[Snapshot, ...]) -> None:
        view = self.view
        if isinstance(view, V.Curves):
            self._curves(records)
            return
        latest = next((r for r in reversed(records) if r.tensors or r.text), None)
        if latest is None:
            return
        if isinstance(view, V.Text):
            if latest.text and view.key in latest.text:
                self.inner.set_text(latest.text[view.key])
            return
        t = latest.tensors or {}
        try:
            _UPDATERS[type(view)](self.inner, view, t, latest)
        except KeyError:
            pass  # this record does not carry what the view shows; keep the last picture

    def _curves(self, records: tuple[Snapshot, ...]) -> None:
        view = self.view
        labels = view.labels or tuple(tr(name) for name in view.metrics)
        for name, label in zip(view.metrics, labels, strict=True):
            steps = [r.step for r in records if name in r.metrics]
            if steps:
                values = [r.metrics[name] for r in records if name in r.metrics]
                self.inner.append(label, steps, values)  # the legend names the metric


def _lines(w: LinePlot, view: V.Lines, t: dict, latest: Snapshot) -> None:
    for label, xs, ys, style in view.series:
        if xs in t and ys in t:
            w.set_series(label, t[xs], t[ys], style=style)
    for label, xs, ys in view.markers:
        if xs in t and ys in t:
            w.set_markers(label, t[xs], t[ys])
    if view.vline is not None:
        w.set_vline(latest.metrics.get(view.vline), view.vline_label)


def _heatmap(w: Heatmap, view: V.Heatmap, t: dict, _latest: Snapshot) -> None:
    z = t[view.field]
    extent = (
        tuple(np.asarray(t[view.extent]).tolist()) if view.extent and view.extent in t else None
    )
    vmin = vmax = None
    if view.vlim and view.vlim in t:
        vmin, vmax = (float(v) for v in np.asarray(t[view.vlim]).ravel()[:2])
    elif view.vrange is not None:  # a bounded quantity keeps its range whatever the values
        vmin, vmax = view.vrange
    w.set_data(
        z,
        extent=extent,
        palette=view.palette,
        log=view.log,
        levels=view.levels,
        vmin=vmin,
        vmax=vmax,
    )
    if view.points and view.points[0] in t:
        px, py, pc = (t[k] for k in view.points)
        # Named classes get a glyph each (● ■ ▲ ◆) as well as a colour: a second cue where a
        # point's colour is close to the map's under it.
        w.set_points("points", px, py, pc, glyph=None if view.classes else "●")
    if view.path and view.path[0] in t:
        w.set_path(t[view.path[0]], t[view.path[1]], label=view.path_label, end=view.path_end)


def _image(w: ImageView, view: V.Image, t: dict, _latest: Snapshot) -> None:
    w.set_image(t[view.tensor])


def _matrix(w: MatrixGrid, view: V.Matrix, t: dict, _latest: Snapshot) -> None:
    window = None
    if view.highlight and view.highlight in t:
        window = tuple(int(v) for v in np.asarray(t[view.highlight]).ravel()[:4])
    m = np.atleast_2d(t[view.tensor])
    if view.mask and view.mask in t:
        m = np.where(np.asarray(t[view.mask]) > 0, m, np.nan)  # '·': not computed yet
    rows = view.row_labels if len(view.row_labels) == m.shape[0] else None
    cols = view.col_labels if len(view.col_labels) == m.shape[-1] else None
    w.set_matrix(m, row_labels=rows, col_labels=cols)
    w.set_window(window)


def _table(w: NumericTable, view: V.Table, t: dict, _latest: Snapshot) -> None:
    rows = np.atleast_2d(t[view.tensor])
    w.show(view.columns, rows.tolist())


def _bars(w: BarChart, view: V.Bars, t: dict, _latest: Snapshot) -> None:
    values = np.asarray(t[view.tensor]).ravel()
    labels = view.labels or tuple(str(i) for i in range(len(values)))
    w.set_bars(list(labels[: len(values)]), values.tolist())


_UPDATERS = {
    V.Lines: _lines,
    V.Heatmap: _heatmap,
    V.Image: _image,
    V.Matrix: _matrix,
    V.Table: _table,
    V.Bars: _bars,
}


def make_widget(view) -> Widget:
    """The widget for one spec, in the interface's language; Row becomes a horizontal
    container of panels."""
    return _make_widget(V.translated(view, tr))


def _make_widget(view) -> Widget:
    if isinstance(view, V.Row):
        children = [_make_widget(v) for v in view.views]
        for child, spec in zip(children, view.views, strict=True):
            child.styles.width = f"{spec.weight}fr"  # in a row, weight shares the width
            child.styles.height = "1fr"
        row = Horizontal(*children, classes="view-row")
        row.styles.height = f"{view.weight}fr"
        return row
    if isinstance(view, V.Curves):
        inner: Widget = LinePlot(
            logy=view.logy, ylim=view.ylim, xlabel=view.xlabel, ylabel=view.ylabel
        )
    elif isinstance(view, V.Lines):
        inner = LinePlot(
            logy=view.logy,
            xlim=view.xlim,
            ylim=view.ylim,
            xlabel=view.xlabel,
            ylabel=view.ylabel,
        )
    elif isinstance(view, V.Heatmap):
        inner = Heatmap()
        inner.set_labels(
            xlabel=view.xlabel,
            ylabel=view.ylabel,
            clabel=view.clabel,
            missing=view.missing,
            classes=view.classes,
        )
    elif isinstance(view, V.Image):
        inner = ImageView()
    elif isinstance(view, V.Matrix):
        inner = MatrixGrid(colorize=view.signed)
    elif isinstance(view, V.Table):
        inner = NumericTable()
    elif isinstance(view, V.Bars):
        inner = BarChart(log_scale=view.log, top=view.top)
    elif isinstance(view, V.Text):
        inner = TextView()
    else:
        raise TypeError(f"unknown view {view!r}")
    return Panel(view, inner)
