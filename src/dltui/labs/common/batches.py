"""Mini-batches, written once for the labs that train on rows of a data set.

A fresh permutation each epoch; the size may change between calls (batch size is a live knob);
a size ≥ the rows means the whole set. The generator is the run's (`ctx.rng`), so a seed gives the
same batches on every backend.
"""

from __future__ import annotations

import numpy as np


class MiniBatches:
    """Row indices of shuffled mini-batches over `n` rows.

    `shuffle_now`: draw the first permutation at once (the perceptron's playground draws it before
    the weights) or only when the first mini-batch is asked for (gradient descent, whose full-batch
    runs draw nothing). Either way the same seed gives the same batches.
    """

    def __init__(self, n: int, rng: np.random.Generator, *, shuffle_now: bool = True):
        self.n, self.rng = n, rng
        if shuffle_now:
            self.order, self.pos = rng.permutation(n), 0
        else:
            self.order, self.pos = np.arange(n), n  # the first mini-batch shuffles
        self.epoch = 0.0  # epochs seen so far
        self.rows = n  # rows in the last batch

    def next(self, size: int) -> np.ndarray | None:
        """Row indices (size,) of the next mini-batch, or None for the whole set (size ≥ n)."""
        size = min(int(size), self.n)
        if size >= self.n:
            self.epoch += 1.0
            self.rows = self.n
            return None
        if self.pos + size > self.n:
            self.order, self.pos = self.rng.permutation(self.n), 0
        idx = self.order[self.pos : self.pos + size]
        self.pos += size
        self.epoch += size / self.n
        self.rows = size
        return idx

    def indices(self, size: int) -> np.ndarray:
        """As `next`, with the whole set as indices 0..n−1."""
        idx = self.next(size)
        return np.arange(self.n) if idx is None else idx
