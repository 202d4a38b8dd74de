"""Real pixels for ImageView in terminals that can show them (Kitty graphics, Sixel).

Which path a picture takes is decided from the environment alone, never by asking the terminal
(a query would block, and once Textual runs its reader thread would swallow the answer):

- ``DLTUI_PIXELS=kitty|sixel|off`` chooses (``auto``, the default, detects);
- Kitty graphics in kitty (``TERM=xterm-kitty`` or ``KITTY_WINDOW_ID``) and Ghostty; Sixel in
  WezTerm and iTerm2 (``TERM_PROGRAM``);
- never under ``dltui serve`` (textual-serve sets ``TEXTUAL_DRIVER``; the browser's xterm.js
  shows neither), in headless or inline apps (tests, snapshots), inside tmux or screen unless
  asked for, or when stdout is not a terminal.

Only then is textual-image (the ``pixels`` extra, with Pillow) imported, with its import-time
terminal queries turned off (it would otherwise write to the terminal and wait for answers) and
its cell size taken from the terminal's window-size ioctl. If it is missing or anything fails,
ImageView keeps its half-block picture.

Both paths draw the same picture as the half-blocks: `fit` scales the image with its aspect
ratio kept (nearest pixel, centred on the panel's background), only the pixel grid is finer.
Kitty: the PNG is sent once per new image (through Textual's writer, so it reaches the terminal
before the frame that shows it), with a virtual placement; the frame itself is textual-image's
Unicode placeholders, ordinary cells Textual composes like text. Sixel: as textual-image's Sixel
widget, the encoded picture rides on the last line of the repaint.
"""

from __future__ import annotations

import io
import os
import sys
from base64 import b64encode
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from itertools import count
from random import randint
from typing import Any, Literal

import numpy as np
from rich.console import Console
from rich.control import Control
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

Mode = Literal["kitty", "sixel"]
MODES: tuple[Mode, ...] = ("kitty", "sixel")
OFF = ("off", "no", "0", "none", "false", "halfblocks", "half-blocks")
DEFAULT_CELL = (10, 20)  # pixels of a cell when the terminal does not say (textual-image's too)


def detect(env: Mapping[str, str] | None = None) -> Mode | None:
    """The pixel protocol the environment's terminal shows, or None (half-blocks)."""
    env = os.environ if env is None else env
    if env.get("TEXTUAL_DRIVER") or env.get("TERM_PROGRAM") == "textual":
        return None  # dltui serve: textual-serve's web driver, a browser's xterm.js
    choice = env.get("DLTUI_PIXELS", "auto").strip().lower()
    if choice in ("kitty", "tgp"):
        return "kitty"
    if choice == "sixel":
        return "sixel"
    if choice not in ("", "auto"):
        return None  # off (or a value we do not know: the safe picture)
    if env.get("TMUX") or env.get("STY"):
        return None  # tmux and screen do not pass graphics through (kitty's variables leak in)
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if term in ("xterm-kitty", "xterm-ghostty") or env.get("KITTY_WINDOW_ID"):
        return "kitty"
    if program == "ghostty":
        return "kitty"
    if program in ("WezTerm", "iTerm.app"):
        return "sixel"  # WezTerm's Kitty graphics lack the placeholders Textual needs
    return None


def fit(image: np.ndarray, pw: int, ph: int, bg: tuple[int, int, int]) -> np.ndarray:
    """(ph, pw, 3) uint8 canvas: `image` (H, W, 3) scaled to fit (aspect kept, nearest pixel),
    centred on `bg`. The half-block and the pixel pictures are both drawn from this."""
    ih, iw = image.shape[:2]
    scale = min(pw / iw, ph / ih)
    ow, oh = max(1, min(pw, round(iw * scale))), max(1, min(ph, round(ih * scale)))
    rows = np.minimum(((np.arange(oh) + 0.5) * ih / oh).astype(int), ih - 1)
    cols = np.minimum(((np.arange(ow) + 0.5) * iw / ow).astype(int), iw - 1)
    canvas = np.empty((ph, pw, 3), np.uint8)
    canvas[:] = bg
    oy, ox = (ph - oh) // 2, (pw - ow) // 2
    canvas[oy : oy + oh, ox : ox + ow] = image[np.ix_(rows, cols)]
    return canvas


