"""Pilot tests: the keys do what the footer says, runs stream and stop, bad input is refused.

No clocks and no pause loops: tests wait on the messages the app posts (`helpers.Watch`). Runs are
in-process (`ThreadRunner`) but for the end-to-end tests, which keep the real child process.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from dltui.engine.events import Finished
from dltui.engine.params import ParamError
from dltui.labs import all_labs, get_lab
from dltui.tui.app import DltuiApp
from dltui.tui.controls import Controls
from dltui.tui.home import HomeScreen
from dltui.tui.lab_screen import LabScreen
from dltui.tui.runners import process_runner
from dltui.tui.view_widgets import Panel

from . import helpers
from .helpers import ScriptedRunner, Watch

LAB = "gradient-descent"


async def _open(pilot, app, preset=None, lab=LAB) -> LabScreen:
    app.open_lab(lab, preset)
    await pilot.pause()
    assert isinstance(app.screen, LabScreen)
    return app.screen


async def _training(pilot, app, watch: Watch) -> LabScreen:
    """The MLP preset with a long budget, once its first records have been drawn."""
    screen = await _open(pilot, app, "mlp")
    screen.apply_change("steps", 1_000_000)
    await watch.progress(pilot, screen)
    return screen


async def _submit(pilot, screen, name: str, text: str) -> None:
    field = screen.query_one(f"#param-{name}")
    field.value = text
    field.focus()
    await pilot.press("enter")
    await pilot.pause()


def _xs(panel: Panel, series: str) -> list[float]:
    """The x values a line plot holds for one series (empty if it has none)."""
    found = panel.inner._series.get(series)
    return [] if found is None else list(found.buf.x)


def _error(screen, name: str) -> str:
    return str(screen.query_one(f"#error-{name}").render())


# Opening and closing ------------------------------------------------------------------------------


async def test_enter_on_the_home_screen_opens_the_lab_and_escape_comes_back():
    app = helpers.app()
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        option_list = app.screen.query_one("OptionList")
        option_list.highlighted = next(i for i, o in enumerate(option_list.options) if o.id == LAB)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and app.screen.lab.id == LAB
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("backend", ["numpy", "mlx"])
async def test_a_run_streams_to_its_end_on_either_backend(backend):
    """End to end: the app's real path, the model training in a child process."""
    app = DltuiApp(backend=backend)  # the default factory: the child process
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        screen.apply_change("speed", 0)
        await watch.settled(screen, "done")
        assert screen.status.state == "done" and screen.status.step == 10
        assert screen.status.backend.name == backend
        curves = [p for p in screen.query(Panel) if p.view.__class__.__name__ == "Curves"]
        assert curves, "the lab shows its loss curve"


async def test_small_terminal_resize_and_quit_mid_run():
    """End to end: quitting mid-run ends the training process. The relay thread alone joins it
    (`relay_ended`); the test only reads its exit code, so no second join races the first."""
    app = DltuiApp(backend="numpy", runner_factory=process_runner)
    async with app.run_test(size=(80, 24), message_hook=(watch := Watch())) as pilot:
        screen = await _training(pilot, app, watch)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        before = screen.status.step
        await watch.progress(pilot, screen, before + 1)  # still training after resizes
        runner, ended = screen.runner, screen.relay_ended
        await pilot.press("q")
    assert app.return_code in (0, None)
    assert runner.stopped  # quitting mid-run stopped the training process
    assert await asyncio.to_thread(ended.wait, helpers.TIMEOUT)
    assert runner.process.exitcode is not None and not runner.process.is_alive()


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
async def test_every_lab_opens_runs_and_draws_without_error(lab_id):
    app = helpers.app()
    async with app.run_test(size=(100, 32), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, lab=lab_id)
        screen.apply_change("steps", 3)
        if screen.status.state == "paused":
            await pilot.press("space")
        await watch.settled(screen, "done", "live", "diverged", "error", "stopped")
        await pilot.pause()
        assert screen.status.state != "error", screen.status.message
        assert screen.status.step >= 1
        assert any(p.inner.size.area > 0 for p in screen.panels)


