"""Real pixels for ImageView (widgets/pixels.py): which terminals get them (from the environment
alone), the fallback to half-blocks when textual-image is missing or fails, and the Kitty and
Sixel output for a picture, rendered without a terminal."""

from __future__ import annotations

import io
import re
import sys
import zlib
from base64 import b64decode
from types import SimpleNamespace

import numpy as np
import pytest
from rich.color import Color
from rich.style import Style
from textual.geometry import Region

from dltui.tui.widgets import ImageView, pixels
from dltui.tui.widgets import image as image_module
from dltui.tui.widgets.framebench import WidgetApp, render_all, widget_text

PLACEHOLDER = chr(0x10EEEE)
BASE = Style(bgcolor=Color.from_rgb(12, 24, 36))


# Which path: the environment decides, never the terminal -----------------------------------


@pytest.mark.parametrize(
    ("env", "mode"),
    [
        ({}, None),
        ({"TERM": "xterm-256color"}, None),
        ({"TERM": "xterm-kitty"}, "kitty"),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, "kitty"),
        ({"TERM_PROGRAM": "ghostty"}, "kitty"),
        ({"TERM": "xterm-ghostty"}, "kitty"),
        ({"TERM_PROGRAM": "WezTerm"}, "sixel"),
        ({"TERM_PROGRAM": "iTerm.app"}, "sixel"),
        ({"TERM_PROGRAM": "vscode"}, None),
        # kitty's variables leak into tmux and screen, which pass no graphics through
        ({"TERM": "tmux-256color", "KITTY_WINDOW_ID": "3", "TMUX": "/tmp/t,1,0"}, None),
        ({"TERM": "xterm-kitty", "STY": "1.pts"}, None),
        # the override
        ({"DLTUI_PIXELS": "off", "TERM": "xterm-kitty"}, None),
        ({"DLTUI_PIXELS": "sixel", "TERM": "xterm-kitty"}, "sixel"),
        ({"DLTUI_PIXELS": "Kitty"}, "kitty"),
        ({"DLTUI_PIXELS": "kitty", "TMUX": "/tmp/t,1,0"}, "kitty"),
        ({"DLTUI_PIXELS": "auto", "TERM_PROGRAM": "WezTerm"}, "sixel"),
        ({"DLTUI_PIXELS": "bogus", "TERM": "xterm-kitty"}, None),
        # dltui serve: textual-serve's child, in a browser, whatever the server's terminal was
        ({"TERM": "xterm-kitty", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, None),
        ({"DLTUI_PIXELS": "kitty", "TERM_PROGRAM": "textual"}, None),
    ],
)
def test_detect_from_the_environment(env, mode):
    assert pixels.detect(env) == mode


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _app(**kw):
    sent: list[str] = []
    app = SimpleNamespace(
        is_headless=False,
        is_web=False,
        is_inline=False,
        no_color=False,
        console=SimpleNamespace(color_system="truecolor"),
        _driver=SimpleNamespace(write=sent.append),
    )
    app.__dict__.update(kw)
    return app, sent


@pytest.fixture
def terminal(monkeypatch):
    """sys.__stdout__ is a terminal (that never answers); textual-image's import is redone."""
    monkeypatch.setattr(sys, "__stdout__", _Tty())
    monkeypatch.setattr(pixels, "_LIB", {})


def test_painter_for_a_kitty_terminal(terminal):
    app, _ = _app()
    painter = pixels.painter_for(app, {"TERM": "xterm-kitty"})
    assert isinstance(painter, pixels.KittyPainter)
    assert isinstance(pixels.painter_for(app, {"DLTUI_PIXELS": "sixel"}), pixels.SixelPainter)


@pytest.mark.parametrize(
    "app_kw",
    [
        {"is_headless": True},
        {"is_web": True},
        {"is_inline": True},
        {"_driver": None},
        # the placeholders name their image by a 24-bit colour: 256 colours or none break it
        {"console": SimpleNamespace(color_system="256")},
        {"no_color": True},
    ],
)
def test_no_painter_for_headless_web_or_inline_apps(terminal, app_kw):
    app, _ = _app(**app_kw)
    assert pixels.painter_for(app, {"DLTUI_PIXELS": "kitty"}) is None


