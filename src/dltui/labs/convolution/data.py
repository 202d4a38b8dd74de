"""The course's worked examples, the classic kernels, and the text formats learners type.

A matrix is typed as rows separated by ';' (or new lines) and numbers by ',' or spaces. A number
may be a fraction (1/9) and use the typographic minus (−1), because that is how the lessons print
them and a learner copies what they read. Every refusal names the parameter and says what to do.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ...engine.i18n import tr
from ...engine.params import ParamError
from ..common.numfmt import num

# Chapter 3 of the course, number for number (see the lesson).
EXERCISE_INPUT = [[2, 0, 4, 1, 0], [1, 1, 1, 0, 0], [5, 1, 3, 0, 0], [1, 0, 0, 0, 0]]
CROSS = [[0, 1, 0], [1, 1, 1], [0, 1, 0]]
XCORR_INPUT = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
XCORR_KERNEL = [[0, 1], [2, 3]]
POOL_INPUT = [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]

# The multichannel worked example, channel-major: x (3, 5, 5), W (2 filters, 3 channels, 3, 3).
MULTI_X = [
    [[2, 2, 2, 2, 0], [0, 0, 1, 2, 0], [0, 2, 2, 1, 0], [2, 1, 0, 1, 1], [2, 2, 2, 1, 1]],
    [[1, 0, 0, 0, 0], [0, 1, 2, 0, 2], [1, 2, 1, 0, 1], [1, 1, 1, 0, 2], [0, 1, 0, 1, 1]],
    [[0, 1, 2, 0, 0], [0, 0, 2, 0, 0], [2, 1, 1, 1, 2], [0, 1, 1, 1, 2], [2, 1, 0, 2, 1]],
]
MULTI_W = [
    [
        [[-1, 0, -1], [-1, -1, 0], [0, 1, -1]],
        [[-1, 0, 0], [1, -1, 1], [-1, 1, 0]],
        [[1, 0, -1], [1, 0, 1], [-1, 1, -1]],
    ],
    [
        [[1, -1, 1], [0, 0, -1], [0, -1, -1]],
        [[1, 0, -1], [1, 1, 1], [-1, 0, -1]],
        [[-1, 1, 1], [1, -1, 0], [-1, 0, 0]],
    ],
]
MULTI_B = [1.0, 0.0]

# The classic 3×3 filters; "vertical-edges" is Sobel's x-derivative (it lights up vertical edges).
FILTERS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], float),
    "mean": np.full((3, 3), 1 / 9),
    "gaussian": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], float) / 16,
    "laplacian": np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], float),
    "laplacian-ii": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], float),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], float),
    "vertical-edges": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float),
    "horizontal-edges": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], float),
}
EMBOSS = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], float)  # the custom kernel's example


def filter_note(name: str) -> str:
    """One line on what the named filter does, in the interface's language."""
    notes = {
        "identity": tr("identity: a single 1 in the centre copies the image."),
        "mean": tr("mean blur: each pixel becomes the average of its 3×3 neighbourhood."),
        "gaussian": tr(
            "Gaussian blur: a weighted average, the centre counts most; softer than the mean."
        ),
        "laplacian": tr(
            "Laplacian: centre minus neighbours; zero on flat areas, strong on edges and dots."
        ),
        "laplacian-ii": tr("Laplacian II: also the diagonals; stronger, thinner edges."),
        "sharpen": tr("sharpen = identity + Laplacian: the image plus its edges."),
        "vertical-edges": tr("Sobel x: right minus left; bright and dark lines on vertical edges."),
        "horizontal-edges": tr("Sobel y: below minus above; lines on horizontal edges."),
        "custom": tr("your kernel (empty: an emboss example). Type it in `kernel`."),
    }
    return notes[name]


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str, name: str) -> float:
    """A number as typed by a learner: 3, -1.5, −1, 1/9, 2e-3."""
    raw = text.strip().replace("−", "-")
    parts = raw.split("/")
    if len(parts) <= 2 and all(_NUMBER.match(p.strip()) for p in parts):
        value = float(parts[0])
        if len(parts) == 2:
            den = float(parts[1])
            if den == 0:
                raise ParamError(
                    tr("{name}: {text} divides by zero", name=name, text=repr(text.strip()))
                )
            value /= den
        if math.isfinite(value):
            return value
    shown = raw if len(raw) <= 30 else raw[:24] + "…"  # one short line, whatever was typed
    raise ParamError(
        tr("{name}: {text} is not a number (e.g. 3, -1.5 or 1/9)", name=name, text=repr(shown))
    )


