"""The lab screen: knobs and lesson on the left, live views on the right, status below.

The screen owns the state: the config, the run length (`steps`) and the pace (`speed`). The
`Controls` only display it and report what the learner typed or chose; every change — typed,
nudged with the arrow keys, from a preset or the palette — goes through `propose`, the one
validation path (the parameter's own parse and range, then the lab's cross-field check). A
refused value is shown under its knob and the old value kept.

The screen owns its run, made by a runner factory (`runners.process_runner` by default: the model
trains in a child process, since a thread would share the GIL with the repaint); a thread worker
relays its events as messages. Every message carries its run_id; messages from a run that was
replaced are dropped. Once a run comes to rest — paused with everything drawn, finished, or an
interactive part drawn and waiting for the learner — the screen posts `LabScreen.Settled`.
"""

from __future__ import annotations

import math
import os
import random
import threading
import time
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Markdown, Static, TabbedContent, TabPane

from ..backend import describe_backend
from ..content import lesson, presets, resolve_config
from ..engine.events import Finished, Progress
from ..engine.i18n import tr
from ..engine.lab import SPEED, LabSpec
from ..engine.params import Param, ParamError
from . import keys
from .controls import SCREEN_PARAMS, Controls
from .export import RunHistory, export_stem, write_metrics
from .file_picker import FilePicker
from .footer import KeyFooter
from .runners import RunnerFactory, ScreenRunner, process_runner
from .status import RunStatus, StatusLine
from .view_widgets import Panel, make_widget
from .zoom import zoom_next

PACE_SECONDS = 8  # a training run opens paced to end in about this long (3–15 s once rounded)
_LADDER = (1, 2, 5)  # paces are 1, 2, 5, 10, 20, 50, … steps per second
MAX_PACE = 10_000  # `+` past this runs flat out


def ladder(value: float, direction: int = 0) -> float:
    """The pace on the 1-2-5 ladder nearest to `value` (direction 0), or the next one above (+1)
    or below (-1)."""
    paces = [m * 10**e for e in range(0, 5) for m in _LADDER]
    if direction > 0:
        return next((p for p in paces if p > value * 1.001), 0)
    if direction < 0:
        return next((p for p in reversed(paces) if p < value * 0.999), 1)
    return min(paces, key=lambda p: abs(math.log(p) - math.log(max(value, 1))))


def default_speed(lab: LabSpec, config: dict[str, Any], steps: int, preset: str | None) -> float:
    """Paced, like a good demo: the preset's `speed`, else the part's (`Part.speed`, where a part
    declares one), else the pace that shows the run's `steps` in about PACE_SECONDS. Interactive
    parts wait for the learner: never paced (nor is headless, which never reads the pace)."""
    if preset is not None:
        declared = presets(lab.id).get(preset, {}).get("speed")
        if declared is not None:
            return float(declared)
    part = lab.part(config)
    if part.interactive:
        return 0.0
    speed = getattr(part, "speed", None)
    if speed is not None:
        return float(speed)
    return float(ladder(steps / PACE_SECONDS))


