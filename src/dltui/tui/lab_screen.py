"""The lab screen: knobs and lesson on the left, live views on the right, status below.

The screen owns its run: the model trains in a child process (engine.process: a thread here
would share the GIL with the repaint), and a thread worker relays its events as messages.
Every message carries its run_id; messages from a run that was restarted are dropped.
"""

from __future__ import annotations

import random
import time
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Input,
    Markdown,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from ..backend import get_backend
from ..content import lesson, presets, resolve_config
from ..engine.events import Finished, Progress
from ..engine.lab import SPEED, LabSpec
from ..process import ProcessRunner
from .controls import Controls
from .status import RunStatus, StatusLine
from .view_widgets import Panel, make_widget


class LabScreen(Screen):
    AUTO_FOCUS = None  # nothing focused: arrow keys reach the lab's nudges (cursors, sliders)
    BINDINGS = [
        Binding("space", "toggle_run", "Run/pause"),
        Binding("n", "step", "Step"),
        Binding("r", "restart", "Restart"),
        Binding("s", "new_seed", "Seed"),
        Binding("l", "toggle_lesson", "Lesson"),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    LabScreen #sidebar { width: 32%; min-width: 26; max-width: 42; border-right: vkey $panel-lighten-1; }
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

    def __init__(self, lab: LabSpec, *, backend: str, lang: str, preset: str | None = None):
        super().__init__()
        self.lab = lab
        self.backend_name = backend
        self.lang = lang
        self.config, preset_steps = resolve_config(lab, preset)
        self.preset = preset
        self.steps = preset_steps or lab.steps_for(self.config)
        self.seed = 0
        self.runner: ProcessRunner | None = None
        self.speed = 0.0
        self._preset_speed(preset)
        self.backend_info = get_backend(backend).info
        self.panels: list[Panel] = []
        self.status = RunStatus()

    def compose(self) -> ComposeResult:
        yield Static(f"{self.lab.title}  ·  {self.lab.chapter}", id="lab-title")
        with Horizontal():
            with TabbedContent("Knobs", "Lesson", id="sidebar"):
                with TabPane("Knobs", id="tab-knobs"):
                    yield Controls(self.lab, self.config, self.steps, self.speed, id="controls")
                with TabPane("Lesson", id="tab-lesson"):
                    with VerticalScroll(id="lesson-scroll"):
                        yield Markdown(lesson(self.lab.id, self.lang), id="lesson")
            yield Vertical(id="views")
        yield StatusLine(id="status")
        yield Footer()

    async def on_mount(self) -> None:
        for key, param, delta in self.lab.nudges(
            self.config
        ):  # priority: before the tab bar takes arrows
            self._bindings.bind(
                key, f"nudge('{param}', {delta})", f"{param}±", show=False, priority=True
            )
        await self._build_views()
        self.start_run()

    async def _build_views(self) -> None:
        views = self.query_one("#views", Vertical)
        await views.remove_children()
        await views.mount_all([make_widget(v) for v in self.lab.views(self.config)])
        self.panels = list(views.query(Panel))

    # The run --------------------------------------------------------------------------------

    def start_run(self, note: str = "", paused: bool | None = None) -> None:
        if self.runner is not None:
            self.runner.stop()
        if paused is None:
            paused = self.lab.start_paused(self.config)
        self.runner = ProcessRunner(
            self.lab.id,
            {**self.config, SPEED: self.speed},
            backend=self.backend_name,
            seed=self.seed,
            max_steps=self.steps,
            batch_seconds=1 / 30,  # ≤ 30 screen updates a second: smooth, with headroom
            paused=paused,
        )
        for panel in self.panels:
            panel.reset()
        self.status = RunStatus(
            backend=self.backend_info,
            interactive=self.lab.is_interactive(self.config),
            seed=self.seed,
            state="paused" if paused else "running",
            note=note or ("paused: press n to step, space to run" if paused else ""),
            started=time.perf_counter(),
        )
        self._show_status()
        self._drive(self.runner)

    @work(thread=True, exclusive=True, group="run")
    def _drive(self, runner: ProcessRunner) -> None:
        for event in runner.events():
            self.post_message(self.RunEvent(event))

    @on(RunEvent)
    def _on_run_event(self, message: RunEvent) -> None:
        event = message.event
        if self.runner is None or event.run_id != self.runner.run_id:
            return  # a stale event from a run that was replaced
        if isinstance(event, Progress):
            for panel in self.panels:
                panel.update(event.records)
            self.status.advance(event.records[-1].step, len(event.records))
        else:
            self.status.finish(event)
        self._show_status()

    def _show_status(self) -> None:
        self.query_one(StatusLine).show(self.status)

    # Actions ----------------------------------------------------------------------------------

    def action_toggle_run(self) -> None:
        if self.runner is None or self.status.state not in ("running", "paused"):
            self.start_run()
            return
        if self.status.state == "running":
            self.runner.pause()
            self.status.state = "paused"
        else:
            self.runner.resume()
            self.status.state = "running"
        self._show_status()

    def action_step(self) -> None:
        if self.runner is None or self.status.state not in ("running", "paused"):
            self.start_run(paused=True)
        elif self.status.state == "running":
            self.runner.pause()
            self.status.state = "paused"
        self.runner.step_once()
        self._show_status()

    def action_restart(self) -> None:
        self.start_run("restarted")

    def action_new_seed(self) -> None:
        self.seed = random.Random(self.seed).randrange(1, 10_000)
        self.start_run(f"new seed {self.seed}")

    def action_toggle_lesson(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-lesson" if tabs.active == "tab-knobs" else "tab-knobs"
        # The lesson takes the focus so ↑↓/PgUp/PgDn scroll it; back on the knobs, arrows nudge.
        self.set_focus(self.query_one("#lesson-scroll") if tabs.active == "tab-lesson" else None)

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
        """Arrows nudge a lab's cursor unless the learner is typing in a knob or list."""
        if action == "nudge" and isinstance(self.focused, Input | Select | OptionList):
            return False
        return True

    def action_nudge(self, name: str, delta: float) -> None:
        controls = self.query_one(Controls)
        param = controls.param(name)
        value = controls.current(name) + delta
        value = round(value, 10) if param.kind == "float" else int(value)
        try:
            value = param.check(value)
        except Exception:
            return  # at the edge of the range: stay put
        controls.set_value(name, value)
        self.apply_change(name, value)

    def apply_preset(self, preset: str) -> None:
        self.config, preset_steps = resolve_config(self.lab, preset)
        self.preset = preset
        self.steps = preset_steps or self.lab.steps_for(self.config)
        controls = self.query_one(Controls)
        controls.set_value("steps", self.steps)
        for name, value in self.config.items():
            controls.set_value(name, value)
        controls.show_relevant()
        self._preset_speed(preset)
        self.call_after_refresh(self._restart_with_views, f"preset {preset}")

    def _preset_speed(self, preset: str | None) -> None:
        """A preset may pace itself (`speed` in presets.toml) so its path is seen moving."""
        speed = float(presets(self.lab.id).get(preset, {}).get("speed", 0)) if preset else 0.0
        self.speed = speed
        if self.is_mounted:
            self.query_one(Controls).set_value("speed", speed)

    async def _restart_with_views(self, note: str) -> None:
        await self._build_views()
        self.start_run(note)

    @on(Controls.Changed)
    def _on_control_changed(self, message: Controls.Changed) -> None:
        self.apply_change(message.name, message.value)

    def apply_change(self, name: str, value: Any) -> None:
        if name == "steps":
            self.steps = value
            self.start_run(f"steps = {value}: new run")
            return
        if name == "speed":
            self.speed = value
            if self.runner is not None:
                self.runner.set_live(SPEED, value)
            self.status.note = f"speed = {value:g} steps/s" if value else "speed: flat out"
            self._show_status()
            return
        self.config[name] = value
        param = next(p for p in self.lab.params if p.name == name)
        running = self.runner is not None and self.status.state in ("running", "paused")
        if param.live and running:
            self.runner.set_live(name, value)
            self.status.note = f"{name} = {param.format(value)} applied live"
            self._show_status()
            return
        if param.live:
            note = f"{name} = {param.format(value)}: the run had ended, so a new one starts"
        else:
            note = f"{name} changed: {self.lab.restart_note}"
        self.call_after_refresh(self._restart_with_views, note)

    def on_unmount(self) -> None:
        if self.runner is not None:
            self.runner.stop()
