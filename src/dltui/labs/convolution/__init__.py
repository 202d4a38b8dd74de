"""Convolution filters: the course's chapter 3 exercises, by hand, then on real pictures.

Five parts, picked with `part`: the by-hand exercise (a window sliding cell by cell, products and
sum written out, answers checked), cross-correlation with padding and stride (the output-size
formula with the numbers plugged in), max and average pooling side by side, classic filters on
two vendored photographs, and the course's 7×7×3 multichannel example with its parameter count.

Every number comes from the backend's `conv2d` / pooling primitives, the same ones the CNN lab
trains through; the lab only explains them (see `walk`). Matrices are typed as text
("0,1,0;1,1,1;0,1,0"); an empty box means the course's example for the current part, so
switching parts never leaves the learner with an input that makes no sense there.

This `__init__` holds the contract (parameters, cross-field check, parts, LAB). The parts:
walk_parts (by-hand, cross-correlation, pooling, multichannel: config, run, views), filters (the
filters part: math, run, views); the concerns beside them: walk (a walk, cell by cell), play
(the interactive driver), data (the course's matrices, parsing typed text).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.params import Param, ParamError
from . import filters, walk_parts
from .data import FILTERS, not_a_pair, parse_answer, parse_matrix, parse_pair
from .filters import MAX_FILTER_SIDE, filters_builder
from .walk_parts import MAX_SIDE, multichannel_views, walk_builder

PARTS_IDS = ("by-hand", "cross-correlation", "pooling", "filters", "multichannel")
BORDERS = ("valid", "zero", "keep")
IMAGES = ("camera", "astronaut")
FILTER_CHOICES = (*FILTERS, "custom")
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


def _bounded(config: Mapping[str, Any]) -> None:
    """Typed numbers stay finite and readable, whatever the part: |entries| ≤ MAX_VALUE, sizes
    ≤ MAX_SIDE. (The part's own builder then checks shapes; 1e39 would overflow float32.)"""
    for name in ("input", "kernel"):
        if config[name].strip():
            worst = float(np.abs(parse_matrix(config[name], name, MAX_FILTER_SIDE)).max())
            if worst > MAX_VALUE:
                raise ParamError(
                    tr(
                        "{name}: {worst:g} is out of range; allowed: numbers from -{most} to "
                        "{most}",
                        name=name,
                        worst=worst,
                        most=MAX_VALUE,
                    )
                )
    answer = parse_answer(config["answer"])
    if answer is not None and abs(answer) > MAX_ANSWER:
        raise ParamError(
            tr("answer: {answer:g} is out of range; allowed: -1e9 to 1e9", answer=answer)
        )
    for name, low in (("padding", 0), ("stride", 1), ("window", 1)):
        text = config[name].strip()
        if not text.isascii():
            raise ParamError(not_a_pair(name, text[:20]))
        allowed = tr("allowed: {low} to {high}", low=low, high=MAX_SIDE)
        pair = parse_pair(text, name, low, low, allowed)
        if max(pair) > MAX_SIDE:
            raise ParamError(
                tr(
                    "{name}: {n} is out of range; {allowed}",
                    name=name,
                    n=_big(max(pair)),
                    allowed=allowed,
                )
            )


def _big(n: int) -> str:
    return str(n) if n < 10**15 else tr("a {n}-digit number", n=len(str(n)))


def check(config: Mapping[str, Any]) -> None:
    """Refuse what the chosen part cannot compute, with the reason (the app and the CLI)."""
    _bounded(config)
    if config["part"] == "filters":
        filters_builder(config)
    else:
        walk_builder(config)


_WALK = ("answer", "pace")


def _walk(part_id: str, knobs: tuple[str, ...], views=walk_parts.views) -> Part:
    # The walks open paused: the learner tries a cell before `n` (or space) reveals it.
    return Part(
        part_id, walk_parts.run, views, (*knobs, *_WALK), opens_paused=True, interactive=True
    )


# The knobs each part reads (see walk_builder and filters_builder); the app hides the others.
PARTS = (
    _walk("by-hand", ("input", "kernel", "border")),
    _walk("cross-correlation", ("input", "kernel", "padding", "stride")),
    _walk("pooling", ("input", "window", "stride")),
    Part(
        "filters",
        filters.run,
        filters.views,
        ("image", "filter", "kernel", "plus", "channels", "border"),
        interactive=True,
    ),
    _walk("multichannel", ("padding", "stride"), multichannel_views),
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
