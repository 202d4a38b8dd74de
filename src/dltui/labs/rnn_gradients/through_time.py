"""The `train` and `gates` parts: the gradient through time, measured while the cells learn.

Each training step measures ‖∂L/∂hₜ‖ for every t (a zero probe added to each hₜ; its gradient is
the total gradient reaching hₜ) and the screen stacks those profiles into a heatmap: time steps
across, training steps up, one per cell on one shared log colour scale. `gates` trains an LSTM and
shows its forget/input/output gates along one sequence. The training step itself is in `train`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Diverged, Record, RunContext
from . import model as M
from .train import Learner, StepResult, make_learner, train_step


def cells_of(config: Mapping[str, Any]) -> tuple[str, ...]:
    if config["part"] == "gates":
        return ("lstm",)
    return M.CELLS if config["cell"] == "all" else (config["cell"],)


def suffix(cell: str, config: Mapping[str, Any]) -> str:
    """Metric/tensor name suffix: none when one cell trains (the headless contract's names)."""
    return f"_{cell}" if len(cells_of(config)) > 1 else ""


def run(ctx: RunContext) -> Iterator[Record]:
    """The `train` part: the chosen cells side by side."""
    return _train(ctx, gates=False)


def run_gates(ctx: RunContext) -> Iterator[Record]:
    """The `gates` part: an LSTM, with its gates along one sequence."""
    return _train(ctx, gates=True)


def _train(ctx: RunContext, gates: bool) -> Iterator[Record]:
    B, config, rng = ctx.backend, ctx.config, ctx.rng
    cells = cells_of(config)
    learners = [make_learner(B, c, dict(config), rng) for c in cells]
    T, N, H = config["seq_len"], config["batch"], config["hidden"]
    probe = B.zeros((N, T, H))  # zeros: its gradient is ∂L/∂hₜ; never changes, so made once
    x_show, y_show = M.batch(rng, 1, T)  # the gate inspector's sequence
    t_axis = np.arange(1, T + 1, dtype=np.float64)
    for step in ctx.steps():
        x, y = (B.array(a) for a in M.batch(rng, N, T))
        lr, clip = ctx.live["lr"], ctx.live["clip"]
        results = {ln.cell: train_step(B, lr, clip, ln, x, y, probe) for ln in learners}
        exploded = [r.exploded for r in results.values() if r.exploded]
        tensors = None
        if exploded or ctx.want_snapshot(step):
            # Headless, the history maps (all steps so far) ride on the last record only: each
            # report step's profile is already one of their rows, and JSONL stays small.
            last = ctx.max_steps is not None and step >= ctx.max_steps
            maps = not ctx.headless or last or bool(exploded)
            tensors = _norm_tensors(learners, results, config, t_axis, maps)
            if gates:
                tensors.update(_gate_tensors(B, learners[0], x_show, t_axis))
        text = None
        if tensors is not None:
            note = _gate_note(B, learners[0], x_show, y_show) if gates else ""
            text = {"note": note or reading(results, step)}
        yield Record(step, _metrics(results, config), tensors, text)
        if exploded:
            raise Diverged(
                tr(
                    "the update exploded at step {step}: {why}. Every unit saturates and "
                    "learning stops. Clip the gradient (clip = 1), or lower w_scale or lr, and "
                    "restart.",
                    step=step,
                    why=exploded[0],
                )
            )


def _metrics(results: Mapping[str, StepResult], config: Mapping[str, Any]) -> dict:
    out: dict[str, float] = {}
    for cell, r in results.items():
        s = suffix(cell, config)
        reach = r.norms[0] / r.norms[-1] if r.norms[-1] > 0 else 0.0
        out |= {f"loss{s}": r.loss, f"accuracy{s}": r.accuracy, f"reach{s}": reach}
        out[f"grad_norm{s}"] = r.grad_norm
    if len(results) > 1:  # the runner watches `loss` for blow-ups: the mean catches any cell's
        out["loss"] = float(np.mean([r.loss for r in results.values()]))
        out["accuracy"] = float(np.mean([r.accuracy for r in results.values()]))
    # A non-finite value ends the run through Diverged with the explosion's own explanation.
    return {k: v for k, v in out.items() if np.isfinite(v)}


def _norm_tensors(learners: list[Learner], results, config, t_axis, maps: bool) -> dict:
    tensors: dict[str, Any] = {"t_axis": t_axis}
    for ln in learners:
        tensors[f"grad_norms{suffix(ln.cell, config)}"] = results[ln.cell].norms  # (T,)
    if maps:
        fields = {ln.cell: ln.history.field() for ln in learners}  # (rows, T) each
        tensors |= {f"gn_map{suffix(c, config)}": f for c, f in fields.items()}
        tensors["gn_extent"] = learners[0].history.extent()
        tensors["gn_vlim"] = shared_vlim(list(fields.values()))
    return tensors


def _gate_tensors(B: Backend, learner: Learner, x_show, t_axis) -> dict:
    g = B.to_numpy(M.lstm_gates(B, learner.params, B.array(x_show)))[0]  # (T, 3, H): f, i, o
    order = np.argsort(g[:, 0].mean(axis=0))  # units by forget gate: the memory units on top
    T, H = g.shape[0], g.shape[2]
    out = {f"gate_{k}": g[:, j, order].T for j, k in enumerate("fio")}  # (H, T)
    out |= {f"gate_{k}_mean": g[:, j].mean(axis=1) for j, k in enumerate("fio")}
    out["gate_extent"] = np.array([0.5, T + 0.5, 0.5, H + 0.5])
    out["gate_vlim"] = np.array([0.0, 1.0])
    out["t_axis"] = t_axis
    return out


def _gate_note(B: Backend, learner: Learner, x_show, y_show) -> str:
    """Which symbol the shown sequence starts with and what the LSTM answers, for the text."""
    loss_fn = M.make_loss(B, "lstm")
    N, T = x_show.shape[:2]
    H = learner.params["Wh"].shape[0]
    tree = {"p": learner.params, "probe": B.zeros((N, T, H))}
    _, logits = loss_fn(tree, B.array(x_show), B.array(y_show))
    z = B.to_numpy(logits)[0].astype(np.float64)
    p = np.exp(z - z.max())
    p /= p.sum()
    return "\n".join(
        [
            tr(
                "The sequence starts with symbol {first}; the LSTM answers {answer} (p = {p:.2f}).",
                first=int(y_show[0]),
                answer=int(p.argmax()),
                p=p.max(),
            ),
            tr("Rows: units, sorted by mean forget gate (memory units on top)."),
            tr("Colour: 0 = closed, 1 = open."),
        ]
    )


def views(config: Mapping[str, Any]) -> list:
    cells = cells_of(config)
    maps = tuple(
        V.Heatmap(
            tr("{cell} ‖∂L/∂hₜ‖", cell=tr(M.CELL_NAMES[c])),  # t across, training steps up
            f"gn_map{suffix(c, config)}",
            extent="gn_extent",
            log=True,
            vlim="gn_vlim",
            xlabel="time step t",
            ylabel="training step",
            clabel="‖∂L/∂hₜ‖",
            missing="exactly 0",
        )
        for c in cells
    )
    profile = tuple(
        (M.CELL_NAMES[c], "t_axis", f"grad_norms{suffix(c, config)}", "line") for c in cells
    )
    loss = tuple(f"loss{suffix(c, config)}" for c in cells)
    acc = tuple(f"accuracy{suffix(c, config)}" for c in cells)
    reach = tuple(f"reach{suffix(c, config)}" for c in cells)
    # Heights 14 : 7 : 8 : 7 of the 36 lines at 120×40: 14 keep the maps' three-line key (the
    # colour, grey cells, the y axis's name), 8 the curves' x axis (ticks and name), 7 the
    # reading's five lines; the profile, at 7, names its x axis in its legend.
    return [
        V.Row(maps, weight=14),
        V.Lines("‖∂L/∂hₜ‖ now, over t", profile, logy=True, xlabel="time step t", weight=7),
        V.Row(
            (
                V.Curves("loss", loss, ylabel="cross-entropy"),
                V.Curves("accuracy", acc, ylim=(0.0, 1.0)),
                V.Curves("reach h₁/h_T", reach, logy=True, ylabel="‖∂L/∂h₁‖ / ‖∂L/∂h_T‖"),
            ),
            weight=8,
        ),
        V.Text("reading", "note", weight=7),
    ]


_GATES = (
    ("f", "forget", "forget gate"),
    ("i", "input", "input gate"),
    ("o", "output", "output gate"),
)


def gates_views(config: Mapping[str, Any]) -> list:
    gates = tuple(
        V.Heatmap(
            title,
            f"gate_{k}",
            extent="gate_extent",
            vlim="gate_vlim",
            xlabel="time step t",
            ylabel="unit",
            clabel="0 closed … 1 open",
        )
        for k, _, title in _GATES
    )
    means = tuple((name, "t_axis", f"gate_{k}_mean", "line") for k, name, _ in _GATES)
    return [
        V.Row(gates, weight=2),
        V.Lines("mean gate value along the sequence", means, ylim=(0.0, 1.0), xlabel="time step t"),
        V.Row(
            (
                V.Curves("loss", ("loss",), ylabel="cross-entropy"),
                V.Curves("accuracy", ("accuracy",), ylim=(0.0, 1.0)),
            )
        ),
        V.Text("the sequence", "note"),
    ]


def shared_vlim(fields: list[np.ndarray]) -> np.ndarray:
    """One log colour scale for every heatmap: the largest norm down to 12 decades below it."""
    values = np.concatenate([f.ravel() for f in fields])
    ok = values[np.isfinite(values) & (values > 0)]
    if not ok.size:
        return np.array([1e-12, 1.0])
    hi = float(ok.max())
    return np.array([max(float(ok.min()), hi * 1e-12), hi])


def reading(results: Mapping[str, Any], step: int) -> str:
    """One line per cell: how much gradient reaches t = 1, and the accuracy."""
    lines = [tr("step {step}", step=step)]
    for cell, r in results.items():
        n = r.norms
        reach = n[0] / n[-1] if n[-1] > 0 else float("nan")
        lines.append(
            tr(
                "{cell:<9} reaches t=1 with {reach:.1e} of the last step's gradient; "
                "accuracy {accuracy:.0%}",
                cell=tr(M.CELL_NAMES[cell]),
                reach=reach,
                accuracy=r.accuracy,
            )
        )
    lines.append(tr("chance is {chance:.0%}", chance=1 / M.SYMBOLS))
    return "\n".join(lines)
