"""The course's exercise 2, stepped one sample at a time: XOR in ±1 coding through a 2-2-1 net.

The course's initial weights, no biases (as drawn). That network cannot fit XOR with any weights,
and the learner watches it fail while the screen says why (`xor_note`); `biases = true` adds
biases (starting at 0) and the same network learns. The update uses the backend's autodiff
gradients; the chain rule on screen is recomputed by hand (`xor_backprop`), and a test checks
they agree.

Choices the course leaves open (stated on screen and in the lesson): W[i, j] is "input i →
hidden unit j" (Keras' kernel layout); a tanh output unit with targets t = 2y − 1 = ±1;
E = ½(ŷ − t)²; one sample per update in table order; η = the `lr` knob; the hidden activation
is tanh, sigmoid or relu (each with its own proof of failure).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.activations import backend_fn, numpy_pair
from ..common.numfmt import fmt, par
from .data import COURSE_XOR

EX2_W1 = np.array([[0.5, -0.3], [0.7, -0.1]])  # (2 inputs, 2 hidden): W[i, j] = input i → unit j
EX2_V = np.array([[0.2], [-0.1]])  # (2 hidden, 1 output)
XOR_ACTIVATIONS = ("tanh", "sigmoid", "relu")
XOR_EXTENT = (-1.6, 1.6, -1.6, 1.6)
XOR_GRID = 48


def xor_backprop(W1, v, b1, b2, x, t: float, act: str) -> dict[str, Any]:
    """Every number of one exercise-2 update, by the chain rule (float64).

    W1 (2, 2), v (2, 1), b1 (2,), b2 (1,), x (2,), target t = ±1. Hidden h = φ(x·W1 + b1),
    output ŷ = tanh(h·v + b2), E = ½(ŷ − t)².
    """
    phi, dphi = numpy_pair(act)
    z1 = x @ W1 + b1  # (2,)
    h = phi(z1)  # (2,)
    z2 = float(h @ v[:, 0] + b2[0])
    yhat = float(np.tanh(z2))
    delta = (yhat - t) * (1 - yhat**2)  # ∂E/∂z2
    gv = delta * h  # (2,)
    d_hidden = delta * v[:, 0] * dphi(z1)  # (2,) ∂E/∂z1
    gW = np.outer(x, d_hidden)  # (2, 2)
    E = 0.5 * (yhat - t) ** 2
    return dict(
        z1=z1,
        h=h,
        z2=z2,
        yhat=yhat,
        E=E,
        delta=delta,
        gv=gv,
        dh=d_hidden,
        gW=gW,
        gb1=d_hidden,
        gb2=delta,
    )


def run(ctx: RunContext) -> Iterator[Record]:
    B, act_name, biases = ctx.backend, ctx.config["activation"], ctx.config["biases"]
    phi = backend_fn(B, act_name)
    X, T = COURSE_XOR[:, 1:], 2 * COURSE_XOR[:, 0] - 1  # (4, 2), (4,) targets ±1

    def forward(p, x):  # x (N, 2) → ŷ (N, 1)
        h = phi(B.matmul(x, p["W1"]) + p["b1"]) if biases else phi(B.matmul(x, p["W1"]))
        z = B.matmul(h, p["v"])
        return B.tanh(z + p["b2"] if biases else z)

    def loss(p, x, t):
        return 0.5 * B.sum(B.square(forward(p, x) - t))

    step_fn = B.value_and_grad(loss)
    params = {"W1": B.array(EX2_W1), "v": B.array(EX2_V)}
    if biases:
        params |= {"b1": B.array(np.zeros(2)), "b2": B.array(np.zeros(1))}
    grid = B.array(_xor_grid())
    note = xor_note(act_name, biases)
    first = tr("before any update.\nstep (n) takes sample 1.")
    yield _xor_record(B, params, forward, grid, 0, first, X, T, note)
    for step in ctx.steps():
        lr = ctx.live["lr"]
        i = (step - 1) % 4
        now = {k: B.to_numpy(p).astype(np.float64) for k, p in params.items()}
        b1, b2 = now.get("b1", np.zeros(2)), now.get("b2", np.zeros(1))
        h = xor_backprop(now["W1"], now["v"], b1, b2, X[i], T[i], act_name)
        _, grads = step_fn(params, B.array(X[i : i + 1]), B.array(T[i : i + 1, None]))
        params = {k: params[k] - lr * grads[k] for k in params}
        B.eval(params)
        new = {k: B.to_numpy(p).astype(np.float64) for k, p in params.items()}
        work = _xor_work(step, i, X[i], T[i], now, new, h, lr, act_name, biases)
        yield _xor_record(B, params, forward, grid, step, work, X, T, note)


def _xor_grid() -> np.ndarray:
    x0, x1, y0, y1 = XOR_EXTENT
    gx, gy = np.meshgrid(np.linspace(x0, x1, XOR_GRID), np.linspace(y0, y1, XOR_GRID))
    return np.stack([gx.ravel(), gy.ravel()], axis=1)  # (G·G, 2), row 0 at the bottom


def _xor_work(step, i, x, t, now, new, h, lr, act, biases) -> str:
    W, v, nW, nv = now["W1"], now["v"][:, 0], new["W1"], new["v"][:, 0]
    phi = {"tanh": "tanh", "sigmoid": "σ", "relu": "relu"}[act]
    dphi = {"tanh": "1 − h²", "sigmoid": "h(1 − h)"}.get(act) or tr("1 if z > 0 else 0")
    b1 = now.get("b1", np.zeros(2))
    sign = "+1" if t > 0 else "−1"
    lines = [
        tr(
            "step {step}: sample {i} of 4, x = ({x1}, {x2}), t = {t}",
            step=step,
            i=i + 1,
            x1=fmt(x[0]),
            x2=fmt(x[1]),
            t=sign,
        ),
        tr("forward"),
    ]
    for j in range(2):
        bias = f" + {par(b1[j])}" if biases else ""
        lines.append(
            f"  z{j + 1} = {fmt(W[0, j])}·{par(x[0])} + {par(W[1, j])}·{par(x[1])}{bias}"
            f" = {fmt(h['z1'][j])}, h{j + 1} = {phi}(z{j + 1}) = {fmt(h['h'][j])}"
        )
    bias2 = f" + {par(now['b2'][0])}" if biases else ""
    lines += [
        f"  z = {fmt(v[0])}·{par(h['h'][0])} + {par(v[1])}·{par(h['h'][1])}{bias2} = {fmt(h['z2'])}",
        f"  ŷ = tanh(z) = {fmt(h['yhat'])}, E = ½(ŷ − t)² = {fmt(h['E'])}",
        tr("backward"),
        f"  δ = (ŷ − t)(1 − ŷ²) = {fmt(h['delta'])}",
    ]
    for j in range(2):
        lines.append(f"  ∂E/∂v{j + 1} = δ·h{j + 1} = {fmt(h['gv'][j])}")
    for j in range(2):
        lines.append(
            f"  δ{j + 1} = δ·v{j + 1}·φ'(z{j + 1}) = {fmt(h['delta'])}·{par(v[j])}·{par(_dphi_value(act, h, j))}"
            f" = {fmt(h['dh'][j])}   (φ' = {dphi})"
        )
    lines.append(
        "  "
        + tr("∂E/∂w_ij = δj·xi:")
        + " "
        + ", ".join(f"w{a + 1}{c + 1} {fmt(h['gW'][a, c])}" for a in range(2) for c in range(2))
    )
    lines.append(tr("update (η = {lr:g}): p ← p − η·∂E/∂p", lr=lr))
    lines.append("  " + ", ".join(f"v{j + 1} {fmt(v[j])} → {fmt(nv[j])}" for j in range(2)))
    lines.append(
        "  "
        + ", ".join(
            f"w{a + 1}{c + 1} {fmt(W[a, c])} → {fmt(nW[a, c])}" for a in range(2) for c in range(2)
        )
    )
    if biases:
        nb1, nb2 = new["b1"], new["b2"]
        lines.append(
            "  "
            + ", ".join(f"b{j + 1} {fmt(b1[j])} → {fmt(nb1[j])}" for j in range(2))
            + f", b {fmt(now['b2'][0])} → {fmt(nb2[0])}"
        )
    return "\n".join(lines)


def _dphi_value(act: str, h: dict, j: int) -> float:
    z, hj = h["z1"][j], h["h"][j]
    if act == "tanh":
        return 1 - hj * hj
    if act == "sigmoid":
        return hj * (1 - hj)
    return 1.0 if z > 0 else 0.0


def _xor_record(B: Backend, params, forward, grid, step, work, X, T, note) -> Record:
    yhat = B.to_numpy(forward(params, B.array(X)))[:, 0].astype(np.float64)  # (4,)
    E = 0.5 * (yhat - T) ** 2
    field = B.to_numpy(forward(params, grid)).reshape(XOR_GRID, XOR_GRID)  # (G, G)
    W1, v = B.to_numpy(params["W1"]), B.to_numpy(params["v"])
    tensors = {
        "field": field,
        "extent": np.array(XOR_EXTENT, np.float32),
        "px": X[:, 0],
        "py": X[:, 1],
        "pc": (T > 0).astype(np.float32),
        "table": np.stack([X[:, 0], X[:, 1], T, yhat], axis=1),  # (4, 4)
        "W1": W1,
        "v": v[:, 0],
    }
    if "b1" in params:
        tensors |= {"b1": B.to_numpy(params["b1"]), "b2": B.to_numpy(params["b2"])}
    metrics = {"loss": float(E.mean()), "accuracy": float(np.mean(np.sign(yhat) == T))}
    return Record(step, metrics, tensors, {"work": work, "note": note})


def xor_note(act: str, biases: bool) -> str:
    """Why the network as drawn cannot fit XOR (or, with biases, why it now can)."""
    if biases:
        title = tr("the course's 2-2-1 network, WITH biases (starting at 0)")
    else:
        title = tr("the course's 2-2-1 network, no biases")
    b1, b2, b = (" + b1", " + b2", " + b") if biases else ("", "", "")
    head = "\n".join(
        (
            title,
            tr(
                "open in the course, chosen here:\n"
                "· w_ij = weight from input i to hidden j (Keras' kernel layout)\n"
                "  at the start h1 = φ(0.5x1 + 0.7x2{b1}), h2 = φ(−0.3x1 − 0.1x2{b2})\n"
                "  and ŷ = tanh(0.2h1 − 0.1h2{b}); targets t = 2y − 1 = ±1\n"
                "· E = ½(ŷ − t)², one sample per update, table order; η = the lr knob\n"
                "· right when ŷ has the sign of t",
                b1=b1,
                b2=b2,
                b=b,
            ),
        )
    )
    head += "\n\n"
    if biases:
        return head + tr(
            "Biases let each unit's boundary leave the origin. That breaks the symmetry which "
            "dooms the network without them (set biases = false to read why): now it can fit "
            "XOR, and does."
        )
    why = {
        "tanh": lambda: tr(
            "It cannot fit XOR. Without biases and with tanh, ŷ(−x) = −ŷ(x) for every weight "
            "(an odd function of an odd function). XOR gives x and −x the SAME label: "
            "(−1,−1) and (1,1) are both −1, (−1,1) and (1,−1) both +1. So on each pair one "
            "output has the wrong sign: at best 2 of 4 right, whatever the training does."
        ),
        "sigmoid": lambda: tr(
            "It cannot fit XOR. σ(z) = ½ + ½tanh(z/2), so without biases the output's input "
            "is z(x) = c + g(x) with g odd and c = ½(v1 + v2): z(x) + z(−x) = 2c for every x. "
            "XOR needs z < 0 at both (1,1) and (−1,−1), so c < 0, and z > 0 at both (1,−1) and "
            "(−1,1), so c > 0. Impossible: some point always stays wrong."
        ),
        "relu": lambda: tr(
            "It cannot fit XOR. Without biases a ReLU unit is 0 on a half-plane through the "
            "origin, so each unit is active at most at ONE of (1,1), (−1,−1). Making z < 0 at "
            "both needs two units with negative output weights, and then z ≤ 0 everywhere: "
            "(1,−1) and (−1,1) can never be positive."
        ),
    }[act]()
    return head + why + "\n" + tr("Set biases = true to see it learn.")


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Row((V.Text("the network and why", "note"), V.Text("one update", "work")), weight=3),
        V.Row(
            (
                V.Heatmap(
                    "ŷ over the plane",
                    "field",
                    "extent",
                    ("px", "py", "pc"),
                    palette="diverging",
                    vrange=(-1.0, 1.0),  # tanh: ≈ 0 everywhere must look undecided
                    xlabel="x1",
                    ylabel="x2",
                    clabel="ŷ",
                    classes=("t = −1", "t = +1"),
                ),
                V.Table("the four points", "table", ("x1", "x2", "t", "ŷ")),
                V.Matrix(
                    "W: xᵢ (row) → hⱼ (column)",
                    "W1",
                    signed=True,
                    row_labels=("x1", "x2"),
                    col_labels=("h1", "h2"),
                ),
                V.Bars("v (hidden → output)", "v", ("v1", "v2")),
            ),
            weight=2,
        ),
        V.Row(
            (
                V.Curves("mean E", ("loss",), xlabel="update"),
                V.Curves("accuracy", ("accuracy",), ylim=(0.0, 1.0), xlabel="update"),
            )
        ),
    ]
