"""What the rnn-gradients screen shows (view specs) and the words and tables beside the plots."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from . import model as M

COURSE = {"rnn": 24_704, "lstm": 98_816, "gru": 74_112}  # the course's Keras table, 64 → 128
COURSE_D, COURSE_H = 64, 128
COUNT_COLUMNS = ("input D", "units H", "SimpleRNN", "LSTM", "GRU course", "GRU today")


def cells_of(config: Mapping[str, Any]) -> tuple[str, ...]:
    if config["part"] == "gates":
        return ("lstm",)
    return M.CELLS if config["cell"] == "all" else (config["cell"],)


def suffix(cell: str, config: Mapping[str, Any]) -> str:
    """Metric/tensor name suffix: none when one cell trains (the headless contract's names)."""
    return f"_{cell}" if len(cells_of(config)) > 1 else ""


def views(config: Mapping[str, Any]) -> list:
    if config["part"] == "params":
        return [
            V.Table("parameters of one recurrent layer", "param_counts", COUNT_COLUMNS),
            V.Text("why the GRU differs", "counts", weight=3),
        ]
    if config["part"] == "gates":
        gates = tuple(
            V.Heatmap(f"{name} gate", f"gate_{k}", extent="gate_extent", vlim="gate_vlim")
            for k, name in (("f", "forget"), ("i", "input"), ("o", "output"))
        )
        means = tuple(
            (name, "t_axis", f"gate_{k}_mean", "line")
            for k, name in (("f", "forget"), ("i", "input"), ("o", "output"))
        )
        return [
            V.Row(gates, weight=2),
            V.Lines("mean gate value along the sequence", means, ylim=(0.0, 1.0)),
            V.Row((V.Curves("loss", ("loss",)), V.Curves("accuracy", ("accuracy",)))),
            V.Text("the sequence", "note"),
        ]
    cells = cells_of(config)
    maps = tuple(
        V.Heatmap(
            f"{M.CELL_NAMES[c]} ‖∂L/∂hₜ‖",  # t across, training steps up
            f"gn_map{suffix(c, config)}",
            extent="gn_extent",
            log=True,
            vlim="gn_vlim",
        )
        for c in cells
    )
    profile = tuple(
        (M.CELL_NAMES[c], "t_axis", f"grad_norms{suffix(c, config)}", "line") for c in cells
    )
    loss = tuple(f"loss{suffix(c, config)}" for c in cells)
    acc = tuple(f"accuracy{suffix(c, config)}" for c in cells)
    reach = tuple(f"reach{suffix(c, config)}" for c in cells)
    return [
        V.Row(maps, weight=2),
        V.Lines("‖∂L/∂hₜ‖ now, over t", profile, logy=True),
        V.Row(
            (
                V.Curves("loss", loss),
                V.Curves("accuracy", acc),
                V.Curves("reach h₁/h_T", reach, logy=True),
            )
        ),
        V.Text("reading", "note"),
    ]


def shared_vlim(fields: list[np.ndarray]) -> np.ndarray:
    """One log colour scale for every heatmap: the largest norm down to 12 decades below it."""
    values = np.concatenate([f.ravel() for f in fields])
    ok = values[np.isfinite(values) & (values > 0)]
    if not ok.size:
        return np.array([1e-12, 1.0])
    hi = float(ok.max())
    return np.array([max(float(ok.min()), hi * 1e-12), hi])


def reading(results: Mapping[str, Any], step: int) -> str:
    """One line per cell: how much gradient reaches t = 1, and the accuracy."""
    lines = [f"step {step}"]
    for cell, r in results.items():
        n = r.norms
        reach = n[0] / n[-1] if n[-1] > 0 else float("nan")
        lines.append(
            f"{M.CELL_NAMES[cell]:<9} reaches t=1 with {reach:.1e} of the last step's gradient; "
            f"accuracy {r.accuracy:.0%}"
        )
    lines.append(f"chance is {1 / M.SYMBOLS:.0%}")
    return "\n".join(lines)


def count_rows(D: int, H: int) -> np.ndarray:
    """(2, 6): the course's sizes and the learner's, counted from the shapes our model builds."""
    return np.array(
        [
            [
                d,
                h,
                M.count_params("rnn", d, h),
                M.count_params("lstm", d, h),
                M.count_params("gru", d, h, reset_after=False),
                M.count_params("gru", d, h),
            ]
            for d, h in ((COURSE_D, COURSE_H), (D, H))
        ],
        dtype=np.float64,
    )


def counts_text(D: int, H: int) -> str:
    d, h = COURSE_D, COURSE_H
    rnn = M.count_params("rnn", d, h)
    old, new = M.count_params("gru", d, h, reset_after=False), M.count_params("gru", d, h)
    return "\n".join(
        [
            f"Course table (Keras, {d}-dim input, {h} units):",
            f"  SimpleRNN {COURSE['rnn']:,}  LSTM {COURSE['lstm']:,}  GRU {COURSE['gru']:,}",
            f"Ours, same sizes: {rnn:,} / {M.count_params('lstm', d, h):,} / {old:,} (course GRU)"
            f" and {new:,} (today's GRU).",
            f"SimpleRNN: H·(D + H) + H = {h}·{d + h} + {h} = {rnn:,}.",
            "LSTM: 4 such blocks (i, f, g, o); GRU: 3 (z, r, n).",
            f"Today's GRU (Keras reset_after=True, PyTorch) has TWO biases per gate, one for the "
            f"input part and one for the recurrent part, because the reset gate multiplies "
            f"(h·Wh + bh) after the matmul: 3H = {3 * h} more numbers, {new:,} − {old:,} = "
            f"{new - old}.",
            f"Your sizes (D = {D}: {M.SYMBOLS} symbols + marker, H = {H}): second row.",
        ]
    )
