"""Convolution filters: the course's chapter 3 exercises, by hand, then on real pictures.

Five parts, picked with `part`: the by-hand exercise (a window sliding cell by cell, products and
sum written out, answers checked), cross-correlation with padding and stride (the output-size
formula with the numbers plugged in), max and average pooling side by side, classic filters on
two vendored photographs, and the course's 7×7×3 multichannel example with its parameter count.

Every number comes from the backend's `conv2d` / pooling primitives, the same ones the CNN lab
trains through; the lab only explains them (see `walk`). Matrices are typed as text
("0,1,0;1,1,1;0,1,0"); an empty box means the course's example for the current part, so
switching parts never leaves the learner with an input that makes no sense there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ... import data as vendored
from ...engine import views as V
from ...engine.lab import LabSpec, Part, Record, RunContext
from ...engine.params import Param, ParamError
from .data import (
    CROSS,
    EXERCISE_INPUT,
    FILTERS,
    MULTI_B,
    MULTI_W,
    MULTI_X,
    POOL_INPUT,
    XCORR_INPUT,
    XCORR_KERNEL,
    need_odd,
    parse_answer,
    parse_matrix,
    parse_pair,
    shape_text,
)
from .filters import filter_record, filter_setup
from .play import play, play_static
from .walk import Walk, conv_walk, multi_walk, pool_walk

PARTS_IDS = ("by-hand", "cross-correlation", "pooling", "filters", "multichannel")
BORDERS = ("valid", "zero", "keep")
IMAGES = ("camera", "astronaut")
FILTER_CHOICES = (*FILTERS, "custom")
MAX_SIDE = 12  # typed matrices: every number must fit on screen
MAX_FILTER_SIDE = 15  # a typed kernel for the pictures
MAX_VALUE = 1000  # |a typed matrix entry|: sums stay finite in float32 and fit on screen
MAX_ANSWER = 1e9  # |the answer|: a 12×12 window of ±1000 × ±1000 sums to at most 1.44e8

PARAMS = (
    Param("part", "by-hand", "which part of the lesson", choices=PARTS_IDS),
    Param("input", "", "matrix, rows split by ';' (empty: this part's example)", live=True),
    Param("kernel", "", "kernel, rows split by ';' (empty: the course's)", live=True),
    Param(
        "border",
        "valid",
        "by hand, filters: valid shrinks, zero pads, keep copies the border",
        choices=BORDERS,
        live=True,
    ),
    Param("padding", "", "zero rings: 1 or rows,cols (empty: this part's)", live=True),
    Param("stride", "", "window step: 2 or rows,cols (empty: this part's)", live=True),
    Param("window", "", "pooling window: 2 or rows,cols (empty: 2)", live=True),
    Param("image", "camera", "filters: grey camera, colour astronaut", choices=IMAGES, live=True),
    Param("filter", "vertical-edges", "filters: the kernel", choices=FILTER_CHOICES, live=True),
    Param("plus", "none", "filters: a kernel added to it", choices=("none", *FILTERS), live=True),
    Param(
        "channels",
        "separate",
        "colour: one filter per colour, or one over all three",
        choices=("separate", "together"),
        live=True,
    ),
    Param("answer", "", "your value for the highlighted cell", live=True),
    Param("pace", 0.8, "seconds per step while running", low=0, high=10, live=True),
)

# What each part reads, so a change elsewhere does not restart its walk.
USES = {
    "by-hand": frozenset({"input", "kernel", "border"}),
    "cross-correlation": frozenset({"input", "kernel", "padding", "stride"}),
    "pooling": frozenset({"input", "window", "stride"}),
    "multichannel": frozenset({"padding", "stride"}),
}

_STRIDE_WHY = "the window must move by at least one cell"


def _matrix(config: Mapping[str, Any], name: str, example: list, max_side: int) -> np.ndarray:
    text = config[name]
    if not text.strip():
        return np.array(example, dtype=np.float64)
    return parse_matrix(text, name, max_side)


def _fits(x: np.ndarray, k: np.ndarray, what: str = "kernel") -> None:
    if k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        raise ParamError(
            f"{what}: {shape_text(k.shape)} is larger than the {shape_text(x.shape)} input; "
            "it must fit inside it"
        )


def _padding(config: Mapping[str, Any], x_shape: tuple[int, ...], default: int):
    ph, pw = parse_pair(config["padding"], "padding", default, 0, "padding is ≥ 0")
    if ph > x_shape[0] or pw > x_shape[1]:
        raise ParamError(
            f"padding: {ph},{pw} rings is more padding than the {shape_text(x_shape)} input; "
            f"at most {x_shape[0]},{x_shape[1]}"
        )
    return ph, pw


def walk_builder(config: Mapping[str, Any]) -> Callable[[Any], Walk]:
    """Check the config for a walking part and return `backend -> Walk` (ParamError if bad)."""
    part = config["part"]
    if part == "multichannel":
        x, w = np.array(MULTI_X, float), np.array(MULTI_W, float)  # (3, 5, 5), (2, 3, 3, 3)
        pad = _padding(config, x.shape[1:], 1)
        stride = parse_pair(config["stride"], "stride", 2, 1, _STRIDE_WHY)
        return lambda B: multi_walk(B, x, w, np.array(MULTI_B), pad, stride)
    if part == "pooling":
        x = _matrix(config, "input", POOL_INPUT, MAX_SIDE)
        size = parse_pair(config["window"], "window", 2, 1, "a window has at least one cell")
        _fits(x, np.empty(size), "window")
        stride = parse_pair(config["stride"], "stride", 0, 1, _STRIDE_WHY)
        stride = stride if config["stride"].strip() else size
        return lambda B: pool_walk(B, x, size, stride)
    by_hand = part == "by-hand"
    x = _matrix(config, "input", EXERCISE_INPUT if by_hand else XCORR_INPUT, MAX_SIDE)
    k = _matrix(config, "kernel", CROSS if by_hand else XCORR_KERNEL, MAX_SIDE)
    _fits(x, k)
    if not by_hand:
        pad = _padding(config, x.shape, 0)
        stride = parse_pair(config["stride"], "stride", 1, 1, _STRIDE_WHY)
        return lambda B: conv_walk(B, x, k, pad, stride)
    border = config["border"]
    if border != "valid":
        need_odd(k, border)
    pad = (k.shape[0] // 2, k.shape[1] // 2) if border == "zero" else (0, 0)
    return lambda B: conv_walk(B, x, k, pad, (1, 1), keep=border == "keep")


def filters_builder(config: Mapping[str, Any]):
    """Check the config for the filters part and return `backend -> Record`."""
    image = vendored.image(config["image"])
    custom = None
    if config["filter"] == "custom" and config["kernel"].strip():
        custom = parse_matrix(config["kernel"], "kernel", MAX_FILTER_SIDE)
    setup = filter_setup(config, image, custom)

    def build(B: Any) -> Record:
        metrics, tensors, text = filter_record(B, setup)
        return Record(1, metrics, tensors, text)

    return build


def _bounded(config: Mapping[str, Any]) -> None:
    """Typed numbers stay finite and readable, whatever the part: |entries| ≤ MAX_VALUE, sizes
    ≤ MAX_SIDE. (The part's own builder then checks shapes; 1e39 would overflow float32.)"""
    for name in ("input", "kernel"):
        if config[name].strip():
            worst = float(np.abs(parse_matrix(config[name], name, MAX_FILTER_SIDE)).max())
            if worst > MAX_VALUE:
                raise ParamError(
                    f"{name}: {worst:g} is out of range; allowed: numbers from -{MAX_VALUE} to "
                    f"{MAX_VALUE}"
                )
    answer = parse_answer(config["answer"])
    if answer is not None and abs(answer) > MAX_ANSWER:
        raise ParamError(f"answer: {answer:g} is out of range; allowed: -1e9 to 1e9")
    for name, low in (("padding", 0), ("stride", 1), ("window", 1)):
        text = config[name].strip()
        if not text.isascii():
            raise ParamError(f"{name}: {text[:20]!r} is not a whole number or a pair like 3,2")
        pair = parse_pair(text, name, low, low, f"allowed: {low} to {MAX_SIDE}")
        if max(pair) > MAX_SIDE:
            raise ParamError(
                f"{name}: {_big(max(pair))} is out of range; allowed: {low} to {MAX_SIDE}"
            )


def _big(n: int) -> str:
    return str(n) if n < 10**15 else f"a {len(str(n))}-digit number"


def check(config: Mapping[str, Any]) -> None:
    """Refuse what the chosen part cannot compute, with the reason (the app and the CLI)."""
    _bounded(config)
    if config["part"] == "filters":
        filters_builder(config)
    else:
        walk_builder(config)


def _run_walk(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    return play(ctx, lambda cfg: walk_builder(cfg)(B), USES[ctx.config["part"]])


def _run_filters(ctx: RunContext) -> Iterator[Record]:
    return play_static(ctx, lambda cfg: filters_builder(cfg)(ctx.backend))


_ANSWER = V.Text("your answer", "feedback")


def _filters_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Row(
                (
                    V.Image("input", "input"),
                    V.Image("min/max → 0…255", "minmax"),
                    V.Image("5th–95th pct → 0…255", "percentile"),
                ),
                weight=3,
            ),
            V.Row((V.Text("kernel", "kernels"), V.Text("what you see", "note")), weight=2),
        ]


def _multichannel_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Row(
                tuple(V.Matrix(f"x{c}: channel {c}, padded", f"x{c}", "window") for c in (0, 1, 2)),
                10,  # weights in screen rows at 120×40: a 7×7 matrix needs 10
            ),
            V.Row(
                tuple(V.Matrix(f"filter, channel {c}", f"w{c}", signed=True) for c in (0, 1, 2)), 6
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


def _walk_views(config: Mapping[str, Any]) -> list:
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


_WALK = ("answer", "pace")


def _walk(part_id: str, knobs: tuple[str, ...], views=_walk_views) -> Part:
    # The walks open paused: the learner tries a cell before `n` (or space) reveals it.
    return Part(part_id, _run_walk, views, (*knobs, *_WALK), opens_paused=True, interactive=True)


# The knobs each part reads (see walk_builder and filters_builder); the app hides the others.
PARTS = (
    _walk("by-hand", ("input", "kernel", "border")),
    _walk("cross-correlation", ("input", "kernel", "padding", "stride")),
    _walk("pooling", ("input", "window", "stride")),
    Part(
        "filters",
        _run_filters,
        _filters_views,
        ("image", "filter", "kernel", "plus", "channels", "border"),
        interactive=True,
    ),
    _walk("multichannel", ("padding", "stride"), _multichannel_views),
)
assert tuple(p.id for p in PARTS) == PARTS_IDS


LAB = LabSpec(
    id="convolution",
    title="Convolution filters",
    chapter="3. Convolutional networks",
    summary="slide a kernel by hand, then blur, sharpen and find edges in real pictures",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=1,
    default_steps=1000,
)