# The run's keys ----------------------------------------------------------------------------------


async def test_space_pauses_and_n_steps_exactly_once():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _training(pilot, app, watch)
        await pilot.press("space")
        assert screen.status.state == "paused"
        await watch.settled(screen, "paused")  # everything made before the pause is drawn
        before = screen.status.step
        await pilot.press("n")
        await watch.settled(screen, "paused")
        assert screen.status.step == before + 1
        await pilot.press("space")
        assert screen.status.state == "running"
        await watch.progress(pilot, screen, before + 6)


async def test_restart_replaces_the_run_and_stale_events_are_dropped():
    """A replaced run that keeps talking (as a stopping child does) changes nothing on screen.
    Fails without the run_id filter: the stale records would move the step and its end would
    post a Settled for the old run."""
    runs: list[ScriptedRunner] = []

    def factory(lab, config, **kwargs):
        runs.append(ScriptedRunner(lab, config))
        return runs[-1]

    app = helpers.app(factory)
    try:
        async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
            screen = await _open(pilot, app, "mlp")
            first = runs[-1]
            first.progress(1, 2)
            await watch.progress(pilot, screen, 2)
            await pilot.press("r")
            second = runs[-1]
            assert screen.runner is second and second is not first and first.stopped
            assert screen.status.step == 0
            watch.mark()
            first.progress(999, loss=1e9)  # stale: the replaced run is still talking
            first.finish("diverged", 999, "stale")
            await watch.wait(
                lambda m: (
                    isinstance(m, LabScreen.RunEvent)
                    and isinstance(m.event, Finished)
                    and m.event.run_id == first.run_id
                )
            )
            await pilot.pause()
            assert (screen.status.step, screen.status.state) == (0, "running")
            second.progress(1)
            second.finish("done", 1)
            await watch.settled(screen, "done")
            assert (screen.status.step, screen.status.state) == (1, "done")
            assert {m.run_id for m in watch.settled_messages()} == {second.run_id}
            curve = next(p for p in screen.panels if p.view.__class__.__name__ == "Curves")
            assert 999 not in _xs(curve, "loss")
    finally:
        for run in runs:  # end the scripted streams, so no relay thread outlives the test
            run.close()


async def test_events_of_a_replaced_run_are_dropped_and_the_new_runs_are_seen():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        await watch.settled(screen, "done")
        old = screen.runner.run_id
        screen.start_run("again")
        await watch.settled(screen, "done")
        state, step = screen.status.state, screen.status.step
        screen.post_message(LabScreen.RunEvent(Finished(old, "diverged", 3, "stale")))
        await pilot.pause()
        assert (screen.status.state, screen.status.step) == (state, step) == ("done", 10)
    run_ids = {m.event.run_id for m in watch.messages if isinstance(m, LabScreen.RunEvent)}
    assert run_ids == {old, screen.runner.run_id}  # the worker posted both runs' events


