"""`dltui serve`: the app in a browser, one dltui process per tab (textual-serve).

What we add to textual-serve's server: our own page (its default links a web font from a CDN; a
classroom without internet must work, so the font comes from textual-serve's own static files),
a cap on simultaneous sessions (a further tab gets a clear page, not an overloaded machine), and
a shutdown that ends every tab's process (each tab's dltui also ends its training child).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from importlib import resources
from pathlib import Path

from .engine.i18n import tr

LOOPBACK_WARNING = (
    "dltui serve: listening on {host}: anyone who can reach port {port} gets a dltui session "
    "(the app only, no shell); use --host 127.0.0.1 to keep it on this machine"
)
FULL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body style="background:#0c181f;color:#e0e0e0;font-family:monospace;padding:3em">
<h1>{heading}</h1><p>{text}</p>
</body></html>"""
FULL_TEXT = (
    "This server already runs {n} sessions, its limit (--max-sessions).\n"
    "Close another tab, or ask the teacher to raise the limit, then reload this page."
)


def full_page(n: int) -> str:
    """The page a tab past --max-sessions gets, in the server's language."""
    from html import escape

    return FULL_PAGE.format(
        title=escape(tr("dltui: full"), quote=False),
        heading=escape(tr("dltui is full"), quote=False),
        text=escape(tr(FULL_TEXT, n=n), quote=False),
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(lab: str | None, preset: str | None, lang: str | None) -> str:
    """The command each tab runs: this interpreter, so the served app is this install."""
    argv = [sys.executable, "-m", "dltui"]
    for flag, value in (("--lab", lab), ("--preset", preset), ("--lang", lang)):
        if value:
            argv += [flag, value]
    return "exec " + shlex.join(argv)  # exec: the shell becomes dltui, no orphaned shell


def make_server(command: str, host: str, port: int, max_sessions: int):
    import asyncio

    import textual_serve.server as ts_server
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    live: set[AppService] = set()

    async def end_process(process) -> None:
        """Wait for a tab's app to exit after its quit; terminate it if it does not."""
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            process.terminate()
            await process.wait()

    class TrackedAppService(AppService):
        """Remembers its tab's process so the server can end it at shutdown."""

        async def _open_app_process(self, width: int = 80, height: int = 24):
            process = await super()._open_app_process(width, height)
            live.add(self)
            return process

        async def stop(self) -> None:
            await super().stop()  # asks the app to quit and reads its output to the end
            await end_process(self._process)
            live.discard(self)

    # textual-serve builds each tab's AppService by this module-level name.
    ts_server.AppService = TrackedAppService  # type: ignore[misc]

    static = Path(str(resources.files("textual_serve") / "static"))
    page = Path(str(resources.files("dltui") / "serve_page"))

    class DltuiServer(Server):
        def __init__(self) -> None:
            super().__init__(
                command, host=host, port=port, title="dltui", statics_path=static,
                templates_path=page,
            )  # fmt: skip
            self.max_sessions = max_sessions
            self.sessions = 0

        async def handle_index(self, request: web.Request):  # type: ignore[override]
            if self.sessions >= self.max_sessions:
                text = full_page(self.sessions)
                return web.Response(text=text, content_type="text/html", status=503)
            # The page's URLs name the host the browser used (not 0.0.0.0 when bound to all).
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if self.sessions >= self.max_sessions:
                ws = web.WebSocketResponse()
                await ws.prepare(request)
                await ws.close(message=tr("dltui is full (--max-sessions)").encode())
                return ws
            self.sessions += 1
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions -= 1

        async def on_startup(self, app: web.Application) -> None:
            print(
                tr("dltui serve: {url}  (ctrl+c stops it)", url=f"http://{host}:{port}"), flush=True
            )

        async def on_shutdown(self, app: web.Application) -> None:
            """Every tab's app is asked to quit (it ends its training child); any still running
            after a few seconds is terminated."""
            services = list(live)
            await asyncio.gather(*(s.send_meta({"type": "quit"}) for s in services))
            await asyncio.gather(*(end_process(s._process) for s in services))

    return DltuiServer()


def serve(host: str, port: int, lab: str | None, preset: str | None, lang: str | None,
          max_sessions: int) -> int:  # fmt: skip
    if not is_loopback(host):
        print(tr(LOOPBACK_WARNING, host=host, port=port), file=sys.stderr)
    server = make_server(app_command(lab, preset, lang), host, port, max_sessions)
    server.serve()
    return 0
