"""The `params` part: the course's parameter-count table, recomputed from the shapes our model
builds (SimpleRNN, LSTM, the course's GRU and today's), for the course's sizes and the learner's."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.numfmt import thousands
from . import model as M

COURSE = {"rnn": 24_704, "lstm": 98_816, "gru": 74_112}  # the course's Keras table, 64 → 128
COURSE_D, COURSE_H = 64, 128
COUNT_COLUMNS = ("input D", "units H", "SimpleRNN", "LSTM", "GRU course", "GRU today")


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
            tr("Course table (Keras, {d}-dim input, {h} units):", d=d, h=h),
            tr(
                "  SimpleRNN {rnn}  LSTM {lstm}  GRU {gru}",
                **{k: thousands(v) for k, v in COURSE.items()},
            ),
            tr(
                "Ours, same sizes: {rnn} / {lstm} / {old} (course GRU) and {new} (today's GRU).",
                rnn=thousands(rnn),
                lstm=thousands(M.count_params("lstm", d, h)),
                old=thousands(old),
                new=thousands(new),
            ),
            tr(
                "SimpleRNN: H·(D + H) + H = {h}·{dh} + {h} = {rnn}.",
                h=h,
                dh=d + h,
                rnn=thousands(rnn),
            ),
            tr("LSTM: 4 such blocks (i, f, g, o); GRU: 3 (z, r, n)."),
            tr(
                "Today's GRU (Keras reset_after=True, PyTorch) has TWO biases per gate, one for "
                "the input part and one for the recurrent part, because the reset gate "
                "multiplies (h·Wh + bh) after the matmul: 3H = {extra} more numbers, {new} − "
                "{old} = {diff}.",
                extra=3 * h,
                new=thousands(new),
                old=thousands(old),
                diff=new - old,
            ),
            tr(
                "Your sizes (D = {D}: {symbols} symbols + marker, H = {H}): second row.",
                D=D,
                symbols=M.SYMBOLS,
                H=H,
            ),
        ]
    )


def run(ctx: RunContext) -> Iterator[Record]:
    D, H = M.INPUTS, ctx.config["hidden"]
    yield Record(1, {}, {"param_counts": count_rows(D, H)}, text={"counts": counts_text(D, H)})


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Table("parameters of one recurrent layer", "param_counts", COUNT_COLUMNS),
        V.Text("why the GRU differs", "counts", weight=3),
    ]