def background(base: Style) -> tuple[int, int, int]:
    bg = base.bgcolor
    return tuple(bg.get_truecolor()) if bg is not None else (0, 0, 0)  # type: ignore[return-value]


def cell_size(env: Mapping[str, str] | None = None) -> tuple[int, int]:
    """Pixels of one cell (width, height): the window-size ioctl (never a query), then
    textual-serve's TEXTUAL_CELL_WIDTH/HEIGHT, then 10 x 20."""
    env = os.environ if env is None else env
    try:
        import fcntl
        import termios
        from array import array

        buf = array("H", [0, 0, 0, 0])
        fcntl.ioctl(sys.__stdout__.fileno(), termios.TIOCGWINSZ, buf)  # type: ignore[union-attr]
        rows, cols, xpix, ypix = buf
        if rows and cols and xpix >= cols and ypix >= rows:
            return xpix // cols, ypix // rows
    except (ImportError, OSError, AttributeError, ValueError):
        pass
    w, h = env.get("TEXTUAL_CELL_WIDTH", ""), env.get("TEXTUAL_CELL_HEIGHT", "")
    if w.isdigit() and h.isdigit() and int(w) and int(h):
        return int(w), int(h)
    return DEFAULT_CELL


class _NotATerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


@contextmanager
def _quiet_terminal() -> Iterator[None]:
    """sys.__stdout__ looks like no terminal (textual-image then asks it nothing at import).
    Textual writes to sys.__stderr__, so the app's output is not affected."""
    saved = sys.__stdout__
    sys.__stdout__ = _NotATerminal()  # type: ignore[misc]
    try:
        yield
    finally:
        sys.__stdout__ = saved  # type: ignore[misc]


_LIB: dict[str, Any] = {}


