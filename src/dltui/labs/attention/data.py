"""The toy sequence tasks, framed encoder-style: the model reads the whole input x (T tokens out of
V) and predicts, at each position t, the answer's token t.

- reverse: yₜ = x_{T−1−t} (0-based): the answer at t sits at the mirrored position;
- sort: y = the tokens of x in increasing order; the tokens of one sequence are distinct (so the
  source of each answer token is one position, and sorting is a permutation), hence V ≥ T;
- copy: yₜ = xₜ.

`source(task, x)` is, for each position t, the input position the answer comes from: the key a
query should attend to. Held-out sequences: a fixed test set drawn once; training batches never
contain one of its sequences (checked row by row), so test accuracy is on sequences never seen.
"""

from __future__ import annotations

import math

import numpy as np

from ...engine.i18n import tr

TASKS = ("reverse", "sort", "copy")
TEST_SIZE = 256


def sample(task: str, rng: np.random.Generator, n: int, T: int, V: int) -> np.ndarray:
    """(n, T) int64 input sequences for `task`."""
    if task == "sort":
        return np.argsort(rng.random((n, V)), axis=1)[:, :T]  # T distinct tokens out of V
    return rng.integers(0, V, (n, T))


def targets(task: str, x: np.ndarray) -> np.ndarray:
    if task == "reverse":
        return x[:, ::-1].copy()
    if task == "sort":
        return np.sort(x, axis=1)
    return x.copy()


def source(task: str, x: np.ndarray) -> np.ndarray:
    """(n, T): for each query position, the key position holding its answer."""
    n, T = x.shape
    if task == "reverse":
        return np.broadcast_to(np.arange(T)[::-1], (n, T)).copy()
    if task == "sort":
        return np.argsort(x, axis=1, kind="stable")
    return np.broadcast_to(np.arange(T), (n, T)).copy()


def space_size(task: str, T: int, V: int) -> int:
    """How many different input sequences the task has."""
    return math.perm(V, T) if task == "sort" else V**T


def test_size(task: str, T: int, V: int) -> int:
    """Held-out sequences: TEST_SIZE, or a quarter of a small task's sequences."""
    return max(1, min(TEST_SIZE, space_size(task, T, V) // 4))


class Tasks:
    """A task's fixed held-out set and its training batches that avoid it."""

    def __init__(self, task: str, T: int, V: int, rng: np.random.Generator):
        self.task, self.T, self.V = task, T, V
        n = test_size(task, T, V)
        seen: set[bytes] = set()
        rows: list[np.ndarray] = []
        while len(rows) < n:  # distinct held-out sequences
            for row in sample(task, rng, n, T, V):
                key = row.astype(np.uint8).tobytes()
                if key not in seen and len(rows) < n:
                    seen.add(key)
                    rows.append(row)
        self.x_test = np.array(rows)
        self.y_test = targets(task, self.x_test)
        self._held_out = seen

    def batch(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        x = sample(self.task, rng, n, self.T, self.V)
        for i in range(n):
            while x[i].astype(np.uint8).tobytes() in self._held_out:
                x[i] = sample(self.task, rng, 1, self.T, self.V)[0]
        return x, targets(self.task, x)


def parse_sequence(text: str) -> list[int]:
    """The learner's tokens: whole numbers separated by spaces or commas ("" = none)."""
    items = text.replace(",", " ").split()
    out = []
    for item in items:
        try:
            out.append(int(item))
        except ValueError:
            raise ValueError(tr("{item} is not a whole number", item=repr(item))) from None
    return out
