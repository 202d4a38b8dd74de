"""Snapshot tests, by feature: each screen looks as intended.

Deterministic: fixed seed and size, in-process runs (`helpers.frozen`: flat out, tensors on every
record) drawn once the run has come to rest (finished, paused after its first step, or an
interactive part drawn). After an intended visual change: `pytest tests/tui --snapshot-update`;
a newly added lab gets its snapshot with `pytest tests/tui --snapshot-update -k <lab>`.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from dltui.labs import all_labs
from dltui.tui.commands import LabCommands
from dltui.tui.widgets import NumericTable

from . import helpers
from .helpers import Watch

_REST = ("done", "live", "diverged", "error", "stopped")


async def _rested(pilot, watch: Watch, lab_id: str, preset: str | None = None) -> None:
    """Open a lab and wait until its run has come to rest and been drawn. A part that opens
    paused is stepped once, so its first records are on screen."""
    app = pilot.app
    app.open_lab(lab_id, preset)
    await pilot.pause()
    screen = app.screen
    first = await watch.settled(screen, "paused", *_REST)
    if first.state == "paused":
        await pilot.press("n")
        await watch.settled(screen, "paused", *_REST)
    await pilot.pause()
    for table in screen.query(NumericTable):  # fitted to its width, scrolled to its newest row
        table.fit()  # what its Resize does, perhaps not yet delivered
        await asyncio.wait_for(table.scrolled.wait(), 30)
    await pilot.pause()


def _compare(snap_compare, size, run_before, app_class=helpers.WatchedApp) -> bool:
    app = app_class(backend="numpy", runner_factory=helpers.frozen)

    async def before(pilot):
        app.watch = Watch()  # made inside the running loop (the plugin starts the app)
        await run_before(pilot, app.watch)

    return snap_compare(app, terminal_size=size, run_before=before)


# Home, help, palette -----------------------------------------------------------------------------


def test_home_screen(snap_compare):
    assert snap_compare(helpers.app(helpers.frozen), terminal_size=(100, 36))


def test_help_screen(snap_compare):
    async def run_before(pilot, watch):
        await _rested(pilot, watch, "gradient-descent", "rm-price-good")
        await pilot.press("question_mark")
        await pilot.pause()

    assert _compare(snap_compare, (100, 36), run_before)


class _LabCommandsOnly(helpers.WatchedApp):
    # Textual's own commands are gathered concurrently with ours: their order would vary.
    COMMANDS = {LabCommands}


def test_command_palette_lists_the_presets(snap_compare):
    async def run_before(pilot, watch):
        await _rested(pilot, watch, "gradient-descent", "rm-price-good")
        await pilot.press("ctrl+p")
        await pilot.pause()
        # The palette gathers its entries in a worker: wait for it, so every entry is listed.
        palette = pilot.app.screen
        gathering = [w for w in pilot.app.workers if w.node is palette]
        await pilot.app.workers.wait_for_complete(gathering)
        # A blinking cursor is drawn or not depending on when the picture is taken (under load
        # it flaked): a steady cursor is the same in every picture.
        for search in palette.query(Input):
            search.cursor_blink = False
        await pilot.pause()

    assert _compare(snap_compare, (120, 40), run_before, _LabCommandsOnly)


# One per lab, its default part at 120×40 ---------------------------------------------------------


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
def test_lab(snap_compare, lab_id):
    async def run_before(pilot, watch):
        await _rested(pilot, watch, lab_id)

    assert _compare(snap_compare, (120, 40), run_before)


# Gradient descent: a finished run, and a diverged one at 80×24 -----------------------------------


def test_gradient_descent_after_ten_steps(snap_compare):
    async def run_before(pilot, watch):
        await _rested(pilot, watch, "gradient-descent", "rm-price-good")

    assert _compare(snap_compare, (120, 40), run_before)


def test_gradient_descent_at_80x24(snap_compare):
    async def run_before(pilot, watch):
        await _rested(pilot, watch, "gradient-descent", "rm-price-diverge")

    assert _compare(snap_compare, (80, 24), run_before)
