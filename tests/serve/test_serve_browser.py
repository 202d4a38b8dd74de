"""`dltui serve` in a real browser: headless Chromium (Debian's), driven by Playwright.

The terminal in the page is drawn on a canvas, so the test reads what the app sends: the
websocket's frames are the terminal's output bytes; with the escape codes stripped, the status
line's "step N" shows the run moving. Without a browser the test is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)"
)
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tagged_processes(tag: str) -> list[int]:
    """Processes whose environment carries this test's tag: the server's tabs and their runs."""
    found = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"DLTUI_SERVE_TEST={tag}".encode() in env.read_bytes():
                found.append(int(env.parent.name))
        except OSError:
            continue
    return found


class Screen:
    """The terminal's text as the browser receives it (frames of output bytes, escapes out)."""

    def __init__(self, page) -> None:
        self.raw = bytearray()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, bytes | bytearray):
            self.raw += payload

    def text(self) -> str:
        return ANSI.sub(b"", bytes(self.raw)).decode("utf-8", "replace")

    def steps(self) -> list[int]:
        return [int(n) for n in re.findall(r"step (\d+)", self.text())]

    def paces(self) -> list[int]:
        """The French status line's step counter ("pas N")."""
        return [int(n) for n in re.findall(r"\bpas (\d+)", self.text())]


def _start(*options: str):
    """`dltui serve` on a free loopback port, its processes tagged for the orphan check."""
    tag = uuid.uuid4().hex
    port = free_port()
    env = {**os.environ, "DLTUI_SERVE_TEST": tag}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dltui", "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    line = proc.stdout.readline().decode()  # the server says where it listens once it does
    assert line.startswith("dltui serve") and "http://127.0.0.1:" in line, line
    return f"http://127.0.0.1:{port}/", tag, proc


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.fixture
def server():
    url, tag, proc = _start("--max-sessions", "2")
    yield url, tag, proc
    _stop(proc)


@pytest.fixture
def french_server():
    url, tag, proc = _start("--max-sessions", "2", "--lang", "fr")
    yield url, tag, proc
    _stop(proc)


def test_a_browser_tab_opens_a_lab_and_watches_it_train(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, tag, proc = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        screen = Screen(page)
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        page.goto(url)
        page.wait_for_function("document.body.classList.contains('-first-byte')", timeout=60000)
        # The home screen lists the labs by chapter; Enter opens the first one.
        _wait_for(page, lambda: "Gradient descent on Boston housing" in screen.text())
        page.click("body")
        page.keyboard.press("Enter")
        _wait_for(page, lambda: len(set(screen.steps())) >= 2)
        first = max(screen.steps())
        _wait_for(page, lambda: max(screen.steps()) > first)
        page.screenshot(path=str(tmp_path / "serve.png"))
        assert (tmp_path / "serve.png").stat().st_size > 10_000
        assert not outside, f"the page loaded from outside the machine: {outside}"
        # A second tab is a session of its own; a third is over --max-sessions 2.
        second = browser.new_page()
        other = Screen(second)
        second.goto(url)
        _wait_for(second, lambda: "Gradient descent on Boston housing" in other.text())
        third = browser.new_page()
        response = third.goto(url)
        assert response.status == 503 and "dltui is full" in third.content()
        second.close()
        page.close()
        browser.close()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    # The app's helpers (its training child, multiprocessing's resource tracker) end when it
    # does; give them the time to notice, bounded.
    leftover = _processes_gone(tag)
    assert leftover == [], f"processes left after the server stopped: {leftover}"


FRENCH_HOME = "Descente de gradient sur les maisons de Boston"


def test_a_french_server_gives_each_tab_its_own_french_session(french_server):
    """The classroom case: `dltui serve --lang fr`, two tabs, two independent French sessions."""
    from playwright.sync_api import sync_playwright

    url, tag, proc = french_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        first, second = browser.new_page(), browser.new_page()
        one, two = Screen(first), Screen(second)
        for page, screen in ((first, one), (second, two)):
            page.goto(url)
            _wait_for(page, lambda screen=screen: FRENCH_HOME in screen.text())
            assert "Gradient descent on Boston housing" not in screen.text()
        # The first tab opens its lab and trains; the second stays on its home screen.
        first.click("body")
        first.keyboard.press("Enter")
        _wait_for(first, lambda: len(set(one.paces())) >= 2)
        assert " step " not in one.text()
        assert two.paces() == [], "the second tab moved with the first"
        # The first pauses; the second then opens its own lab and trains, the first staying put.
        first.keyboard.press("Space")
        _wait_for(first, lambda: "en pause" in one.text())
        paused_at = max(one.paces())
        second.click("body")
        second.keyboard.press("Enter")
        _wait_for(second, lambda: len(set(two.paces())) >= 2)
        assert max(one.paces()) == paused_at, "the first tab ran on with the second"
        # The third tab gets the full page, in French too.
        third = browser.new_page()
        response = third.goto(url)
        assert response.status == 503 and "dltui est complet" in third.content()
        browser.close()
    _stop(proc)
    leftover = _processes_gone(tag)
    assert leftover == [], f"processes left after the server stopped: {leftover}"


def _processes_gone(tag: str, timeout_s: float = 10) -> list[int]:
    """Wait on each process's exit (a pidfd becomes readable when it ends), bounded."""
    for pid in tagged_processes(tag):
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            select.select([fd], [], [], timeout_s)
        finally:
            os.close(fd)
    return tagged_processes(tag)


def _wait_for(page, condition, timeout_ms: int = 60000) -> None:
    """Let the page run until `condition` holds (the browser's event loop delivers frames)."""
    waited = 0
    while not condition():
        assert waited < timeout_ms, "timed out waiting for the screen"
        page.wait_for_timeout(100)
        waited += 100
