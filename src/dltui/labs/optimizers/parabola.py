"""Part `parabola`: one update rule on f(x) = x², step by step, with the numbers plugged in.

GD's step is x ← x − η·2x = (1 − 2η)·x: the factor 1 − 2η decides everything (0.8 at η = 0.1;
0 at 0.5, one step to the minimum; −0.8 at 0.9, oscillating and shrinking; −1 at 1, bouncing
±1 for ever; −1.2 at 1.1, diverging). The other rules (rules.py) run on the same curve with
their state shown. With `variants` on, Adam's two course variants run beside the standard one.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from ..common.worked import exact, precise
from .rules import ADAM_VARIANTS, Hyper, Stepper

BLOW_UP = 1e6  # |x| past this: the run diverged


def hyper(config, lr: float, variant: str | None = None) -> Hyper:
    return Hyper(
        lr=lr,
        momentum=config["momentum"],
        rho=config["rho"],
        beta1=config["beta1"],
        beta2=config["beta2"],
        adam_variant=variant or config["adam_variant"],
    )


def _work(rule: str, h: Hyper, x_old: float, x_new: float, n: dict[str, float]) -> str:
    g, new = n["g"], exact(x_new)
    factor = f"({exact(g)})" if g < 0 else exact(g)  # "1.1·(−5.08)", not "1.1·−5.08"
    head = f"x = {exact(x_old)}\ng = f'(x) = 2x = {exact(g)}\n"
    if rule in ("gd", "sgd"):
        return head + (
            f"x ← x − η·g = {exact(x_old)} − {exact(h.lr)}·{factor}\n  = {new}\n"
            + tr("(x ← (1 − 2η)·x: factor {factor})", factor=exact(1 - 2 * h.lr))
        )
    if rule in ("momentum", "nesterov"):
        where = tr("g at x − γv") if rule == "nesterov" else "g"
        return head + f"v ← γv + η·{where} = {exact(n['v'])}\nx ← x − v = {new}"
    if rule == "adagrad":
        return head + f"G ← G + g² = {exact(n['G'])}\nx ← x − η/√(G + ε)·g = {new}"
    if rule == "rmsprop":
        return head + f"v ← γv + (1 − γ)g² = {exact(n['v'])}\nx ← x − η/√(v + ε)·g = {new}"
    return head + (
        f"m = {exact(n['m'])}, v = {exact(n['v'])}\n"
        f"m̂ = {exact(n['m_hat'])}, v̂ = {exact(n['v_hat'])}\n"
        + tr("({variant} correction)", variant=h.adam_variant)
        + "\n"
        f"x ← x − η·m̂/(√v̂ + ε) = {new}"
    )


def run(ctx: RunContext) -> Iterator[Record]:
    B, config = ctx.backend, ctx.config
    rule, dt = config["optimizer"], precise(B)
    x0 = float(config["start"])
    f_and_g = B.value_and_grad(lambda x: B.sum(x * x))

    def grad(x):
        return f_and_g(x)[1]

    compare = rule == "adam" and config["variants"]
    variants = ADAM_VARIANTS if compare else (None,)
    steppers = [
        Stepper(rule, hyper(config, ctx.live["lr"], v), B.array([x0], dt)) for v in variants
    ]
    history = [x0]
    yield _record(0, history, {}, "x₀ = " + exact(x0), steppers, B, compare)
    for step in ctx.steps():
        for s in steppers:
            s.hyper.lr = ctx.live["lr"]
            s.step(B, grad, ctx.rng)
        x = float(B.to_numpy(steppers[0].theta)[0])
        work = _work(rule, steppers[0].hyper, history[-1], x, steppers[0].numbers(B))
        history.append(x)
        head = tr("step {step}", step=step) + "\n"
        record = _record(step, history, {}, head + work, steppers, B, compare)
        if not np.isfinite(x) or abs(x) > BLOW_UP:
            raise Diverged(
                tr(
                    "x reached {x:.4g} at step {step}: each step overshoots the minimum by more "
                    "than the last (GD multiplies x by 1 − 2η = {factor:.4g} each step; "
                    "|1 − 2η| > 1 diverges). Lower the learning rate below 1 and restart.",
                    x=x,
                    step=step,
                    factor=1 - 2 * ctx.live["lr"],
                ),
                record,
            )
        yield record


def _record(step, history, metrics, work, steppers, B: Backend, compare) -> Record:
    xs_hist = np.array(history)
    x = xs_hist[-1]
    metrics = {"x": float(x), "f": float(x * x)}
    if compare:
        for s in steppers:
            key = "x_" + s.hyper.adam_variant.replace("-", "_")
            metrics[key] = float(B.to_numpy(s.theta)[0])
    span = max(1.2, 1.1 * float(np.abs(xs_hist[np.isfinite(xs_hist)]).max(initial=1.0)))
    span = min(span, BLOW_UP)
    curve = np.linspace(-span, span, 201)
    near = np.linspace(x - span / 4, x + span / 4, 21)
    tensors = {
        "curve_x": curve,
        "curve_y": curve**2,
        "path_x": xs_hist[-40:],
        "path_y": xs_hist[-40:] ** 2,
        "now_x": np.array([x]),
        "now_y": np.array([x * x]),
        "tangent_x": near,
        "tangent_y": x * x + 2 * x * (near - x),  # f(x) + f'(x)(t − x)
    }
    return Record(step, metrics, tensors, {"work": work})


def views(config) -> list:
    compare = config["optimizer"] == "adam" and config["variants"]
    if compare:
        xs = tuple("x_" + v.replace("-", "_") for v in ADAM_VARIANTS)
        history = V.Curves("x over steps: Adam and the course's two variants", xs, ylabel="x")
    else:
        history = V.Curves("x over steps", ("x",), ylabel="x")
    return [
        V.Row(
            (
                V.Lines(
                    "f(x) = x², the path and the tangent at x",
                    (
                        ("f(x) = x²", "curve_x", "curve_y", "line"),
                        ("tangent", "tangent_x", "tangent_y", "line"),
                        ("visited", "path_x", "path_y", "points"),
                    ),
                    markers=(("now", "now_x", "now_y"),),
                    xlabel="x",
                    ylabel="f(x)",
                    weight=3,
                ),
                V.Text("this step", "work", weight=2),
            ),
            weight=3,
        ),
        history,
    ]
