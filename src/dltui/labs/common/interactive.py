"""The loop of an interactive part: draw, wait for a live value to change, draw again.

Nothing trains in such a part; headless it draws once (`wait_for_change` returns False).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ...engine.lab import Record, RunContext

Render = Callable[[dict, int], Record]  # (live values, step) -> the record to show


def redraw_on_change(ctx: RunContext, render: Render) -> Iterator[Record]:
    step = 1
    while True:
        seen = ctx.live.version
        yield render(ctx.live.snapshot(), step)
        if not ctx.wait_for_change(seen):
            return
        step += 1
