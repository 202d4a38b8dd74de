"""The key list is written once (keys.KEYS): the README, the help screen, the footer and the
palette agree with it. Every training part opens paced; headless never is."""

from __future__ import annotations

from pathlib import Path

import pytest

from dltui.content import presets, resolve_config
from dltui.labs import all_labs
from dltui.tui import keys
from dltui.tui.help import help_markdown
from dltui.tui.home import HomeScreen
from dltui.tui.lab_screen import PACE_SECONDS, LabScreen, default_speed, ladder

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_table_is_the_apps():
    assert keys.markdown_table() in README.read_text(encoding="utf-8")


def test_help_footer_and_palette_come_from_the_one_key_list():
    lab = next(iter(all_labs().values()))
    assert keys.markdown_table() in help_markdown(lab)
    assert keys.markdown_table() in help_markdown(None)
    bound = {(b.key, b.action) for b in LabScreen.BINDINGS}
    for key in keys.KEYS:
        for k, action, _label in key.bind:
            if "lab" in key.screens:
                assert (k, action) in bound
            if "home" in key.screens:
                assert (k, action) in {(b.key, b.action) for b in HomeScreen.BINDINGS}
    shown = [b.description for b in LabScreen.BINDINGS if b.show]
    assert shown[:3] == ["Run/pause", "Step", "Pace"]
    actions = {action for _, action in keys.palette_actions()}
    assert {"toggle_run", "step", "faster", "slower", "restart", "help"} <= actions
    assert all(hasattr(LabScreen, f"action_{a}") for a in actions)


def test_the_pace_ladder():
    assert [ladder(v) for v in (1, 1.25, 7.5, 25, 62.5, 125)] == [1, 1, 10, 20, 50, 100]
    assert (ladder(20, +1), ladder(50, +1), ladder(20, -1), ladder(1, -1)) == (50, 100, 10, 1)


def _cases():
    for lab in all_labs().values():
        for name in (None, *presets(lab.id)):
            yield pytest.param(lab, name, id=f"{lab.id}:{name or 'default'}")


@pytest.mark.parametrize(("lab", "preset"), _cases())
def test_every_training_run_opens_paced_to_be_watched(lab, preset):
    config, steps = resolve_config(lab, preset)
    steps = steps or lab.default_steps
    speed = default_speed(lab, config, steps, preset)
    if lab.is_interactive(config):
        assert speed == 0  # waits for the learner: nothing to pace
        return
    assert speed > 0
    declared = preset and presets(lab.id)[preset].get("speed")
    if declared:
        assert speed == declared
    else:  # the whole run in about PACE_SECONDS: 3–15 s once rounded to the ladder
        assert 3 <= steps / speed <= 15 or (steps < 3 and speed == 1), (steps, speed)
        assert abs(steps / speed - PACE_SECONDS) <= PACE_SECONDS
