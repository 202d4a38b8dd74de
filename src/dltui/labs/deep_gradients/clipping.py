"""Part `clipping`: gradient clipping by norm, with the numbers plugged in.

g ← g · min(1, c / ‖g‖): the direction is kept, only the length is capped. The course's
example: g = (3, 4), ‖g‖ = 5, c = 1 → (0.6, 0.8). Computed with the backend's ops.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change


def clip(B: Backend, g: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    G = B.array(g.astype(np.float32))
    n = float(np.sqrt(B.to_numpy(B.sum(G * G))))
    scale = min(1.0, c / n) if c > 0 and n > 0 else 1.0
    return B.to_numpy(G * scale).astype(np.float64), n


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend

    def render(live: dict, step: int) -> Record:
        g, c = np.array(live["g"], np.float64), float(live["clip"])
        out, n = clip(B, g, c)
        fmt = lambda v: ", ".join(f"{x:.4g}" for x in v)  # noqa: E731
        if c > 0 and n > c:
            # no words: tr only sets the typography (a formula needs no catalogue entry)
            rule = tr(
                "‖g‖ > c = {c:g}: g ← g · c/‖g‖ = g · {s:.4g}\n= ({o})", c=c, s=c / n, o=fmt(out)
            )
        else:
            rule = tr("‖g‖ ≤ c (or c = 0): g is unchanged")
        text = "\n".join(
            (
                f"g = ({fmt(g)}), ‖g‖ = {n:.4g}",
                rule,
                tr("The direction is kept; only the step's length is capped."),
            )
        )
        tensors = {
            "gx": np.array([0.0, g[0]]),
            "gy": np.array([0.0, g[1] if len(g) > 1 else 0.0]),
            "cx": np.array([0.0, out[0]]),
            "cy": np.array([0.0, out[1] if len(out) > 1 else 0.0]),
            "circle_x": c * np.cos(np.linspace(0, 2 * np.pi, 100)),
            "circle_y": c * np.sin(np.linspace(0, 2 * np.pi, 100)),
        }
        metrics = {f"clipped_{i + 1}": float(v) for i, v in enumerate(out)} | {"norm": n}
        return Record(step, metrics, tensors, {"reading": text})

    return redraw_on_change(ctx, render)


def views(config) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "g, the clipped g, and the circle ‖g‖ = c",
                    (
                        ("g", "gx", "gy", "line"),
                        ("clipped", "cx", "cy", "line"),
                        ("‖g‖ = c", "circle_x", "circle_y", "line"),
                    ),
                    xlabel="g₁",
                    ylabel="g₂",
                    weight=3,
                ),
                V.Text("the numbers", "reading", weight=2),
            ),
        )
    ]
