"""Headless runs: the lab's runner in this thread, records written to stdout as data.

stdout carries only data (JSON lines, CSV, or a text table); diagnostics go to stderr.
No Textual, no Rich: this path must stay light enough for grading scripts and CI.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TextIO

from .backend.base import Backend, BackendError
from .engine.events import Finished, Progress, Snapshot, to_jsonable
from .engine.i18n import tr
from .engine.lab import LabSpec, RunContext
from .engine.runner import Runner

FORMATS = ("jsonl", "csv", "table")


def run_headless(
    lab: LabSpec,
    config: dict[str, Any],
    *,
    backend: Backend,
    steps: int,
    seed: int,
    fmt: str = "jsonl",
    out: TextIO | None = None,
    err: TextIO | None = None,
    snapshot_every: int = 10,
    on_record: Callable[[Snapshot], None] | None = None,  # e.g. collecting curves for --plot
) -> Finished:
    # Looked up at call time, not bound at import: tests (capsys) and callers swap sys.stdout.
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    ctx = RunContext(config, backend, seed, max_steps=steps, snapshot_every=snapshot_every)
    # One record per event: batching is for the screen, whose tensors are latest-wins; a
    # headless reader must get every report step's tensors (--snapshot-every), none dropped.
    runner = Runner(lab, ctx, batch_records=1)
    writer = _WRITERS[fmt](out)
    finished: Finished | None = None
    for event in runner.events():
        if isinstance(event, Progress):
            for snap in event.records:
                writer.record(snap)
                if on_record is not None:
                    on_record(snap)
        else:
            finished = event
    assert finished is not None
    writer.end(finished)
    if finished.message:
        print(ending(lab.id, finished), file=err)
    return finished


def ending(lab_id: str, fin: Finished) -> str:
    """The line that says how a run ended, when it has something to say (why it diverged)."""
    values = {"lab": lab_id, "step": fin.step, "message": fin.message}
    if fin.reason == "diverged":
        return tr("{lab}: diverged at step {step}: {message}", **values)
    if fin.reason == "error":
        return tr("{lab}: error at step {step}: {message}", **values)
    if fin.reason == "stopped":
        return tr("{lab}: stopped at step {step}: {message}", **values)
    if fin.reason == "done":
        return tr("{lab}: done at step {step}: {message}", **values)
    return f"{lab_id}: {fin.reason} at step {fin.step}: {fin.message}"


_MLX_MISSING = "MLX is not available ("
_BACKEND_CAUSES = ("its library libmlx is not installed",)


def backend_text(text: str) -> str:
    """A reason or cause from `dltui.backend` in the interface's language. The backend imports
    nothing of the engine, so it speaks English; an exception's own text is quoted as it is."""
    auto = text.startswith("auto: ")
    rest = text[len("auto: ") :] if auto else text
    if rest.startswith(_MLX_MISSING) and rest.endswith(")"):
        cause = rest[len(_MLX_MISSING) : -1]
        why = tr(cause) if cause in _BACKEND_CAUSES else cause
        if auto:
            return tr("auto: MLX is not available ({why})", why=why)
        return tr("MLX is not available ({why})", why=why)
    if text in _BACKEND_REASONS:
        return tr(text)
    return text


def backend_error(exc: BackendError) -> str:
    """A BackendError's message in the interface's language."""
    values = {k: backend_text(v) for k, v in exc.values.items()}
    return tr(exc.msgid, **values)


_BACKEND_REASONS = (
    "asked for with --backend numpy",
    "asked for with --backend mlx",
    "auto: MLX has a GPU here",
    "auto: MLX has no GPU here and its CPU build is slower than NumPy",
)


class _Jsonl:
    def __init__(self, out: TextIO):
        self.out = out

    def record(self, snap: Snapshot) -> None:
        obj: dict[str, Any] = {"step": snap.step, "metrics": snap.metrics}
        if snap.tensors:
            obj["tensors"] = {k: to_jsonable(v) for k, v in snap.tensors.items()}
        if snap.text:
            obj["text"] = snap.text
        self.out.write(json.dumps(obj, allow_nan=True) + "\n")

    def end(self, fin: Finished) -> None:
        obj = {"event": "end", "reason": fin.reason, "step": fin.step}
        if fin.message:
            obj["message"] = fin.message
        self.out.write(json.dumps(obj) + "\n")
        self.out.flush()


class _Csv:
    def __init__(self, out: TextIO, metrics: Iterable[str] = ()):
        self.out = out
        self.writer: csv.DictWriter | None = None
        self.metrics = list(metrics)  # the columns; [] = the first record's metrics

    def record(self, snap: Snapshot) -> None:
        if self.writer is None:
            fields = ["step", *(self.metrics or snap.metrics)]
            self.writer = csv.DictWriter(self.out, fields, extrasaction="ignore")
            self.writer.writeheader()
        self.writer.writerow(
            {"step": snap.step, **{k: f"{v:.10g}" for k, v in snap.metrics.items()}}
        )

    def end(self, fin: Finished) -> None:
        self.out.flush()


class _Table:
    """Aligned columns, printed at the end so widths fit the data."""

    def __init__(self, out: TextIO):
        self.out = out
        self.rows: list[Snapshot] = []

    def record(self, snap: Snapshot) -> None:
        self.rows.append(snap)

    def end(self, fin: Finished) -> None:
        if not self.rows:
            return
        names = ["step", *self.rows[0].metrics]
        cells = [
            [str(s.step), *(f"{s.metrics.get(n, float('nan')):.6g}" for n in names[1:])]
            for s in self.rows
        ]
        widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
        self.out.write("  ".join(n.rjust(w) for n, w in zip(names, widths, strict=True)) + "\n")
        for c in cells:
            self.out.write("  ".join(v.rjust(w) for v, w in zip(c, widths, strict=True)) + "\n")
        self.out.flush()


class _Writer(Protocol):
    def record(self, snap: Snapshot) -> None: ...
    def end(self, fin: Finished) -> None: ...


_WRITERS: dict[str, Callable[[TextIO], _Writer]] = {"jsonl": _Jsonl, "csv": _Csv, "table": _Table}


def write_records(records: Iterable[Snapshot], finished: Finished | None, fmt: str, out: TextIO):
    """Records already made (the app's export) written as `dltui run --format fmt` writes them;
    `finished`: the run's end, or None for a run still going (no end line then)."""
    records = list(records)
    if fmt == "csv":  # every metric any record has; a training step's columns first, in order
        columns = [k for r in (records[-1:] + records) for k in r.metrics]
        writer: _Writer = _Csv(out, dict.fromkeys(columns))
    else:
        writer = _WRITERS[fmt](out)
    for snap in records:
        writer.record(snap)
    if finished is not None:
        writer.end(finished)
    out.flush()
