"""Real pixels for ImageView in terminals that can show them (Kitty graphics, Sixel).

Which path a picture takes is decided from the environment alone, never by asking the terminal
(a query would block, and once Textual runs its reader thread would swallow the answer):

- ``DLTUI_PIXELS=kitty|sixel|off`` chooses (``auto``, the default, detects);
- Kitty graphics in kitty (``TERM=xterm-kitty`` or ``KITTY_WINDOW_ID``) and Ghostty; Sixel in
  WezTerm and iTerm2 (``TERM_PROGRAM``);
- never under ``dltui serve`` (textual-serve sets ``TEXTUAL_DRIVER``; the browser's xterm.js
  shows neither), in headless or inline apps (tests, snapshots), inside tmux or screen unless
  asked for, or when stdout is not a terminal; Kitty graphics only with 24-bit colour (the
  placeholders name their image by colour: over ssh, set ``COLORTERM=truecolor``).

Only then is textual-image (the ``pixels`` extra, with Pillow) imported, with its import-time
terminal queries turned off (it would otherwise write to the terminal and wait for answers) and
its cell size taken from the terminal's window-size ioctl. If it is missing or anything fails,
ImageView keeps its half-block picture.

Both paths draw the same picture as the half-blocks: `fit` scales the image with its aspect
ratio kept (nearest pixel, centred on the panel's background), only the pixel grid is finer.
Kitty: each new picture is sent once (raw RGB, zlib; through Textual's writer, so it reaches the
terminal before the frame that shows it), with a virtual placement; the frame itself is
textual-image's Unicode placeholders, ordinary cells Textual composes like text. Sixel: as textual-image's Sixel
widget, the encoded picture rides on the last line of the repaint.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zlib
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
DEFAULT_CELL = (10, 20)  # pixels of a cell when the terminal does not say (textual-image's too)
# Pixels sent per Kitty picture at most: a 2× display's cells (20×40 pixels) would make a 120×40
# picture 3.8 million pixels, ~0.5 s to encode; above this the picture is sent smaller, with the
# panel's proportions, and the terminal scales it to the cells.
MAX_CANVAS = 1_000_000


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
    canvas[oy : oy + oh, ox : ox + ow] = image[:, cols][rows]  # = image[np.ix_(rows, cols)]
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
    """Kitty graphics with Unicode placeholders, double-buffered: two image ids take turns, so
    a new picture goes to the id not on screen (its older picture freed first) while the frame
    showing it switches ids; each id's placeholder rows are built once per size."""

    mode: Mode = "kitty"
    _ids = count(randint(1, 2**24 - 2), 2)

    def __init__(
        self, lib: dict[str, Any], write: Callable[[str], None], cell: tuple[int, int] | None = None
    ) -> None:
        self._lib, self._write = lib, write
        self.cell = cell  # pixels of a cell; None: ask the terminal's ioctl at every new picture
        first = next(self._ids) % (2**24 - 1) + 1  # 24 bits: the id is the placeholders' colour
        self._slots = (first, first % (2**24 - 1) + 1)
        self._sent = [False, False]
        self._slot = 1
        self._key: tuple | None = None
        self._strips: list[Strip] = []
        self._rows: dict[tuple, list[Strip]] = {}  # (id, w, h, base) -> placeholder rows

    @property
    def image_id(self) -> int | None:
        """The id of the picture on screen (None before the first)."""
        return self._slots[self._slot] if self._sent[self._slot] else None

    def strips(self, image: np.ndarray, w: int, h: int, base: Style, key: tuple) -> list[Strip]:
        """The placeholder rows for `image` fitted to w x h cells; sends the picture when `key`
        (data, size, style) changed."""
        cell = self.cell or cell_size()
        key = (*key, cell)
        if key == self._key:
            return self._strips
        set_cell_size(cell)
        pw, ph = w * cell[0], h * cell[1]
        shrink = max(1.0, float(np.sqrt(pw * ph / MAX_CANVAS)))  # the terminal scales it back
        canvas = fit(
            image, max(1, round(pw / shrink)), max(1, round(ph / shrink)), background(base)
        )
        slot = 1 - self._slot
        image_id = self._slots[slot]
        out = delete(image_id) if self._sent[slot] else ""
        out += transmit(canvas, image_id, w, h)
        strips = self._placeholders(image_id, w, h, base)
        self._write(out)
        self._sent[slot], self._slot, self._key, self._strips = True, slot, key, strips
        return strips

    def _placeholders(self, image_id: int, w: int, h: int, base: Style) -> list[Strip]:
        """textual-image's placeholder cells for an image id we sent ourselves."""
        rows_key = (image_id, w, h, base)
        if rows_key not in self._rows:
            if len(self._rows) >= 2:
                self._rows.clear()  # a new size or style: the old rows go
            one_pixel = self._lib["PIL"].new("RGB", (1, 1))  # it only needs w, h and the id
            renderable = self._lib["tgp"].Image(one_pixel, width=w, height=h)
            renderable.terminal_image_id = image_id  # so it sends nothing itself
            console = Console(width=w, height=h, file=io.StringIO(), color_system="truecolor")
            options = console.options.update_dimensions(w, h)
            lines = list(Segment.split_lines(renderable.__rich_console__(console, options)))
            if len(lines) != h:
                raise ValueError(f"textual-image placed {len(lines)} rows, not {h}")
            bg = Style(bgcolor=base.bgcolor)
            self._rows[rows_key] = [Strip(_per_cell(line, bg), w) for line in lines]
        return self._rows[rows_key]

    def close(self) -> None:
        """Free the terminal's copies of the pictures (the widget goes away)."""
        out = "".join(delete(i) for i, sent in zip(self._slots, self._sent, strict=True) if sent)
        if out:
            self._write(out)
        self._sent, self._key = [False, False], None