def test_no_painter_when_stdout_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "__stdout__", io.StringIO())
    app, _ = _app()
    assert pixels.painter_for(app, {"TERM": "xterm-kitty"}) is None


@pytest.mark.parametrize("missing", ["textual_image", "PIL"])
def test_no_painter_when_textual_image_or_pillow_is_missing(terminal, monkeypatch, missing):
    monkeypatch.setitem(sys.modules, missing, None)  # import fails as if not installed
    for name in [m for m in sys.modules if m.startswith(f"{missing}.")]:
        monkeypatch.delitem(sys.modules, name)
    app, _ = _app()
    assert pixels.painter_for(app, {"TERM": "xterm-kitty"}) is None
    assert pixels.load() is None  # remembered: no second try per image


def test_textual_image_imports_without_asking_the_terminal(monkeypatch):
    """Its import queries a terminal on stdout (and reads the answer from stdin): ours sees
    none; the cell size it would ask for is ours."""
    tty = _Tty()
    monkeypatch.setattr(sys, "__stdout__", tty)
    monkeypatch.setattr(pixels, "_LIB", {})
    for name in [m for m in sys.modules if m.startswith("textual_image")]:
        monkeypatch.delitem(sys.modules, name)
    lib = pixels.load((7, 15))
    assert lib is not None
    assert tty.getvalue() == ""  # nothing written to the terminal
    assert tuple(lib["terminal"].get_cell_size()) == (7, 15)


def test_cell_size_from_textual_serve_variables_then_default(monkeypatch):
    monkeypatch.setattr(sys, "__stdout__", io.StringIO())  # no ioctl
    assert pixels.cell_size({"TEXTUAL_CELL_WIDTH": "9", "TEXTUAL_CELL_HEIGHT": "18"}) == (9, 18)
    assert pixels.cell_size({}) == pixels.DEFAULT_CELL


# The picture: the same fit as the half-blocks ------------------------------------------------


def test_fit_keeps_the_aspect_ratio_and_centres_on_the_background():
    img = np.zeros((28, 28, 3), np.uint8) + 200
    canvas = pixels.fit(img, 400, 200, (1, 2, 3))  # 40 x 10 cells of 10 x 20 pixels
    inside = np.all(canvas == 200, axis=2)
    rows, cols = np.flatnonzero(inside.any(1)), np.flatnonzero(inside.any(0))
    assert (rows[0], rows[-1], cols[0], cols[-1]) == (0, 199, 100, 299)  # 200 x 200, centred
    assert (canvas[0, 0] == (1, 2, 3)).all()


# Kitty graphics ------------------------------------------------------------------------------


def _lib():
    lib = pixels.load((10, 20))
    assert lib is not None  # textual-image is a test dependency (the pixels extra)
    return lib


def _picture_sent(out: str) -> tuple[int, np.ndarray]:
    """(image id, pixels) of the picture a Kitty transmission carries (raw RGB, zlib)."""
    first = re.search(r"\x1b_Ga=t,f=24,o=z,s=(\d+),v=(\d+),i=(\d+),q=2,m=[01];", out)
    assert first, out[:80]
    w, h, image_id = (int(g) for g in first.groups())
    payload = "".join(re.findall(r"\x1b_G[^;\x1b]*;([^\x1b]*)\x1b\\", out))
    return image_id, np.frombuffer(zlib.decompress(b64decode(payload)), np.uint8).reshape(h, w, 3)


def test_kitty_sends_the_fitted_picture_and_places_it_on_the_cells():
    sent: list[str] = []
    painter = pixels.KittyPainter(_lib(), sent.append, cell=(10, 20))
    img = np.random.default_rng(0).integers(0, 256, (28, 28, 3), dtype=np.uint8)
    strips = painter.strips(img, 30, 12, BASE, ("v1",))
    assert len(sent) == 1
    image_id, sent_px = _picture_sent(sent[0])
    assert image_id == painter.image_id
    # the same picture as the half-blocks, on a finer grid: 30 x 12 cells of 10 x 20 pixels
    assert (sent_px == pixels.fit(img, 300, 240, (12, 24, 36))).all()
    assert f"\x1b_Ga=p,U=1,i={image_id},c=30,r=12,q=2\x1b\\" in sent[0]
    # each cell a placeholder in the image id's colour, on the panel's background
    assert len(strips) == 12 and all(s.cell_length == 30 for s in strips)
    for strip in strips:
        text = "".join(seg.text for seg in strip)
        assert text.count(PLACEHOLDER) == 30
        assert all(seg.cell_length == 1 for seg in strip)  # a crop never cuts inside a cell
        style = list(strip)[0].style
        assert style.color.get_truecolor() == (
            (image_id >> 16) & 255,
            (image_id >> 8) & 255,
            image_id & 255,
        )
        assert style.bgcolor == BASE.bgcolor