async def test_a_too_high_learning_rate_ends_diverged_with_the_reason_in_full():
    app = helpers.app()
    async with app.run_test(size=(80, 24), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        screen.apply_change("steps", 5000)
        await _submit(pilot, screen, "lr", "0.01")
        await watch.settled(screen, "diverged")
        await pilot.pause()
        assert "learning rate" in screen.status.message
        status = screen.query_one("#status")
        assert "diverged" in status.plain
        assert status.size.height >= 3  # the reason wraps onto more lines: read in full
        curve = next(p for p in screen.panels if p.view.__class__.__name__ == "Curves")
        assert len(_xs(curve, "loss")) > 0, "the curve stays on screen"


# Changing knobs: one path, validated -------------------------------------------------------------


async def test_learning_rate_applies_live_without_restarting():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _training(pilot, app, watch)
        run_id = screen.runner.run_id
        await _submit(pilot, screen, "lr", "0.0005")
        assert screen.runner.run_id == run_id
        assert screen.config["lr"] == 0.0005
        assert "lr = 0.0005 applied live" in screen.status.note


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("lr", "-1", "lr: -1.0 is out of range"),
        ("lr", "fast", "lr: 'fast' is not a number"),
        ("batch_size", "0", "batch_size: 0 is out of range"),
        ("batch_size", "100000", "batch_size: 100000 is out of range"),
        ("steps", "-3", "steps: -3 is out of range"),
    ],
)
async def test_bad_input_is_refused_inline_and_the_old_value_kept(name, text, reason):
    app = helpers.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        controls = screen.query_one(Controls)
        before = screen.value(name)
        run_id = screen.runner.run_id
        await _submit(pilot, screen, name, text)
        error = _error(screen, name)
        assert reason in error and "kept" in error
        assert screen.value(name) == before
        assert controls.query_one(f"#param-{name}").value == screen.param(name).format(before)
        assert screen.runner.run_id == run_id  # nothing restarted, nothing lost
        await _submit(pilot, screen, "lr", "2e-5")  # a later valid edit clears the refusal
        assert _error(screen, name) == ""


async def test_a_change_that_needs_a_new_model_restarts_and_says_so():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "mlp")
        old = screen.runner.run_id
        screen.apply_change("model", "linear")
        await watch.wait(
            lambda m: isinstance(m, LabScreen.RunEvent) and m.event.run_id not in (old,)
        )
        assert screen.runner.run_id != old
        assert "model changed" in screen.status.note


async def test_only_the_knobs_of_the_current_part_are_shown():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "neuron", lab="perceptron")
        shown = lambda name: screen.query_one(f"#field-{name}").display  # noqa: E731
        assert shown("w1") and not shown("dataset")
        old = screen.runner.run_id
        screen.apply_preset("spiral")
        await watch.progress(pilot, screen, replacing=old)
        assert shown("dataset") and not shown("w1")


async def _neuron(pilot, app, watch, lab=None) -> LabScreen:
    from dltui.tui.lab_screen import LabScreen as Screen

    lab = lab or get_lab("perceptron")
    app.push_screen(
        Screen(lab, backend="numpy", lang="en", preset="neuron", runner_factory=helpers.fast)
    )
    await pilot.pause()
    screen = app.screen
    await watch.settled(screen, "live")
    return screen


async def test_arrows_nudge_only_the_current_parts_knobs_and_follow_part_changes():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "spiral", lab="perceptron")
        x1, run_id = screen.config["x1"], screen.runner.run_id
        await pilot.press("right", "up")
        assert screen.config["x1"] == x1 and screen.runner.run_id == run_id  # hidden: untouched
        screen.apply_preset("neuron")
        await watch.settled(screen, "live")
        await pilot.press("right")
        assert screen.config["x1"] == pytest.approx(x1 + 0.1)
        assert screen.query_one("#param-x1").value == screen.param("x1").format(x1 + 0.1)


async def test_arrows_never_nudge_while_the_lesson_or_a_text_field_has_the_focus():
    app = helpers.app()
    async with app.run_test(size=(80, 24), message_hook=(watch := Watch())) as pilot:
        screen = await _neuron(pilot, app, watch)
        x2 = screen.config["x2"]
        await pilot.press("l")
        await pilot.pause()
        lesson = screen.query_one("#lesson-scroll")
        await pilot.press("down", "down")
        await pilot.pause()
        assert screen.config["x2"] == x2 and lesson.scroll_y > 0  # the lesson scrolled instead
        await pilot.press("l")
        screen.query_one("#param-lr").focus()
        await pilot.press("up", "left")
        assert screen.config["x2"] == x2 and screen.focused.id == "param-lr"