class LabScreen(Screen):
    AUTO_FOCUS = None  # nothing focused: arrow keys reach the lab's nudges (cursors, sliders)
    ALLOW_IN_MAXIMIZED_VIEW = "StatusLine, KeyFooter"  # a zoomed panel keeps the run's status
    BINDINGS = keys.bindings("lab")
    DEFAULT_CSS = """
    LabScreen #sidebar { width: 32%; min-width: 30; max-width: 42; border-right: vkey $panel-lighten-1; }
    LabScreen #views { width: 1fr; }
    LabScreen .view-row { height: 1fr; }
    LabScreen #lab-title { height: 1; background: $boost; padding: 0 1; text-style: bold; }
    LabScreen #lesson { padding: 0 1; }
    """

    class RunEvent(Message):
        """A batch of the run's progress, or its end, posted from the worker thread."""

        def __init__(self, event: Progress | Finished):
            super().__init__()
            self.event = event

    class _Waiting(Message):
        """The paused run has handed on everything it made (posted from a watcher thread)."""

        def __init__(self, run_id: int):
            super().__init__()
            self.run_id = run_id

    class Settled(Message):
        """The screen has drawn a run come to rest. `state`: "paused", "live" (an interactive part
        waits for the learner), or how the run ended ("done", "stopped", "diverged", "error")."""

        def __init__(self, run_id: int, state: str, step: int):
            super().__init__()
            self.run_id, self.state, self.step = run_id, state, step

    def __init__(
        self,
        lab: LabSpec,
        *,
        backend: str,
        lang: str,
        preset: str | None = None,
        overrides: dict[str, str] | None = None,
        runner_factory: RunnerFactory | None = None,
    ):
        super().__init__()
        keys.translate_bindings(self)  # the footer's words, now that the language is set
        self.lab = lab
        self.backend_name = backend
        self.lang = lang
        self.runner_factory: RunnerFactory = runner_factory or process_runner
        self.config, preset_steps = resolve_config(lab, preset, overrides)
        self.preset = preset
        self.steps = preset_steps or lab.steps_for(self.config)
        self.speed = self._default_speed()
        self._speed_chosen = self._preset_speed() is not None  # False: the pace follows `steps`
        self.seed = 0
        self.runner: ScreenRunner | None = None
        self.relay_ended = threading.Event()  # set once the relay of the current run has closed it
        self.backend_info = describe_backend(backend)  # names it; MLX stays out of this process
        self.panels: list[Panel] = []
        self.status = RunStatus()
        self.history = RunHistory()  # the run's metrics, for the export key

    def compose(self) -> ComposeResult:
        yield Static(f"{tr(self.lab.title)}  ·  {tr(self.lab.chapter)}", id="lab-title")
        with Horizontal():
            knobs, lesson_tab = tr("Knobs"), tr("Lesson")
            with TabbedContent(knobs, lesson_tab, id="sidebar"):
                with TabPane(knobs, id="tab-knobs"):
                    yield Controls(self.lab, self.value, id="controls")
                with TabPane(lesson_tab, id="tab-lesson"):
                    yield VerticalScroll(id="lesson-scroll")  # the lesson, mounted when first shown
            yield Vertical(id="views")
        yield StatusLine(id="status")
        yield KeyFooter()

    async def on_mount(self) -> None:
        # Every key any part nudges is bound once, with priority (before the tab bar takes the
        # arrows); `check_action` lets a key through only for the current part's nudges.
        nudge_keys = dict.fromkeys(k for part in self.lab.parts for k, _, _ in part.nudges)
        for key in nudge_keys:
            self._bindings.bind(key, f"nudge('{key}')", key, show=False, priority=True)
        # A lab's own step keys (Part.keys), shown in the footer while their part is on screen.
        step_keys = {k[0]: k[3] for part in self.lab.parts for k in part.keys}
        for key, label in step_keys.items():
            self._bindings.bind(key, f"lab_key('{key}')", tr(label))
        await self._build_views()
        self.start_run()

    async def _build_views(self) -> None:
        views = self.query_one("#views", Vertical)
        self.minimize()  # a zoomed panel is about to go
        await views.remove_children()
        await views.mount_all([make_widget(v) for v in self.lab.views(self.config)])
        self.panels = list(views.query(Panel))
        self.query_one(Controls).show_relevant(self.lab.visible(self.config))

    # The state and its one way in -------------------------------------------------------------

    def param(self, name: str) -> Param:
        if name in SCREEN_PARAMS:
            return SCREEN_PARAMS[name]
        return next(p for p in self.lab.params if p.name == name)

    def value(self, name: str) -> Any:
        if name == "steps":
            return self.steps
        if name == "speed":
            return self.speed
        return self.config[name]

    def propose(self, name: str, raw: Any) -> bool:
        """The one way a knob changes: parse and range-check `raw` (text or a value) with the
        parameter, check the whole config with the lab's cross-field rule, then apply it. A refusal
        shows its reason under the knob and keeps the old value. Returns whether it was taken."""
        controls = self.query_one(Controls)
        param, previous = self.param(name), self.value(name)
        try:
            value = param.parse(raw)
            if name not in SCREEN_PARAMS:
                self.lab.check({**self.config, name: value})
        except ParamError as exc:
            controls.show_error(
                name, tr("✗ {why}; kept {value}", why=exc, value=param.format(previous))
            )
            controls.show(name, previous)
            return False
        controls.clear_errors()  # a valid edit: earlier refusals no longer stand
        controls.show(name, value)
        if value != previous:
            self._apply(name, value)
        return True

    # Kept for callers that set a value directly (tests, the palette): the same path.
    apply_change = propose

    def _apply(self, name: str, value: Any) -> None:
        if name == "steps":
            self.steps = value
            if not self._speed_chosen:
                self._set_speed(self._default_speed())
            self.start_run(tr("steps = {value}: new run", value=value))
            return
        if name == "speed":
            self._speed_chosen = True
            self._set_speed(value)
            self.status.note = (
                tr("speed = {value:g} steps/s", value=value) if value else tr("speed: flat out")
            )
            self._show_status()
            return
        self.config[name] = value
        param = self.param(name)
        running = self.runner is not None and self.status.state in ("running", "paused")
        if param.live and running:
            self.runner.set_live(name, value)
            self.status.note = tr(
                "{name} = {value} applied live", name=name, value=param.format(value)
            )
            self._show_status()
            return
        if param.live:
            note = tr(
                "{name} = {value}: the run had ended, so a new one starts",
                name=name, value=param.format(value),
            )  # fmt: skip
        else:
            note = tr("{name} changed: {note}", name=name, note=tr(self.lab.restart_note))
        if not self._speed_chosen:
            self._set_speed(self._default_speed())
        self.call_after_refresh(self._restart_with_views, note)

    def _set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.is_mounted:
            self.query_one(Controls).show("speed", speed)
        if self.runner is not None:
            self.runner.set_live(SPEED, speed)
        self.status.pace = speed
        self.status.restart_rate()

    def _preset_speed(self) -> float | None:
        """A preset may set its own pace (`speed` in presets.toml)."""
        if self.preset is None:
            return None
        speed = presets(self.lab.id).get(self.preset, {}).get("speed")
        return None if speed is None else float(speed)

    def _default_speed(self) -> float:
        return default_speed(self.lab, self.config, self.steps, self.preset)

    def apply_preset(self, preset: str) -> None:
        try:  # the same parse and cross-field check as a typed value
            config, preset_steps = resolve_config(self.lab, preset)
        except ParamError as exc:
            self.status.note = tr("✗ preset {preset}: {why}", preset=preset, why=exc)
            self._show_status()
            return
        self.config, self.preset = config, preset
        self.steps = preset_steps or self.lab.steps_for(self.config)
        self._speed_chosen = self._preset_speed() is not None
        controls = self.query_one(Controls)
        controls.clear_errors()
        for name in ("steps", *self.config):
            controls.show(name, self.value(name))
        self._set_speed(self._default_speed())
        self.call_after_refresh(self._restart_with_views, tr("preset {preset}", preset=preset))

    async def _restart_with_views(self, note: str) -> None:
        await self._build_views()
        self.start_run(note)

    @on(Controls.Submitted)
    def _on_control_submitted(self, message: Controls.Submitted) -> None:
        self.propose(message.name, message.raw)

    @on(Controls.Browse)
    def _on_browse(self, message: Controls.Browse) -> None:
        """A file picker for a knob that names a data file; the chosen path is proposed as if
        typed (the same checks, the same refusals under the knob)."""
        name = message.name

        def chosen(path: str | None) -> None:
            if path is not None:
                self.propose(name, path)

        self.app.push_screen(FilePicker(name, self.param(name).file), chosen)

    # The run ------------------------------------------------------------------------------------

    def start_run(self, note: str = "", paused: bool | None = None) -> None:
        if self.runner is not None:
            self.runner.stop()
        if paused is None:
            paused = self.lab.start_paused(self.config)
        self.runner = self.runner_factory(
            self.lab,
            {**self.config, SPEED: self.speed},
            backend=self.backend_name,
            seed=self.seed,
            max_steps=self.steps,
            batch_seconds=1 / 30,  # ≤ 30 screen updates a second: smooth, with headroom
            paused=paused,
        )
        for panel in self.panels:
            panel.reset()
        self.history.clear()
        self.status = RunStatus(
            backend=self.backend_info,
            interactive=self.lab.is_interactive(self.config),
            seed=self.seed,
            state="paused" if paused else "running",
            note=note or (tr("paused: press n to step, space to run") if paused else ""),
            started=time.perf_counter(),
            pace=self.speed,
        )
        self._show_status()
        self.relay_ended = threading.Event()
        self._drive(self.runner, self.relay_ended)
        if paused:
            self._watch_waiting(self.runner)

    @work(thread=True, group="run")
    def _drive(self, runner: ScreenRunner, ended: threading.Event) -> None:
        try:
            for event in runner.events():
                self.post_message(self.RunEvent(event))
        finally:
            ended.set()  # the runner has closed (its process, if any, joined by this thread only)

    @work(thread=True, group="watch")
    def _watch_waiting(self, runner: ScreenRunner) -> None:
        """Tell the screen once a paused run has handed on all it made (see `Settled`)."""
        while not runner.stopped:
            if runner.waiting.wait(0.1):
                self.post_message(self._Waiting(runner.run_id))
                return

    def _current(self, run_id: int) -> bool:
        return self.runner is not None and run_id == self.runner.run_id

    @on(RunEvent)
    def _on_run_event(self, message: RunEvent) -> None:
        event = message.event
        if not self._current(event.run_id):
            return  # a stale event from a run that was replaced
        if isinstance(event, Progress):
            for panel in self.panels:
                panel.update(event.records)
            self.history.add(event.records)
            last = event.records[-1]
            self.status.advance(last.step, len(event.records), last.metrics.get("epoch"))
            self._show_status()
            if self.status.interactive:
                self.post_message(self.Settled(event.run_id, "live", self.status.step))
            return
        self.status.finish(event)
        self.history.finished = event
        self._show_status()
        self.post_message(self.Settled(event.run_id, event.reason, self.status.step))

    @on(_Waiting)
    def _on_waiting(self, message: _Waiting) -> None:
        if self._current(message.run_id) and self.status.state == "paused":
            self.post_message(self.Settled(message.run_id, "paused", self.status.step))

    def _show_status(self) -> None:
        self.query_one(StatusLine).show(self.status)

    # Actions ------------------------------------------------------------------------------------

    def _pause(self) -> None:
        assert self.runner is not None
        self.runner.pause()
        self.status.state = "paused"
        self.status.restart_rate()
        self._watch_waiting(self.runner)

    def action_toggle_run(self) -> None:
        if self.runner is None or self.status.state not in ("running", "paused"):
            self.start_run()
            return
        if self.status.state == "running":
            self._pause()
        else:
            self.runner.resume()
            self.status.state = "running"
            self.status.restart_rate()
        self._show_status()

    def action_step(self) -> None:
        if self.runner is None or self.status.state not in ("running", "paused"):
            self.start_run(paused=True)
        elif self.status.state == "running":
            self._pause()
        assert self.runner is not None
        self.runner.step_once()
        self._watch_waiting(self.runner)
        self._show_status()

    def action_faster(self) -> None:
        if self.speed == 0:
            self.status.note = tr("already flat out (speed 0 = as fast as it can)")
            self._show_status()
            return
        self.propose("speed", ladder(self.speed, +1))

    def action_slower(self) -> None:
        current = self.speed or self.status.steps_per_second() or MAX_PACE
        self.propose("speed", ladder(current, -1))

    def action_restart(self) -> None:
        self.start_run(tr("restarted"))

    def action_new_seed(self) -> None:
        self.seed = random.Random(self.seed).randrange(1, 10_000)
        self.start_run(tr("new seed {seed}", seed=self.seed))

    def _lesson_shown(self) -> bool:
        return self.query_one(TabbedContent).active == "tab-lesson"

    def action_toggle_lesson(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-knobs" if self._lesson_shown() else "tab-lesson"
        self._focus_for_tab()

    @on(TabbedContent.TabActivated)
    def _focus_for_tab(self) -> None:
        # The lesson takes the focus so ↑↓/PgUp/PgDn scroll it; back on the knobs, arrows nudge.
        scroll = self.query_one("#lesson-scroll", VerticalScroll)
        if self._lesson_shown() and not scroll.children:
            # Mounted on first view: parsing and highlighting a lesson costs about a second.
            scroll.mount(Markdown(lesson(self.lab.id, self.lang), id="lesson"))
        self.set_focus(scroll if self._lesson_shown() else None)

    def action_zoom(self) -> None:
        zoom_next(self, self.panels)

    def watch_maximized(self, previous: Any, maximized: Any) -> None:
        if isinstance(previous, Panel):  # unzoomed (z, escape, a new part): its hint goes
            previous.border_subtitle = ""
            previous.zoom(False)
        if isinstance(maximized, Panel):
            maximized.zoom(True)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.lab, self.lang))

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id and focused.id.startswith("param-"):
            self.set_focus(None)  # first escape leaves the input, the second leaves the lab
            return
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Arrow keys nudge the current part's knobs, and only on the knobs' tab with nothing
        focused: a focused knob, list, text panel or the lesson keeps its keys (it scrolls)."""
        if action == "nudge":
            return (
                self.focused is None
                and not self._lesson_shown()
                and any(
                    k == parameters[0] and name in self.lab.visible(self.config)
                    for k, name, _ in self.lab.nudges(self.config)
                )
            )
        if action == "lab_key":
            return any(k[0] == parameters[0] for k in self.lab.keys(self.config))
        return True

    def action_lab_key(self, key: str) -> None:
        """A lab's step key: pause, set its live knob (as if typed), then take one step."""
        for k, name, value, _ in self.lab.keys(self.config):
            if k == key:
                if self.runner is not None and self.status.state == "running":
                    self._pause()  # first: no step of the running loop sees the new value
                if self.value(name) == value or self.propose(name, value):
                    self.action_step()
                return

    def action_nudge(self, key: str) -> None:
        for k, name, delta in self.lab.nudges(self.config):
            if k == key:
                param = self.param(name)
                value = self.value(name) + delta
                self.propose(name, round(value, 10) if param.kind == "float" else int(value))
                return

    def action_export(self) -> None:
        """Save the run's metrics (CSV and JSONL, as `dltui run` writes them) and an SVG
        screenshot into the screenshot folder, under one name, and say where."""
        folder = self.app.screenshot_dir
        stem = export_stem(folder, self.lab.id)
        try:
            write_metrics(self.history, stem)
            self.app.save_screenshot(stem.name + ".svg", folder)
        except OSError as exc:
            why = exc.strerror or str(exc)
            self.notify(tr("{folder}: {why}", folder=folder, why=why),
                        title=tr("Export failed"), severity="error")  # fmt: skip
            return
        kept = len(self.history.records)
        message = tr("{n} steps of metrics and a screenshot:\n{stem}.csv, .jsonl, .svg",
                     n=kept, stem=os.path.abspath(stem))  # fmt: skip
        if self.history.dropped:
            message += "\n" + tr("(the oldest {n} records were not kept)", n=self.history.dropped)
        self.notify(message, title=tr("Exported"))

    def on_unmount(self) -> None:
        if self.runner is not None:
            self.runner.stop()