def test_kitty_sends_once_per_picture_and_takes_turns_between_two_ids():
    sent: list[str] = []
    painter = pixels.KittyPainter(_lib(), sent.append, cell=(10, 20))
    img = np.zeros((4, 4, 3), np.uint8)
    first_rows = painter.strips(img, 8, 4, BASE, ("v1",))
    first = painter.image_id
    assert painter.strips(img, 8, 4, BASE, ("v1",)) is first_rows  # a repaint: nothing sent
    assert len(sent) == 1
    painter.strips(img + 9, 8, 4, BASE, ("v2",))
    second = painter.image_id
    assert len(sent) == 2 and second != first and _picture_sent(sent[1])[0] == second
    assert "a=d" not in sent[1]  # the first picture stays until the frame has switched
    # the third picture reuses the first id, freeing its old picture (only that one) first
    third_rows = painter.strips(img + 20, 8, 4, BASE, ("v3",))
    assert sent[2].startswith(f"\x1b_Ga=d,d=I,i={first},q=2\x1b\\\x1b_Ga=t")
    assert painter.image_id == first and third_rows is first_rows  # rows built once per id
    assert (_picture_sent(sent[2])[1] == 20).all()
    painter.close()
    assert sent[3] == f"\x1b_Ga=d,d=I,i={first},q=2\x1b\\\x1b_Ga=d,d=I,i={second},q=2\x1b\\"
    assert painter.image_id is None


def test_kitty_sends_a_big_panel_smaller_with_its_proportions():
    """A 2× display's cells: 120×40 cells are 2400×1600 pixels; the picture sent has the same shape
    within MAX_CANVAS pixels, and the terminal scales it to the cells."""
    sent: list[str] = []
    painter = pixels.KittyPainter(_lib(), sent.append, cell=(20, 40))
    painter.strips(np.zeros((96, 96, 3), np.uint8), 120, 40, BASE, ("v1",))
    _, sent_px = _picture_sent(sent[0])
    h, w = sent_px.shape[:2]
    assert h * w <= pixels.MAX_CANVAS and abs(w / h - 2400 / 1600) < 0.01
    assert "c=120,r=40" in sent[0]


def test_kitty_chunks_a_large_picture():
    noise = np.random.default_rng(0).integers(0, 256, (60, 60, 3), dtype=np.uint8)
    out = pixels.transmit(noise, 7, 3, 2)
    chunks = re.findall(r"\x1b_G([^;\x1b]*);([^\x1b]*)\x1b\\", out)
    assert len(chunks) >= 3  # 10,800 bytes of noise: three 4096-byte chunks at least
    assert chunks[0][0] == "a=t,f=24,o=z,s=60,v=60,i=7,q=2,m=1"
    assert [keys for keys, _ in chunks[1:-1]] == ["q=2,m=1"] * (len(chunks) - 2)
    assert chunks[-1][0] == "q=2,m=0" and all(len(data) == 4096 for _, data in chunks[:-1])
    assert out.endswith("\x1b_Ga=p,U=1,i=7,c=3,r=2,q=2\x1b\\")


# Sixel ----------------------------------------------------------------------------------------


