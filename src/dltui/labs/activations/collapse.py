"""The collapse of stacked linear layers (the `collapse` part), on the backend.

(x·w₁ + b₁)·w₂ + b₂ = x·(w₁w₂) + (b₁w₂ + b₂), for the course's scalar case and for a deeper
random stack of matrices, unless an activation sits between the layers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.activations import backend_fn
from ..common.interactive import redraw_on_change
from ..common.numfmt import fmt, par

DEEP_SIZES = (2, 16, 16, 16, 1)
DEEP_POINTS = 1000


def deep_stack(rng: np.random.Generator) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """A seeded random stack of linear layers DEEP_SIZES and DEEP_POINTS inputs to test it on."""
    pairs = zip(DEEP_SIZES[:-1], DEEP_SIZES[1:], strict=True)
    Ws = [rng.normal(0, 1 / np.sqrt(a), (a, b)) for a, b in pairs]
    bs = [rng.normal(0, 0.5, b) for b in DEEP_SIZES[1:]]
    X = rng.uniform(-3, 3, (DEEP_POINTS, DEEP_SIZES[0]))
    return Ws, bs, X


def collapse(B: Backend, live: dict, phi, deep) -> dict[str, Any]:
    """The scalar course example and the deep stack, stacked vs collapsed, on the backend."""
    w1, b1, w2, b2 = (live[k] for k in ("w1", "b1", "w2", "b2"))
    xs = np.linspace(-3, 3, 121, dtype=np.float32)
    x = B.array(xs)
    hidden = phi(x * w1 + b1)  # (121,) what layer 1 hands to layer 2
    stacked = B.to_numpy(hidden * w2 + b2)  # (121,)
    w_eff, b_eff = w1 * w2, b1 * w2 + b2
    collapsed = B.to_numpy(x * w_eff + b_eff)  # (121,)
    Ws, bs, X = deep
    Wb = [B.array(W.astype(np.float32)) for W in Ws]  # (a, b) each
    bb = [B.array(b.astype(np.float32)[None, :]) for b in bs]  # (1, b) each
    h = B.array(X.astype(np.float32))  # (P, 2)
    for i, (W, b) in enumerate(zip(Wb, bb, strict=True)):
        h = B.matmul(h, W) + b  # (P, b)
        if i < len(Wb) - 1:
            h = phi(h)
    W_eff, b_deep = Wb[0], bb[0]  # fold the layers: W' ← W'·Wᵢ, b' ← b'·Wᵢ + bᵢ
    for W, b in zip(Wb[1:], bb[1:], strict=True):
        W_eff, b_deep = B.matmul(W_eff, W), B.matmul(b_deep, W) + b  # (2, b), (1, b)
    one = B.matmul(B.array(X.astype(np.float32)), W_eff) + b_deep  # (P, 1)
    deep_gap = float(np.abs(B.to_numpy(h) - B.to_numpy(one)).max())
    return {
        "xs": xs,
        "hidden": B.to_numpy(hidden),
        "stacked": stacked,
        "collapsed": collapsed,
        "w_eff": w_eff,
        "b_eff": b_eff,
        "gap": float(np.abs(stacked - collapsed).max()),
        "deep_W": np.asarray(B.to_numpy(W_eff), np.float64)[:, 0],
        "deep_b": float(np.asarray(B.to_numpy(b_deep)).ravel()[0]),
        "deep_gap": deep_gap,
    }


def collapse_text(live: dict, between: str, r: dict) -> str:
    w1, b1, w2, b2 = (live[k] for k in ("w1", "b1", "w2", "b2"))
    sizes = " → ".join(str(s) for s in DEEP_SIZES)
    lines = [
        tr("layer 1: h = x·w₁ + b₁ = x·{w1} + {b1}", w1=par(w1), b1=par(b1)),
        tr("layer 2: y = h·w₂ + b₂ = h·{w2} + {b2}", w2=par(w2), b2=par(b2)),
    ]
    if between == "none":
        lines += [
            f"  y = (x·{par(w1)} + {par(b1)})·{par(w2)} + {par(b2)}",
            f"    = x·({fmt(w1)}·{par(w2)}) + ({fmt(b1)}·{par(w2)} + {par(b2)})",
            f"    = x·w' + b',  w' = w₁w₂ = {fmt(r['w_eff'])},  b' = b₁w₂ + b₂ = {fmt(r['b_eff'])}",
            tr("max |two layers − one| on [−3, 3] = {gap}", gap=fmt(r["gap"])),
            "",
            tr("deeper: {sizes}, four random linear layers (seeded):", sizes=sizes),
            "  W' = W₁W₂W₃W₄ = (" + ", ".join(fmt(v) for v in r["deep_W"]) + ")",
            f"  b' = ((b₁W₂ + b₂)W₃ + b₃)W₄ + b₄ = {fmt(r['deep_b'])}",
            tr(
                "  max gap over {n} points = {gap} (float32 rounding)",
                n=DEEP_POINTS,
                gap=fmt(r["deep_gap"]),
            ),
            "",
            tr(
                "Without activations depth buys nothing: any stack of linear layers is ONE linear "
                "layer. Set `between` to an activation to break the collapse."
            ),
        ]
    else:
        lines += [
            tr("with {f} between: y = w₂·{f}(x·w₁ + b₁) + b₂", f=between),
            tr("max |two layers − (x·w' + b')| on [−3, 3] = {gap}", gap=fmt(r["gap"])),
            tr(
                "deeper stack with {f}: gap to its linear product = {gap}",
                f=between,
                gap=fmt(r["deep_gap"]),
            ),
            "",
            tr(
                "The activation bends the line: the stack is no longer one linear layer, and depth "
                "starts to add shapes a single layer cannot make."
            ),
        ]
    return "\n".join(lines)


def run(ctx: RunContext) -> Iterator[Record]:
    deep = deep_stack(ctx.rng)
    return redraw_on_change(ctx, lambda live, step: record(ctx.backend, live, step, deep))


def record(B: Backend, live: dict, step: int, deep) -> Record:
    between = live["between"]
    phi = backend_fn(B, "linear" if between == "none" else between)
    r = collapse(B, live, phi, deep)
    tensors = {k: r[k] for k in ("xs", "hidden", "stacked", "collapsed")}
    metrics = {k: float(r[k]) for k in ("w_eff", "b_eff", "gap", "deep_gap")}
    return Record(step, metrics, tensors, {"reading": collapse_text(live, between, r)})


def views(config: Mapping[str, Any]) -> list:
    return [
        V.Lines(
            "two layers vs one: x·w' + b'",
            (
                ("layer 1: h", "xs", "hidden", "line"),
                ("two layers", "xs", "stacked", "line"),
                ("x·w' + b'", "xs", "collapsed", "line"),
            ),
            xlabel="x",
            ylabel="output",
        ),
        V.Text("the algebra", "reading"),
    ]
