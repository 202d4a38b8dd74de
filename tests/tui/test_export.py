"""The export key (e): the run's metrics in `dltui run`'s CSV and JSONL, and a screenshot."""

from __future__ import annotations

import csv
import io
import json

from dltui.backend import get_backend
from dltui.content import resolve_config
from dltui.engine.events import Snapshot
from dltui.headless import run_headless
from dltui.labs import get_lab
from dltui.tui.export import RunHistory

from . import helpers
from .helpers import Watch

LAB, STEPS = "gradient-descent", 40


def _headless(fmt: str) -> str:
    lab = get_lab(LAB)
    config, _ = resolve_config(lab)
    out = io.StringIO()
    run_headless(lab, config, backend=get_backend("numpy"), steps=STEPS, seed=0, fmt=fmt,
                 out=out, err=io.StringIO())  # fmt: skip
    return out.getvalue()


async def test_e_saves_the_runs_metrics_as_dltui_run_does_and_a_screenshot(tmp_path):
    app = helpers.app(screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        app.open_lab(LAB)
        await pilot.pause()
        screen = app.screen
        screen.apply_change("steps", STEPS)
        await watch.settled(screen, "done")
        await pilot.press("e")
        await pilot.pause()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert [f.rsplit(".", 1)[1] for f in files] == ["csv", "jsonl", "svg"], files
    assert len({f.rsplit(".", 1)[0] for f in files}) == 1  # one name for the three
    stem = tmp_path / files[0].rsplit(".", 1)[0]
    # The CSV is `dltui run --format csv`'s, rows and columns, plus the screen's start point
    # (step 0: the screen shows where the run starts; a headless run reports from step 1).
    exported_rows = list(csv.DictReader(io.StringIO(stem.with_suffix(".csv").read_text())))
    headless_rows = list(csv.DictReader(io.StringIO(_headless("csv"))))
    assert len(headless_rows) == STEPS
    assert exported_rows[0]["step"] == "0"
    assert exported_rows[1:] == headless_rows
    assert stem.with_suffix(".csv").read_text().splitlines()[0] == _headless("csv").splitlines()[0]
    # The JSONL has the same steps, metrics and end line (tensors are the screen's, not kept).
    exported = [json.loads(line) for line in stem.with_suffix(".jsonl").read_text().splitlines()]
    headless = [json.loads(line) for line in _headless("jsonl").splitlines()]
    for line in headless:
        line.pop("tensors", None)
        line.pop("text", None)
    assert exported[0]["step"] == 0
    assert exported[1:] == headless
    assert exported[-1] == {"event": "end", "reason": "done", "step": STEPS}
    assert "<svg" in stem.with_suffix(".svg").read_text()


async def test_an_export_into_a_missing_folder_says_why_and_saves_nothing(tmp_path):
    gone = tmp_path / "gone"
    app = helpers.app(screenshot_dir=str(gone))
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        app.open_lab(LAB)
        await pilot.pause()
        screen = app.screen
        screen.apply_change("steps", 3)
        await watch.settled(screen, "done")
        await pilot.press("e")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
    assert not gone.exists()
    assert any("No such file" in n for n in notes), notes


def test_the_history_is_bounded_and_counts_what_it_dropped():
    history = RunHistory(limit=5)
    history.add(Snapshot(step, {"loss": 1.0 / step}) for step in range(1, 9))
    assert [s.step for s in history.records] == [4, 5, 6, 7, 8]
    assert history.dropped == 3
    history.clear()
    assert not history.records and history.dropped == 0
