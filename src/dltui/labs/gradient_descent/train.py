"""Training machinery shared by every model of the lab: batches, live optimizer, divergence.

`Sampler` decides which rows the next update sees: `gd` always takes the whole training part
(that is what gradient descent means); `sgd`, `momentum` and `adam` take shuffled mini-batches
of `batch_size` rows, reshuffled every epoch with the run's generator (so both backends see the
same batches). A batch size at least the training part's size means the full batch.

`Trainer` holds one model's parameters and optimizer state. The learning rate and the update
rule are read every step, so they change live; switching the rule starts its state afresh.
"""

from __future__ import annotations

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...engine import divergence
from ..common.batches import MiniBatches
from .data import Data
from .models import GDModel


class Sampler(MiniBatches):
    """The lab's mini-batches (labs/common/batches.py): `gd` always takes the whole training
    part; the others take `batch_size` rows (all of them when it is ≥ the rows)."""

    def __init__(self, n: int, rng: np.random.Generator):
        super().__init__(n, rng, shuffle_now=False)

    def next(self, kind: str, batch_size: int) -> np.ndarray | None:  # type: ignore[override]
        """Row indices of the next batch (b,), or None for the whole training part."""
        return super().next(self.n if kind == "gd" else batch_size)


class Trainer:
    def __init__(
        self, B: Backend, model: GDModel, data: Data, init: dict[str, np.ndarray], kind: str, lr
    ):
        self.B, self.model, self.data = B, model, data
        self.dtype = "float64" if model.precise and B.info.device == "cpu" else "float32"
        self.params = {k: B.array(v, self.dtype) for k, v in init.items()}
        self.X = B.array(data.x_train, self.dtype)  # (n, d)
        self.y = B.array(data.y_train, self.dtype)  # (n,)
        self.Xv = B.array(data.x_val, self.dtype)  # (n_val, d)
        self.opt = Optimizer(kind, lr, B)
        self.state = self.opt.init(self.params)
        self._value_and_grad = B.value_and_grad(lambda p, X, y: model.loss(B, p, X, y))

    def step(self, idx: np.ndarray | None, kind: str, lr: float):
        """One update on the rows `idx`; returns (batch loss before it, gradients as NumPy)."""
        B = self.B
        if kind != self.opt.kind:
            self.opt = Optimizer(kind, lr, B)
            self.state = self.opt.init(self.params)
        self.opt.lr = lr
        if idx is None:
            X, y = self.X, self.y
        else:
            X = B.array(self.data.x_train[idx], self.dtype)  # (b, d)
            y = B.array(self.data.y_train[idx], self.dtype)  # (b,)
        loss, grads = self._value_and_grad(self.params, X, y)
        self.params, self.state = self.opt.update(self.params, grads, self.state)
        B.eval(self.params, self.state)
        grads = {k: np.asarray(B.to_numpy(g), dtype=np.float64) for k, g in grads.items()}
        return float(B.to_numpy(loss)), grads

    def loss(self) -> float:
        """The loss over the whole training part, at the current parameters."""
        return float(self.B.to_numpy(self.model.loss(self.B, self.params, self.X, self.y)))

    def predict(self, part: str = "train") -> np.ndarray:
        X = self.X if part == "train" else self.Xv
        return np.asarray(self.B.to_numpy(self.model.predict(self.B, self.params, X)))

    def numpy_params(self) -> dict[str, np.ndarray]:
        return {k: np.asarray(self.B.to_numpy(v), dtype=np.float64) for k, v in self.params.items()}


class Watch:
    """Ends a run whose loss overflowed or grew EARLY_GROWTH× its smallest early value (the
    policy in engine/divergence.py: earlier than the runner, so this lab explains first)."""

    def __init__(self, start_loss: float):
        self.ref = divergence.reference(start_loss)
        self.first = True

    def blown(self, loss: float) -> bool:
        """True when `loss` says the run blew up (the caller raises Diverged with the story)."""
        if divergence.blown(loss, self.ref, divergence.EARLY_GROWTH):
            return True
        if self.first:
            self.ref, self.first = min(self.ref, divergence.reference(loss)), False
        return False


def thin(points: list, keep: int) -> np.ndarray:
    """At most `keep` points of a path, evenly spaced, always with its first and last."""
    idx = np.unique(np.linspace(0, len(points) - 1, min(keep, len(points))).round().astype(int))
    return np.array([points[i] for i in idx])


def r2(y: np.ndarray, pred: np.ndarray) -> float:
    """Coefficient of determination: 1 − SS_res / SS_tot."""
    if len(y) < 2:
        return float("nan")
    total = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - float(np.sum((y - pred) ** 2)) / total if total > 0 else float("nan")
