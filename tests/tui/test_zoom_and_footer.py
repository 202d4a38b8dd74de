"""A small terminal keeps every plot readable and the keys that matter in the footer: `z` zooms
one panel to the whole screen (then the next, then back), and the footer drops the least needed
keys first when they do not fit."""

from __future__ import annotations

import pytest

from dltui.tui.footer import DROP_ORDER, key_width
from dltui.tui.lab_screen import LabScreen
from dltui.tui.view_widgets import Panel

from . import helpers
from .helpers import Watch


async def _open(pilot, app, lab: str, preset: str | None = None) -> LabScreen:
    app.open_lab(lab, preset)
    await pilot.pause()
    assert isinstance(app.screen, LabScreen)
    return app.screen


async def test_z_zooms_each_panel_in_turn_then_back_to_all():
    app = helpers.app(helpers.frozen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, "rnn-gradients")
        panels = [p for p in screen.panels if p.display]
        assert len(panels) >= 4
        small = panels[0].size
        for panel in panels:
            await pilot.press("z")
            await pilot.pause()
            assert screen.maximized is panel
            assert panel.outer_size.width == 80 and panel.size.height > small.height
            assert "z" in panel.border_subtitle and f"of {len(panels)}" in panel.border_subtitle
            # The run's status and the footer stay on screen under the zoomed panel.
            assert screen.query_one("#status").region.height > 0
        await pilot.press("z")  # past the last: all the panels again
        await pilot.pause()
        assert screen.maximized is None
        await pilot.press("z", "escape")  # escape leaves the zoom, not the lab
        await pilot.pause()
        assert screen.maximized is None and app.screen is screen
        assert all(not p.border_subtitle for p in panels)


async def test_a_zoomed_panel_that_a_new_part_removes_unzooms():
    app = helpers.app()
    async with app.run_test(size=(100, 30), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "perceptron", "neuron")
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(screen.maximized, Panel)
        old = screen.runner.run_id
        screen.apply_preset("spiral")
        await watch.progress(pilot, screen, replacing=old)
        assert screen.maximized is None


def _footer_actions(screen) -> list[str]:
    footer = screen.query_one("KeyFooter")
    return [k.action for k in footer.query("FooterKey")], footer


@pytest.mark.parametrize("width", [80, 100, 120, 160])
async def test_the_footer_fits_and_keeps_the_keys_that_matter(width):
    app = helpers.app(helpers.frozen)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await _open(pilot, app, "gan", "ring")  # the lab with its own keys: d, g, b
        await pilot.pause()
        actions, footer = _footer_actions(screen)
        assert sum(key_width(k) for k in footer.query("FooterKey")) <= width
        essential = {"toggle_run", "faster", "zoom", "lab_key('d')", "lab_key('g')", "lab_key('b')"}
        assert essential <= set(actions), actions
        if width >= 160:
            assert set(DROP_ORDER) <= set(actions)


async def test_the_footer_follows_the_terminal_when_it_is_resized():
    app = helpers.app(helpers.frozen)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await _open(pilot, app, "gradient-descent")
        assert "new_seed" in _footer_actions(screen)[0]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        actions, _ = _footer_actions(screen)
        assert "new_seed" not in actions and {"toggle_run", "zoom"} <= set(actions)


async def test_a_panel_with_a_larger_share_of_its_row_zooms_to_the_screen_and_back():
    app = helpers.app()
    async with app.run_test(size=(80, 24), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "losses", "logistic")  # a row of weights 3 and 2
        await watch.settled(screen, "live")
        first = screen.panels[0]
        share = first.styles.width
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is first and first.outer_size.width == 80
        await pilot.press("escape")
        await pilot.pause()
        assert screen.maximized is None and first.styles.width == share
