"""Classic filters on real pictures, through the backend's conv2d, and the two normalisations.

A filter's raw response is not a picture: a blur stays in 0..255 but an edge detector gives
signed values far outside it. To show it, it is mapped to 0..255 in two ways side by side:
min/max (faithful, but one bright outlier squeezes everything else to mid-grey) and the 5th/95th
percentiles (values beyond them are clipped, so the bulk of the picture uses the whole range).
A flat response (max = min) maps to black instead of dividing by zero.

Colour: `separate` runs three filters of 3 channels, each seeing one colour (the same 2-D kernel
on R, G and B: a colour picture out); `together` runs one filter of 3 channels that sums what it
sees in all three (a grey picture out), which is what a CNN's first layer does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ... import data as vendored
from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.params import ParamError
from ..common.numfmt import num
from .data import EMBOSS, FILTERS, filter_note, grid_text, need_odd, parse_matrix, shape_text
from .play import play_static
from .walk import agreement

PERCENTILES = (5.0, 95.0)
MAX_FILTER_SIDE = 15  # a typed kernel for the pictures


@dataclass(frozen=True)
class FilterSetup:
    image: np.ndarray  # (H, W) or (H, W, 3), uint8
    kernel: np.ndarray  # (KH, KW)
    parts: tuple[tuple[str, np.ndarray], ...]  # the kernels that were added, with their names
    border: str  # valid | zero | keep
    channels: str  # separate | together


def add_kernels(parts: list[tuple[str, np.ndarray]]) -> np.ndarray:
    """Sum kernels, centring a smaller odd one inside a larger odd one (3×3 + 5×5 is fine)."""
    rows = max(k.shape[0] for _, k in parts)
    cols = max(k.shape[1] for _, k in parts)
    total = np.zeros((rows, cols))
    for name, k in parts:
        dr, dc = rows - k.shape[0], cols - k.shape[1]
        if dr % 2 or dc % 2:
            raise ParamError(
                tr(
                    "plus: cannot centre the {shape} {name} kernel in a {rows}×{cols} one; add "
                    "kernels whose sizes differ by an even number",
                    shape=shape_text(k.shape),
                    name=name,
                    rows=rows,
                    cols=cols,
                )
            )
        total[dr // 2 : dr // 2 + k.shape[0], dc // 2 : dc // 2 + k.shape[1]] += k
    return total


def normalise(y: np.ndarray, how: str) -> tuple[np.ndarray, float, float]:
    """Map a response to 0..255 uint8 by min/max or by the percentiles; returns (image, lo, hi)."""
    lo, hi = (
        (float(y.min()), float(y.max()))
        if how == "minmax"
        else tuple(float(v) for v in np.percentile(y, PERCENTILES))
    )
    span = hi - lo
    if not span > 0:  # flat: nothing to stretch, and no division by zero
        return np.zeros(y.shape, np.uint8), lo, hi
    scaled = np.clip((y - lo) / span, 0.0, 1.0) * 255.0
    return np.round(scaled).astype(np.uint8), lo, hi


def apply_filter(B: Backend, image: np.ndarray, kernel: np.ndarray, border: str, channels: str):
    """The raw response of `kernel` on `image` (H, W) or (H, W, 3), computed by B.conv2d.

    Returns (response (H', W') or (H', W', 3) float64, the conv2d input and weight used).
    """
    x = np.asarray(image, dtype=np.float32)
    x = x[:, :, None] if x.ndim == 2 else x  # (H, W, C)
    c = x.shape[2]
    kh, kw = kernel.shape
    if c == 1:
        w = kernel[None, :, :, None]  # (1, KH, KW, 1)
    elif channels == "separate":
        w = np.zeros((c, kh, kw, c))  # filter o sees only channel o: (3, KH, KW, 3)
        for o in range(c):
            w[o, :, :, o] = kernel
    else:
        w = np.repeat(kernel[None, :, :, None], c, axis=3) / c  # one filter over all: (1,KH,KW,3)
    w = w.astype(np.float32)
    pad = (kh // 2, kw // 2) if border == "zero" else (0, 0)
    y = B.to_numpy(B.conv2d(B.array(x[None]), B.array(w), 1, pad))
    y = np.asarray(y, dtype=np.float64)[0]  # (H', W', C_out)
    if border == "keep":  # the computed interior pasted into the original picture
        full = x.astype(np.float64) if y.shape[2] == c else x.mean(axis=2, keepdims=True)
        full = full.copy()
        full[kh // 2 : kh // 2 + y.shape[0], kw // 2 : kw // 2 + y.shape[1]] = y
        y = full
    return (y[:, :, 0] if y.shape[2] == 1 else y), x[None], w


def side_by_side(grids: list[list[str]], signs: tuple[str, ...]) -> str:
    """Text matrices in a row, vertically centred, with a sign between each pair."""
    height = max(len(g) for g in grids)
    columns = []
    for g in grids:
        width = max(len(line) for line in g)
        top = (height - len(g)) // 2
        columns.append([" " * width] * top + g + [" " * width] * (height - len(g) - top))
    lines = []
    for i in range(height):
        line = columns[0][i]
        for sign, col in zip(signs, columns[1:], strict=False):
            line += f" {sign if i == height // 2 else ' '} " + col[i]
        lines.append(line)
    return "\n".join(lines)


def filter_setup(
    config: Mapping[str, Any], image: np.ndarray, custom: np.ndarray | None
) -> FilterSetup:
    """Which kernel(s) the learner chose; `custom` is the typed kernel (None: the example)."""
    name = config["filter"]
    base = (EMBOSS if custom is None else custom) if name == "custom" else FILTERS[name]
    parts = [(name, base)]
    if config["plus"] != "none":
        parts.append((config["plus"], FILTERS[config["plus"]]))
    kernel = add_kernels(parts)
    if config["border"] in ("zero", "keep"):
        need_odd(kernel, config["border"])
    return FilterSetup(image, kernel, tuple(parts), config["border"], config["channels"])


def filter_record(B: Backend, setup: FilterSetup) -> tuple[dict, dict, dict]:
    """(metrics, tensors, text) for one filtered picture."""
    y, x4, w4 = apply_filter(B, setup.image, setup.kernel, setup.border, setup.channels)
    by_range, lo, hi = normalise(y, "minmax")
    by_pct, p5, p95 = normalise(y, "percentile")
    clipped = float(np.mean((y < p5) | (y > p95)))
    share = (p95 - p5) / (hi - lo) if hi > lo else 1.0  # of the grey range, for 90% of pixels
    pad = (setup.kernel.shape[0] // 2, setup.kernel.shape[1] // 2)
    agree = agreement(B, "conv2d", x4, w4, 1, pad if setup.border == "zero" else (0, 0))[0]
    names = [n if n != "custom" else tr("your kernel") for n, _ in setup.parts]
    if len(setup.parts) == 1:
        kernels = names[0] + "\n" + "\n".join(grid_text(setup.kernel))
    else:
        grids = [grid_text(k) for _, k in setup.parts] + [grid_text(setup.kernel)]
        kernels = " + ".join(names) + " =\n" + side_by_side(grids, ("+", "="))
    size = f"{shape_text(setup.image.shape)} → {shape_text(y.shape)}"
    same = [
        n
        for n, k in FILTERS.items()
        if k.shape == setup.kernel.shape and np.allclose(k, setup.kernel)
    ]
    notes = [filter_note(n) for n, _ in setup.parts]
    if len(setup.parts) > 1:
        if same and same[0] not in names:
            notes.append(
                tr(
                    "their sum is the {name} kernel; it filters like adding the two filtered "
                    "pictures",
                    name=same[0],
                )
            )
        else:
            notes.append(tr("their sum filters like adding the two filtered pictures"))
    if setup.image.ndim == 3:
        shape = tr(
            "{size}, border {border}, colour: {channels}",
            size=size,
            border=setup.border,
            channels=setup.channels,
        )
    else:
        shape = tr("{size}, border {border}", size=size, border=setup.border)
    note = "\n".join(
        [
            *notes,
            shape,
            tr("min/max: {lo} → 0, {hi} → 255", lo=num(lo), hi=num(hi)),
            tr(
                "5th–95th percentiles: {lo} → 0, {hi} → 255 ({clipped:.0%} clipped)",
                lo=num(p5),
                hi=num(p95),
                clipped=clipped,
            ),
            tr(
                "with min/max, the middle 90% of values get only {share:.0%} of the grey levels",
                share=share,
            ),
            agree,
        ]
    )
    metrics = {"min": lo, "max": hi, "p5": p5, "p95": p95, "clipped": clipped, "share": share}
    tensors = {
        "input": setup.image,
        "kernel": setup.kernel,
        "output": y.astype(np.float32),
        "minmax": by_range,
        "percentile": by_pct,
    }
    return metrics, tensors, {"kernels": kernels, "note": note}


def filters_builder(config: Mapping[str, Any]):
    """Check the config for the filters part and return `backend -> Record`."""
    image = vendored.image(config["image"])
    custom = None
    if config["filter"] == "custom" and config["kernel"].strip():
        custom = parse_matrix(config["kernel"], "kernel", MAX_FILTER_SIDE)
    setup = filter_setup(config, image, custom)

    def build(B: Backend) -> Record:
        metrics, tensors, text = filter_record(B, setup)
        return Record(1, metrics, tensors, text)

    return build


def run(ctx: RunContext) -> Iterator[Record]:
    return play_static(ctx, lambda cfg: filters_builder(cfg)(ctx.backend))


def views(config: Mapping[str, Any]) -> list:
    return [
        # Two pictures across, not three: each gets half the width (≈ 38×38 pixels at 120×40
        # instead of 25×25); the squashed min/max version sits beside the text below.
        V.Row((V.Image("input", "input"), V.Image("5th–95th pct → 0…255", "percentile")), weight=3),
        V.Row(
            (
                V.Image("min/max → 0…255", "minmax", weight=3),
                V.Text("kernel", "kernels", weight=4),
                V.Text("what you see", "note", weight=4),
            ),
            weight=2,
        ),
    ]
