"""A grid of characters with a style id per cell, turned into Strips once per data change.

The widgets here paint with NumPy into this grid and render it with run-length encoded
segments, so a frame costs one pass per row instead of one Segment per cell, and `render_line`
only indexes a cached list.
"""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


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
