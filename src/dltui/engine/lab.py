"""The lab protocol: a lab is a generator of records, and knows nothing of screens.

A lab module defines `LAB = LabSpec(...)`. Its `run(ctx)` yields `Record`s; it reads live
parameters from `ctx.live`, loops with `for step in ctx.steps()` (which honours stop, pause,
single-step and the step budget), and attaches tensors only when `ctx.want_snapshot(step)` says
the reader needs them (every N steps headless; at the screen's frame rate in the app).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .params import Param

if TYPE_CHECKING:  # a type only: the engine never imports a backend (see pyproject's layers)
    from ..backend.base import Backend

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


Nudge = tuple[str, str, float]  # (key, live numeric param, delta), e.g. ("right", "x", 0.1)
# A lab's own step key: (key, live param, value, footer label). The app binds it and shows it in
# the footer while its part is on screen; pressing it sets the live param to value, then takes one
# step (the GAN lab's ("d", "train", "D", "D step"): one step of the discriminator only).
KeyStep = tuple[str, str, Any, str]
ViewsFn = Callable[[Mapping[str, Any]], list]


@dataclass(frozen=True)
class Part:
    """One step of a lab's lesson: what it runs, what it shows, which knobs it reads.

    The engine dispatches a config to its part (`LabSpec.part_of`), so a lab never writes its own
    run / views / visible switch. `knobs` are the parameters the part reads besides the part
    selector(s) (`LabSpec.selectors`); the app hides the others and nudges only touch these.
    """

    id: str
    run: Callable[[RunContext], Iterator[Record]]
    views: ViewsFn
    # A tuple, or a function of the config where the knobs read depend on another knob.
    knobs: tuple[str, ...] | Callable[[Mapping[str, Any]], tuple[str, ...]] = ()
    opens_paused: bool = False  # course exercises: the learner steps them with `n`
    # True: re-renders on live changes (waits for the learner) rather than training; the runner
    # delivers each record at once.
    interactive: bool = False
    nudges: tuple[Nudge, ...] = ()
    steps: int | None = None  # this part's run length; None: the lab's default_steps
    keys: tuple[KeyStep, ...] = ()


def _select_part(config: Mapping[str, Any]) -> str:
    return config["part"]


@dataclass(frozen=True)
class LabSpec:
    id: str  # kebab-case, the CLI name and the content folder
    title: str
    chapter: str
    summary: str  # one line: what it teaches
    params: tuple[Param, ...]
    parts: tuple[Part, ...]
    check: Callable[[Mapping[str, Any]], None] = lambda config: None  # cross-field rules
    order: float = 0  # position within its chapter on the home screen
    default_steps: int = 200
    # Which part a config is in: `config["part"]` unless a lab selects by other knobs.
    part_of: Callable[[Mapping[str, Any]], str] = _select_part
    selectors: tuple[str, ...] = ("part",)  # the knobs part_of reads: visible in every part
    restart_note: str = "changing it starts a new run"

    def __post_init__(self) -> None:
        names = {p.name for p in self.params}
        ids = [part.id for part in self.parts]
        assert ids and len(ids) == len(set(ids)), f"{self.id}: parts must be distinct, got {ids}"
        for part in self.parts:
            knobs = set(part.knobs) if isinstance(part.knobs, tuple) else set()
            unknown = (knobs | {n[1] for n in (*part.nudges, *part.keys)}) - names
            assert not unknown, f"{self.id}/{part.id} names unknown knobs {sorted(unknown)}"
        if len(self.parts) > 1:
            assert set(self.selectors) <= names, f"{self.id}: selectors {self.selectors} unknown"

    def part(self, config: Mapping[str, Any]) -> Part:
        if len(self.parts) == 1:  # a lab of one part needs no selector
            return self.parts[0]
        wanted = self.part_of(config)
        for part in self.parts:
            if part.id == wanted:
                return part
        raise KeyError(f"{self.id}: no part {wanted!r}")

    def run(self, ctx: RunContext) -> Iterator[Record]:
        part = self.part(ctx.config)
        ctx.interactive = part.interactive
        return part.run(ctx)

    def views(self, config: Mapping[str, Any]) -> list:
        return self.part(config).views(config)

    def visible(self, config: Mapping[str, Any]) -> tuple[str, ...]:
        """The knobs that matter for this config, in parameter order (the app hides the rest)."""
        knobs = self.part(config).knobs
        shown = set(knobs(config) if callable(knobs) else knobs)
        if len(self.parts) > 1:
            shown |= set(self.selectors)
        return tuple(p.name for p in self.params if p.name in shown)

    def steps_for(self, config: Mapping[str, Any]) -> int:
        """The run length of this config's part (a preset's `steps` overrides it)."""
        return self.part(config).steps or self.default_steps

    def start_paused(self, config: Mapping[str, Any]) -> bool:
        return self.part(config).opens_paused

    def nudges(self, config: Mapping[str, Any]) -> tuple[Nudge, ...]:
        return self.part(config).nudges

    def keys(self, config: Mapping[str, Any]) -> tuple[KeyStep, ...]:
        return self.part(config).keys

    def is_interactive(self, config: Mapping[str, Any]) -> bool:
        return self.part(config).interactive


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
    backend: Backend
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
    # Set by the engine from the part (Part.interactive); a part may also set it itself when only
    # some of its configs wait for the learner. True: the runner delivers each record at once.
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
