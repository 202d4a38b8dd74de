"""The status line: backend and why, run state, step, speed, seed; the last note or verdict."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from ..backend.base import BackendInfo
from ..engine.events import Finished

_STATE_STYLE = {
    "running": ("▶ running", "green"),
    "paused": ("⏸ paused", "yellow"),
    "done": ("■ done", "cyan"),
    "stopped": ("■ stopped", "cyan"),
    "diverged": ("✗ diverged", "bold red"),
    "error": ("✗ error", "bold red"),
}


@dataclass
class RunStatus:
    backend: BackendInfo | None = None
    interactive: bool = False  # a lab that redraws on knob changes rather than training
    seed: int = 0
    state: str = "idle"
    step: int = 0
    records: int = 0
    updates: int = 0  # batches drawn: the screen's live frame count
    started: float = 0.0
    finished: float = 0.0
    note: str = ""
    message: str = ""

    def advance(self, step: int, count: int) -> None:
        self.step = step
        self.records += count
        self.updates += 1

    def steps_per_second(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.records / elapsed if elapsed > 0 else 0.0

    def frames_per_second(self) -> float:
        elapsed = (self.finished or time.perf_counter()) - self.started
        return self.updates / elapsed if elapsed > 0 else 0.0

    def finish(self, event: Finished) -> None:
        self.state = event.reason
        self.finished = time.perf_counter()
        self.step = event.step or self.step
        self.message = event.message


class StatusLine(Widget):
    """Two fixed lines. A repaint, never a re-layout: updating a Static would reflow the whole
    screen on every batch (measured: it halved training throughput with the screen open)."""

    DEFAULT_CSS = "StatusLine { height: 2; background: $boost; padding: 0 1; }"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._text = Text()

    def render(self) -> Text:
        return self._text

    def show(self, s: RunStatus) -> None:
        label, style = _STATE_STYLE.get(s.state, (s.state, ""))
        if s.interactive and s.state == "running":
            label, style = "◆ live: change a knob", "green"
        line = Text()
        line.append(label, style)
        line.append(f"  step {s.step}")
        if s.state == "running" and not s.interactive:
            line.append(f"  {s.steps_per_second():,.0f} steps/s")
        line.append(f"  seed {s.seed}")
        if s.backend is not None:
            line.append(f"  backend {s.backend.label()}", "bold")
        line.append("\n")
        if s.message:
            line.append(s.message, "red" if s.state in ("diverged", "error") else "")
        elif s.note:
            line.append(s.note, "italic")
        elif s.backend is not None:
            line.append(f"backend: {s.backend.reason}", "dim")
        self._text = line
        self.refresh()
