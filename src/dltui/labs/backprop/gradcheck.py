"""Part `gradcheck`: backprop's gradient against finite differences, weight by weight.

A 2-H-1 network with biases (hidden activation chosen, tanh output, E = ½Σ(ŷ − t)² over the four
XOR points), random weights from the run's seed. The backend computes ∂E/∂w by reverse-mode
autodiff; central finite differences (E(w + ε) − E(w − ε)) / 2ε are computed in float64 NumPy on
the same function. The relative error |g − g̃| / max(|g|, |g̃|) is read the usual way:
≤ 1e-7 fine (float64), ≤ 1e-4 acceptable only near kinks (ReLU) or in float32, > 1e-2 wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change
from ..common.worked import precise
from ..perceptron.data import COURSE_XOR

X, T = COURSE_XOR[:, 1:], (2 * COURSE_XOR[:, 0] - 1)[:, None]  # (4, 2), (4, 1)
ACTIVATIONS = ("tanh", "sigmoid", "relu")
_NUMPY_ACT: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "relu": lambda z: np.maximum(z, 0),
}


def init(rng: np.random.Generator, hidden: int) -> dict[str, np.ndarray]:
    return {
        "W1": rng.normal(0, 1, (2, hidden)),  # (2, H)
        "b1": rng.normal(0, 0.5, (hidden,)),  # (H,)
        "v": rng.normal(0, 1, (hidden, 1)),  # (H, 1)
        "b2": rng.normal(0, 0.5, (1,)),  # (1,)
    }


def numpy_loss(p: dict[str, np.ndarray], act: str) -> float:
    h = _NUMPY_ACT[act](X @ p["W1"] + p["b1"])  # (4, H)
    yhat = np.tanh(h @ p["v"] + p["b2"])  # (4, 1)
    return float(0.5 * np.sum((yhat - T) ** 2))


def finite_difference_grads(p: dict[str, np.ndarray], act: str, eps: float) -> dict:
    grads = {}
    for name, w in p.items():
        g = np.zeros_like(w)
        for idx in np.ndindex(w.shape):
            up = {k: v.copy() for k, v in p.items()}
            down = {k: v.copy() for k, v in p.items()}
            up[name][idx] += eps
            down[name][idx] -= eps
            g[idx] = (numpy_loss(up, act) - numpy_loss(down, act)) / (2 * eps)
        grads[name] = g
    return grads


def backprop_grads(B: Backend, p: dict[str, np.ndarray], act: str) -> dict[str, np.ndarray]:
    phi = {"tanh": B.tanh, "sigmoid": B.sigmoid, "relu": B.relu}[act]
    dt = precise(B)

    def loss(q, x, t):
        h = phi(B.matmul(x, q["W1"]) + q["b1"])  # (4, H)
        yhat = B.tanh(B.matmul(h, q["v"]) + q["b2"])  # (4, 1)
        return 0.5 * B.sum(B.square(yhat - t))

    params = {k: B.array(v, dt) for k, v in p.items()}
    _, g = B.value_and_grad(loss)(params, B.array(X, dt), B.array(T, dt))
    return {k: B.to_numpy(v).astype(np.float64) for k, v in g.items()}


def relative_errors(a: dict, b: dict) -> tuple[list[str], np.ndarray]:
    names, errs = [], []
    for name in a:
        for idx in np.ndindex(a[name].shape):
            x, y = a[name][idx], b[name][idx]
            scale = max(abs(x), abs(y))
            names.append(name + "".join(str(i + 1) for i in idx))
            errs.append(abs(x - y) / scale if scale > 0 else 0.0)
    return names, np.array(errs)


def verdict(worst: float) -> str:
    if worst <= 1e-7:
        return tr("≤ 1e-7: backprop is right (float64 precision).")
    if worst <= 1e-4:
        return tr("≤ 1e-4: fine in float32 or near a kink (ReLU at 0); suspicious in float64.")
    if worst <= 1e-2:
        return tr("≤ 1e-2: suspicious: check ε, kinks, or the backward pass.")
    return tr("> 1e-2: the gradient is wrong (or ε is far too large).")


def _render(B: Backend, p: dict, act: str):
    grads = backprop_grads(B, p, act)  # a backend may return its keys in another order
    bp = {k: grads[k] for k in p}  # p's order: the table's rows and the bars' labels agree

    def render(live: dict, step: int) -> Record:
        eps = live["eps"]
        fd = finite_difference_grads(p, act, eps)
        names, errs = relative_errors(bp, fd)
        worst = float(errs.max())
        # 38 columns (4, 12, 12, 10), so the table fits its panel at 120×40; every value and
        # heading (≤ 11, ≤ 11, ≤ 9 characters, in either language) keeps a space before it
        head = (tr("backprop"), tr("finite diff"), tr("rel. err."))
        lines = [f"{'w':4}{head[0]:>12}{head[1]:>12}{head[2]:>10}"]
        bp_vals = np.concatenate([np.ravel(bp[k]) for k in p])  # relative_errors' order
        fd_vals = np.concatenate([np.ravel(fd[k]) for k in p])
        for n, a, b, e in zip(names, bp_vals, fd_vals, errs, strict=True):
            lines.append(f"{n:4}{a:>12.5g}{b:>12.5g}{e:>10.1e}")
        reading = "\n".join(
            (
                tr(
                    "worst relative error {worst:.1e} with ε = {eps:g} on the {backend} backend",
                    worst=worst,
                    eps=eps,
                    backend=B.name,
                ),
                verdict(worst),
                tr("Too small an ε drowns in rounding; too large, in curvature."),
            )
        )
        metrics = {"max_rel_error": worst, "eps": eps}
        tensors = {"rel_errors": np.maximum(errs, 1e-17)}
        return Record(step, metrics, tensors, {"table": "\n".join(lines), "reading": reading})

    return render


def run(ctx: RunContext) -> Iterator[Record]:
    p = init(ctx.rng, ctx.config["hidden"])
    render = _render(ctx.backend, p, ctx.config["activation"])
    return redraw_on_change(ctx, render)


def weight_names(hidden: int) -> tuple[str, ...]:
    p = init(np.random.default_rng(0), hidden)
    return tuple(relative_errors(p, p)[0])


def views(config) -> list:
    return [
        V.Row(
            (
                V.Text("∂E/∂w: backprop vs finite differences", "table"),
                V.Text("reading", "reading"),
            ),
            weight=1,  # half the height each: the 13 weights of the presets fit both at 120×40
        ),
        V.Bars(
            "relative error per weight (log)",
            "rel_errors",
            weight_names(config["hidden"]),
            log=True,
        ),
    ]
