"""Part `params`: what the learner's transformer costs in parameters, beside the course's sizes.

The course: d_model = 512, 8 heads → d_k = 512 / 8 = 64 per head; the four projections W^Q, W^K,
W^V, W^O of one attention layer are 512 × 512 each: 4 · 512² = 1,048,576 weights. Heads do not
add parameters: 8 heads of 64 columns are the same 512 columns cut in 8.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.numfmt import thousands
from . import model as M

COURSE_D, COURSE_HEADS = 512, 8
COLUMNS = ("d_model", "heads", "d_k", "W^Q,K,V,O per layer", "layers")


def _row(d: int, heads: int, layers: int) -> list[float]:
    return [d, heads, d // heads, 4 * d * d, layers]


def run_counts(ctx: RunContext) -> Iterator[Record]:
    c = ctx.config
    mine = M.count_params(c["vocab"], c["seq_len"], c["d_model"], c["layers"], c["positions"])
    table = np.array(
        [
            _row(COURSE_D, COURSE_HEADS, 1),
            _row(c["d_model"], c["heads"], c["layers"]),
        ],
        dtype=np.float64,
    )
    blocks = np.array([list(mine.values())], dtype=np.float64)
    text = _text(c, mine)
    yield Record(1, {"total": float(mine["total"]), "course_attention": 4.0 * COURSE_D**2},
                 {"counts": table, "blocks": blocks}, {"counts": text})  # fmt: skip


def _text(c: Mapping[str, Any], mine: Mapping[str, int]) -> str:
    d, h, L = c["d_model"], c["heads"], c["layers"]
    D = COURSE_D
    if c["positions"] == "learned":
        yours = tr(
            "Yours: d_model {d}, {h} heads (d_k = {dk}), {L} layer(s), vocabulary {V}, T = {T}, "
            "learned positions:"
        )
    else:
        yours = tr(
            "Yours: d_model {d}, {h} heads (d_k = {dk}), {L} layer(s), vocabulary {V}, T = {T}, "
            "sinusoidal positions:"
        )
    lines = [
        tr(
            "Course: d_model {D}, {heads} heads → d_k = {D}/{heads} = {dk}.",
            D=D,
            heads=COURSE_HEADS,
            dk=D // COURSE_HEADS,
        ),
        tr(
            "W^Q, W^K, W^V, W^O: 4 × {D}·{D} = {n} weights per attention layer.",
            D=D,
            n=thousands(4 * D * D),
        ),
        tr("More heads cost nothing: they cut the same columns into d_k-wide slices."),
        "",
        yours.format(d=d, h=h, dk=d // h, L=L, V=c["vocab"], T=c["seq_len"]),
    ]
    names = {k: tr(k) for k in mine}
    width = max(13, *(len(n) + 1 for n in names.values()))
    lines += [f"  {names[k]:<{width}} {thousands(v):>9}" for k, v in mine.items()]
    lines += [
        tr(
            "Per layer: attention 4d² = {attention}; feed-forward 2·d·4d + 5d = {ff}; two "
            "layer norms 4d = {norms}; plus a final layer norm (2d) before the output.",
            attention=thousands(4 * d * d),
            ff=thousands(8 * d * d + 5 * d),
            norms=4 * d,
        ),
        tr("Sinusoidal positions are computed, not learned: 0 parameters."),
    ]
    return "\n".join(lines)


def counts_views(config: Mapping[str, Any]) -> list:
    return [
        V.Table("the course's attention layer and yours", "counts", COLUMNS),
        V.Table("your model, by block", "blocks",
                ("embedding", "positions", "attention", "feed-forward", "layer norms", "output",
                 "total")),
        V.Text("where the numbers come from", "counts", weight=3),
    ]  # fmt: skip
