"""Sliding-window walks: what each step of a convolution or pooling shows, cell by cell.

The numbers come from the backend's `conv2d` / `max_pool2d` / `avg_pool2d` (the primitives the CNN
lab trains through); this module only *explains* them: for every output cell it records where
the window sits, the products and the sum written out, and which output entry the step reveals.
A walk is plain data, so the interactive driver (`play`) and the tests read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ...backend.base import Backend
from ...engine.i18n import tr
from ..common.numfmt import factor, num
from .data import shape_text

Window = tuple[int, int, int, int]  # r0, r1, c0, c1, half-open, in the displayed input


@dataclass(frozen=True)
class Cell:
    ask: str  # the products with the sum hidden: what the learner may compute
    told: str  # the same with the sum shown
    value: float  # the backend's result for this cell: what an answer is checked against
    window: Window
    reveals: tuple[tuple[str, tuple[int, int], float], ...]  # (tensor, (row, col), value)
    metrics: dict[str, float]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)  # what changes with the cell


@dataclass(frozen=True)
class Walk:
    cells: tuple[Cell, ...]
    fixed: dict[str, np.ndarray]  # tensors every record shows (the input, the kernel)
    blank: dict[str, np.ndarray]  # partial outputs before any reveal: NaN = not computed yet
    final: dict[str, np.ndarray]  # the complete results, "output" among them
    text: dict[str, str]  # the formula, the parameter count, the backend vs a reference
    metrics: dict[str, float]  # metrics of the last record


def formula(
    shape: tuple[int, ...], kernel: tuple[int, ...], padding: tuple[int, int],
    stride: tuple[int, int],
) -> str:  # fmt: skip
    """The output-size formula with the numbers plugged in: one line per axis, or one for both
    when they are the same numbers (a square input, kernel, padding and stride)."""
    lines = []
    for n, k, p, s in zip(shape[:2], kernel[:2], padding, stride, strict=True):
        lines.append(f"⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = {(n + 2 * p - k) // s + 1}")
    if lines[0] == lines[1]:
        return tr("each axis: {line}", line=lines[0])
    return tr("rows: {rows}\ncolumns: {cols}", rows=lines[0], cols=lines[1])


def _pair(v: int | tuple[int, int]) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def reference(op: str, x: np.ndarray, *args: Any) -> np.ndarray:
    """The primitive's definition written out in plain float64 NumPy, window by window.

    NumPy here on purpose, not the backend: this is the yardstick the backend's result is
    measured against, so it must not be the backend itself, and float64 makes its sums of the
    course's small numbers exact. x is (N, H, W, C); conv2d takes (w, stride, padding) with
    w (C_out, KH, KW, C_in); max_pool2d and avg_pool2d take (size, stride).
    """
    x = np.asarray(x, dtype=np.float64)
    if op == "conv2d":
        w, stride, padding = args
        w = np.asarray(w, dtype=np.float64)
        (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
        xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)))
        win = sliding_window_view(xp, w.shape[1:3], axis=(1, 2))[:, ::sh, ::sw]
        return np.einsum("nhwcij,oijc->nhwo", win, w)  # (N, OH, OW, C_out)
    size, stride = args
    (kh, kw) = _pair(size)
    (sh, sw) = (kh, kw) if stride is None else _pair(stride)
    win = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]  # (N, OH, OW, C, KH, KW)
    if op == "max_pool2d":
        return win.max(axis=(-2, -1))
    if op == "avg_pool2d":
        return win.mean(axis=(-2, -1))
    raise ValueError(f"no reference for {op!r}")


def agreement(B: Backend, op: str, x: np.ndarray, *args: Any) -> tuple[str, float]:
    """Run the backend's primitive and say how far it is from the float64 reference.

    Only the backend the run was given is used (a NumPy run never loads MLX, and the reverse).
    """
    arrays = [B.array(a) if isinstance(a, np.ndarray) else a for a in args]
    ours = np.asarray(B.to_numpy(getattr(B, op)(B.array(x), *arrays)), dtype=np.float64)
    exact = reference(op, x, *args)
    diff = float(np.max(np.abs(ours - exact))) if ours.size else 0.0
    return (
        tr(
            "{op} on {backend} and a float64 NumPy reference agree, max |difference| = {diff:.3g}",
            op=op,
            backend=B.name,
            diff=diff,
        ),
        diff,
    )


def conv_walk(
    B: Backend, x: np.ndarray, k: np.ndarray, padding: tuple[int, int], stride: tuple[int, int],
    keep: bool = False,
) -> Walk:  # fmt: skip
    """One single-channel cross-correlation, x (H, W) ⋆ k (KH, KW), explained cell by cell.

    `keep`: the output has the input's size, its border keeps the input's values and only the
    interior is computed (a valid convolution pasted in), as the course describes.
    """
    (ph, pw), (sh, sw), (kh, kw) = padding, stride, k.shape
    w4 = k[None, :, :, None]  # (1, KH, KW, 1)
    out = B.to_numpy(B.conv2d(B.array(x[None, :, :, None]), B.array(w4), stride, padding))
    out = np.asarray(out, dtype=np.float64)[0, :, :, 0]  # (OH, OW)
    xp = np.pad(x, ((ph, ph), (pw, pw)))  # what the window slides over, zero ring included
    if keep:
        oy, ox = kh // 2, kw // 2
        shown = x.copy()
        shown[oy : oy + out.shape[0], ox : ox + out.shape[1]] = np.nan
        final = x.copy()
        final[oy : oy + out.shape[0], ox : ox + out.shape[1]] = out
    else:
        oy = ox = 0
        shown, final = np.full(out.shape, np.nan), out
    cells = []
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            win = (r * sh, r * sh + kh, c * sw, c * sw + kw)
            patch = xp[win[0] : win[1], win[2] : win[3]]
            terms = " + ".join(
                f"{num(a)}·{factor(b)}" for a, b in zip(patch.flat, k.flat, strict=True)
            )
            v = float(out[r, c])
            cells.append(
                Cell(
                    ask=tr("cell ({r}, {c}): {terms} = ?", r=r + oy, c=c + ox, terms=terms),
                    told=tr(
                        "cell ({r}, {c}): {terms} = {v}", r=r + oy, c=c + ox, terms=terms, v=num(v)
                    ),
                    value=v,
                    window=win,
                    reveals=(("shown", (r + oy, c + ox), v),),
                    metrics={"row": r + oy, "col": c + ox, "value": v},
                )
            )
    size = (
        tr(
            "border kept: the output is {x} like the input; only the {inner} interior is computed",
            x=shape_text(x.shape),
            inner=shape_text(out.shape),
        )
        + "\n"
        if keep
        else ""
    )
    text = {
        "formula": size
        + formula(x.shape, k.shape, padding, stride)
        + "\n"
        + tr("output {shape}", shape=shape_text(final.shape)),
        "backends": agreement(B, "conv2d", x[None, :, :, None], w4, stride, padding)[0],
    }
    text["formula"] += "\n" + text["backends"]
    return Walk(
        cells=tuple(cells),
        fixed={"input": xp, "kernel": k},
        blank={"shown": shown},
        final={"shown": final, "output": final},
        text=text,
        metrics={"rows": final.shape[0], "cols": final.shape[1]},
    )


def pool_walk(B: Backend, x: np.ndarray, size: tuple[int, int], stride: tuple[int, int]) -> Walk:
    """Max and average pooling of x (H, W) side by side, window by window."""
    (kh, kw), (sh, sw) = size, stride
    x4 = B.array(x[None, :, :, None])  # (1, H, W, 1)
    mx = np.asarray(B.to_numpy(B.max_pool2d(x4, size, stride)), dtype=np.float64)[0, :, :, 0]
    av = np.asarray(B.to_numpy(B.avg_pool2d(x4, size, stride)), dtype=np.float64)[0, :, :, 0]
    cells = []
    for r in range(mx.shape[0]):
        for c in range(mx.shape[1]):
            win = (r * sh, r * sh + kh, c * sw, c * sw + kw)
            vals = x[win[0] : win[1], win[2] : win[3]].ravel()
            listed = ", ".join(num(v) for v in vals)
            mean = f"{num(vals.sum())}/{vals.size} = {num(av[r, c])}"
            cells.append(
                Cell(
                    ask=tr(
                        "window ({r}, {c})\nmax({values}) = ?  ← your answer\nmean({values}) = ?",
                        r=r,
                        c=c,
                        values=listed,
                    ),
                    told=tr(
                        "window ({r}, {c})\nmax({values}) = {max}\nmean({values}) = {mean}",
                        r=r,
                        c=c,
                        values=listed,
                        max=num(mx[r, c]),
                        mean=mean,
                    ),
                    value=float(mx[r, c]),
                    window=win,
                    reveals=(("max_shown", (r, c), mx[r, c]), ("avg_shown", (r, c), av[r, c])),
                    metrics={"row": r, "col": c, "max": mx[r, c], "average": av[r, c]},
                )
            )
    blank = np.full(mx.shape, np.nan)
    agree = agreement(B, "max_pool2d", x[None, :, :, None], size, stride)[0]
    text = {
        "formula": formula(x.shape, size, (0, 0), stride)
        + "\n"
        + tr("output {shape}; no weights: pooling learns nothing", shape=shape_text(mx.shape))
        + "\n"
        + agree,
        "backends": agree,
    }
    return Walk(
        cells=tuple(cells),
        fixed={"input": x},
        blank={"max_shown": blank, "avg_shown": blank.copy()},
        final={"max_shown": mx, "avg_shown": av, "output": mx, "average": av},
        text=text,
        metrics={"rows": mx.shape[0], "cols": mx.shape[1]},
    )


def multi_walk(
    B: Backend, x: np.ndarray, w: np.ndarray, b: np.ndarray, padding: tuple[int, int],
    stride: tuple[int, int],
) -> Walk:  # fmt: skip
    """x (C, H, W) ⋆ w (O, C, KH, KW) + b (O,): every output cell of every filter, channel by
    channel, then the bias. The output is channels first, (O, OH, OW), as the lesson prints it."""
    (ph, pw), (sh, sw) = padding, stride
    n_out, n_in, kh, kw = w.shape
    x4 = x.transpose(1, 2, 0)[None]  # (1, H, W, C)
    w4 = w.transpose(0, 2, 3, 1)  # (O, KH, KW, C)
    y = B.add(B.conv2d(B.array(x4), B.array(w4), stride, padding), B.array(b))  # (1, OH, OW, O)
    out = np.asarray(B.to_numpy(y), dtype=np.float64)[0].transpose(2, 0, 1)  # (O, OH, OW)
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))  # (C, H + 2ph, W + 2pw)
    cells = []
    for o in range(n_out):
        for r in range(out.shape[1]):
            for c in range(out.shape[2]):
                win = (r * sh, r * sh + kh, c * sw, c * sw + kw)
                lines, sums = [], []
                for ch in range(n_in):
                    patch = xp[ch, win[0] : win[1], win[2] : win[3]]
                    terms = " + ".join(
                        f"{num(a)}·{factor(v)}"
                        for a, v in zip(patch.flat, w[o, ch].flat, strict=True)
                    )
                    sums.append(float(np.sum(patch * w[o, ch])))
                    lines.append(tr("x{i}: {t}", i=ch, t=terms))  # no words: typography only
                total = " + ".join(factor(s) for s in sums) + f" + {factor(b[o])} (b{o})"
                v = float(out[o, r, c])
                head = tr(
                    "W{o} at cell ({r}, {c}): rows {r0}–{r1}, columns {c0}–{c1} of the padded "
                    "x0, x1, x2",
                    o=o,
                    r=r,
                    c=c,
                    r0=win[0],
                    r1=win[1] - 1,
                    c0=win[2],
                    c1=win[3] - 1,
                )
                ask = "\n".join(
                    [head, *(tr("{l} = ?", l=line) for line in lines), tr("sum + bias = ?")]
                )
                told_lines = [f"{line} = {num(s)}" for line, s in zip(lines, sums, strict=True)]
                told = "\n".join([head, *told_lines, f"{total} = {num(v)}"])
                cells.append(
                    Cell(
                        ask=ask,
                        told=told,
                        value=v,
                        window=win,
                        reveals=((f"out{o}", (r, c), v),),
                        metrics={"filter": o, "row": r, "col": c, "value": v},
                        tensors={f"w{ch}": w[o, ch] for ch in range(n_in)},
                    )
                )
    weights = n_out * n_in * kh * kw
    count = (
        tr(
            "per filter: {kh}×{kw}×{c} = {n} weights + 1 bias",
            kh=kh,
            kw=kw,
            c=n_in,
            n=kh * kw * n_in,
        )
        + "\n"
        + tr(
            "{o} filters: {w} weights + {o} biases = {p} parameters",
            o=n_out,
            w=weights,
            p=weights + n_out,
        )
        + "\n"
        + formula(x.shape[1:], (kh, kw), padding, stride)
        + "\n"
        + tr("output {shape}", shape=f"{shape_text(out.shape[1:])}×{n_out}")
    )
    agree = agreement(B, "conv2d", x4, w4, stride, padding)[0]
    return Walk(
        cells=tuple(cells),
        fixed={f"x{ch}": xp[ch] for ch in range(n_in)},
        blank={f"out{o}": np.full(out.shape[1:], np.nan) for o in range(n_out)},
        final={**{f"out{o}": out[o] for o in range(n_out)}, "output": out},
        text={"formula": count + "\n" + agree, "backends": agree},
        metrics={"weights": weights, "biases": n_out, "params": weights + n_out},
    )
