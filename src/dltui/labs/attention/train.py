"""Part `transformer`: the tiny transformer trained live on a toy sequence task.

Each step trains on a fresh batch (Adam). Every EVAL_EVERY steps (and at the last step) the
held-out set is evaluated: `test_accuracy` (per token), `test_seq_accuracy` (all
T tokens right), per-position accuracy, and `source_attention`: for each layer and head, the mean
weight a query puts on its SOURCE key (the input position its answer comes from: T−1−t for
reversal, t for copy, where the t-th smallest token sits for sort), averaged over the held-out
set; the metric is the best head's. Between evaluations the last values are repeated, so every
record carries every metric.

At snapshots the record carries `attention` (layers, heads, T, T) for the shown example (the
learner's `sequence`, else the first held-out one), query rows × key columns, and one heatmap
field per head of the shown layer. A step whose loss is not finite ends the run as diverged,
its record keeping the last maps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.optim import Optimizer
from ...backend.tree import tree_map
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from . import data as D
from . import model as M

EVAL_EVERY = 10
# A loss this many times chance's (ln V: uniform guessing) means the weights have flown off: the
# model is confidently wrong everywhere, and Adam's fixed-size steps keep pushing it further.
DIVERGE_FACTOR = 10.0


class Run:
    """The model, its optimizer and the task of one run."""

    def __init__(self, ctx: RunContext):
        c, B = ctx.config, ctx.backend
        self.B, self.c = B, c
        self.T, self.V = c["seq_len"], c["vocab"]
        self.tasks = D.Tasks(c["task"], self.T, self.V, ctx.rng)
        self.net = M.Transformer(B, self.V, self.T, c["d_model"], c["heads"], c["causal"],
                                 c["positions"])  # fmt: skip
        init = M.init_params(self.V, self.T, c["d_model"], c["layers"], c["positions"], ctx.rng)
        self.params = tree_map(B.array, init)
        self.opt = Optimizer("adam", c["lr"], B)
        self.state = self.opt.init(self.params)
        self.loss_and_grad = B.value_and_grad(self.net.loss)
        self.x_test_o = self.net.onehot(self.tasks.x_test)
        self.src_test = D.source(c["task"], self.tasks.x_test)

    def step(self, rng: np.random.Generator, lr: float) -> tuple[float, float]:
        B = self.B
        x, y = self.tasks.batch(rng, self.c["batch"])
        (loss, logits), grads = self.loss_and_grad(
            self.params, self.net.onehot(x), B.array(y.reshape(-1))
        )
        self.opt.lr = lr
        self.params, self.state = self.opt.update(self.params, grads, self.state)
        B.eval(self.params, self.state)
        pred = B.to_numpy(logits).argmax(axis=-1)
        return float(B.to_numpy(loss)), float(np.mean(pred == y.reshape(-1)))

    def evaluate(self) -> dict[str, Any]:
        B, T = self.B, self.T
        logits, maps = self.net.forward(self.params, self.x_test_o, maps=True)
        pred = B.to_numpy(logits).argmax(axis=-1).reshape(-1, T)
        right = pred == self.tasks.y_test
        idx = self.src_test[:, None, :, None]
        on_source = np.array(  # (layers, heads)
            [np.take_along_axis(B.to_numpy(a), idx, axis=-1).mean(axis=(0, 2, 3)) for a in maps]
        )
        return {
            "test_accuracy": float(right.mean()),
            "test_seq_accuracy": float(right.all(axis=1).mean()),
            "source_attention": float(on_source.max()),
            "position_accuracy": right.mean(axis=0),
            "source_by_head": on_source,
        }

    def show(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(attention (layers, heads, T, T), predicted tokens (T,)) for one sequence."""
        B = self.B
        logits, maps = self.net.forward(self.params, self.net.onehot(x[None]), maps=True)
        att = np.stack([B.to_numpy(a)[0] for a in maps]).astype(np.float64)
        return att, B.to_numpy(logits).argmax(axis=-1)


def shown_sequence(config: Mapping[str, Any], tasks: D.Tasks) -> np.ndarray:
    tokens = D.parse_sequence(config["sequence"])
    return np.array(tokens) if tokens else tasks.x_test[0]


def run_transformer(ctx: RunContext) -> Iterator[Record]:
    run = Run(ctx)
    c, T, V_ = ctx.config, run.T, run.V
    ev: dict[str, Any] = {}
    tensors: dict[str, Any] = {}
    for step in ctx.steps():
        loss, acc = run.step(ctx.rng, ctx.live["lr"])
        blew_up = not np.isfinite(loss) or loss > DIVERGE_FACTOR * np.log(V_)
        snap = ctx.want_snapshot(step)
        last = ctx.max_steps is not None and step >= ctx.max_steps
        # Not at every snapshot: the app asks for 15 a second, and an evaluation costs a few
        # training steps. The maps of the shown example (below) are cheap and follow each one.
        if not blew_up and (step % EVAL_EVERY == 0 or step == 1 or last):
            ev = run.evaluate()
        metrics = {"loss": loss, "accuracy": acc}
        metrics |= {k: v for k, v in ev.items() if isinstance(v, float)}
        text = None
        if snap and not blew_up:
            live = ctx.live.snapshot()
            x = shown_sequence(live, run.tasks)
            att, pred = run.show(x)
            layer = min(live["show_layer"], c["layers"]) - 1
            tensors = _tensors(att, layer, ev, T, V_)
            text = {"sequence": _sequence_text(c, x, pred, ev, layer),
                    "reading": _reading(c, ev, step)}  # fmt: skip
        if blew_up:
            metrics = {"accuracy": acc} | {k: v for k, v in metrics.items() if np.isfinite(v)}
            record = Record(step, metrics, tensors or None)
            raise Diverged(
                tr(
                    "the loss reached {loss:.4g} at step {step}, more than {factor:g} times "
                    "chance's ln {V} = {chance:.2f}: the learning rate {lr:g} threw the weights "
                    "so far that the model is confidently wrong everywhere. Lower lr (3e-3 works) "
                    "and restart.",
                    loss=loss,
                    step=step,
                    factor=DIVERGE_FACTOR,
                    V=V_,
                    chance=np.log(V_),
                    lr=ctx.live["lr"],
                ),
                record,
            )
        yield Record(step, metrics, tensors if snap else None, text)


