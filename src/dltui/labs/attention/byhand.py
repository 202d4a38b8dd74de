"""Parts `by-hand` and `mask`: scaled dot-product attention with the numbers written out.

by-hand: one query q against two keys k₁, k₂ (the course's "Thinking Machines"):
    scores sᵢ = q·kᵢ, scaled sᵢ/√d_k, weights softmax(…), output z = Σ wᵢ·vᵢ.
The default vectors are short stand-ins whose products are the course's (112 and 96); its real
vectors have 64 numbers, so `d_k` defaults to 64 (√d_k = 8); d_k = 0 means the vectors' length.
`scale` off shows why the √d_k matters: softmax(112, 96) puts 1 − 1.1e-7 on the first key.

mask: a causal mask on a small score matrix (the course's [[2,1,0],[1,2,1],[0,1,2]]): entries
above the diagonal become −∞ and each row's softmax renormalises over the keys that remain.
Both parts compute with the backend's own matmul and softmax (float64 on the CPU).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from ..common.numfmt import fmt, par


def _dtype(B: Backend) -> str | None:
    return "float64" if B.info.device == "cpu" else None  # MLX has no float64 on a GPU


def run_by_hand(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend

    def render(v: dict, step: int) -> Record:
        q, ks, vs = np.array(v["q"]), np.array([v["k1"], v["k2"]]), np.array([v["v1"], v["v2"]])
        dk = v["d_k"] or len(q)
        scale = 1 / math.sqrt(dk) if v["scale"] else 1.0
        dt = _dtype(B)
        S = B.matmul(B.array(q[None], dt), B.transpose(B.array(ks, dt)))  # (1, 2)
        W = B.softmax(S * scale, axis=-1)
        Z = B.matmul(W, B.array(vs, dt))  # (1, dv)
        s, w, z = (B.to_numpy(a)[0].astype(np.float64) for a in (S, W, Z))
        metrics = {
            "score_1": s[0], "score_2": s[1],
            "scaled_1": s[0] * scale, "scaled_2": s[1] * scale,
            "weight_1": w[0], "weight_2": w[1],
        }  # fmt: skip
        tensors = {"weights": w, "z": z, "scores": s}
        return Record(step, metrics, tensors, {"work": _work(v, q, ks, vs, s, w, z, dk, scale)})

    return redraw_on_change(ctx, render)


def _dot(a: np.ndarray, b: np.ndarray) -> str:
    terms = " + ".join(f"{fmt(x)}·{par(y)}" for x, y in zip(a, b, strict=True))
    return terms if len(a) <= 6 else f"{terms[:60]}…"


def _work(v, q, ks, vs, s, w, z, dk: int, scale: float) -> str:
    lines = [tr("Z = softmax(q·Kᵀ / √d_k)·V, one query, two keys"), ""]
    for i in range(2):
        lines.append(f"q·k{i + 1} = {_dot(q, ks[i])} = {fmt(s[i])}")
    if v["scale"]:
        lines.append(f"÷ √d_k = √{dk} = {fmt(math.sqrt(dk))}  →  {fmt(s[0] * scale)}, "
                     f"{fmt(s[1] * scale)}")  # fmt: skip
    else:
        lines.append(tr("scale off: the raw scores go into the softmax"))
    a, b = s * scale
    lines += [
        f"softmax: e^{fmt(a)} / (e^{fmt(a)} + e^{fmt(b)}) = {w[0]:.6f}",
        f"         e^{fmt(b)} / (e^{fmt(a)} + e^{fmt(b)}) = {w[1]:.6g}",
    ]
    if w[1] < 1e-3:
        lines.append(
            tr("         (the first weight is 1 − {w:.2g}: one key takes everything)", w=w[1])
        )
    lines.append(
        "z = "
        + " + ".join(f"{w[i]:.4g}·v{i + 1}" for i in range(2))
        + f" = ({', '.join(fmt(x) for x in z)})"
    )
    lines += [
        "",
        tr(
            "Why ÷ √d_k: a dot product of d_k terms grows like √d_k, so large\n"
            "scores push the softmax to one key and its gradient to ~0.\n"
            "Toggle `scale` to see it; edit q, k1, k2, v1, v2 (commas)."
        ),
    ]
    return "\n".join(lines)


def by_hand_views(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            (
                V.Bars("attention weights (sum to 1)", "weights", ("key 1", "key 2"), top=1.0),
                V.Bars("output z = Σ wᵢ·vᵢ, by dimension", "z"),
            )
        ),
        V.Text("the computation", "work", weight=2),
    ]


def causal_mask_rows(scores: np.ndarray) -> np.ndarray:
    """(n, n) additive mask: −inf above the diagonal."""
    n = scores.shape[0]
    return np.triu(np.full((n, n), -np.inf), k=1)


def run_mask(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend

    def render(v: dict, step: int) -> Record:
        values = np.array(v["scores"], np.float64)
        n = math.isqrt(len(values))
        S = values.reshape(n, n)
        dt = _dtype(B)
        free = B.to_numpy(B.softmax(B.array(S, dt), axis=-1)).astype(np.float64)
        masked = B.to_numpy(B.softmax(B.array(S + causal_mask_rows(S), dt), axis=-1))
        masked = masked.astype(np.float64)
        tensors = {"scores": S, "weights": free, "mask_weights": masked}
        metrics = {f"row{i + 1}_key{j + 1}": masked[i, j] for i in range(n) for j in range(n)}
        return Record(step, metrics, tensors, {"work": _mask_work(S, masked)})

    return redraw_on_change(ctx, render)


def _mask_work(S: np.ndarray, masked: np.ndarray) -> str:
    n = S.shape[0]
    lines = [tr("causal mask: query i may only look at keys j ≤ i"), tr("scores + mask:")]
    for i in range(n):
        cells = [fmt(S[i, j]) if j <= i else "−∞" for j in range(n)]
        lines.append("  [" + ", ".join(f"{c:>5}" for c in cells) + "]")
    lines.append(tr("softmax of each row (e^−∞ = 0, the rest renormalised):"))
    for i in range(n):
        kept = S[i, : i + 1]
        den = " + ".join(f"e^{fmt(x)}" for x in kept)
        row = ", ".join(f"{x:.4f}" for x in masked[i])
        if i > 0:
            lines.append(tr("  row {i}: [{row}]   ÷ ({den})", i=i + 1, row=row, den=den))
        else:
            lines.append(tr("  row {i}: [{row}]   (alone)", i=i + 1, row=row))
    lines += [
        "",
        tr(
            "Row 1 sees only itself: weight 1. A decoder needs this so that\n"
            "position t cannot read the answer it must predict; an encoder\n"
            "does not. Edit `scores` (n² numbers, row by row)."
        ),
    ]
    return "\n".join(lines)


def mask_views(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            (
                V.Matrix("scores (query row × key column)", "scores", signed=True),
                V.Matrix("softmax rows, no mask", "weights"),
                V.Matrix("softmax rows, causal mask", "mask_weights"),
            )
        ),
        V.Text("the mask, row by row", "work", weight=2),
    ]
