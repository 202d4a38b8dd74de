"""Lab `rnn-gradients`: the vanishing (and exploding) gradient through time, RNN vs LSTM vs GRU.

The task needs long memory: label = the FIRST of T random symbols, read from the LAST hidden state
(see model). Each training step measures ‖∂L/∂hₜ‖ for every t (a zero probe added to each
hₜ; its gradient is the total gradient reaching hₜ) and the screen stacks those profiles into a
heatmap: time steps across, training steps up, one per cell on one shared log colour scale.

Parts: `train` (the three cells, or one, side by side), `gates` (an LSTM training, with its
forget/input/output gates along one sequence) and `params` (the course's parameter-count table,
recomputed from the shapes our model builds). Headless with one cell, records carry `loss`,
`accuracy`, `reach` (‖∂L/∂h₁‖ / ‖∂L/∂h_T‖), `grad_norm` (the weights' gradient, before clipping)
and, at report steps, `grad_norms` (T values, oldest first); the heatmap `gn_map` (training
steps × T) comes with the last record. With cell = all every name gets the cell as a suffix
(`loss_lstm`, `grad_norms_rnn`, …) and `loss`/`accuracy` are the means over the three cells.
A step whose update explodes yields its record (heatmap included) and ends the run: diverged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.optim import OPTIMIZERS
from ...engine.lab import Diverged, LabSpec, Part, Record, RunContext
from ...engine.params import Param, ParamError
from . import model as M
from . import views as W
from .train import Learner, StepResult, make_learner, train_step

MAX_SEQ_LEN = 300
MAX_WORK = 4_000_000  # batch · seq_len · hidden: what one step may touch and stay live

PARAMS = (
    Param("part", "train", "train: gradients through time | gates: the LSTM's gates | "
          "params: parameter counts", choices=("train", "gates", "params")),
    Param("cell", "all", "the cell to train; all = rnn, lstm and gru side by side, same data",
          choices=("all", *M.CELLS)),
    Param("seq_len", 50, "sequence length T: the answer lies T − 1 steps back",
          low=2, high=MAX_SEQ_LEN),
    Param("hidden", 32, "hidden units H per cell", low=1, high=256),
    Param("init", "orthogonal", "recurrent weights Wh at the start: orthogonal (Keras' default), "
          "normal N(0, 1/H) or identity", choices=M.INITS),
    Param("w_scale", 1.0, "multiplies Wh at the start; about 2.5 and above, gradients explode",
          low=0, high=10),
    Param("memory_bias", 4.0, "start bias of the gate that keeps memory (LSTM forget, GRU "
          "update); ln T is a good start, Keras uses 1 for the LSTM", low=-10, high=10),
    Param("optimizer", "adam", "update rule (sgd shows explosions that adam's scaling hides)",
          choices=OPTIMIZERS),
    Param("lr", 0.01, "learning rate", low=0, low_open=True, high=10, live=True),
    Param("clip", 1.0, "clip the gradient's global norm to this value; 0 = off",
          low=0, high=1e6, live=True),
    Param("batch", 32, "sequences per training step", low=1, high=512),
)  # fmt: skip


def check(config: Mapping[str, Any]) -> None:
    work = config["batch"] * config["seq_len"] * config["hidden"]
    if work > MAX_WORK:
        raise ParamError(
            f"batch × seq_len × hidden = {work:,} is too big to train live; allowed: ≤ "
            f"{MAX_WORK:,} (lower batch, seq_len or hidden)"
        )


def _counts(ctx: RunContext) -> Iterator[Record]:
    D, H = M.INPUTS, ctx.config["hidden"]
    yield Record(1, {}, {"param_counts": W.count_rows(D, H)}, text={"counts": W.counts_text(D, H)})


def _train(ctx: RunContext, gates: bool) -> Iterator[Record]:
    B, config, rng = ctx.backend, ctx.config, ctx.rng
    cells = W.cells_of(config)
    learners = [make_learner(B, c, dict(config), rng) for c in cells]
    T, N, H = config["seq_len"], config["batch"], config["hidden"]
    probe = B.zeros((N, T, H))  # zeros: its gradient is ∂L/∂hₜ; never changes, so made once
    x_show, y_show = M.batch(rng, 1, T)  # the gate inspector's sequence
    t_axis = np.arange(1, T + 1, dtype=np.float64)
    for step in ctx.steps():
        x, y = (B.array(a) for a in M.batch(rng, N, T))
        lr, clip = ctx.live["lr"], ctx.live["clip"]
        results = {ln.cell: train_step(B, lr, clip, ln, x, y, probe) for ln in learners}
        exploded = [r.exploded for r in results.values() if r.exploded]
        tensors = None
        if exploded or ctx.want_snapshot(step):
            # Headless, the history maps (all steps so far) ride on the last record only: each
            # report step's profile is already one of their rows, and JSONL stays small.
            last = ctx.max_steps is not None and step >= ctx.max_steps
            maps = not ctx.headless or last or bool(exploded)
            tensors = _norm_tensors(learners, results, config, t_axis, maps)
            if gates:
                tensors.update(_gate_tensors(B, learners[0], x_show, t_axis))
        text = None
        if tensors is not None:
            note = _gate_note(B, learners[0], x_show, y_show) if gates else ""
            text = {"note": note or W.reading(results, step)}
        yield Record(step, _metrics(results, config), tensors, text)
        if exploded:
            raise Diverged(
                f"the update exploded at step {step}: {exploded[0]}. Every unit saturates and "
                "learning stops. Clip the gradient (clip = 1), or lower w_scale or lr, and restart."
            )


def _metrics(results: Mapping[str, StepResult], config: Mapping[str, Any]) -> dict:
    out: dict[str, float] = {}
    for cell, r in results.items():
        s = W.suffix(cell, config)
        reach = r.norms[0] / r.norms[-1] if r.norms[-1] > 0 else 0.0
        out |= {f"loss{s}": r.loss, f"accuracy{s}": r.accuracy, f"reach{s}": reach}
        out[f"grad_norm{s}"] = r.grad_norm
    if len(results) > 1:  # the runner watches `loss` for blow-ups: the mean catches any cell's
        out["loss"] = float(np.mean([r.loss for r in results.values()]))
        out["accuracy"] = float(np.mean([r.accuracy for r in results.values()]))
    # A non-finite value ends the run through Diverged with the explosion's own explanation.
    return {k: v for k, v in out.items() if np.isfinite(v)}


def _norm_tensors(learners: list[Learner], results, config, t_axis, maps: bool) -> dict:
    tensors: dict[str, Any] = {"t_axis": t_axis}
    for ln in learners:
        tensors[f"grad_norms{W.suffix(ln.cell, config)}"] = results[ln.cell].norms  # (T,)
    if maps:
        fields = {ln.cell: ln.history.field() for ln in learners}  # (rows, T) each
        tensors |= {f"gn_map{W.suffix(c, config)}": f for c, f in fields.items()}
        tensors["gn_extent"] = learners[0].history.extent()
        tensors["gn_vlim"] = W.shared_vlim(list(fields.values()))
    return tensors


def _gate_tensors(B, learner: Learner, x_show, t_axis) -> dict:
    g = B.to_numpy(M.lstm_gates(B, learner.params, B.array(x_show)))[0]  # (T, 3, H): f, i, o
    order = np.argsort(g[:, 0].mean(axis=0))  # units by forget gate: the memory units on top
    T, H = g.shape[0], g.shape[2]
    out = {f"gate_{k}": g[:, j, order].T for j, k in enumerate("fio")}  # (H, T)
    out |= {f"gate_{k}_mean": g[:, j].mean(axis=1) for j, k in enumerate("fio")}
    out["gate_extent"] = np.array([0.5, T + 0.5, 0.5, H + 0.5])
    out["gate_vlim"] = np.array([0.0, 1.0])
    out["t_axis"] = t_axis
    return out


def _gate_note(B, learner: Learner, x_show, y_show) -> str:
    """Which symbol the shown sequence starts with and what the LSTM answers, for the text."""
    loss_fn = M.make_loss(B, "lstm")
    N, T = x_show.shape[:2]
    H = learner.params["Wh"].shape[0]
    tree = {"p": learner.params, "probe": B.zeros((N, T, H))}
    _, logits = loss_fn(tree, B.array(x_show), B.array(y_show))
    z = B.to_numpy(logits)[0].astype(np.float64)
    p = np.exp(z - z.max())
    p /= p.sum()
    return (
        f"The sequence starts with symbol {int(y_show[0])}; the LSTM answers {int(p.argmax())} "
        f"(p = {p.max():.2f}).\nRows: units, sorted by mean forget gate (memory units on top).\n"
        "Colour: 0 = closed, 1 = open."
    )


_TRAINING = tuple(p.name for p in PARAMS if p.name != "part")
PARTS = (
    Part("train", lambda ctx: _train(ctx, gates=False), W.views, _TRAINING),
    Part("gates", lambda ctx: _train(ctx, gates=True), W.views, _TRAINING),
    Part("params", _counts, W.views, ("hidden",)),  # the table only needs the sizes
)

LAB = LabSpec(
    id="rnn-gradients",
    title="The vanishing gradient through time",
    chapter="5. Sequences",
    summary="the simple RNN's gradient dies within a few steps; the LSTM's carries, and it learns",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=1,
    default_steps=300,
)
