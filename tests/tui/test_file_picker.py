"""The file picker of a data-file knob: the playground trained on a CSV chosen in the app."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dltui.tui.file_picker import DataFiles, FilePicker
from dltui.tui.lab_screen import LabScreen

from . import helpers
from .helpers import Watch


def _blobs(path: Path, n: int = 120) -> None:
    rng = np.random.default_rng(4)
    rows = []
    for i in range(n):
        label = "yes" if i % 2 else "no"
        centre = 2.0 if i % 2 else -2.0
        a, b = rng.normal(centre, 0.5, 2)
        rows.append(f"{a:.4f},{b:.4f},{label}\n")
    path.write_text("a,b,label\n" + "".join(rows), encoding="utf-8")


async def _picked(pilot, app, screen: LabScreen) -> FilePicker:
    await pilot.click("#browse-dataset")
    await pilot.pause()
    assert isinstance(app.screen, FilePicker)
    return app.screen


async def test_the_picker_shows_folders_and_csv_files_and_the_choice_trains(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("not data")
    (tmp_path / "data").mkdir()
    _blobs(tmp_path / "data" / "blobs.csv")
    monkeypatch.chdir(tmp_path)
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        app.open_lab("perceptron")  # the playground
        await pilot.pause()
        screen = app.screen
        screen.apply_change("steps", 60)
        await watch.settled(screen, "done")
        picker = await _picked(pilot, app, screen)
        tree = picker.query_one(DataFiles)
        await tree.reload()  # waits until the folder is read
        assert [n.label.plain for n in tree.root.children] == ["data"]  # no .txt file
        folder = tree.root.children[0]
        await tree.reload_node(folder)
        assert [n.label.plain for n in folder.children] == ["blobs.csv"]
        folder.expand()
        await pilot.pause()
        tree.move_cursor(folder.children[0])
        watch.mark()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.value("dataset") == str(Path("data") / "blobs.csv")
        await watch.settled(screen, "done")  # a new run, on the file
        accuracy = [r.metrics for r in screen.history.records][-1]
        assert max(v for k, v in accuracy.items() if "acc" in k) > 0.9, accuracy


async def test_escape_leaves_the_picker_and_keeps_the_value(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        app.open_lab("perceptron")
        await pilot.pause()
        screen = app.screen
        screen.apply_change("steps", 3)
        await watch.settled(screen, "done")
        await _picked(pilot, app, screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.value("dataset") == "xor"


async def test_a_bad_file_chosen_is_refused_under_the_knob(tmp_path, monkeypatch):
    (tmp_path / "one.csv").write_text("a,b,label\n1,2,x\n3,4,x\n5,6,x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        app.open_lab("perceptron")
        await pilot.pause()
        screen = app.screen
        screen.apply_change("steps", 3)
        await watch.settled(screen, "done")
        picker = await _picked(pilot, app, screen)
        tree = picker.query_one(DataFiles)
        await tree.reload()
        tree.move_cursor(tree.root.children[0])
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.value("dataset") == "xor"  # refused: the old value stays
        error = str(screen.query_one("#error-dataset").render())
        assert "one.csv" in error or "class" in error, error