async def test_a_nudge_takes_the_same_path_as_a_typed_value_cross_field_check_included():
    base = get_lab("perceptron")
    x1 = next(p.default for p in base.params if p.name == "x1")
    limit = x1 + 0.05

    def check(config):
        if config["x1"] > limit:
            raise ParamError(f"x1: {config['x1']:g} is past this test's limit {limit:g}")

    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _neuron(pilot, app, watch, replace(base, check=check))
        kept = f"kept {screen.param('x1').format(x1)}"
        await pilot.press("right")
        assert screen.config["x1"] == x1
        assert "past this test's limit" in _error(screen, "x1") and kept in _error(screen, "x1")
        await _submit(pilot, screen, "x1", str(x1 + 0.2))  # typed: refused the same way
        assert screen.config["x1"] == x1 and kept in _error(screen, "x1")
        screen.set_focus(None)
        await pilot.pause()
        await pilot.press("left")  # a later valid edit: the refusal goes
        assert screen.config["x1"] == pytest.approx(x1 - 0.1)
        assert _error(screen, "x1") == ""


# Pace ---------------------------------------------------------------------------------------------


async def test_speed_paces_the_run_and_applies_live():
    app = helpers.app(helpers.paced)
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        await _submit(pilot, screen, "speed", "5")
        assert screen.speed == 5 and "speed = 5 steps/s" in screen.status.note
        screen.apply_change("steps", 1000)  # a new run, paced at 5 steps a second
        await watch.progress(pilot, screen, 2)
        assert screen.status.state == "running"  # 1000 steps at 5/s: far from done
        await _submit(pilot, screen, "speed", "0")
        await watch.settled(screen, "done")
        assert screen.status.state == "done" and screen.status.step == 1000


async def test_a_paced_preset_is_slowed_for_watching():
    app = helpers.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "line-boston")
        assert screen.speed == 150
        assert screen.query_one("#param-speed").value == "150"


async def test_plus_and_minus_change_the_pace_live():
    app = helpers.app()
    async with app.run_test(size=(120, 40), message_hook=(watch := Watch())) as pilot:
        screen = await _open(pilot, app, "spiral", lab="perceptron")
        await watch.progress(pilot, screen)
        run_id, pace = screen.runner.run_id, screen.speed
        assert pace > 0  # opened paced
        await pilot.press("plus")
        assert screen.speed > pace and screen.runner.run_id == run_id
        assert screen.query_one("#param-speed").value == f"{screen.speed:g}"
        await pilot.press("minus", "minus")
        assert screen.speed < pace
        assert f"pace {screen.speed:g}/s" in screen.query_one("#status").plain


# The lesson, the palette, screenshots ------------------------------------------------------------


async def test_l_shows_the_lesson_and_the_keys_scroll_it():
    app = helpers.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        await pilot.press("l")
        await pilot.pause()
        lesson = screen.query_one("#lesson-scroll")
        assert screen.focused is lesson and lesson.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert lesson.scroll_y > 0
        await pilot.press("l")
        assert screen.focused is None  # back on the knobs: arrows reach the lab again


async def test_the_palette_lists_presets_without_typing_and_a_lab_opened_from_it_replaces_this_one():
    from textual.command import CommandPalette

    app = helpers.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, "rm-price-good")
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.pause()
        listed = [str(o.prompt) for o in palette.query_one("CommandList").options]
        assert any("Preset: rm-price-good" in p for p in listed)
        assert any("Preset: sweep" in p for p in listed)
        await pilot.press(*"perceptron")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and app.screen.lab.id == "perceptron"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # not the lab it was opened from


async def test_ctrl_s_saves_a_screenshot_in_the_chosen_folder_and_says_where(tmp_path):
    app = helpers.app(screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, "rm-price-good")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = list(tmp_path.glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text().startswith("<svg")
        assert any(str(saved[0]) in n.message for n in app._notifications)


async def test_the_app_opens_on_a_preset_with_overrides():
    app = helpers.app(lab="perceptron", preset="spiral", overrides={"lr": "0.01"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LabScreen) and screen.preset == "spiral"
        assert screen.config["dataset"] == "spiral" and screen.config["lr"] == 0.01
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