def parse_matrix(text: str, name: str, max_side: int) -> np.ndarray:
    """Rows separated by ';' or new lines, numbers by ',' or spaces -> (rows, cols) float64."""
    lines = [line for line in re.split(r"[;\n]", text) if line.strip()]
    if not lines:
        raise ParamError(
            tr("{name}: empty; type rows separated by ';', e.g. 0,1,0;1,1,1;0,1,0", name=name)
        )
    rows = [[parse_number(v, name) for v in re.split(r"[,\s]+", line.strip())] for line in lines]
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise ParamError(
                tr(
                    "{name}: row {i} has {count} but row 1 has {first}; every row needs the "
                    "same count",
                    name=name,
                    i=i,
                    count=_count(len(row)),
                    first=_count(len(rows[0])),
                )
            )
    m = np.array(rows, dtype=np.float64)
    if max(m.shape) > max_side:
        raise ParamError(
            tr(
                "{name}: {shape} is too big; at most {most}×{most} here",
                name=name,
                shape=shape_text(m.shape),
                most=max_side,
            )
        )
    return m


def _count(n: int) -> str:
    return tr("{n} number", n=n) if n == 1 else tr("{n} numbers", n=n)


def parse_pair(text: str, name: str, default: int, low: int, why: str) -> tuple[int, int]:
    """'2' -> (2, 2); '3,2' -> (3, 2) as (rows, columns); '' -> (default, default)."""
    raw = text.strip()
    if not raw:
        return default, default
    items = [v for v in re.split(r"[,\s×x]+", raw) if v]
    if len(items) not in (1, 2) or not all(v.isdigit() for v in items):
        raise ParamError(not_a_pair(name, raw))
    a, b = (int(items[0]), int(items[-1]))
    if min(a, b) < low:
        raise ParamError(tr("{name}: {n} is not allowed; {why}", name=name, n=min(a, b), why=why))
    return a, b


def not_a_pair(name: str, text: str) -> str:
    return tr("{name}: {text} is not a whole number or a pair like 3,2", name=name, text=repr(text))


def need_odd(k: np.ndarray, border: str) -> None:
    """Borders that centre the kernel on a cell need a centre: odd sizes."""
    if k.shape[0] % 2 == 0 or k.shape[1] % 2 == 0:
        raise ParamError(
            tr(
                "kernel: {shape} has an even side; border {border} centres the kernel on each "
                "cell, so it needs odd sizes (3×3, 5×5…); use border valid for even kernels",
                shape=shape_text(k.shape),
                border=repr(border),
            )
        )


def parse_answer(text: str) -> float | None:
    """The learner's answer for the highlighted cell, or None if the box is empty."""
    return None if not text.strip() else parse_number(text, "answer")


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(n) for n in shape)


def grid_text(m: np.ndarray) -> list[str]:
    """A small matrix as right-aligned text lines (for the kernel sum)."""
    cells = [[num(v) for v in row] for row in np.atleast_2d(m)]
    width = max(len(c) for row in cells for c in row)
    return [" ".join(c.rjust(width) for c in row) for row in cells]


_MARKUP = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def plain(text: str) -> str:
    """Escape anything the screen's markup would read as a tag (it may echo learner input)."""
    return _MARKUP.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", text)
