"""Training the rnn-gradients cells: one step, the gradient-norm history, the explosion check.

Every step also measures ‖∂L/∂hₜ‖ for each t: the model adds a zero "probe" to each hidden state
and the probe's gradient — computed in the same backward pass as the weights' — is the total
gradient reaching hₜ through time. Both backends do it the same way, so the heatmaps agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...backend.optim import Optimizer
from ...backend.tree import flatten, tree_map
from ...engine import divergence
from ...engine.i18n import tr
from . import model as M

# One update moving the weights by more than this many times their own size is an explosion:
# every tanh unit saturates, its gradient becomes exactly 0, and the network never learns again.
HISTORY_ROWS = 128  # heatmap rows kept; older steps are merged in pairs to make room


class NormHistory:
    """log10 ‖∂L/∂hₜ‖ per training step, at most HISTORY_ROWS rows spanning the whole run.

    When full, neighbouring rows merge (geometric mean) and each row then stands for twice as
    many steps, so memory stays bounded however long the app trains.
    """

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.stride = 1  # training steps per row
        self._pending: list[np.ndarray] = []
        self.steps = 0

    def add(self, norms: np.ndarray) -> None:
        with np.errstate(divide="ignore", invalid="ignore"):
            self._pending.append(np.log10(np.asarray(norms, np.float64)))
        self.steps += 1
        if len(self._pending) == self.stride:
            self.rows.append(np.mean(self._pending, axis=0))
            self._pending = []
        if len(self.rows) == HISTORY_ROWS:
            pairs = np.asarray(self.rows).reshape(HISTORY_ROWS // 2, 2, -1)
            self.rows = list(pairs.mean(axis=1))
            self.stride *= 2

    def field(self) -> np.ndarray:
        """(rows, T) norms, oldest training step in row 0 (the bottom of the heatmap)."""
        rows = self.rows + ([np.mean(self._pending, axis=0)] if self._pending else [])
        return np.power(10.0, np.asarray(rows))

    def extent(self) -> np.ndarray:
        """(x0, x1, y0, y1): time steps 1…T across, training steps 1…now up."""
        T = len(self.rows[0]) if self.rows else len(self._pending[0])
        return np.array([0.5, T + 0.5, 0.5, self.steps + 0.5])


@dataclass
class Learner:
    """One cell being trained: its parameters, optimizer state and gradient history."""

    cell: str
    params: dict
    opt: Optimizer
    state: dict
    loss_and_grad: Any
    history: NormHistory = field(default_factory=NormHistory)


@dataclass
class StepResult:
    loss: float
    accuracy: float
    norms: np.ndarray  # (T,) ‖∂L/∂hₜ‖, oldest first
    grad_norm: float  # the weights' gradient, before clipping
    exploded: str = ""  # why the step counts as an explosion, or ""


def make_learner(B: Backend, cell: str, config: dict, rng: np.random.Generator) -> Learner:
    init = M.init_params(
        cell,
        M.INPUTS,
        config["hidden"],
        M.SYMBOLS,
        rng,
        init=config["init"],
        scale=config["w_scale"],
        memory_bias=config["memory_bias"],
    )
    params = {k: B.array(v) for k, v in init.items()}
    opt = Optimizer(config["optimizer"], config["lr"], B)
    return Learner(cell, params, opt, opt.init(params), B.value_and_grad(M.make_loss(B, cell)))


def _sum_squares(B: Backend, tree: Any) -> float:
    leaves, _ = flatten(tree)
    total = None
    for leaf in leaves:
        s = B.sum(B.square(leaf))
        total = s if total is None else total + s
    return float(B.to_numpy(total))


def train_step(B: Backend, lr: float, clip: float, learner: Learner, x, y, probe) -> StepResult:
    """One update of one cell on the batch (x, y); clip > 0 rescales the gradient's norm."""
    (loss, logits), grads = learner.loss_and_grad({"p": learner.params, "probe": probe}, x, y)
    g_probe = grads["probe"]  # (N, T, H): ∂L/∂hₜ, total through time
    norms = B.to_numpy(B.sqrt(B.sum(B.square(g_probe), axis=(0, 2)))).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        grad_norm = math.sqrt(_sum_squares(B, grads["p"]))
    g = grads["p"]
    if clip > 0 and grad_norm > clip:
        g = tree_map(lambda v: v * (clip / grad_norm), g)
    old = learner.params
    learner.opt.lr = lr
    learner.params, learner.state = learner.opt.update(old, g, learner.state)
    B.eval(learner.params, learner.state)
    loss = float(B.to_numpy(loss))
    predicted = np.argmax(B.to_numpy(logits), axis=1)
    accuracy = float(np.mean(predicted == B.to_numpy(y)))
    learner.history.add(norms)
    exploded = _explosion(B, old, learner, grad_norm, loss)
    return StepResult(loss, accuracy, norms, grad_norm, exploded)


def _explosion(B: Backend, old: dict, learner: Learner, grad_norm: float, loss: float) -> str:
    """Why this update counts as an explosion (the gradient or the loss overflowed, or the
    weights moved more than divergence.UPDATE_RATIO times their size), or "" if it does not."""
    with np.errstate(over="ignore", invalid="ignore"):
        moved = _sum_squares(B, tree_map(lambda a, b: a - b, learner.params, old))
        size = _sum_squares(B, old)
    name = tr(M.CELL_NAMES[learner.cell])
    if not divergence.finite((grad_norm, moved)):
        return tr("{cell}: the gradient norm overflowed to {norm:.3g}", cell=name, norm=grad_norm)
    if not math.isfinite(loss):
        return tr("{cell}: the loss became {loss}", cell=name, loss=loss)
    ratio = math.sqrt(moved / max(size, 1e-30))
    if ratio > divergence.UPDATE_RATIO:
        return tr(
            "{cell}: the gradient norm reached {norm:.3g} and one update moved the weights "
            "{ratio:.3g} times their own size",
            cell=name,
            norm=grad_norm,
            ratio=ratio,
        )
    return ""
