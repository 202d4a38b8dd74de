"""What the TUI tests share: a message hook to wait on, runner factories, scripted runs.

No clocks and no pause loops: a test waits for a message the app posts — the screen's
`LabScreen.Settled` (a run paused with everything drawn, finished, or an interactive part drawn)
or a relayed `LabScreen.RunEvent` — through `app.run_test(message_hook=watch)`. The timeout only
turns a hang into a failure.
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from dltui.engine.events import Finished, Progress, Snapshot
from dltui.tui.app import DltuiApp
from dltui.tui.lab_screen import LabScreen
from dltui.tui.runners import ThreadRunner

TIMEOUT = 120  # seconds: a guard against a hang, never what a test waits for

# In-process runs at full speed (most tests); paced ones where pacing is what is tested; and the
# deterministic kind the snapshots use (`frozen`, below).
fast = partial(ThreadRunner, paced=False)
paced = ThreadRunner
SNAPSHOT_STEPS = 30


def frozen(lab, config, *, max_steps, **kwargs) -> ThreadRunner:
    """For snapshots: flat out, tensors on every record, at most SNAPSHOT_STEPS steps."""
    steps = SNAPSHOT_STEPS if max_steps is None else min(max_steps, SNAPSHOT_STEPS)
    return ThreadRunner(lab, config, max_steps=steps, paced=False, snapshot_every=1, **kwargs)


class Watch:
    """A message hook: keeps every message posted in the app and wakes the waiting test."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self._loop = asyncio.get_running_loop()
        self._posted = asyncio.Event()
        self._cursor = 0

    def __call__(self, message: Any) -> None:
        self.messages.append(message)  # from the UI thread or a worker thread
        self._loop.call_soon_threadsafe(self._posted.set)

    def mark(self) -> None:
        """Later waits look only at messages posted from now on."""
        self._cursor = len(self.messages)

    async def wait(self, predicate: Callable[[Any], bool]) -> Any:
        """The first message after the cursor that satisfies `predicate` (the cursor moves past
        it), waiting for it if it has not been posted yet."""

        async def found() -> Any:
            while True:
                self._posted.clear()
                for i in range(self._cursor, len(self.messages)):
                    if predicate(self.messages[i]):
                        self._cursor = i + 1
                        return self.messages[i]
                await self._posted.wait()

        return await asyncio.wait_for(found(), TIMEOUT)

    async def settled(self, screen: LabScreen, *states: str) -> LabScreen.Settled:
        """Wait until the screen says its current run came to rest (in one of `states`)."""

        def ok(m: Any) -> bool:
            return (
                isinstance(m, LabScreen.Settled)
                and screen.runner is not None
                and m.run_id == screen.runner.run_id
                and (not states or m.state in states)
            )

        return await self.wait(ok)

    async def progress(
        self, pilot, screen: LabScreen, at_least: int = 1, replacing: int | None = None
    ) -> None:
        """Wait until the current run has posted records up to step `at_least`, and the screen
        has handled them. `replacing`: the id of a run being replaced (a restart the screen has
        scheduled but maybe not made yet): its records do not count."""

        def ok(m: Any) -> bool:
            return (
                isinstance(m, LabScreen.RunEvent)
                and m.event.run_id == screen.runner.run_id
                and m.event.run_id != replacing
                and isinstance(m.event, Progress)
                and m.event.records[-1].step >= at_least
            )

        await self.wait(ok)
        await pilot.pause()  # the screen handles what was posted before this returns
        assert screen.status.step >= at_least

    def settled_messages(self) -> list[LabScreen.Settled]:
        return [m for m in self.messages if isinstance(m, LabScreen.Settled)]


def app(factory=fast, **kwargs) -> DltuiApp:
    return DltuiApp(backend=kwargs.pop("backend", "numpy"), runner_factory=factory, **kwargs)


class WatchedApp(DltuiApp):
    """For the snapshot plugin, which starts the app itself (no message_hook): the screen's
    `Settled` messages bubble up to the app, which hands them to `watch`."""

    watch: Watch | None = None

    def on_lab_screen_settled(self, message: LabScreen.Settled) -> None:
        if self.watch is not None:
            self.watch(message)


_scripted_ids = itertools.count(10**9)


class ScriptedRunner:
    """A run the test writes event by event (`progress`, `finish`); stopping it does not end its
    stream, so a replaced run can keep talking after the screen moved on, like a slow child."""

    def __init__(self, lab, config, **_kwargs):
        self.run_id = next(_scripted_ids)
        self.waiting = threading.Event()
        self._stopped = threading.Event()
        self._queue: queue.Queue = queue.Queue()
        self.live: dict[str, Any] = {}

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def events(self):
        while (event := self._queue.get()) is not None:
            yield event

    def progress(self, *steps: int, loss: float = 1.0) -> None:
        records = tuple(Snapshot(s, {"loss": loss}) for s in steps)
        self._queue.put(Progress(self.run_id, records))

    def finish(self, reason: str, step: int, message: str = "") -> None:
        self._queue.put(Finished(self.run_id, reason, step, message))
        self._queue.put(None)

    def close(self) -> None:
        self._queue.put(None)

    def stop(self) -> None:
        self._stopped.set()

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def step_once(self) -> None:
        pass

    def set_live(self, name: str, value: Any) -> None:
        self.live[name] = value
