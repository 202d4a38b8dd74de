"""Events the runner emits: small frozen facts, NumPy only (the UI never sees an MLX array)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Snapshot:
    """One record, converted: metrics are floats, tensors NumPy arrays."""

    step: int
    metrics: dict[str, float]
    tensors: dict[str, np.ndarray] | None = None
    text: dict[str, str] | None = None


@dataclass(frozen=True)
class Progress:
    """A batch of records. Metrics of every record are kept; tensors only on the last that had
    them (latest wins), so a slow screen never queues stale pictures."""

    run_id: int
    records: tuple[Snapshot, ...]


@dataclass(frozen=True)
class Finished:
    run_id: int
    reason: str  # "done" | "stopped" | "diverged" | "error"
    step: int
    message: str = ""


Event = Progress | Finished


def to_jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value
