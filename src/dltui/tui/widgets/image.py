"""ImageView: a picture (filters, feature maps, digits) fitted to its panel, aspect kept.

Half-blocks everywhere; real pixels (Kitty graphics, Sixel) where the terminal shows them, as
pixels.py decides from the environment.
"""

from __future__ import annotations

import numpy as np
from textual.geometry import Region
from textual.strip import Strip

from ._cells import CachedGridWidget, CellGrid, paint_halfblocks
from .pixels import (
    Painter,
    SixelPainter,
    background,
    fit,
    halfblocks_in_screenshots,
    in_screenshot,
    painter_for,
)


class ImageView(CachedGridWidget):
    """A greyscale (H, W) or RGB (H, W, 3) image, fitted with its aspect ratio kept.

    Drawn with half-blocks, or with real pixels where the terminal shows them (pixels.py: Kitty
    graphics or Sixel, chosen from the environment when mounted); any failure there goes back
    to the half-blocks for good.
    """

    DEFAULT_CSS = "ImageView { width: 1fr; height: 1fr; }"

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._image: np.ndarray | None = None
        self._painter: Painter | None = None

    def on_mount(self) -> None:
        try:
            self._painter = painter_for(self.app)
            if self._painter is not None:
                halfblocks_in_screenshots(self.app)
        except Exception as exc:
            self._no_pixels(exc)

    def on_unmount(self) -> None:
        if self._painter is not None:
            try:
                self._painter.close()
            except Exception:
                pass  # the terminal may be gone already

    @property
    def pixel_mode(self) -> str | None:
        """ "kitty" or "sixel" when this view draws real pixels, None for half-blocks."""
        return None if self._painter is None else self._painter.mode

    def _no_pixels(self, exc: Exception) -> None:
        self._painter = None
        self.log.warning(f"ImageView: real pixels failed, half-blocks from now on: {exc!r}")
        self.refresh()

    def render_line(self, y: int) -> Strip:
        painter, img = self._painter, self._image
        if painter is None or isinstance(painter, SixelPainter) or img is None or not img.size:
            return super().render_line(y)
        if in_screenshot():
            return super().render_line(y)
        base, (w, h) = self.visual_style.rich_style, self.size
        try:
            strips = painter.strips(img, w, h, base, (self.size, self._version, base))
        except Exception as exc:
            self._no_pixels(exc)
            return super().render_line(y)
        return strips[y] if 0 <= y < len(strips) else Strip.blank(w, base)

    def render_lines(self, crop: Region) -> list[Strip]:
        painter, img = self._painter, self._image
        if not isinstance(painter, SixelPainter) or img is None or not img.size or not crop:
            return super().render_lines(crop)
        if in_screenshot():
            return super().render_lines(crop)
        try:
            if not self.screen.is_active:
                return []  # as textual-image: no sixels for a screen under another
            base, (w, h) = self.visual_style.rich_style, self.size
            data = painter.encode(img, w, h, base, crop, (self.size, self._version, base))
            return painter.lines(data, crop, self.screen.find_widget(self).region)
        except Exception as exc:
            self._no_pixels(exc)
            return super().render_lines(crop)

    def set_image(self, image: object) -> None:
        """Floats in [0, 1] are scaled to 0..255; other floats are min-max normalised."""
        img = np.asarray(image)
        if img.ndim == 2:
            img = np.repeat(img[..., None], 3, axis=2)
        if img.ndim != 3 or img.shape[2] != 3:
            raise ValueError(f"expected (H, W) or (H, W, 3), got shape {np.shape(image)}")
        if img.dtype != np.uint8:
            f = np.nan_to_num(img.astype(np.float64))
            lo, hi = float(f.min(initial=0.0)), float(f.max(initial=1.0))
            if lo < 0 or hi > 1:
                f = (f - lo) / ((hi - lo) or 1.0)
            img = np.round(np.clip(f, 0, 1) * 255).astype(np.uint8)
        self._image = img
        self._changed()

    def _build(self, grid: CellGrid) -> CellGrid:
        img = self._image
        if img is None or img.size == 0:
            return grid
        paint_halfblocks(grid, fit(img, grid.width, 2 * grid.height, background(grid.base)))
        return grid
