"""Softmax with its Jacobian (the `softmax` part): s = softmax(x / T), J by autodiff.

The Jacobian is taken one row per output (row i = ∇ₓ sᵢ) and shown beside the formula
∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ)/T, so the learner sees the machine and the algebra agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from ..common.numfmt import fmt, par

MAX_LOGITS = 16


def softmax_jacobian(B: Backend, logits: tuple[float, ...], temperature: float):
    """(s (n,), J (n, n)) with J[i, j] = ∂sᵢ/∂xⱼ, both from the backend (J by autodiff)."""
    x = B.array(np.array(logits, np.float32))  # (n,)
    n = len(logits)
    soft = lambda t: B.softmax(t * (1.0 / temperature), axis=-1)  # noqa: E731
    s = np.asarray(B.to_numpy(soft(x)), np.float64)
    rows = []
    for i in range(n):
        e_i = B.array(np.eye(n, dtype=np.float32)[i])
        _, g = B.value_and_grad(lambda t, e=e_i: B.sum(soft(t) * e))(x)
        rows.append(np.asarray(B.to_numpy(g), np.float64))
    return s, np.stack(rows)  # (n,), (n, n)


def softmax_text(logits, temperature: float, s: np.ndarray, J: np.ndarray) -> str:
    e = np.exp((np.array(logits) - max(logits)) / temperature)
    top = int(np.argmax(s))
    lines = [
        f"sᵢ = e^(xᵢ/T) / Σⱼ e^(xⱼ/T),  T = {fmt(temperature)}",
        tr("(computed as e^((xᵢ − max x)/T): same s, no overflow)"),
        "e^((x − max)/T) = " + ", ".join(fmt(v) for v in e) + f";  Σ = {fmt(e.sum())}",
        "s = " + ", ".join(fmt(v) for v in s) + f";  Σ s = {fmt(s.sum())}",
        "",
        tr("Jacobian Jᵢⱼ = ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ)/T  (= (diag(s) − s sᵀ)/T)"),
        f"  J₁₁ = s₁(1 − s₁)/T = {fmt(s[0])}·{par(1 - s[0])}/{fmt(temperature)} = {fmt(J[0, 0])}",
    ]
    if len(s) > 1:
        lines.append(
            f"  J₁₂ = −s₁s₂/T = −{par(s[0])}·{par(s[1])}/{fmt(temperature)} = {fmt(J[0, 1])}"
        )
    lines += [
        tr("  row sums: {sums}", sums=", ".join(fmt(v) for v in J.sum(axis=1))),
        "",
        tr(
            "Rows sum to 0: adding the same number to every logit changes nothing. The diagonal "
            "is positive (raising xᵢ raises sᵢ), the rest negative (it steals from the others)."
        ),
        tr(
            "Largest: s{i} = {s}. Lower T sharpens s toward one-hot; higher T flattens it toward "
            "uniform.",
            i=top + 1,
            s=fmt(s[top]),
        ),
    ]
    return "\n".join(lines)


def run(ctx: RunContext) -> Iterator[Record]:
    return redraw_on_change(ctx, lambda live, step: record(ctx.backend, live, step))


def record(B: Backend, live: dict, step: int) -> Record:
    logits, T = live["logits"], live["temperature"]
    s, J = softmax_jacobian(B, logits, T)
    tensors = {"logits": np.array(logits), "probs": s, "jacobian": J, "jacobian_map": J[::-1]}
    metrics = {"max_prob": float(s.max()), "entropy": float(-(s * np.log(s + 1e-30)).sum())}
    return Record(step, metrics, tensors, {"reading": softmax_text(logits, T, s, J)})


def _numbered(name: str) -> tuple[str, ...]:
    return tuple(f"{name}{i}" for i in range(1, MAX_LOGITS + 1))


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            (
                V.Bars("logits x", "logits", _numbered("x")),
                V.Bars("softmax s = probabilities", "probs", _numbered("s"), top=1.0),
                V.Matrix("∂sᵢ/∂xⱼ: row i, col j, from 0", "jacobian", signed=True),
            )
        ),
        V.Row(
            (
                V.Heatmap(
                    "Jacobian as a heatmap (row 1 on top)",
                    "jacobian_map",
                    palette="diverging",
                    xlabel="column j: input xⱼ",
                    ylabel="row i: output sᵢ",
                    clabel="∂sᵢ/∂xⱼ",
                ),
                V.Text("the numbers", "reading"),
            ),
            weight=2,
        ),
    ]
