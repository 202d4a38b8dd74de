"""Runner factories for the lab screen.

The screen asks a factory for each run: `factory(lab, config, backend=, seed=, max_steps=,
batch_seconds=, paused=)`. What comes back is driven the same way whatever it is: `run_id`,
`events()` (Progress… then one Finished), `pause`, `resume`, `step_once`, `stop`, `set_live`,
`stopped`, and `waiting` (a threading.Event set once a paused run has handed on all it made).

- `process_runner` (the default): the model trains in a child process, so the repaint never
  shares the GIL with it (see docs/architecture-notes.md).
- `ThreadRunner`: the lab runs in the screen's relay thread. No process to start: the tests and
  the snapshots use it; `snapshot_every=1` attaches tensors to every record, so what is drawn does
  not depend on timing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, Protocol

from ..engine.events import Event
from ..engine.lab import SPEED, LabSpec, Record, RunContext
from ..engine.runner import Runner


class ScreenRunner(Protocol):
    run_id: int
    waiting: threading.Event

    @property
    def stopped(self) -> bool: ...
    def events(self) -> Iterator[Event]: ...
    def stop(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def step_once(self) -> None: ...
    def set_live(self, name: str, value: Any) -> None: ...


class RunnerFactory(Protocol):
    def __call__(
        self,
        lab: LabSpec,
        config: dict[str, Any],
        *,
        backend: str,
        seed: int,
        max_steps: int | None,
        batch_seconds: float,
        paused: bool,
    ) -> ScreenRunner: ...


def process_runner(lab: LabSpec, config: dict[str, Any], **kwargs: Any) -> ScreenRunner:
    from ..process import ProcessRunner

    return ProcessRunner(lab.id, config, **kwargs)


class ThreadRunner:
    """A run in the calling thread (the screen's relay worker): the engine's Runner, adapted."""

    def __init__(
        self,
        lab: LabSpec,
        config: dict[str, Any],
        *,
        backend: str,
        seed: int,
        max_steps: int | None,
        batch_seconds: float,
        paused: bool,
        snapshot_every: int | None = None,
        paced: bool = True,
    ):
        from ..backend import get_backend

        self.paced = paced
        if not paced:
            config = {**config, SPEED: 0}
        ctx = RunContext(
            config,
            get_backend(backend),
            seed,
            max_steps=max_steps,
            snapshot_every=snapshot_every,
            headless=False,
        )
        self._lab = lab
        self._pause = threading.Event()
        self._runner = Runner(self, ctx, batch_records=None, batch_seconds=batch_seconds)  # type: ignore[arg-type]
        self.run_id = self._runner.run_id
        self.waiting = ctx.waiting
        self._stopped = threading.Event()
        if paused:
            self._runner.pause()

    def run(self, ctx: RunContext) -> Iterator[Record]:
        """The lab's records; a pause asked for takes effect as a record comes out, before the
        Runner looks at it, so the Runner hands that record on at once. (Pausing the context
        from this thread alone closes a race: paused between the Runner's look and the lab's
        next step, the record would wait in the batch until the run resumed.)"""
        for record in self._lab.run(ctx):
            if self._pause.is_set():
                self._pause.clear()
                self._runner.pause()
            yield record

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def events(self) -> Iterator[Event]:
        return self._runner.events()

    def stop(self) -> None:
        self._stopped.set()
        self._runner.stop()

    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()
        self.waiting.clear()
        self._runner.resume()

    def step_once(self) -> None:
        self.waiting.clear()
        self._runner.step_once()

    def set_live(self, name: str, value: Any) -> None:
        if name == SPEED and not self.paced:
            return
        self._runner.set_live(name, value)
