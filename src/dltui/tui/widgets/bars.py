"""BarChart: horizontal bars for labelled values (gradient norms per layer, class probabilities).

Bars are drawn with eighth-blocks, so a 20-cell bar resolves 160 steps. Gradient norms span
many decades, hence the log scale: bar length is proportional to log10(value) above a floor
one decade under the smallest positive value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich.style import Style
from textual.reactive import reactive

from ...engine.i18n import tr
from ._cells import CachedGridWidget, CellGrid
from .numfmt import grouped, short
from .palettes import series_color

_EIGHTHS = " ▏▎▍▌▋▊▉"
_NEGATIVE = "#67a9cf"


def bar_fractions(values: np.ndarray, log: bool = False, top: float | None = None) -> np.ndarray:
    """Bar length of each value as a fraction of the longest bar, or of `top` (a bounded
    quantity: 1 for a probability, whatever the values); 0 where nothing is drawn."""
    v = np.asarray(values, dtype=np.float64)
    out = np.zeros(v.shape)
    ok = np.isfinite(v) & (v > 0 if log else True)
    if not ok.any():
        return out
    if log:
        lv = np.log10(v[ok])
        lo = math.floor(lv.min()) - 1
        out[ok] = (lv - lo) / max(lv.max() - lo, 1e-12)
    else:
        top = top or np.abs(v[ok]).max()
        out[ok] = np.abs(v[ok]) / top if top > 0 else 0.0
    return np.clip(out, 0.0, 1.0)


def bar_text(fraction: float, width: int) -> str:
    """A bar of fraction * width cells using eighth-blocks for the last partial cell."""
    eighths = int(round(fraction * width * 8))
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).rstrip()


class BarChart(CachedGridWidget):
    """One labelled bar per row, value printed where the bar ends."""

    DEFAULT_CSS = "BarChart { width: 1fr; height: 1fr; }"

    title: reactive[str] = reactive("")
    log_scale: reactive[bool] = reactive(False)
    top: reactive[float | None] = reactive(None)  # what a full bar reads; None: the largest value

    def __init__(
        self,
        title: str = "",
        *,
        log_scale: bool = False,
        top: float | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(BarChart.title, title)
        self.set_reactive(BarChart.log_scale, log_scale)
        self.set_reactive(BarChart.top, top)
        self._labels: list[str] = []
        self._values = np.zeros(0)
        self._colors: list[str | None] = []

    def _extra_key(self) -> tuple:
        return (self.title, self.log_scale, self.top)

    def set_bars(
        self,
        labels: Sequence[str],
        values: object,
        colors: Sequence[str | None] | None = None,
    ) -> None:
        """Replace the bars; colors (one per bar, None for default) e.g. mark the prediction."""
        v = np.asarray(values, dtype=np.float64).ravel()
        if len(labels) != len(v):
            raise ValueError(f"{len(labels)} labels for {len(v)} values")
        for c in colors or []:
            if c is not None:
                Style(color=c)  # validate early
        self._labels, self._values = [str(s) for s in labels], v
        self._colors = list(colors) if colors is not None else [None] * len(v)
        self._changed()

    def _build(self, grid: CellGrid) -> CellGrid:
        y = 0
        if self.title:
            grid.put(0, 0, self.title + (" (log)" if self.log_scale else ""), Style(bold=True))
            y = 1
        if not self._labels:
            return grid
        lw = min(max(map(len, self._labels)), max(grid.width // 3, 1))
        texts = [
            grouped(int(v)) if float(v).is_integer() and abs(v) < 1e15 else short(v)
            for v in self._values.tolist()
        ]
        bw = grid.width - lw - 1 - max(map(len, texts)) - 1
        fractions = bar_fractions(self._values, self.log_scale, self.top)
        dim = Style(dim=True)
        rows = len(self._labels)
        if y + rows > grid.height:  # the last row says how many bars are not shown
            rows = max(grid.height - y - 1, 0)
            left = len(self._labels) - rows
            grid.put(y + rows, 0, tr("… {n} more (z: zoom)", n=left), Style(dim=True, italic=True))
        for i, (label, text) in enumerate(zip(self._labels[:rows], texts, strict=False)):
            shown = label if len(label) <= lw else label[: lw - 1] + "…"  # a cut name says so
            grid.put(y + i, 0, shown.ljust(lw), dim)
            bar = bar_text(float(fractions[i]), bw) if bw > 0 else ""
            colour = self._colors[i] or (_NEGATIVE if self._values[i] < 0 else series_color(0))
            grid.put(y + i, lw + 1, bar, Style(color=colour))
            grid.put(y + i, lw + 1 + len(bar) + (1 if bar else 0), text)
        return grid
