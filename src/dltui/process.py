"""A run in its own process, driven like a Runner: the app's training path.

Why a process and not only a thread: the UI's repaint is Python work that holds the GIL, and a
training thread waits for it. Measured at 120×40 on two cores, a thread-run lab trained at 45 %
of its headless speed with the screen open; in a child process the model keeps a core to itself.
The screen's thread worker still owns the run: it relays this runner's events as messages.

The child builds the backend, seeds and runs the ordinary `Runner` (so MLX arrays are created,
evaluated and trained in the thread that owns them) and sends back NumPy-only events. Controls
travel the other way on the same pipe and are applied by a small thread in the child.

This glue sits beside `headless.py`, above the labs and the engine (the child looks a lab up by id
and builds its backend), so the engine never imports the labs or the backends (see the layers
contract in pyproject.toml).
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from .engine.events import Event, Finished
from .engine.i18n import language, set_language, tr

_run_ids = itertools.count(10**6)  # distinct from in-process Runner ids


@dataclass(frozen=True)
class Waiting:
    """The child is paused and has sent everything it made (internal: not yielded)."""


class ProcessRunner:
    def __init__(
        self,
        lab_id: str,
        config: dict[str, Any],
        *,
        backend: str,
        seed: int,
        max_steps: int | None,
        batch_seconds: float = 1 / 20,
        paused: bool = False,
    ):
        self.run_id = next(_run_ids)
        self.waiting = threading.Event()  # set when the paused child has flushed its records
        self._stopped = threading.Event()
        self._send_lock = threading.Lock()
        context = mp.get_context("spawn")  # never fork a process that runs UI threads
        self._conn, child_conn = context.Pipe()
        args = (
            child_conn,
            lab_id,
            config,
            backend,
            seed,
            max_steps,
            batch_seconds,
            paused,
            language(),
        )
        self.process = context.Process(target=_child_main, args=args, daemon=True)
        _start_with_real_stdio(self.process)
        child_conn.close()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def _send(self, *command: Any) -> None:
        try:
            with self._send_lock:
                self._conn.send(command)
        except (BrokenPipeError, OSError):
            pass  # the child has already ended

    def stop(self) -> None:
        self._stopped.set()
        self._send("stop")

    def pause(self) -> None:
        self._send("pause")

    def resume(self) -> None:
        self.waiting.clear()
        self._send("resume")

    def step_once(self) -> None:
        self.waiting.clear()
        self._send("step")

    def set_live(self, name: str, value: Any) -> None:
        self._send("live", name, value)

    def events(self) -> Iterator[Event]:
        """The child's events, re-stamped with this runner's id; always ends with Finished."""
        try:
            while True:
                try:
                    event = self._conn.recv()
                except (EOFError, OSError):
                    code = self.process.exitcode
                    reason = "stopped" if self.stopped else "error"
                    yield Finished(
                        self.run_id, reason, 0, tr("the run's process ended ({code})", code=code)
                    )
                    return
                if isinstance(event, Waiting):
                    self.waiting.set()
                    continue
                yield replace(event, run_id=self.run_id)
                if isinstance(event, Finished):
                    return
        finally:
            self._conn.close()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()


def _start_with_real_stdio(process) -> None:
    """Start `process` with the real stdio in place: Textual (and pytest) swap sys.stderr for
    objects whose fileno() is -1, which multiprocessing's spawn cannot pass on."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        process.start()
    finally:
        sys.stdout, sys.stderr = saved


def _child_main(conn, lab_id, config, backend_name, seed, max_steps, batch_seconds, paused, lang):
    import os

    # The child shares the app's terminal: a stray print or traceback would scribble over the
    # screen. Errors still reach the app, as the Finished event's message.
    sys.stdout = sys.stderr = open(os.environ.get("DLTUI_CHILD_LOG", os.devnull), "a")  # noqa: SIM115

    from .backend import get_backend
    from .engine.lab import RunContext
    from .engine.runner import Runner
    from .labs import get_lab

    set_language(lang)  # the run writes its explanations in the app's language
    lab = get_lab(lab_id)
    ctx = RunContext(
        config,
        get_backend(backend_name),
        seed,
        max_steps=max_steps,
        snapshot_every=None,
        headless=False,
    )
    runner = Runner(lab, ctx, batch_records=None, batch_seconds=batch_seconds)
    if paused:
        runner.pause()
    send_lock = threading.Lock()

    def send(obj) -> None:
        with send_lock:
            conn.send(obj)

    threading.Thread(target=_apply_controls, args=(conn, runner, send), daemon=True).start()
    try:
        for event in runner.events():
            send(event)
    except (BrokenPipeError, OSError):
        pass  # the app went away: nothing left to tell


def _apply_controls(conn, runner, send) -> None:
    """Apply the app's commands; after pause or step, report once the lab waits again."""
    actions = {
        "stop": runner.stop,
        "pause": runner.pause,
        "resume": runner.resume,
        "step": runner.step_once,
    }
    while True:
        try:
            command, *args = conn.recv()
        except (EOFError, OSError):
            runner.stop()  # the app is gone: end the run
            return
        if command == "live":
            runner.set_live(*args)
        else:
            actions[command]()
        if command in ("pause", "step"):
            threading.Thread(target=_report_waiting, args=(runner, send), daemon=True).start()


def _report_waiting(runner, send) -> None:
    ctx = runner.ctx
    while not ctx.stopped and ctx.run_event.is_set() is False:
        if ctx.waiting.wait(0.05):
            try:
                send(Waiting())
            except (BrokenPipeError, OSError):
                pass
            return
