"""The status line: run state, step (and epoch), the real rate and the pace, seed, backend; then
the last note or the verdict, wrapped in full (a diverged run's reason is never cut)."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from rich.console import Group
from rich.text import Text
from textual.widget import Widget

from ..backend.base import BackendInfo
from ..engine.events import Finished
from ..engine.i18n import language, tr
from ..headless import backend_text

# The state's words (translated where shown) and colour.
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
    pace: float = 0.0  # the speed asked for (steps per second; 0 = flat out)
    epoch: float | None = None  # shown where the lab reports one (metric "epoch")
    # (time, step) of the recent batches: the rate is measured over the last RATE_WINDOW seconds,
    # so it is the real rate now (after a pause or a change of pace), not an average since start.
    _recent: deque = field(default_factory=lambda: deque(maxlen=256))

    RATE_WINDOW = 2.0

    def advance(self, step: int, count: int, epoch: float | None = None) -> None:
        now = time.perf_counter()
        if not self._recent:
            self._recent.append((now, self.step))
        self.step = step
        self.records += count
        self.updates += 1
        self.epoch = epoch
        self._recent.append((now, step))
        while len(self._recent) > 2 and now - self._recent[1][0] >= self.RATE_WINDOW:
            self._recent.popleft()

    def restart_rate(self) -> None:
        """Forget the rate measured so far (paused, resumed, paced anew)."""
        self._recent.clear()

    def steps_per_second(self) -> float:
        if len(self._recent) < 2:
            return 0.0
        (t0, s0), (t1, s1) = self._recent[0], self._recent[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0

    def frames_per_second(self) -> float:
        elapsed = (self.finished or time.perf_counter()) - self.started
        return self.updates / elapsed if elapsed > 0 else 0.0

    def finish(self, event: Finished) -> None:
        self.state = event.reason
        self.finished = time.perf_counter()
        self.step = event.step or self.step
        self.message = event.message


class StatusLine(Widget):
    """Two lines, repainted, not re-laid out: updating a Static would reflow the whole screen on
    every batch (measured: it halved training throughput with the screen open). Only a note or
    verdict longer than the line makes it taller, so the whole reason is read (a rare re-layout)."""

    DEFAULT_CSS = "StatusLine { height: 2; background: $boost; padding: 0 1; }"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._first = [Text()]  # the first line, in full then shorter (see `_first_lines`)
        self._second = Text()

    @property
    def plain(self) -> str:
        return f"{self._shown().plain}\n{self._second.plain}"

    def _shown(self) -> Text:
        """The first line as it fits: in full, else the longest shorter one that fits."""
        width = max(1, self.size.width) if self.is_mounted else 10**6
        return next((line for line in self._first if line.cell_len <= width), self._first[-1])

    def render(self) -> Group:
        return Group(self._shown(), self._second)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = max(1, self.size.width)
        lines = max(1, len(self._second.wrap(self.app.console, width))) if self._second else 1
        height = 1 + min(lines, 6)
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def show(self, s: RunStatus) -> None:
        self._first = _first_lines(s)
        second = Text()
        if s.message:
            second.append(s.message, "red" if s.state in ("diverged", "error") else "")
        elif s.note:
            second.append(s.note, "italic")  # notes are written in tr
        elif s.backend is not None:
            second.append(tr("backend: {why}", why=backend_text(s.backend.reason)), "dim")
        self._second = second
        if self.is_mounted:
            self._fit()
        self.refresh()


def _first_lines(s: RunStatus) -> list[Text]:
    """The first line, in full then shorter and shorter for a narrow terminal (French is longer
    than English): without the pace's key hint and the word "backend", then without the backend,
    then without the seed. State, step, epoch, rate and pace always stay."""
    label, style = _STATE_STYLE.get(s.state, (s.state, ""))
    if s.interactive and s.state == "running":
        label, style = "◆ live: change a knob", "green"
    head = Text()
    head.append(tr(label), style)
    head.append("  " + tr("step {step}", step=s.step))
    if s.epoch is not None:
        epoch = f"{s.epoch:.0f}" if float(s.epoch).is_integer() else f"{s.epoch:.1f}"
        head.append("  " + tr("epoch {epoch}", epoch=epoch))
    full, short = head.copy(), head
    if not s.interactive:
        if s.state == "running":
            rate = "  " + tr("{rate} steps/s", rate=_rate(s.steps_per_second()))
            full.append(rate)
            short.append(rate)
        if s.pace:
            full.append("  " + tr("pace {pace:g}/s (+/-)", pace=s.pace), "dim")
            short.append("  " + tr("pace {pace:g}/s", pace=s.pace), "dim")
        else:
            full.append("  " + tr("flat out (-)"), "dim")
            short.append("  " + tr("flat out"), "dim")
    seed = "  " + tr("seed {seed}", seed=s.seed)
    lines = [full.append(seed), short.copy().append(seed), short.copy().append(seed), short]
    if s.backend is not None:
        name = s.backend.label()
        lines[0].append("  " + tr("backend {name}", name=name), "bold")
        lines[1].append("  " + name, "bold")
    else:
        lines.pop(1)
    for line in lines:
        line.no_wrap, line.overflow = True, "ellipsis"
    return lines


def _rate(value: float) -> str:
    """Steps per second, thousands grouped: by a comma in English, by a narrow no-break space in
    French (where a comma is the decimal sign)."""
    if value < 10:
        return f"{value:.1f}"
    text = f"{value:,.0f}"
    return text if language() == "en" else text.replace(",", "\u202f")
