"""The parts that walk a window over an input: by-hand, cross-correlation, pooling, multichannel.

For each: the config read into a walk (`walk_builder`, which refuses what cannot be computed, with
the reason: the lab's `check` calls it), the part's `run` (the interactive driver in `play`) and
its views. The walk itself, cell by cell, is computed in `walk`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.params import ParamError
from .data import (
    CROSS,
    EXERCISE_INPUT,
    MULTI_B,
    MULTI_W,
    MULTI_X,
    POOL_INPUT,
    XCORR_INPUT,
    XCORR_KERNEL,
    need_odd,
    parse_matrix,
    parse_pair,
    shape_text,
)
from .play import play
from .walk import Walk, conv_walk, multi_walk, pool_walk

MAX_SIDE = 12  # typed matrices: every number must fit on screen

# What each part reads, so a change elsewhere does not restart its walk.
USES = {
    "by-hand": frozenset({"input", "kernel", "border"}),
    "cross-correlation": frozenset({"input", "kernel", "padding", "stride"}),
    "pooling": frozenset({"input", "window", "stride"}),
    "multichannel": frozenset({"padding", "stride"}),
}


def _stride_why() -> str:
    return tr("the window must move by at least one cell")


def _matrix(config: Mapping[str, Any], name: str, example: list, max_side: int) -> np.ndarray:
    text = config[name]
    if not text.strip():
        return np.array(example, dtype=np.float64)
    return parse_matrix(text, name, max_side)


def _fits(x: np.ndarray, k: np.ndarray, what: str = "kernel") -> None:
    if k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        raise ParamError(
            tr(
                "{what}: {k} is larger than the {x} input; it must fit inside it",
                what=what,
                k=shape_text(k.shape),
                x=shape_text(x.shape),
            )
        )


def _padding(config: Mapping[str, Any], x_shape: tuple[int, ...], default: int):
    ph, pw = parse_pair(config["padding"], "padding", default, 0, tr("padding is ≥ 0"))
    if ph > x_shape[0] or pw > x_shape[1]:
        raise ParamError(
            tr(
                "padding: {ph},{pw} rings is more padding than the {shape} input; at most {h},{w}",
                ph=ph,
                pw=pw,
                shape=shape_text(x_shape),
                h=x_shape[0],
                w=x_shape[1],
            )
        )
    return ph, pw


def walk_builder(config: Mapping[str, Any]) -> Callable[[Any], Walk]:
    """Check the config for a walking part and return `backend -> Walk` (ParamError if bad)."""
    part = config["part"]
    if part == "multichannel":
        x, w = np.array(MULTI_X, float), np.array(MULTI_W, float)  # (3, 5, 5), (2, 3, 3, 3)
        pad = _padding(config, x.shape[1:], 1)
        stride = parse_pair(config["stride"], "stride", 2, 1, _stride_why())
        return lambda B: multi_walk(B, x, w, np.array(MULTI_B), pad, stride)
    if part == "pooling":
        x = _matrix(config, "input", POOL_INPUT, MAX_SIDE)
        size = parse_pair(config["window"], "window", 2, 1, tr("a window has at least one cell"))
        _fits(x, np.empty(size), "window")
        stride = parse_pair(config["stride"], "stride", 0, 1, _stride_why())
        stride = stride if config["stride"].strip() else size
        return lambda B: pool_walk(B, x, size, stride)
    by_hand = part == "by-hand"
    x = _matrix(config, "input", EXERCISE_INPUT if by_hand else XCORR_INPUT, MAX_SIDE)
    k = _matrix(config, "kernel", CROSS if by_hand else XCORR_KERNEL, MAX_SIDE)
    _fits(x, k)
    if not by_hand:
        pad = _padding(config, x.shape, 0)
        stride = parse_pair(config["stride"], "stride", 1, 1, _stride_why())
        return lambda B: conv_walk(B, x, k, pad, stride)
    border = config["border"]
    if border != "valid":
        need_odd(k, border)
    pad = (k.shape[0] // 2, k.shape[1] // 2) if border == "zero" else (0, 0)
    return lambda B: conv_walk(B, x, k, pad, (1, 1), keep=border == "keep")


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    return play(ctx, lambda cfg: walk_builder(cfg)(B), USES[ctx.config["part"]])


_ANSWER = V.Text("your answer", "feedback")


def multichannel_views(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            tuple(
                V.Matrix(tr("x{c}: channel {c}, padded", c=c), f"x{c}", "window") for c in (0, 1, 2)
            ),
            10,  # weights in screen rows at 120×40: a 7×7 matrix needs 10
        ),
        V.Row(
            tuple(
                V.Matrix(tr("filter, channel {c}", c=c), f"w{c}", signed=True) for c in (0, 1, 2)
            ),
            6,
        ),
        V.Text("channel by channel, then the bias", "cell", weight=7),
        V.Row(
            (
                V.Matrix("output 0 (W0, b0 = 1)", "out0", signed=True),
                V.Matrix("output 1 (W1, b1 = 0)", "out1", signed=True),
            ),
            weight=6,
        ),
        V.Row((_ANSWER, V.Text("parameters", "formula")), weight=7),
    ]


def views(config: Mapping[str, Any]) -> list:
    if config["part"] == "pooling":
        top = (
            V.Matrix("input", "input", "window"),
            V.Matrix("max pool", "max_shown"),
            V.Matrix("average pool", "avg_shown"),
        )
    else:
        top = (
            V.Matrix("input", "input", "window"),
            V.Matrix("kernel", "kernel", signed=True),
            V.Matrix("output", "shown", signed=True),
        )
    return [
        V.Row(top, weight=3),
        V.Text("the window", "cell", weight=1),
        V.Row((_ANSWER, V.Text("output size", "formula")), weight=2),
    ]
