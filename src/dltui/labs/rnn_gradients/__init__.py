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

This `__init__` holds the contract (parameters, cross-field check, parts, LAB). The parts:
through_time (train and gates: the loop, its records, their views), counts (params); the
concerns beside them: model (the cells, the task, parameter counts), train (one training step,
gradient norms, the explosion rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...backend.optim import OPTIMIZERS
from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.numfmt import thousands
from ...engine.params import Param, ParamError
from . import counts, through_time
from . import model as M

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
            tr(
                "batch × seq_len × hidden = {work} is too big to train live; allowed: ≤ "
                "{most} (lower batch, seq_len or hidden)",
                work=thousands(work),
                most=thousands(MAX_WORK),
            )
        )


_TRAINING = tuple(p.name for p in PARAMS if p.name != "part")
PARTS = (
    Part("train", through_time.run, through_time.views, _TRAINING),
    Part("gates", through_time.run_gates, through_time.gates_views, _TRAINING),
    Part("params", counts.run, counts.views, ("hidden",)),  # the table only needs the sizes
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
