"""The perceptron lab's first part: one neuron a = φ(w1·x1 + w2·x2 + b), every value a slider.

Nothing trains here; the part re-renders when a live value changes (`ctx.wait_for_change`), and
headless it is a single record. The plane picture shows a over the input plane with the line
w·x + b = 0, the neuron's decision boundary, drawn on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.activations import SIGNED, backend_fn
from ..common.numfmt import fmt, par

PLANE = (-3.0, 3.0, -3.0, 3.0)
PLANE_N = 48
_BOUNDED = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}  # fixed colour ranges of bounded φ


def run(ctx: RunContext) -> Iterator[Record]:
    B, act = ctx.backend, ctx.config["activation"]
    phi = backend_fn(B, act)
    slope = B.value_and_grad(lambda z: B.sum(phi(z)))  # elementwise φ' by autodiff
    zs = np.linspace(-4, 4, 161, dtype=np.float32)
    curve = B.to_numpy(phi(B.array(zs)))
    x0, x1, y0, y1 = PLANE
    gx, gy = np.meshgrid(np.linspace(x0, x1, PLANE_N), np.linspace(y0, y1, PLANE_N))
    plane = B.array(np.stack([gx.ravel(), gy.ravel()], axis=1))  # (G·G, 2)
    step = 1
    while True:
        seen = ctx.live.version
        v = ctx.live.snapshot()
        w = np.array([[v["w1"]], [v["w2"]]], np.float32)  # (2, 1)
        z = v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"]
        a_arr, d_arr = slope(B.array(np.array([z], np.float32)))
        a, da = float(B.to_numpy(a_arr)), float(B.to_numpy(d_arr)[0])
        field = B.to_numpy(phi(B.matmul(plane, B.array(w)) + v["b"]))  # (G·G, 1)
        lx, ly = boundary_line(v["w1"], v["w2"], v["b"])
        tensors = {
            "zs": zs,
            "as": curve,
            "z": np.array([z]),
            "a": np.array([a]),
            "field": field.reshape(PLANE_N, PLANE_N),
            "extent": np.array(PLANE, np.float32),
            "px": np.array([v["x1"]]),
            "py": np.array([v["x2"]]),
            "pc": np.zeros(1),
            "lx": lx,
            "ly": ly,
        }
        text = {"work": _work(v, act, z, a, da)}
        yield Record(step, {"z": z, "a": a, "da": da}, tensors, text)
        if not ctx.wait_for_change(seen):
            return
        step += 1


def boundary_line(w1: float, w2: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Two points of w1·x1 + w2·x2 + b = 0 across the plane (empty when w = 0)."""
    lo, hi = PLANE[0], PLANE[1]
    if abs(w2) >= abs(w1) and w2 != 0:
        xs = np.array([lo, hi])
        return xs, -(w1 * xs + b) / w2
    if w1 != 0:
        ys = np.array([lo, hi])
        return -(w2 * ys + b) / w1, ys
    return np.zeros(0), np.zeros(0)


def _work(v: dict, act: str, z: float, a: float, da: float) -> str:
    return "\n".join(
        [
            f"a = φ(w1·x1 + w2·x2 + b), φ = {act}",
            f"z = {fmt(v['w1'])}·{par(v['x1'])} + {par(v['w2'])}·{par(v['x2'])} + {par(v['b'])}",
            f"  = {fmt(z)}",
            f"a = {act}({fmt(z)}) = {fmt(a)}",
            tr("φ'(z) = {da}  (how much a moves per unit of z)", da=fmt(da)),
            "",
            tr(
                "the line w·x + b = 0 splits the plane:\n"
                "z > 0 on one side, z < 0 on the other.\n"
                "w turns the line, b slides it; |w| sets\n"
                "how sharp the step across it is."
            ),
            tr("keys: ←/→ move x1, ↑/↓ move x2"),
        ]
    )


def views(config: Mapping[str, Any]) -> list:
    palette = "diverging" if config["activation"] in SIGNED else "viridis"
    return [
        V.Row(
            (
                V.Lines(
                    "a = φ(z)",
                    (("φ", "zs", "as", "line"),),
                    (("now", "z", "a"),),
                    "z",
                    xlabel="z",
                    ylabel="a",
                ),
                V.Heatmap(
                    "a over (x1, x2), line w·x + b = 0",
                    "field",
                    extent="extent",
                    points=("px", "py", "pc"),
                    path=("lx", "ly"),
                    path_label="w·x + b = 0",
                    path_end=False,
                    palette=palette,
                    vrange=_BOUNDED.get(config["activation"]),
                    xlabel="x1",
                    ylabel="x2",
                    clabel="a",
                    classes=("x (the input)",),
                ),
            ),
            weight=2,
        ),
        V.Text("the computation", "work"),
    ]
