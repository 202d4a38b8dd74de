"""A grid of characters with a style id per cell, turned into Strips once per data change.

The widgets here paint with NumPy into this grid and render it with run-length encoded
segments, so a frame costs one pass per row instead of one Segment per cell, and `render_line`
only indexes a cached list (`CachedGridWidget`).
"""

from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget


class CellGrid:
    """(H, W) characters and style ids; style 0 is the widget's base style."""

    def __init__(self, width: int, height: int, base: Style) -> None:
        self.width, self.height = max(width, 0), max(height, 0)
        self.chars = np.full((self.height, self.width), " ", dtype="<U1")
        self.sid = np.zeros((self.height, self.width), dtype=np.int32)
        self.base = base
        self.styles: list[Style] = [base]
        self._ids: dict[Style, int] = {base: 0}

    def style_id(self, style: Style | None) -> int:
        """Intern a style (combined with the base style) and return its id."""
        if style is None:
            return 0
        full = self.base + style
        sid = self._ids.get(full)
        if sid is None:
            sid = self._ids[full] = len(self.styles)
            self.styles.append(full)
        return sid

    def add_styles(self, styles: list[Style]) -> int:
        """Append already-complete styles in bulk; returns the id of the first."""
        first = len(self.styles)
        self.styles.extend(styles)
        return first

    def put(self, row: int, col: int, text: str, style: Style | None = None) -> None:
        """Write text at (row, col), clipped to the grid; one character per cell."""
        if not 0 <= row < self.height or col >= self.width:
            return
        sid = self.style_id(style)
        for i, ch in enumerate(text):
            c = col + i
            if c >= self.width:
                break
            if c >= 0:
                self.chars[row, c] = ch
                self.sid[row, c] = sid

    def to_strips(self) -> list[Strip]:
        """One Strip per row, merging runs of equal style into single segments."""
        w, styles, strips = self.width, self.styles, []
        if w == 0:
            return [Strip.blank(0)] * self.height
        chars = np.ascontiguousarray(self.chars)
        rows = chars.view(f"<U{w}").ravel().tolist()  # one str per row
        for line, sid in zip(rows, self.sid, strict=True):
            line = line.ljust(w)  # NumPy drops trailing NULs only, but be safe
            cuts = np.flatnonzero(sid[1:] != sid[:-1]) + 1
            bounds = [0, *cuts.tolist(), w]
            ids = sid[bounds[:-1]].tolist()
            segs = [
                Segment(line[a:b], styles[i])
                for a, b, i in zip(bounds[:-1], bounds[1:], ids, strict=True)
            ]
            strips.append(Strip(segs, w))
        return strips


def blank_strips(width: int, height: int, base: Style) -> list[Strip]:
    """Rows of background for sizes too small to draw anything."""
    return [Strip.blank(max(width, 0), base)] * max(height, 0)


_HALF_STYLES: dict[int, Style] = {}
# Colour pairs whose Style is kept (~600 bytes each): three 80×35 maps have ~8,400 cells, so a
# steady picture stays cached, and an hour of changing maps stays under ~10 MB.
HALF_STYLE_CACHE = 16_384


def paint_halfblocks(grid: CellGrid, rgb: np.ndarray, row0: int = 0, col0: int = 0) -> None:
    """Paint (2R, C, 3) uint8 pixels as R rows of '▀' (fg = top pixel, bg = bottom pixel).

    Styles are cached by the packed colour pair, so steady images cost no Style creation.
    """
    px = rgb.astype(np.int64)
    packed = (px[..., 0] << 16) | (px[..., 1] << 8) | px[..., 2]  # (2R, C)
    keys = (packed[0::2] << 24) | packed[1::2]  # (R, C)
    uniq, inv = np.unique(keys, return_inverse=True)
    if len(_HALF_STYLES) > HALF_STYLE_CACHE:
        _HALF_STYLES.clear()
    styles = []
    for k in uniq.tolist():
        style = _HALF_STYLES.get(k)
        if style is None:
            top, bot = k >> 24, k & 0xFFFFFF
            style = _HALF_STYLES[k] = Style.from_color(
                Color.from_rgb(top >> 16, (top >> 8) & 255, top & 255),
                Color.from_rgb(bot >> 16, (bot >> 8) & 255, bot & 255),
            )
        styles.append(style)
    first = grid.add_styles(styles)
    r, c = keys.shape
    grid.chars[row0 : row0 + r, col0 : col0 + c] = "▀"
    grid.sid[row0 : row0 + r, col0 : col0 + c] = first + inv.reshape(r, c)


class CachedGridWidget(Widget):
    """Line-API widget whose Strips are rebuilt only when data, size or style changed.

    Subclasses paint a `CellGrid` in `_build`, call `_changed()` from their setters and add
    display attributes that also affect the picture to `_extra_key()`.
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._version = 0
        self._key: tuple | None = None
        self._strips: list[Strip] = []

    def _changed(self) -> None:
        self._version += 1
        self.refresh()

    def _extra_key(self) -> tuple:
        return ()

    def render_line(self, y: int) -> Strip:
        base, size = self.visual_style.rich_style, self.size
        key = (size, self._version, base, *self._extra_key())
        if key != self._key:
            w, h = size
            if w > 0 and h > 0:
                self._strips = self._build(CellGrid(w, h, base)).to_strips()
            else:
                self._strips = blank_strips(w, h, base)
            self._key = key
        return self._strips[y] if 0 <= y < len(self._strips) else Strip.blank(size.width, base)

    def _build(self, grid: CellGrid) -> CellGrid:
        raise NotImplementedError
