"""Playing a walk for a learner: one record per step, the answer box checked, live edits obeyed.

Each cell is shown twice in the app: first with the products and the sum hidden ("= ?"), then
with the sum revealed and the output cell filled. In between the learner may type an answer,
which is checked against the backend's value and then revealed. Headless there is nobody to
ask, so each cell is one record, already told, and only the last record carries the tensors
(intermediate outputs hold NaN for cells not yet computed, which is not valid JSON).

Why not `ctx.steps()`: a learner who types an answer while the run is paused must get feedback
at once, and `ctx.steps()` only returns on a step. `_await` returns on whichever comes first: a
step (`n`), the pace while running (space), or a live change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ...engine.params import ParamError
from ..common.numfmt import num
from .data import parse_answer, plain
from .walk import Cell, Walk

_POLL = 0.05  # seconds between looks at the stop / run flags while waiting


def _ask() -> str:
    return tr("your answer? type it in `answer` (n reveals it)")


def grade(answer: float, cell: Cell) -> str:
    """'9 — correct' or '7 — not quite: <the products> = 9' (to 0.005, for typed decimals)."""
    if abs(answer - cell.value) <= 0.005 + 1e-9 * abs(cell.value):
        return tr("{answer} — correct", answer=num(answer))
    return tr("{answer} — not quite: {told}", answer=num(answer), told=cell.told)


def _await(ctx: RunContext, seen: int) -> str:
    """'step', 'change' or 'stop': what happened first while a cell was on screen."""
    deadline = None
    while not ctx.stopped:
        if ctx.live.version != seen:
            return "change"
        if ctx.headless:
            return "step"
        if ctx.run_event.is_set():  # running: move on after `pace` seconds
            now = time.monotonic()
            if deadline is None:
                deadline = now + float(ctx.live["pace"])
            if now >= deadline:
                return "step"
            ctx.stop_event.wait(min(_POLL, deadline - now))
        else:  # paused: the `n` key grants one step
            deadline = None
            if ctx.step_budget:
                ctx.step_budget -= 1
                return "step"
            ctx.run_event.wait(_POLL)
    return "stop"


def _record(ctx: RunContext, walk: Walk, i: int, told: bool, shown: dict, said: str, step: int):
    cell = walk.cells[i]
    last = told and i == len(walk.cells) - 1
    text = {"cell": cell.told if told else cell.ask, "feedback": said, **walk.text}
    metrics = {"cell": float(i), **cell.metrics} if told else {"cell": float(i)}
    tensors = None
    if not ctx.headless or last:
        tensors = {**walk.fixed, **cell.tensors, "window": np.array(cell.window)}
        tensors.update({k: v.copy() for k, v in shown.items()})
        if last:
            tensors.update(walk.final)
            metrics.update(walk.metrics)
    return Record(step, metrics, tensors, {k: plain(v) for k, v in text.items()})


def play(
    ctx: RunContext, build: Callable[[Mapping[str, Any]], Walk], uses: frozenset[str]
) -> Iterator[Record]:
    """Drive a walk: step through its cells, check answers, rebuild it when a value it `uses`
    changes. `said` is the feedback line: the prompt, the verdict on an answer, or a refusal."""
    config = ctx.live.snapshot()
    walk = build(config)
    seen, step, emit = ctx.live.version, 0, True
    i, told = 0, ctx.headless
    shown = {k: v.copy() for k, v in walk.blank.items()}
    said = "" if ctx.headless else _ask()
    if ctx.headless and (answer := parse_answer(config["answer"])) is not None:
        said = grade(answer, walk.cells[0])  # typed before the run started: the first cell
    while True:
        last = told and i == len(walk.cells) - 1
        if emit:
            if told:
                for name, where, value in walk.cells[i].reveals:
                    shown[name][where] = value
            step += 1
            yield _record(ctx, walk, i, told, shown, said, step)
            if ctx.max_steps is not None and step >= ctx.max_steps:
                return
        emit = True
        if last:
            event = "change" if ctx.wait_for_change(seen) else "stop"
        else:
            event = _await(ctx, seen)
        if event == "stop":
            return
        if event == "step":
            i, told = (i + 1, ctx.headless) if told else (i, True)
            said = "" if told else _ask()
            continue
        new, seen = ctx.live.snapshot(), ctx.live.version
        changed = {k for k, v in new.items() if v != config.get(k)}
        config = new
        if changed & uses:
            try:
                walk = build(config)
            except (ParamError, ValueError) as exc:  # the screen checks first; this is a backstop
                said = tr("refused: {reason}", reason=exc)
                continue
            i, told = 0, ctx.headless
            shown = {k: v.copy() for k, v in walk.blank.items()}
            said = tr(
                "{names} changed: from the first cell again. {ask}",
                names=", ".join(sorted(changed & uses)),
                ask=_ask(),
            )
        elif "answer" in changed or not changed:  # not changed: the same answer sent again
            try:
                answer = parse_answer(config["answer"])
            except ParamError as exc:
                said = str(exc)
                continue
            if answer is None:
                emit = False
                continue
            said, told = grade(answer, walk.cells[i]), True
        else:
            emit = False  # only the pace, or a value this part does not use: nothing to show


def play_static(ctx: RunContext, build: Callable[[Mapping[str, Any]], Record]) -> Iterator[Record]:
    """One record, then a new one each time a live value changes (the app); headless: one."""
    record = build(ctx.live.snapshot())
    seen, step = ctx.live.version, 1
    record.step = step
    yield record
    while ctx.max_steps is None or step < ctx.max_steps:
        if not ctx.wait_for_change(seen):
            return
        seen = ctx.live.version
        try:
            record = build(ctx.live.snapshot())
        except (ParamError, ValueError) as exc:
            record = Record(step, {}, None, {"note": plain(tr("refused: {reason}", reason=exc))})
        step += 1
        record.step = step
        yield record
