"""Export what the screen shows (the `e` key): the run's metrics as `dltui run` writes them
(CSV and JSONL) and an SVG screenshot, side by side in one folder, under one name.

The screen keeps every record's metrics (no tensors, no text) in a bounded history, so an hour
on screen keeps memory flat: past HISTORY records the oldest are dropped, and the export says so.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..engine.events import Finished, Snapshot
from ..headless import write_records

HISTORY = 100_000  # records: ~30 MB of metrics at most, hours of a paced run


class RunHistory:
    """The current run's metric records, oldest first (bounded), and its end once it ended."""

    def __init__(self, limit: int = HISTORY) -> None:
        self.records: deque[Snapshot] = deque(maxlen=limit)
        self.dropped = 0  # records that fell off the front
        self.finished: Finished | None = None

    def add(self, records: Iterable[Snapshot]) -> None:
        for snap in records:
            if len(self.records) == self.records.maxlen:
                self.dropped += 1
            self.records.append(replace(snap, tensors=None, text=None))

    def clear(self) -> None:
        self.records.clear()
        self.dropped = 0
        self.finished = None


def export_stem(folder: str, lab_id: str, now: float | None = None) -> Path:
    """folder/dltui-<lab>-<date>-<time>, made unique if a file of that name exists."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    stem = Path(folder) / f"dltui-{lab_id}-{stamp}"
    n = 1
    while any(stem.with_suffix(s).exists() for s in (".csv", ".jsonl", ".svg")):
        n += 1
        stem = Path(folder) / f"dltui-{lab_id}-{stamp}-{n}"
    return stem


def write_metrics(history: RunHistory, stem: Path) -> list[Path]:
    """stem.csv and stem.jsonl, in `dltui run`'s formats. Raises OSError."""
    written = []
    for fmt in ("csv", "jsonl"):
        path = stem.with_suffix(f".{fmt}")
        with open(path, "w", encoding="utf-8", newline="") as out:
            write_records(history.records, history.finished, fmt, out)
        written.append(path)
    return written
