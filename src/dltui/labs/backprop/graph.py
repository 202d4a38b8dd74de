"""Part `graph`: f(x, y) = x²y + y + 6 as a computational graph, forward then backward, node by node.

The deck's figure is lost; the lab rebuilds it with the standard decomposition
a = x², b = a·y, c = b + y, f = c + 6. Each step reveals one node: four forward steps (values),
then six backward steps (∂f/∂node, from f back to the inputs). y feeds two nodes (b and c), so
its gradient is the sum of two paths; x reaches f through a only, but a = x·x uses x twice.
The hand chain rule (float64, here) is checked against the backend's autodiff and against
central finite differences, both shown on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.numfmt import fmt
from ..common.worked import exact, precise

FORWARD = ("a", "b", "c", "f")
BACKWARD = ("f", "c", "b", "a", "x", "y")
STAGES = len(FORWARD) + len(BACKWARD)  # steps to walk the whole graph
FD_STEP = 1e-5


@dataclass(frozen=True)
class Walk:
    """Every number of the graph at (x, y), by the chain rule."""

    x: float
    y: float

    @property
    def values(self) -> dict[str, float]:
        a = self.x**2
        b = a * self.y
        c = b + self.y
        return {"x": self.x, "y": self.y, "a": a, "b": b, "c": c, "f": c + 6}

    @property
    def grads(self) -> dict[str, float]:
        v = self.values
        gf = 1.0  # the seed ∂f/∂f
        gc = gf * 1.0  # f = c + 6
        gb = gc * 1.0  # c = b + y
        ga = gb * v["y"]  # b = a·y
        gx = ga * 2 * v["x"]  # a = x²
        gy = gb * v["a"] + gc * 1.0  # two paths: through b and through c
        return {"f": gf, "c": gc, "b": gb, "a": ga, "x": gx, "y": gy}


def f_of(x: float, y: float) -> float:
    return x * x * y + y + 6


def finite_differences(x: float, y: float, h: float = FD_STEP) -> tuple[float, float]:
    dx = (f_of(x + h, y) - f_of(x - h, y)) / (2 * h)
    dy = (f_of(x, y + h) - f_of(x, y - h)) / (2 * h)
    return dx, dy


def _explain(stage: int, w: Walk) -> str:
    v, g = w.values, w.grads
    n = fmt
    if stage == 0:
        return tr(
            "Nothing computed yet.\nPress n: the forward pass computes each node from its inputs."
        )
    if stage <= len(FORWARD):
        node = FORWARD[stage - 1]
        how = {
            "a": f"a = x² = {n(v['x'])}² = {n(v['a'])}",
            "b": f"b = a·y = {n(v['a'])}·{n(v['y'])} = {n(v['b'])}",
            "c": f"c = b + y = {n(v['b'])} + {n(v['y'])} = {n(v['c'])}",
            "f": f"f = c + 6 = {n(v['c'])} + 6 = {n(v['f'])}",
        }[node]
        tail = "\n" + tr("Next: the backward pass, from f back to x and y.") if node == "f" else ""
        return tr("forward, node {node}:", node=node) + f"\n{how}{tail}"
    node = BACKWARD[stage - 1 - len(FORWARD)]
    how = {
        "f": tr("∂f/∂f = 1: the seed of the backward pass."),
        "c": tr("f = c + 6, so ∂f/∂c = ∂f/∂f · 1 = {gc}", gc=n(g["c"])),
        "b": tr("c = b + y, so ∂f/∂b = ∂f/∂c · 1 = {gb}", gb=n(g["b"])),
        "a": tr(
            "b = a·y, so ∂f/∂a = ∂f/∂b · y = {gb}·{y} = {ga}",
            gb=n(g["b"]),
            y=n(v["y"]),
            ga=n(g["a"]),
        ),
        "x": tr(
            "a = x², so ∂f/∂x = ∂f/∂a · 2x = {ga}·2·{x} = {gx}",
            ga=n(g["a"]),
            x=n(v["x"]),
            gx=n(g["x"]),
        ),
        "y": tr("y feeds two nodes: the two paths ADD.")
        + f"\n∂f/∂y = ∂f/∂b · a + ∂f/∂c · 1 = {n(g['b'])}·{n(v['a'])} + {n(g['c'])} "
        f"= {n(g['y'])}",
    }[node]
    return tr("backward, node {node}:", node=node) + f"\n{how}"


def _diagram(stage: int, w: Walk) -> str:
    """The graph, top to bottom (fits ~40 columns); numbers not yet computed show as '·'."""
    v, g = w.values, w.grads
    shown_v = set(FORWARD[: min(stage, len(FORWARD))]) | {"x", "y"}
    shown_g = set(BACKWARD[: max(0, stage - len(FORWARD))])

    def val(k: str) -> str:
        return fmt(v[k]) if k in shown_v else "·"

    def node(k: str, label: str) -> str:
        grad = fmt(g[k]) if k in shown_g else "·"
        return f"│{label:^11}│ {val(k):>5}   ∂f/∂{k} {grad}"

    def grad(k: str) -> str:
        return fmt(g[k]) if k in shown_g else "·"

    x, y = f"x = {val('x')}", f"y = {val('y')}"
    pad = " " * max(len(x), len(y))
    lines = (
        f" {x:<{len(pad)}} ──► {node('a', 'a = x²')}",
        f" {pad}           │",
        f" {pad}           ▼",
        f" {y:<{len(pad)}} ─┬► {node('b', 'b = a·y')}",
        f" {pad}  │        │",
        f" {pad}  │        ▼",
        f" {pad}  └► {node('c', 'c = b + y')}",
        f" {pad}           │",
        f" {pad}           ▼",
        f" {pad}     {node('f', 'f = c + 6')}",
        "",
        f" ∂f/∂x = {grad('x')}    ∂f/∂y = {grad('y')}  " + tr("(y: two paths)"),
    )
    return "\n".join(lines)


def _check_text(w: Walk, auto: tuple[float, float, float], backend: str) -> str:
    fd = finite_differences(w.x, w.y)
    g = w.grads
    rows = [
        " " * 6 + tr("   hand   auto  finite d."),  # columns of 7, 7 and 11
        f"{'f':6}{fmt(w.values['f']):>7}{fmt(auto[0]):>7}",
        f"{'∂f/∂x':6}{fmt(g['x']):>7}{fmt(auto[1]):>7}{exact(fd[0]):>11}",
        f"{'∂f/∂y':6}{fmt(g['y']):>7}{fmt(auto[2]):>7}{exact(fd[1]):>11}",
    ]
    notes = tr(
        "auto: {backend} autodiff\nfinite d.: central, h = {h:g}", backend=backend, h=FD_STEP
    )
    return "\n".join(rows) + "\n\n" + notes


def run(ctx: RunContext) -> Iterator[Record]:
    B = ctx.backend
    x, y = ctx.config["x"], ctx.config["y"]
    w = Walk(x, y)
    f_and_grad = B.value_and_grad(lambda p: p["x"] * p["x"] * p["y"] + p["y"] + 6)
    value, grads = f_and_grad({"x": B.array(x, precise(B)), "y": B.array(y, precise(B))})
    auto = (float(B.to_numpy(value)), float(B.to_numpy(grads["x"])), float(B.to_numpy(grads["y"])))
    check = _check_text(w, auto, B.name)
    metrics = {"f": auto[0], "df_dx": auto[1], "df_dy": auto[2]}

    def record(stage: int) -> Record:
        text = {"graph": _diagram(stage, w), "step": _explain(stage, w), "check": check}
        return Record(stage, {**metrics, "stage": float(stage)}, None, text)

    yield record(0)
    for step in ctx.steps():
        if step > STAGES:
            return
        yield record(step)


def views(config) -> list:
    return [
        V.Row(
            (
                V.Text("the graph: value, then ∂f/∂node", "graph", weight=3),
                V.Text("check", "check", weight=2),
            ),
            weight=3,
        ),
        V.Text("this step", "step", weight=1),
    ]