def _tensors(att: np.ndarray, layer: int, ev: Mapping[str, Any], T: int, V_: int) -> dict:
    out: dict[str, Any] = {
        "attention": att,
        # query 1 on top, key 1 on the left: the matrix as written, anti-diagonal ↗
        "map_extent": np.array([0.5, T + 0.5, T + 0.5, 0.5]),
        "map_vlim": np.array([0.0, 1.0]),
    }
    for h in range(att.shape[1]):
        out[f"map_h{h + 1}"] = att[layer, h][::-1]
    if "position_accuracy" in ev:
        out["position_accuracy"] = ev["position_accuracy"]
        out["positions"] = np.arange(1.0, T + 1)
        out["chance"] = np.full(T, 1.0 / V_)
        out["source_by_head"] = ev["source_by_head"]
    return out


def _tok(v: int, V_: int) -> str:
    return f"{v:>2}" if V_ > 10 else f"{v}"


def _sequence_text(c, x, pred, ev, layer: int) -> str:
    V_ = c["vocab"]
    y = D.targets(c["task"], x[None])[0]
    sep = " "
    marks = [
        ("✓" if p == t else "✗").rjust(2 if V_ > 10 else 1) for p, t in zip(pred, y, strict=True)
    ]
    labels = [tr("input"), tr("answer"), tr("model")]
    width = max(8, *(len(label) + 2 for label in labels))
    right = sum(p == t for p, t in zip(pred, y, strict=True))
    return "\n".join(
        [
            f"{labels[0]:<{width}}{sep.join(_tok(v, V_) for v in x)}",
            f"{labels[1]:<{width}}{sep.join(_tok(v, V_) for v in y)}   ({c['task']})",
            f"{labels[2]:<{width}}{sep.join(_tok(v, V_) for v in pred)}",
            f"{'':<{width}}{sep.join(marks)}   {right}/{len(y)}",
            tr(
                "maps: layer {layer}; rows = queries (output positions), columns = keys\n"
                "(input positions); each row sums to 1.",
                layer=layer + 1,
            ),
        ]
    )


def _reading(c, ev: Mapping[str, Any], step: int) -> str:
    if "position_accuracy" not in ev:
        return ""
    T, V_ = c["seq_len"], c["vocab"]
    pos = " ".join(f"{a:.0%}" for a in ev["position_accuracy"])
    lines = [
        tr(
            "step {step}: held-out accuracy {token:.1%} per token, {whole:.1%} whole sequences; "
            "chance {chance:.1%}",
            step=step,
            token=ev["test_accuracy"],
            whole=ev["test_seq_accuracy"],
            chance=1 / V_,
        ),
        tr("per position: {accuracies}", accuracies=pos),
        tr("best head's weight on the source key: {w:.2f}", w=ev["source_attention"]),
    ]
    if c["causal"] and c["task"] == "reverse":
        half = T // 2
        ceiling = (T - half + half / V_) / T
        lines.append(
            tr(
                "causal mask on: position t sees only inputs 1…t, but reversal's answer at t is\n"
                "input T+1−t — in the future for the first {half} positions. They stay at chance\n"
                "({chance:.0%}), so token accuracy cannot pass ½ + ½·1/V ≈ {ceiling:.2f}.",
                half=half,
                chance=1 / V_,
                ceiling=ceiling,
            )
        )
    return "\n".join(lines)


def transformer_views(config: Mapping[str, Any]) -> list:
    heads = config["heads"]  # the layer shown (`show_layer`, live) is named in the example text
    maps = [
        V.Heatmap(
            tr("head {h}: query ↓ × key →", h=h + 1),
            f"map_h{h + 1}",
            extent="map_extent",
            vlim="map_vlim",
            clabel="attention weight",
        )  # fmt: skip
        for h in range(heads)
    ]
    # Heights (maps : curves : texts) that leave the curves row the 10 lines its three-series
    # legend needs at 120×40 (36 lines for the panels): 15 : 10 : 10 with one row of maps;
    # 9 + 9 : 10 : 8 with two (9 lines keep every row of an 8 × 8 map).
    one_row = heads <= 4
    map_weight, curves_weight, text_weight = (3, 2, 2) if one_row else (9, 10, 8)
    rows = [V.Row(tuple(maps[i : i + 4]), weight=map_weight) for i in range(0, heads, 4)]
    return [
        *rows,
        V.Row(
            (
                V.Curves("loss (log) over steps", ("loss",), logy=True),
                V.Curves(
                    "accuracy over steps",
                    ("accuracy", "test_accuracy", "test_seq_accuracy"),
                    ylim=(0.0, 1.0),
                ),
                V.Lines(
                    "held-out accuracy by position",
                    (
                        ("held-out", "positions", "position_accuracy", "line"),
                        ("chance", "positions", "chance", "line"),
                    ),
                    ylim=(0.0, 1.0),
                    xlabel="output position",
                ),
            ),
            weight=curves_weight,
        ),
        V.Row(
            (V.Text("the example, token by token", "sequence"), V.Text("reading", "reading")),
            weight=text_weight,
        ),  # fmt: skip
    ]
