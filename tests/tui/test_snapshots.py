"""Snapshot tests: each screen looks as intended (fixed seed, fixed size, finished runs).

After an intended visual change: `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from dltui.tui.app import DltuiApp


async def _finished(pilot, lab_id: str, preset: str) -> None:
    app = pilot.app
    app.open_lab(lab_id, preset)
    await pilot.pause()
    screen = app.screen
    await app.workers.wait_for_complete()
    for _ in range(500):
        if screen.status.state not in ("running", "paused"):
            break
        await pilot.pause()
    await pilot.pause()


def test_home_screen(snap_compare):
    assert snap_compare(DltuiApp(backend="numpy"), terminal_size=(100, 36))


def test_gradient_descent_after_ten_steps(snap_compare):
    async def run_before(pilot):
        await _finished(pilot, "gradient-descent", "rm-price-good")

    assert snap_compare(DltuiApp(backend="numpy"), terminal_size=(120, 40), run_before=run_before)


def test_gradient_descent_at_80x24(snap_compare):
    async def run_before(pilot):
        await _finished(pilot, "gradient-descent", "rm-price-diverge")

    assert snap_compare(DltuiApp(backend="numpy"), terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare):
    async def run_before(pilot):
        await _finished(pilot, "gradient-descent", "rm-price-good")
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(DltuiApp(backend="numpy"), terminal_size=(100, 36), run_before=run_before)
