"""Headless harness for live widgets: frame-rate measurement and plain-text rendering.

One frame = feed new data (``update(widget, frame_index)``), ``refresh()``, and render every
line through the widget's style pipeline (``render_lines``, which calls ``render_line`` per
row) - what the compositor asks of a widget when it repaints. The design asks for >= 20
frames/s at 120x40 with a small main-thread cost, so widgets should report far more than that.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from time import perf_counter
from typing import TypeVar

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class WidgetApp(App[None]):
    """An app showing one widget (made by ``factory`` at compose time), for tests and benches."""

    def __init__(self, factory: Callable[[], Widget]) -> None:
        super().__init__()
        self._factory = factory
        self.widget: Widget | None = None

    def compose(self) -> ComposeResult:
        self.widget = self._factory()
        yield self.widget


def render_all(widget: Widget) -> list[Strip]:
    """Every line of the widget through its style pipeline (as the compositor would)."""
    width, height = widget.outer_size
    return widget.render_lines(Region(0, 0, width, height))


def widget_text(widget: Widget) -> list[str]:
    """The widget's current picture as plain text, one string per row."""
    return ["".join(seg.text for seg in strip) for strip in render_all(widget)]


async def ameasure_frames(
    widget_factory: Callable[[], W],
    update: Callable[[W, int], None],
    size: tuple[int, int] = (120, 40),
    frames: int = 50,
) -> float:
    """Frames per second of update + refresh + full render; awaitable form."""
    app = WidgetApp(widget_factory)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        widget = app.widget
        assert widget is not None
        update(widget, 0)  # warm caches (styles, first layout) outside the timing
        widget.refresh()
        render_all(widget)
        start = perf_counter()
        for i in range(1, frames + 1):
            update(widget, i)
            widget.refresh()
            render_all(widget)
        elapsed = perf_counter() - start
    return frames / elapsed if elapsed > 0 else float("inf")


def measure_frames(
    widget_factory: Callable[[], W],
    update: Callable[[W, int], None],
    size: tuple[int, int] = (120, 40),
    frames: int = 50,
) -> float:
    """Frames per second of update + refresh + full render (starts its own event loop)."""
    return asyncio.run(ameasure_frames(widget_factory, update, size, frames))
