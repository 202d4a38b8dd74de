"""The lab protocol: a lab is a generator of records, and knows nothing of screens.

A lab module defines `LAB = LabSpec(...)`. Its `run(ctx)` yields `Record`s; it reads live
parameters from `ctx.live`, loops with `for step in ctx.steps()` (which honours stop, pause,
single-step and the step budget), and attaches tensors only when `ctx.want_snapshot(step)` says
the reader needs them (every N steps headless; at the screen's frame rate in the app).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .params import Param

SPEED = "_speed"  # reserved live key: the app's steps-per-second limit


@dataclass
class Record:
    step: int
    metrics: dict[str, float]
    tensors: dict[str, Any] | None = None  # backend arrays or NumPy; the runner converts
    text: dict[str, str] | None = None


class Diverged(Exception):
    """Raised by a lab (or the runner) when training blew up; the message explains why.

    `record`, if given, is the step that blew up: the runner writes it before the end, so the
    curve shows the blow-up and the end event's step matches the message.
    """

    def __init__(self, message: str, record: Record | None = None):
        super().__init__(message)
        self.record = record


@dataclass(frozen=True)
class LabSpec:
    id: str  # kebab-case, the CLI name and the content folder
    title: str
    chapter: str
    summary: str  # one line: what it teaches
    params: tuple[Param, ...]
    run: Callable[[RunContext], Iterator[Record]]
    views: Callable[[Mapping[str, Any]], list]
    check: Callable[[Mapping[str, Any]], None] = lambda config: None  # cross-field rules
    order: float = 0  # position within its chapter on the home screen
    default_steps: int = 200
    interactive: bool = False  # True: re-renders on live changes rather than training
    # The knobs that matter for a config (the rest are hidden in the app); None: all of them.
    visible: Callable[[Mapping[str, Any]], Collection[str]] | None = None
    # Course exercises open paused so the learner steps them with `n` rather than watching them fly.
    start_paused: Callable[[Mapping[str, Any]], bool] = lambda config: False
    # Keys that nudge a live numeric parameter: (key, param, delta), e.g. ("right", "x", 0.1).
    nudges: tuple[tuple[str, str, float], ...] = ()
    restart_note: str = "changing it starts a new run"


class LiveParams:
    """Values the UI may change while the worker runs; reads and writes are atomic per key."""

    def __init__(self, config: Mapping[str, Any]):
        self._values = dict(config)
        self._version = 0
        self._changed = threading.Condition()

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def snapshot(self) -> dict[str, Any]:
        return dict(self._values)

    def set(self, name: str, value: Any) -> None:
        with self._changed:
            self._values[name] = value
            self._version += 1
            self._changed.notify_all()

    @property
    def version(self) -> int:
        return self._version

    def wait_for_change(self, seen: int, stop: threading.Event) -> bool:
        """Block until the version moves past `seen` (True) or the run is stopped (False)."""
        with self._changed:
            while self._version == seen and not stop.is_set():
                self._changed.wait(0.1)
        return not stop.is_set()

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()


@dataclass
class RunContext:
    config: Mapping[str, Any]
    backend: Any
    seed: int
    max_steps: int | None  # None: until stopped (the app)
    snapshot_every: int | None = 10  # headless: steps between tensors; None: by time
    snapshot_seconds: float = 1 / 15
    headless: bool = True
    live: LiveParams = None  # type: ignore[assignment]
    stop_event: threading.Event = field(default_factory=threading.Event)
    run_event: threading.Event = field(default_factory=threading.Event)  # clear = paused
    step_budget: int | None = None  # steps allowed while paused (the `n` key)
    rng: np.random.Generator = None  # type: ignore[assignment]
    # Set by a lab whose current part re-renders on live changes (`wait_for_change`) although
    # the lab as a whole trains (LabSpec.interactive False): the runner delivers each record now.
    interactive: bool = False
    _last_snapshot: float = 0.0
    # Set while the lab waits for its turn (paused, no step budget): all it made has been handed on.
    waiting: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        if self.live is None:
            self.live = LiveParams(self.config)
        if self.rng is None:
            self.rng = np.random.default_rng(self.seed)
        self.run_event.set()

    @property
    def stopped(self) -> bool:
        return self.stop_event.is_set()

    def steps(self, start: int = 1) -> Iterator[int]:
        """Step numbers from `start` until the budget ends or the run is stopped.

        In the app, the live value SPEED (steps per second, 0 = flat out) paces the run so a
        learner can watch a fast model descend.
        """
        step = start
        due = time.perf_counter()
        while self.max_steps is None or step <= self.max_steps:
            if not self._wait_turn():
                return
            rate = self.live.get(SPEED, 0) if not self.headless else 0
            if rate and self.run_event.is_set():
                due = max(due + 1 / rate, time.perf_counter() - 1 / rate)
                if self.stop_event.wait(max(0.0, due - time.perf_counter())):
                    return
            yield step
            step += 1

    def _wait_turn(self) -> bool:
        while not self.run_event.is_set():
            if self.stop_event.is_set():
                return False
            if self.step_budget:
                self.step_budget -= 1
                self.waiting.clear()
                return True
            self.waiting.set()
            self.run_event.wait(0.05)
        self.waiting.clear()
        return not self.stop_event.is_set()

    def want_snapshot(self, step: int, last: bool = False) -> bool:
        if last or (self.max_steps is not None and step >= self.max_steps):
            return True
        if self.snapshot_every is not None:
            return step % self.snapshot_every == 0 or step == 1
        now = time.perf_counter()
        if now - self._last_snapshot >= self.snapshot_seconds or not self.run_event.is_set():
            self._last_snapshot = now
            return True
        return False

    def wait_for_change(self, seen: int) -> bool:
        """Interactive labs: block until a live value changes; headless returns False at once."""
        if self.headless:
            return False
        return self.live.wait_for_change(seen, self.stop_event)