def load(cell: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """textual-image's renderables and Pillow, imported without touching the terminal; None if
    they are missing or fail. The cell size textual-image would ask the terminal for is set."""
    if "failed" in _LIB:
        return None
    if not _LIB:
        try:
            with _quiet_terminal():
                from PIL import Image as PILImage
                from textual_image import _terminal
                from textual_image.renderable import sixel, tgp
            _LIB.update(PIL=PILImage, terminal=_terminal, sixel=sixel, tgp=tgp)
        except Exception:  # ImportError, or anything its import does on this machine
            _LIB["failed"] = True
            return None
    set_cell_size(cell or cell_size())
    return _LIB


def set_cell_size(cell: tuple[int, int]) -> None:
    """What textual-image's get_cell_size returns (it caches its first answer; filled here, it
    never queries the terminal)."""
    terminal = _LIB["terminal"]
    terminal.get_cell_size._result = terminal.CellSize(*cell)


class KittyPainter:
    """Kitty graphics with Unicode placeholders: a new image id per picture, the old one freed."""

    mode: Mode = "kitty"
    _ids = count(randint(1, 2**24))

    def __init__(
        self, lib: dict[str, Any], write: Callable[[str], None], cell: tuple[int, int] | None = None
    ) -> None:
        self._lib, self._write = lib, write
        self.cell = cell  # pixels of a cell; None: ask the terminal's ioctl at every new picture
        self._key: tuple | None = None
        self._strips: list[Strip] = []
        self.image_id: int | None = None

    def strips(self, image: np.ndarray, w: int, h: int, base: Style, key: tuple) -> list[Strip]:
        """The placeholder rows for `image` fitted to w x h cells; sends the picture (and frees
        the previous one) when `key` (data, size, style) changed."""
        cell = self.cell or cell_size()
        key = (*key, cell)
        if key == self._key:
            return self._strips
        set_cell_size(cell)
        canvas = fit(image, w * cell[0], h * cell[1], background(base))
        pil = self._lib["PIL"].fromarray(canvas, "RGB")
        buf = io.BytesIO()
        pil.save(buf, format="png", compress_level=2)
        image_id = next(self._ids) % 2**32 or 1
        renderable = self._lib["tgp"].Image(pil, width=w, height=h)
        renderable.terminal_image_id = image_id  # we send it ourselves: it only places cells
        console = Console(width=w, height=h, file=io.StringIO(), color_system="truecolor")
        options = console.options.update_dimensions(w, h)
        lines = list(Segment.split_lines(renderable.__rich_console__(console, options)))
        if len(lines) != h:
            raise ValueError(f"textual-image placed {len(lines)} rows, not {h}")
        bg = Style(bgcolor=base.bgcolor)
        strips = [Strip([Segment(s.text, bg + s.style) for s in line], w) for line in lines]
        out = transmit(b64encode(buf.getvalue()).decode("ascii"), image_id, w, h)
        if self.image_id is not None:
            out += delete(self.image_id)
        self._write(out)
        self.image_id, self._key, self._strips = image_id, key, strips
        return strips

    def close(self) -> None:
        """Free the terminal's copy of the picture (the widget goes away)."""
        if self.image_id is not None:
            self._write(delete(self.image_id))
            self.image_id, self._key = None, None


def transmit(png_b64: str, image_id: int, w: int, h: int) -> str:
    """Kitty graphics: send a PNG (in 4096-byte chunks) and place it virtually on w x h cells,
    quietly (q=2: the terminal answers nothing Textual would have to read)."""
    chunks = [png_b64[i : i + 4096] for i in range(0, len(png_b64), 4096)] or [""]
    out = []
    for i, chunk in enumerate(chunks):
        more = int(i < len(chunks) - 1)
        keys = f"a=t,f=100,i={image_id},q=2,m={more}" if i == 0 else f"q=2,m={more}"
        out.append(f"\x1b_G{keys};{chunk}\x1b\\")
    out.append(f"\x1b_Ga=p,U=1,i={image_id},c={w},r={h},q=2\x1b\\")
    return "".join(out)


def delete(image_id: int) -> str:
    """Kitty graphics: free one image and its placements (not every image on screen)."""
    return f"\x1b_Ga=d,d=I,i={image_id},q=2\x1b\\"


_NO_OP = ((ControlType.CURSOR_FORWARD, 0),)  # keeps Rich and Textual from touching the data


class SixelPainter:
    """Sixel: the picture for the repainted region, written on that region's last line (as
    textual-image's Sixel widget does)."""

    mode: Mode = "sixel"

    def __init__(self, lib: dict[str, Any], cell: tuple[int, int] | None = None) -> None:
        self._lib = lib
        self.cell = cell  # as KittyPainter's
        self._key: tuple | None = None
        self._data = ""

    def encode(self, image: np.ndarray, w: int, h: int, base: Style, crop: Region, key: tuple):
        """Sixel data of the crop of `image` fitted to w x h cells (cached per key and crop)."""
        cell = self.cell or cell_size()
        key = (*key, crop, cell)
        if key != self._key:
            cw, ch = cell
            canvas = fit(image, w * cw, h * ch, background(base))
            part = canvas[crop.y * ch : crop.bottom * ch, crop.x * cw : crop.right * cw]
            pil = self._lib["PIL"].fromarray(np.ascontiguousarray(part), "RGB")
            self._data = self._lib["sixel"].image_to_sixels(pil)
            self._key = key
        return self._data

    def lines(self, data: str, crop: Region, screen_region: Region) -> list[Strip]:
        """Empty rows (Textual leaves the pixels alone) and the data on the last one, written
        at the crop's place on the screen."""
        x, y = screen_region.x + crop.x, screen_region.y + crop.y
        segments = [
            Segment(Control.move_to(x, y).segment.text, Style()),
            Segment(data, Style(), control=_NO_OP),
            Segment(Control.move_to(x + crop.width, y + crop.height).segment.text, Style()),
        ]
        return [Strip([])] * (crop.height - 1) + [Strip(segments, cell_length=crop.width)]

    def close(self) -> None:
        pass


Painter = KittyPainter | SixelPainter


def painter_for(app: Any, env: Mapping[str, str] | None = None) -> Painter | None:
    """A painter when `app` runs in a terminal that shows pixels and textual-image loads; None
    (half-blocks) otherwise."""
    mode = detect(env)
    if mode is None or app.is_headless or app.is_web or getattr(app, "is_inline", False):
        return None
    stdout = sys.__stdout__
    if stdout is None or not stdout.isatty():
        return None
    lib = load()
    if lib is None:
        return None
    if mode == "sixel":
        return SixelPainter(lib)
    driver = getattr(app, "_driver", None)
    if driver is None or not hasattr(driver, "write"):
        return None
    return KittyPainter(lib, driver.write)
