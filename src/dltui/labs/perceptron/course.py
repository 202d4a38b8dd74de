"""The course's exercise 1, stepped one update at a time with the numbers plugged in.

One tanh neuron a = tanh(w·x + b) on six (y, x) rows. Each step takes ONE sample (table order,
cycling), runs forward, backpropagates and updates; the record's text shows every intermediate
number. The update uses the backend's autodiff gradients; the chain rule written on screen is
recomputed by hand from the forward values (`tanh_backprop`), and a test checks the two agree,
so what the learner reads is what the model did.

Choices the course leaves open (stated on screen and in the lesson): start at w = 0.5, b = 0;
E = ½(a − y)²; plain gradient descent with η = the `lr` knob; class 1 when a > 0.5.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.numfmt import fmt, par
from .data import COURSE_TANH

EX1_W0, EX1_B0 = 0.5, 0.0


def tanh_backprop(w: float, b: float, x: float, y: float) -> dict[str, float]:
    """Every number of one exercise-1 update, by the chain rule (float64)."""
    z = w * x + b
    a = float(np.tanh(z))
    dE_da = a - y
    da_dz = 1 - a * a
    delta = dE_da * da_dz
    return dict(z=z, a=a, E=0.5 * dE_da**2, dE_da=dE_da, da_dz=da_dz, gw=delta * x, gb=delta)


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    xs, ys = COURSE_TANH[:, 1], COURSE_TANH[:, 0]  # (6,), (6,)

    def loss(p, x, y):
        a = B.tanh(p["w"] * x + p["b"])  # (1,)
        return 0.5 * B.sum(B.square(a - y))

    step_fn = B.value_and_grad(loss)
    params = {"w": B.array([EX1_W0]), "b": B.array([EX1_B0])}
    first = tr("before any update.\nstep (n) takes sample 1.")
    yield _tanh_record(B, params, 0, first, xs, ys, -1)
    for step in ctx.steps():
        lr = ctx.live["lr"]
        i = (step - 1) % len(xs)
        w, b = (float(B.to_numpy(params[k])[0]) for k in ("w", "b"))
        h = tanh_backprop(w, b, xs[i], ys[i])
        _, grads = step_fn(params, B.array([xs[i]]), B.array([ys[i]]))
        params = {k: params[k] - lr * grads[k] for k in params}
        B.eval(params)
        nw, nb = (float(B.to_numpy(params[k])[0]) for k in ("w", "b"))
        work = _tanh_work(step, i, xs[i], ys[i], w, b, h, lr, nw, nb)
        yield _tanh_record(B, params, step, work, xs, ys, i)


def _tanh_work(step, i, x, y, w, b, h, lr, nw, nb) -> str:
    return "\n".join(
        [
            tr(
                "step {step}: sample {i} of 6, x = {x}, y = {y:g}",
                step=step,
                i=i + 1,
                x=fmt(x),
                y=y,
            ),
            tr("forward"),
            f"  z = w·x + b = {fmt(w)}·{par(x)} + {par(b)} = {fmt(h['z'])}",
            f"  a = tanh(z) = {fmt(h['a'])}",
            f"  E = ½(a − y)² = {fmt(h['E'])}",
            tr("backward"),
            f"  ∂E/∂a = a − y = {fmt(h['dE_da'])}",
            f"  ∂a/∂z = 1 − a² = {fmt(h['da_dz'])}",
            f"  ∂E/∂w = (a − y)(1 − a²)·x = {fmt(h['gw'])}",
            f"  ∂E/∂b = (a − y)(1 − a²) = {fmt(h['gb'])}",
            tr("update (η = {lr:g})", lr=lr),
            f"  w ← {fmt(w)} − {lr:g}·{par(h['gw'])} = {fmt(nw)}",
            f"  b ← {fmt(b)} − {lr:g}·{par(h['gb'])} = {fmt(nb)}",
        ]
    )


def _tanh_record(B: Backend, params, step: int, work: str, xs, ys, i: int) -> Record:
    w, b = (float(B.to_numpy(params[k])[0]) for k in ("w", "b"))
    a = np.tanh(w * xs + b)  # (6,) the whole table after this update
    E = 0.5 * (a - ys) ** 2
    curve_x = np.linspace(-1.5, 1.0, 101)
    tensors = {
        "table": np.stack([xs, ys, a, E], axis=1),  # (6, 4)
        "cx": curve_x,
        "cy": np.tanh(w * curve_x + b),
        "px": xs,
        "py": ys,
        "mx": xs[i : i + 1] if i >= 0 else xs[:0],
        "my": a[i : i + 1] if i >= 0 else a[:0],
    }
    metrics = {
        "loss": float(E.mean()),
        "accuracy": float(np.mean((a > 0.5) == (ys > 0.5))),
        "w": w,
        "b": b,
    }
    return Record(step, metrics, tensors, {"work": work, "choices": tanh_choices()})


def tanh_choices() -> str:
    """What the course leaves open and this part chooses (in the interface's language)."""
    return tr(
        "one neuron a = tanh(w·x + b)\n"
        "open in the course, chosen here:\n"
        "· start w = {w:g}, b = {b:g}\n"
        "· E = ½(a − y)², one sample per update, table order\n"
        "· η = the lr knob (live)\n"
        "· class 1 when a > 0.5",
        w=EX1_W0,
        b=EX1_B0,
    )


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Row((V.Text("the course leaves open", "choices"), V.Text("one update", "work")), 2),
        V.Row(
            (
                V.Lines(
                    "a = tanh(w·x + b) and the six points",
                    (("a(x)", "cx", "cy", "line"), ("(x, y)", "px", "py", "points")),
                    (("this sample", "mx", "my"),),
                    xlabel="x",
                    ylabel="y, a",
                ),
                V.Table("the table after the update", "table", ("x", "y", "a", "E")),
            )
        ),
        V.Curves("mean E over the table", ("loss",), xlabel="update"),
    ]