def test_sixel_encodes_the_fitted_picture_on_the_last_line():
    painter = pixels.SixelPainter(_lib(), cell=(10, 20))
    img = np.zeros((6, 6, 3), np.uint8)
    img[:, 3:] = 255
    data = painter.encode(img, 6, 3, BASE, Region(0, 0, 6, 3), ("v1",))
    assert data.startswith("\x1bP") and data.endswith("\x1b\\")
    assert '"1;1;60;60' in data  # raster attributes: 6 x 3 cells of 10 x 20 pixels
    # every colour defined before the first band (xterm draws that band wrong otherwise)
    head, body = data.split("~", 1)
    assert re.findall(r"#\d+;2;", head) and not re.findall(r"#\d+;2;", body)
    assert pixels.palette_first("\x1bP0;0;0q#1;2;5;5;5!4~#0;2;9;9;9!4~-#1!4~\x1b\\") == (
        "\x1bP0;0;0q#1;2;5;5;5#0;2;9;9;9#1!4~#0!4~-#1!4~\x1b\\"
    )
    lines = painter.lines(data, Region(0, 0, 6, 3), Region(50, 4, 6, 3))
    assert len(lines) == 3 and not list(lines[0]) and not list(lines[1])
    text = "".join(seg.text for seg in lines[2])
    assert text == "\x1b[5;51H" + data + "\x1b[7;57H"  # at the widget, then after its row


# ImageView: the pixel path in the widget, and the fallback -----------------------------------


async def _picture(monkeypatch, painter, image, size=(40, 12)):
    monkeypatch.setattr(image_module, "painter_for", lambda app: painter)
    app = WidgetApp(ImageView)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.widget
        view.set_image(image)
        await pilot.pause()
        return view.pixel_mode, widget_text(view), render_all(view)


async def test_image_view_draws_kitty_placeholders_when_given_a_painter(monkeypatch):
    sent: list[str] = []
    painter = pixels.KittyPainter(_lib(), sent.append, cell=(10, 20))
    signed = np.linspace(-1, 1, 64).reshape(8, 8)  # signed data: min-max scaled, as half-blocks
    mode, text, _ = await _picture(monkeypatch, painter, signed)
    assert mode == "kitty"
    assert all(row.count(PLACEHOLDER) == 40 for row in text)
    _, sent_px = _picture_sent(next(out for out in sent if out.startswith("\x1b_Ga=t")))
    grey = np.round((signed + 1) / 2 * 255).astype(np.uint8)
    expected = pixels.fit(np.repeat(grey[..., None], 3, 2), 400, 240, sent_px[0, 0])
    assert (sent_px == expected).all()


async def test_image_view_sixel_writes_the_picture_at_its_place(monkeypatch):
    painter = pixels.SixelPainter(_lib(), cell=(10, 20))
    mode, _, strips = await _picture(monkeypatch, painter, np.eye(8))
    assert mode == "sixel"
    assert len(strips) == 12
    last = "".join(seg.text for seg in strips[-1])
    assert last.startswith("\x1b[1;1H\x1bP") and last.endswith("\x1b\\\x1b[12;41H")


async def test_screenshots_draw_the_pictures_in_half_blocks(monkeypatch):
    """An SVG cannot hold the terminal's pixels: ctrl+s gets the half-block picture, and the
    screen goes back to pixels after it (nothing sent again)."""
    sent: list[str] = []
    painter = pixels.KittyPainter(_lib(), sent.append, cell=(10, 20))
    monkeypatch.setattr(image_module, "painter_for", lambda app: painter)
    app = WidgetApp(ImageView)
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        app.widget.set_image(np.eye(8))
        await pilot.pause()
        assert PLACEHOLDER in widget_text(app.widget)[0]
        svg = app.export_screenshot()
        assert PLACEHOLDER not in svg and "▀" in svg
        assert not pixels.in_screenshot()
        assert PLACEHOLDER in widget_text(app.widget)[0]
        assert len([out for out in sent if "a=t" in out]) == 1


class _Broken:
    mode = "kitty"

    def strips(self, *args):
        raise RuntimeError("the terminal went away")

    def close(self):
        pass


async def test_image_view_falls_back_to_half_blocks_when_pixels_fail(monkeypatch):
    img = np.random.default_rng(1).random((28, 28))
    _, expected, _ = await _picture(monkeypatch, None, img)
    assert expected[6].count("▀") > 0
    mode, text, _ = await _picture(monkeypatch, _Broken(), img)
    assert mode is None  # for good
    assert text == expected


async def test_image_view_in_tests_and_headless_apps_uses_half_blocks(monkeypatch):
    monkeypatch.setenv("DLTUI_PIXELS", "kitty")
    app = WidgetApp(ImageView)
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        assert app.widget.pixel_mode is None
