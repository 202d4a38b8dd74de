"""Pilot tests: the keys do what the footer says, runs stream and stop, bad input is refused.

No clocks: tests wait on the worker (`app.workers.wait_for_complete()`) or on the run's own
messages (`_until`, which lets the app process messages until a condition holds).
"""

import pytest

from dltui.tui.app import DltuiApp
from dltui.tui.controls import Controls
from dltui.tui.home import HomeScreen
from dltui.tui.lab_screen import LabScreen
from dltui.tui.view_widgets import Panel

LAB = "gradient-descent"


async def _until(pilot, condition, limit: int = 20000):
    """Process messages until `condition()` holds (bounded, so a broken run fails the test)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("condition never held")


async def _open(pilot, app, preset=None) -> LabScreen:
    app.open_lab(LAB, preset)
    await pilot.pause()
    assert isinstance(app.screen, LabScreen)
    return app.screen


async def _training(pilot, app) -> LabScreen:
    """The MLP preset with a long budget, once its first records have arrived."""
    screen = await _open(pilot, app, "mlp")
    screen.apply_change("steps", 1_000_000)
    await _until(pilot, lambda: screen.status.step > 0)
    return screen


async def _finish(pilot, app, screen):
    await app.workers.wait_for_complete()
    await _until(pilot, lambda: screen.status.state not in ("running", "paused"))


async def _submit(pilot, screen, name: str, text: str) -> None:
    field = screen.query_one(f"#param-{name}")
    field.value = text
    field.focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_enter_on_the_home_screen_opens_the_lab_and_escape_comes_back():
    app = DltuiApp(backend="numpy")
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
    app = DltuiApp(backend=backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        await _finish(pilot, app, screen)
        assert screen.status.state == "done" and screen.status.step == 10
        assert screen.status.backend.name == backend
        curves = [p for p in screen.query(Panel) if p.view.__class__.__name__ == "Curves"]
        assert curves, "the lab shows its loss curve"


async def test_space_pauses_and_n_steps_exactly_once():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _training(pilot, app)
        await pilot.press("space")
        assert screen.status.state == "paused"
        runner = screen.runner
        await _until(pilot, runner.waiting.is_set)  # the worker has handed on all it made
        for _ in range(5):
            await pilot.pause()
        before = screen.status.step
        await pilot.press("n")
        await _until(pilot, lambda: screen.status.step == before + 1 and runner.waiting.is_set())
        for _ in range(5):
            await pilot.pause()
        assert screen.status.step == before + 1
        await pilot.press("space")
        assert screen.status.state == "running"
        await _until(pilot, lambda: screen.status.step > before + 5)


async def test_learning_rate_applies_live_without_restarting():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _training(pilot, app)
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
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        controls = screen.query_one(Controls)
        before = controls.current(name)
        run_id = screen.runner.run_id
        await _submit(pilot, screen, name, text)
        error = str(screen.query_one(f"#error-{name}").render())
        assert reason in error and "kept" in error
        assert controls.current(name) == before
        assert screen.runner.run_id == run_id  # nothing restarted, nothing lost


async def test_a_change_that_needs_a_new_model_restarts_and_says_so():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "mlp")
        old = screen.runner.run_id
        screen.apply_change("model", "linear")
        await _until(pilot, lambda: screen.runner.run_id != old)
        assert "model changed" in screen.status.note


async def test_a_too_high_learning_rate_ends_diverged_with_the_reason_and_keeps_the_curve():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        screen.apply_change("steps", 5000)
        await _submit(pilot, screen, "lr", "0.01")
        await _until(pilot, lambda: screen.status.state == "diverged")
        assert "learning rate" in screen.status.message
        status_text = str(screen.query_one("#status").render())
        assert "diverged" in status_text


async def test_restart_replaces_the_run_and_stale_events_are_dropped():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _training(pilot, app)
        first = screen.runner
        await pilot.press("r")
        assert screen.runner is not first and first.stopped
        await _until(pilot, lambda: screen.status.step > 0)


async def test_small_terminal_resize_and_quit_mid_run():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _training(pilot, app)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        before = screen.status.step
        await _until(pilot, lambda: screen.status.step > before)  # still training after resizes
        runner = screen.runner
        await pilot.press("q")
    assert app.return_code in (0, None)
    assert runner.stopped  # quitting mid-run stopped the training process
    runner.process.join(timeout=10)
    assert not runner.process.is_alive()


@pytest.mark.parametrize(
    "lab_id", ["gradient-descent", "activations", "perceptron", "convolution", "rnn-gradients"]
)
async def test_every_lab_opens_runs_and_draws_without_error(lab_id):
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_lab(lab_id)
        await pilot.pause()
        screen = app.screen
        screen.apply_change("steps", 3)
        if screen.status.state == "paused":
            await pilot.press("space")
        await _until(pilot, lambda: screen.status.step >= 1 or screen.status.state == "error")
        assert screen.status.state != "error", screen.status.message
        assert any(p.inner.size.area > 0 for p in screen.panels)


async def test_speed_paces_the_run_and_applies_live():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        await _finish(pilot, app, screen)
        await _submit(pilot, screen, "speed", "5")
        assert screen.speed == 5 and "speed = 5 steps/s" in screen.status.note
        screen.apply_change("steps", 1000)  # a new run, paced at 5 steps a second
        await _until(pilot, lambda: screen.status.step >= 2)
        assert screen.status.state == "running"  # 1000 steps at 5/s: far from done
        await _submit(pilot, screen, "speed", "0")
        await _finish(pilot, app, screen)
        assert screen.status.state == "done" and screen.status.step == 1000


async def test_only_the_knobs_of_the_current_part_are_shown():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_lab("perceptron", "neuron")
        await pilot.pause()
        screen = app.screen
        shown = lambda name: screen.query_one(f"#field-{name}").display  # noqa: E731
        assert shown("w1") and not shown("dataset")
        screen.apply_preset("spiral")
        await _until(pilot, lambda: shown("dataset"))
        assert not shown("w1")


async def test_a_paced_preset_is_slowed_for_watching():
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, "line-boston")
        assert screen.speed == 150
        assert screen.query_one("#param-speed").value == "150"


async def test_l_shows_the_lesson_and_the_keys_scroll_it():
    app = DltuiApp(backend="numpy")
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


async def test_events_of_a_replaced_run_are_dropped_and_the_new_runs_are_seen():
    from dltui.engine.events import Finished

    seen = []
    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await _open(pilot, app, "rm-price-good")
        await _finish(pilot, app, screen)
        old = screen.runner.run_id
        screen.start_run("again")
        await _finish(pilot, app, screen)
        state, step = screen.status.state, screen.status.step
        screen.post_message(LabScreen.RunEvent(Finished(old, "diverged", 3, "stale")))
        await pilot.pause()
        assert (screen.status.state, screen.status.step) == (state, step) == ("done", 10)
    run_ids = {m.event.run_id for m in seen if isinstance(m, LabScreen.RunEvent)}
    assert run_ids == {old, screen.runner.run_id}  # the worker posted both runs' events