def _per_cell(line: list[Segment], bg: Style) -> list[Segment]:
    """One segment per cell (a placeholder and its diacritics), so that Textual, cropping a row
    under a toast or at a scroll edge, cuts between cells and never inside one."""
    out = []
    for seg in line:
        style = bg + seg.style if seg.style else bg
        text = seg.text
        starts = [i for i, ch in enumerate(text) if ch == _PLACEHOLDER] + [len(text)]
        out += [Segment(text[i:j], style) for i, j in zip(starts[:-1], starts[1:], strict=True)]
    return out


_PLACEHOLDER = chr(0x10EEEE)  # Kitty's Unicode placeholder (a cell of a virtual placement)


def transmit(canvas: np.ndarray, image_id: int, w: int, h: int) -> str:
    """Kitty graphics: send (H, W, 3) pixels (raw RGB, zlib level 1: several times faster than a
    PNG for the same bytes) in 4096-byte chunks and place them virtually on w x h cells, quietly
    (q=2: the terminal answers nothing Textual would have to read)."""
    ph, pw = canvas.shape[:2]
    data = b64encode(zlib.compress(np.ascontiguousarray(canvas).tobytes(), 1)).decode("ascii")
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)] or [""]
    out = []
    for i, chunk in enumerate(chunks):
        more = int(i < len(chunks) - 1)
        keys = (
            f"a=t,f=24,o=z,s={pw},v={ph},i={image_id},q=2,m={more}" if i == 0 else f"q=2,m={more}"
        )
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
            self._data = palette_first(self._lib["sixel"].image_to_sixels(pil))
            self._key = key
        return self._data

    def lines(self, data: str, crop: Region, screen_region: Region) -> list[Strip]:
        """Empty rows (Textual leaves the pixels alone) and the data on the last one, written
        at the crop's place on the screen; the cursor then goes where Textual expects it after
        that row (a full repaint writes the rest of the row from there)."""
        x, y = screen_region.x + crop.x, screen_region.y + crop.y
        segments = [
            Segment(Control.move_to(x, y).segment.text, Style()),
            Segment(data, Style(), control=_NO_OP),
            Segment(Control.move_to(x + crop.width, y + crop.height - 1).segment.text, Style()),
        ]
        return [Strip([])] * (crop.height - 1) + [Strip(segments, cell_length=crop.width)]

    def close(self) -> None:
        pass


_SIXEL_COLOUR = re.compile(r"#(\d+);2;(\d+);(\d+);(\d+)")
_SIXEL_HEAD = re.compile(r'\x1bP[0-9;]*q("\d+;\d+;\d+;\d+)?')


def palette_first(data: str) -> str:
    """Sixel data with every colour defined up front (textual-image defines each at its first
    use; xterm then draws the first band in its default palette: a coloured line on top)."""
    head = _SIXEL_HEAD.match(data)
    if head is None:
        return data
    body = data[head.end() :]
    colours = "".join(m.group(0) for m in _SIXEL_COLOUR.finditer(body))
    return head.group(0) + colours + _SIXEL_COLOUR.sub(r"#\1", body)


Painter = KittyPainter | SixelPainter

_SCREENSHOT = [False]  # True while the app exports an SVG


def in_screenshot() -> bool:
    """Whether the screen is being drawn for an SVG screenshot (pictures then in half-blocks)."""
    return _SCREENSHOT[0]


def halfblocks_in_screenshots(app: Any) -> None:
    """Make `app`'s SVG screenshots (ctrl+s, the export key) draw the pictures in half-blocks:
    an SVG cannot hold the terminal's pixels, only the placeholder cells or sixel bytes."""
    if getattr(app, "_dltui_halfblock_screenshots", False):
        return
    export = app.export_screenshot

    def export_screenshot(*args: Any, **kwargs: Any) -> str:
        _SCREENSHOT[0] = True
        try:
            for view in app.screen.query("ImageView"):
                view.refresh()  # drops Textual's cached lines of the view
            return export(*args, **kwargs)
        finally:
            _SCREENSHOT[0] = False
            for view in app.screen.query("ImageView"):
                view.refresh()

    app.export_screenshot = export_screenshot
    app._dltui_halfblock_screenshots = True


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
    console = getattr(app, "console", None)
    if getattr(console, "color_system", None) != "truecolor" or getattr(app, "no_color", False):
        return None  # Kitty's placeholders name their image by a 24-bit colour (COLORTERM)
    driver = getattr(app, "_driver", None)
    if driver is None or not hasattr(driver, "write"):
        return None
    return KittyPainter(lib, driver.write)
