"""One network in training: weights, optimizer, mini-batches, and its scores on the test set.

Shared by the training part and the CNN-vs-MLP race. A step is one optimizer update on one
mini-batch; learning rate, optimizer, L2, dropout and batch size are read live each step. The
test set is scored in full every EVAL_EVERY steps (and at the first and last step): accuracy,
loss, the confusion matrix and the most confidently misclassified digits.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...engine.lab import RunContext
from . import model as M
from .data import Digits

EVAL_EVERY = 50  # steps between two scorings of the whole test set
RUNNING = 50  # the train accuracy shown is the mean over the last RUNNING batches


class Batches:
    """Mini-batch indices: a fresh permutation each epoch, any batch size at any step."""

    def __init__(self, n: int, rng: np.random.Generator):
        self.n, self.rng = n, rng
        self.order = rng.permutation(n)
        self.pos = 0
        self.seen = 0  # examples drawn so far (for the epoch count)

    def next(self, size: int) -> np.ndarray:
        size = min(size, self.n)
        if self.pos + size > self.n:
            self.order, self.pos = self.rng.permutation(self.n), 0
        idx = self.order[self.pos : self.pos + size]
        self.pos += size
        self.seen += size
        return idx

    @property
    def epoch(self) -> float:
        return self.seen / self.n


@dataclass
class Scores:
    """The test set's verdict at one step."""

    step: int
    loss: float
    accuracy: float
    probs: np.ndarray  # (N, 10)
    pred: np.ndarray  # (N,)
    confusion: np.ndarray = field(default_factory=lambda: np.zeros((10, 10), np.float32))


class Trainer:
    def __init__(
        self,
        B: Backend,
        arch: M.Arch,
        act: str,
        digits: Digits,
        ctx: RunContext,
        batches: Batches | None = None,
    ):
        self.B, self.arch, self.act, self.digits = B, arch, act, digits
        self.params = M.to_backend(B, M.init_params(arch, ctx.rng))
        self.batches = batches or Batches(len(digits.y_train), ctx.rng)
        self.init_first = self.first_layer()
        self.loss_and_grad = B.value_and_grad(M.make_loss(B, arch, act))
        self.kind = ctx.live["optimizer"]
        self.opt = Optimizer(self.kind, ctx.live["lr"], B)
        self.state = self.opt.init(self.params)
        self.hits: deque[float] = deque(maxlen=RUNNING)
        self.scores: Scores | None = None

    def step(self, idx: np.ndarray, live: dict[str, Any], masks: list | None) -> float:
        """One update on the train images `idx`; returns the batch loss (the accuracy is kept)."""
        B = self.B
        if live["optimizer"] != self.kind:  # a new rule starts from fresh state, same weights
            self.kind = live["optimizer"]
            self.opt = Optimizer(self.kind, live["lr"], B)
            self.state = self.opt.init(self.params)
        self.opt.lr = live["lr"]
        x, y = self.digits.x_train[idx], self.digits.y_train[idx]
        bm = None if masks is None else [B.array(m) for m in masks]
        with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is reported, not warned
            (loss, logits), grads = self.loss_and_grad(
                self.params, B.array(x), B.array(y), bm, live["l2"]
            )
            self.params, self.state = self.opt.update(self.params, grads, self.state)
            B.eval(self.params, self.state)
        self.hits.append(float(np.mean(B.to_numpy(logits).argmax(axis=1) == y)))
        return float(B.to_numpy(loss))

    @property
    def epoch(self) -> float:
        return self.batches.epoch

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.hits)) if self.hits else 0.0

    def evaluate(self, step: int) -> Scores:
        d = self.digits
        with np.errstate(over="ignore", invalid="ignore"):
            probs = M.predict(self.B, self.arch, self.act, self.params, d.x_test)
        pred = probs.argmax(axis=1)
        p_true = probs[np.arange(len(d.y_test)), d.y_test]
        loss = float(-np.mean(np.log(np.maximum(p_true, 1e-12))))
        confusion = np.zeros((10, 10), np.float32)
        np.add.at(confusion, (d.y_test, pred), 1)
        self.scores = Scores(step, loss, float(np.mean(pred == d.y_test)), probs, pred, confusion)
        return self.scores

    def first_layer(self) -> np.ndarray:
        """The first layer's weights as pictures: conv kernels (F, KH, KW, C), or for an MLP the
        first 16 hidden units' input weights reshaped to the image (16, H, W, C)."""
        B = self.B
        if self.arch.convs:
            return B.to_numpy(self.params["conv_w"][0]).copy()
        h, w, c = self.arch.input_shape
        W = B.to_numpy(self.params["W"][0])  # (H·W·C, units)
        units = min(16, W.shape[1])
        return W[:, :units].T.reshape(units, h, w, c).copy()

    def mistakes(self, count: int = 8) -> list[tuple[int, int, int, float]]:
        """The most confidently misclassified test digits: (index, true, predicted, p(predicted))."""
        s = self.scores
        if s is None:
            return []
        y = self.digits.y_test
        wrong = np.flatnonzero(s.pred != y)
        conf = s.probs[wrong, s.pred[wrong]]
        order = wrong[np.argsort(-conf, kind="stable")][:count]
        return [(int(i), int(y[i]), int(s.pred[i]), float(s.probs[i, s.pred[i]])) for i in order]

    def all_finite(self) -> bool:
        B = self.B
        return all(np.isfinite(B.to_numpy(w)).all() for w in (*self.params["W"],))


def due_for_eval(ctx: RunContext, step: int) -> bool:
    last = ctx.max_steps is not None and step >= ctx.max_steps
    paused = not ctx.run_event.is_set()  # stepping with `n`: every step is worth a score
    return step == 1 or step % EVAL_EVERY == 0 or last or paused
