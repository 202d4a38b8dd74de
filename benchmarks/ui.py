"""The UI's cost: training throughput with the lab screen open vs without it, and plot frames/s.

Both throughput runs use the app's snapshot policy (tensors at most 15 times a second), so the
difference is what the screen itself costs: the child process, the pipe, updating widgets and
painting. Timed from the screen's own start of the run to its Finished event.
"""

from __future__ import annotations

import asyncio
import time

import numpy as np

from dltui.backend import get_backend
from dltui.content import resolve_config
from dltui.engine.lab import RunContext
from dltui.engine.runner import Runner
from dltui.labs import get_lab

UI_CASES = (
    ("gradient-descent", "mlp", 12000),
    ("perceptron", "spiral", 6000),
)


def headless_rate(lab_id: str, preset: str, steps: int) -> float:
    lab = get_lab(lab_id)
    config, _ = resolve_config(lab, preset)
    ctx = RunContext(
        config, get_backend("numpy"), 0, max_steps=steps, snapshot_every=None, headless=False
    )
    start = time.perf_counter()
    for _ in Runner(lab, ctx, batch_records=None, batch_seconds=1 / 20).events():
        pass
    return steps / (time.perf_counter() - start)


async def _screen_rate(lab_id: str, preset: str, steps: int) -> tuple[float, float]:
    """(steps/s, screen updates/s) of a run with the lab screen open at 120×40."""
    from dltui.tui.app import DltuiApp

    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_lab(lab_id, preset)
        await pilot.pause()
        screen = app.screen
        screen.propose("steps", steps)
        while screen.status.state != "done":
            await pilot.pause(0.05)
            if screen.status.state in ("diverged", "error"):
                raise RuntimeError(screen.status.message)
        status = screen.status
        return steps / (status.finished - status.started), status.frames_per_second()


def screen_rate(lab_id: str, preset: str, steps: int) -> tuple[float, float]:
    return asyncio.run(_screen_rate(lab_id, preset, steps))


def plot_frame_rates() -> dict[str, float]:
    from dltui.tui.widgets import Heatmap, LinePlot
    from dltui.tui.widgets.framebench import measure_frames

    rng = np.random.default_rng(0)
    x = np.arange(5000.0)
    curves = [np.cumsum(rng.normal(size=5000)) for _ in range(3)]

    def lines(w: LinePlot, i: int) -> None:
        for k, y in enumerate(curves):
            w.set_series(f"s{k}", x, y + i)

    field = rng.normal(size=(30, 60))
    px, py, pc = rng.uniform(0, 1, 200), rng.uniform(0, 1, 200), rng.integers(0, 2, 200)

    def heat(w: Heatmap, i: int) -> None:
        w.set_data(field + 0.01 * i, extent=(0, 1, 0, 1))
        w.set_points("pts", px, py, pc)

    return {
        "line plot, 3 × 5,000 points": measure_frames(LinePlot, lines),
        "heatmap 60×30 + 200 points": measure_frames(Heatmap, heat, size=(62, 34)),
    }
