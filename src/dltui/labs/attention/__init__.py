"""Lab `attention`: attention maps, from the course's two-word example to a transformer learning.

Parts (the `part` choice):
- by-hand: Z = softmax(q·Kᵀ/√d_k)·V for one query and two keys, every product written out (the
  course's 112, 96 → 14, 12 → 0.880797 / 0.119203); `scale` off shows the unscaled softmax;
- mask: a causal mask on a small score matrix, rows renormalised;
- positions: sinusoidal positional encodings, the paper's interleaved layout beside the
  concatenated one the course's figures use, and the similarity PE(p)·PE(p+k);
- transformer: a tiny encoder-style transformer trained live on reverse / sort / copy, each
  head's attention map updating as it learns (see train.py for the metrics);
- params: the parameter count of the learner's model beside the course's (4·512² = 1,048,576).

The model (model.py) runs on MLX and on the NumPy engine, whose attention and layer norm are
coarse primitives with hand-written backward passes (backend/numpy_engine/attention.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.numfmt import thousands
from ...engine.params import Param, ParamError
from .byhand import by_hand_views, mask_views, run_by_hand, run_mask
from .counts import counts_views, run_counts
from .data import TASKS, parse_sequence
from .positions import LAYOUTS, N_POSITIONS, positions_views, run_positions
from .train import run_transformer, transformer_views

MAX_HEADS = 8  # the course's
MAX_WORK = 2_000_000  # batch · seq_len · d_model · layers: what one step may touch and stay live

# By-hand vectors and the mask's scores: up to 64 numbers (the course's d_k), each within ±1000
# (a score of 1000 already makes the softmax one-hot; beyond, nothing new is shown).
_VECTOR: dict[str, Any] = {"low": -1000, "high": 1000, "max_len": 64, "live": True}

PARAMS = (
    Param("part", "transformer", "by-hand: q·k by hand | mask: causal mask | positions: "
          "positional encoding | transformer: train one live | params: parameter counts",
          choices=("by-hand", "mask", "positions", "transformer", "params")),
    # by-hand
    Param("q", (4.0, 4.0, 4.0, 4.0), "by-hand: the query q (stand-in for the course's 64 numbers)",
          **_VECTOR),
    Param("k1", (8.0, 6.0, 8.0, 6.0), "by-hand: key k1 (q·k1 = 112 in the course)", **_VECTOR),
    Param("k2", (6.0, 6.0, 6.0, 6.0), "by-hand: key k2 (q·k2 = 96 in the course)", **_VECTOR),
    Param("v1", (1.0, 0.0, 1.0, 0.0), "by-hand: value v1", **_VECTOR),
    Param("v2", (0.0, 1.0, 0.0, 1.0), "by-hand: value v2", **_VECTOR),
    Param("d_k", 64, "by-hand: d_k in √d_k (the course's 64); 0 = the length of q",
          low=0, high=4096, live=True),
    Param("scale", True, "by-hand: divide the scores by √d_k", live=True),
    # mask
    Param("scores", (2.0, 1.0, 0.0, 1.0, 2.0, 1.0, 0.0, 1.0, 2.0),
          "mask: the score matrix, n² numbers row by row (n ≤ 8)", **_VECTOR),
    # positions
    Param("layout", "interleaved", "positions: which layout `pe` and the similarity use",
          choices=LAYOUTS, live=True),
    Param("d", 4, "positions: encoding dimension d (even)", low=2, high=128, live=True),
    Param("position", 1, "positions: the cursor's position p", low=0, high=N_POSITIONS - 1,
          live=True),
    # transformer
    Param("task", "reverse", "the toy task: reverse the input, sort it, or copy it",
          choices=TASKS),
    Param("seq_len", 8, "sequence length T", low=2, high=16),
    Param("vocab", 8, "vocabulary size V (tokens 0 … V−1)", low=2, high=64),
    Param("layers", 1, "transformer layers", low=1, high=4),
    Param("heads", 2, "attention heads per layer (the course uses 8)", low=1, high=MAX_HEADS),
    Param("d_model", 32, "model width d_model (d_k = d_model / heads)", low=4, high=128),
    Param("causal", False, "causal mask: position t may only look at inputs 1…t"),
    Param("positions", "learned", "position encoding added to the tokens",
          choices=("learned", "sinusoidal")),
    Param("lr", 0.003, "Adam's learning rate", low=0, low_open=True, high=10, live=True),
    Param("batch", 64, "sequences per training step", low=1, high=1024),
    Param("show_layer", 1, "the layer whose heads are shown", low=1, high=4, live=True),
    Param("sequence", "", "your own input, e.g. 3 1 4 1 5 7 2 6 (empty: a held-out one)",
          live=True, max_len=200),
)  # fmt: skip


def _same_length(config: Mapping[str, Any], names: tuple[str, ...]) -> None:
    lengths = {n: len(config[n]) for n in names}
    if len(set(lengths.values())) > 1:
        got = ", ".join(tr("{name} has {n}", name=name, n=n) for name, n in lengths.items())
        raise ParamError(
            tr(
                "{last}: {names} must have the same length; {got}",
                last=names[-1],
                names=", ".join(names),
                got=got,
            )
        )


def _check_sequence(config: Mapping[str, Any]) -> None:
    try:
        tokens = parse_sequence(config["sequence"])
    except ValueError as exc:
        raise ParamError(
            tr("sequence: {why}; expected {T} tokens", why=exc, T=config["seq_len"])
        ) from None
    if not tokens:
        return
    T, V = config["seq_len"], config["vocab"]
    if len(tokens) != T:
        raise ParamError(
            tr(
                "sequence: {n} tokens, but seq_len is {T}; type {T} tokens, or clear it",
                n=len(tokens),
                T=T,
            )
        )
    bad = [t for t in tokens if not 0 <= t < V]
    if bad:
        raise ParamError(
            tr("sequence: token {t} is outside the vocabulary 0 … {last}", t=bad[0], last=V - 1)
        )
    if config["task"] == "sort" and len(set(tokens)) < T:
        raise ParamError(tr("sequence: sort's tokens are distinct in this lab; one repeats"))


def check(config: Mapping[str, Any]) -> None:
    _same_length(config, ("q", "k1", "k2"))
    _same_length(config, ("v1", "v2"))
    n = math.isqrt(len(config["scores"]))
    if n * n != len(config["scores"]) or n > 8:
        raise ParamError(
            tr(
                "scores: {n} numbers is not a square matrix; give n² numbers row by row "
                "(4, 9, 16, … up to 64)",
                n=len(config["scores"]),
            )
        )
    if config["d"] % 2:
        raise ParamError(
            tr("d: {d} is odd; a sinusoidal encoding pairs sin and cos", d=config["d"])
        )
    d, h = config["d_model"], config["heads"]
    if d % h:
        raise ParamError(
            tr(
                "heads: {h} does not divide d_model = {d}; each head gets d_model / heads columns",
                h=h,
                d=d,
            )
        )
    if config["positions"] == "sinusoidal" and d % 2:
        raise ParamError(tr("d_model: {d} is odd; sinusoidal positions need an even d_model", d=d))
    T, V = config["seq_len"], config["vocab"]
    if config["task"] == "sort" and V < T:
        raise ParamError(
            tr(
                "vocab: sort draws {T} distinct tokens, so it needs vocab ≥ seq_len = {T}; got {V}",
                T=T,
                V=V,
            )
        )
    if config["show_layer"] > config["layers"]:
        raise ParamError(
            tr(
                "show_layer: {shown} but the model has {layers} layer(s)",
                shown=config["show_layer"],
                layers=config["layers"],
            )
        )
    work = config["batch"] * T * d * config["layers"]
    if work > MAX_WORK:
        raise ParamError(
            tr(
                "batch × seq_len × d_model × layers = {work} is too big to train live; "
                "allowed: ≤ {most}",
                work=thousands(work),
                most=thousands(MAX_WORK),
            )
        )
    _check_sequence(config)


_MODEL = ("task", "seq_len", "vocab", "layers", "heads", "d_model", "causal", "positions")
PARTS = (
    Part("by-hand", run_by_hand, by_hand_views, ("q", "k1", "k2", "v1", "v2", "d_k", "scale"),
         interactive=True),
    Part("mask", run_mask, mask_views, ("scores",), interactive=True),
    Part("positions", run_positions, positions_views, ("layout", "d", "position"),
         interactive=True, nudges=(("left", "position", -1), ("right", "position", 1),
                                   ("down", "d", -2), ("up", "d", 2))),
    Part("transformer", run_transformer, transformer_views,
         (*_MODEL, "lr", "batch", "show_layer", "sequence")),
    Part("params", run_counts, counts_views, ("vocab", "seq_len", "layers", "heads", "d_model",
                                              "positions")),
)  # fmt: skip

LAB = LabSpec(
    id="attention",
    title="Attention maps",
    chapter="5. Sequences",
    summary="q·k by hand, masks, positions, and a transformer whose heads learn to reverse",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=2,
    default_steps=300,
)
