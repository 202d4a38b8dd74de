"""Shared benchmark plumbing: a case is one model's training step on each framework."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchCase:
    name: str
    make_ours: Callable[[object], Callable[[], None]]  # backend -> step()
    make_torch: Callable[[], Callable[[], None]] | None = None


def steps_per_second(step: Callable[[], None], min_seconds: float = 1.0, warmup: int = 3) -> float:
    """Run `step` until `min_seconds` have passed (after a warm-up) and return steps per second."""
    for _ in range(warmup):
        step()
    count, start = 0, time.perf_counter()
    while True:
        step()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return count / elapsed
