"""The runner: drives a lab's generator, batches its records into events, watches for blow-ups.

The TUI worker and `dltui run` consume the same `Runner.events()`; the only differences are
the context (step budget, snapshot policy) and how events are delivered. Seeding happens here,
inside the thread that runs the lab (`ctx.backend.seed`), because MLX's RNG state is per thread.
"""

from __future__ import annotations

import itertools
import math
import time
import traceback
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import divergence
from .events import Event, Finished, Progress, Snapshot
from .lab import Diverged, LabSpec, Record, RunContext

_run_ids = itertools.count(1)


class Runner:
    def __init__(
        self,
        lab: LabSpec,
        ctx: RunContext,
        *,
        batch_records: int | None = 1,
        batch_seconds: float | None = None,
        watch: str = "loss",
    ):
        self.lab = lab
        self.ctx = ctx
        self.run_id = next(_run_ids)
        self.batch_records = batch_records
        self.batch_seconds = batch_seconds
        self.watch = watch
        self._first_loss: float | None = None

    # Controls, safe to call from another thread.
    def stop(self) -> None:
        self.ctx.stop_event.set()
        self.ctx.run_event.set()
        self.ctx.live.wake()

    def pause(self) -> None:
        self.ctx.run_event.clear()

    def resume(self) -> None:
        self.ctx.step_budget = None
        self.ctx.run_event.set()

    def step_once(self) -> None:
        self.ctx.waiting.clear()
        self.ctx.step_budget = (self.ctx.step_budget or 0) + 1

    def set_live(self, name: str, value: Any) -> None:
        self.ctx.live.set(name, value)

    def events(self) -> Iterator[Event]:
        """Run the lab to its end in the calling thread, yielding Progress then one Finished."""
        self._seed()
        batch: list[Snapshot] = []
        started = time.perf_counter()
        step, reason, message = 0, "done", ""
        try:
            for record in self.lab.run(self.ctx):
                step = record.step
                snap = self._convert(record)
                batch.append(snap)
                self._check_divergence(snap)
                # Paused: deliver now, or the records batched before the pause (and each `n`
                # step) would wait for the next record, which only comes on resume.
                if self._batch_full(len(batch), started) or not self.ctx.run_event.is_set():
                    yield Progress(self.run_id, _latest_tensors(batch))
                    batch, started = [], time.perf_counter()
                if self.ctx.stopped:
                    reason = "stopped"
                    break
            else:
                reason = "stopped" if self.ctx.stopped else "done"
        except Diverged as exc:
            reason, message = "diverged", str(exc)
            if exc.record is not None:
                step = exc.record.step
                batch.append(self._convert(exc.record))
        except Exception as exc:  # a lab bug must end the run visibly, not kill the app
            reason, message = "error", f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
        if batch:
            yield Progress(self.run_id, _latest_tensors(batch))
        yield Finished(self.run_id, reason, step, message)

    def _seed(self) -> None:
        self.ctx.rng = np.random.default_rng(self.ctx.seed)
        self.ctx.backend.seed(self.ctx.seed)  # MLX's RNG (per thread); nothing on NumPy

    def _convert(self, record: Record) -> Snapshot:
        metrics = {k: float(v) for k, v in record.metrics.items()}
        tensors = None
        if record.tensors:
            to_numpy = self.ctx.backend.to_numpy
            tensors = {k: np.asarray(to_numpy(v)) for k, v in record.tensors.items()}
        return Snapshot(record.step, metrics, tensors, record.text)

    def _check_divergence(self, snap: Snapshot) -> None:
        if self.watch not in snap.metrics:
            return
        loss = snap.metrics[self.watch]
        if not math.isfinite(loss):
            raise Diverged(divergence.overflow_text(self.watch, loss, snap.step))
        if self._first_loss is None:
            self._first_loss = divergence.reference(loss)
        elif divergence.blown(loss, self._first_loss):
            raise Diverged(divergence.growth_text(self.watch, self._first_loss, loss, snap.step))

    def _batch_full(self, size: int, started: float) -> bool:
        # An interactive part (ctx.interactive) blocks after a record until the learner acts:
        # never hold one back.
        if self.ctx.interactive:
            return True
        if self.batch_seconds is not None:
            return time.perf_counter() - started >= self.batch_seconds
        return size >= (self.batch_records or 1)


def _latest_tensors(batch: list[Snapshot]) -> tuple[Snapshot, ...]:
    last_with = max((i for i, s in enumerate(batch) if s.tensors), default=-1)
    return tuple(
        s if i == last_with or not s.tensors else Snapshot(s.step, s.metrics, None, s.text)
        for i, s in enumerate(batch)
    )
