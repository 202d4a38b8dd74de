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


@pytest.fixture
def server():
    tag = uuid.uuid4().hex
    port = free_port()
    env = {**os.environ, "DLTUI_SERVE_TEST": tag}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dltui", "serve", "--port", str(port), "--max-sessions", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    line = proc.stdout.readline().decode()  # the server says where it listens once it does
    assert "dltui serve: http://127.0.0.1" in line, line
    yield f"http://127.0.0.1:{port}/", tag, proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


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
