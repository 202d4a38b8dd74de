"""The runner: batching, latest-wins tensors, stop, pause/step, run ids, seeds, divergence."""

import threading

import numpy as np

from dltui.backend import get_backend
from dltui.engine.events import Finished, Progress
from dltui.engine.lab import LabSpec, Part, Record, RunContext
from dltui.engine.params import Param
from dltui.engine.runner import Runner


def _descent(ctx: RunContext):
    """Gradient descent on (w − target)²; the target is drawn from the seeded generator."""
    target = ctx.rng.normal()
    w = 0.0
    for step in ctx.steps():
        w -= ctx.live["lr"] * 2 * (w - target)
        loss = (w - target) ** 2
        tensors = {"w": np.array([w])} if ctx.want_snapshot(step) else None
        yield Record(step, {"loss": loss, "w": w}, tensors)


LAB = LabSpec(
    id="toy",
    title="toy",
    chapter="0",
    summary="",
    params=(Param("lr", 0.1, live=True),),
    parts=(Part("descent", _descent, lambda c: []),),
)


def _ctx(steps=20, lr=0.1, seed=0, **kw):
    return RunContext({"lr": lr}, get_backend("numpy"), seed, max_steps=steps, **kw)


def _collect(runner):
    events = list(runner.events())
    records = [r for e in events if isinstance(e, Progress) for r in e.records]
    return events, records


def test_runs_to_the_step_budget_and_ends_done():
    events, records = _collect(Runner(LAB, _ctx(steps=20), batch_records=8))
    assert [r.step for r in records] == list(range(1, 21))
    assert [len(e.records) for e in events[:-1]] == [8, 8, 4]
    assert events[-1] == Finished(events[-1].run_id, "done", 20, "")


def test_every_event_carries_the_runs_id_and_ids_differ():
    a, b = Runner(LAB, _ctx()), Runner(LAB, _ctx())
    assert a.run_id != b.run_id
    assert {e.run_id for e in a.events()} == {a.run_id}


def test_tensors_are_latest_wins_within_a_batch_and_metrics_are_all_kept():
    events, records = _collect(Runner(LAB, _ctx(steps=20, snapshot_every=2), batch_records=10))
    first_batch = events[0].records
    assert [r.step for r in first_batch if r.tensors] == [10]
    assert len(records) == 20 and all("loss" in r.metrics for r in records)


def test_same_seed_same_records_other_seed_other_records():
    run = lambda seed: [r.metrics for r in _collect(Runner(LAB, _ctx(seed=seed)))[1]]  # noqa: E731
    assert run(3) == run(3)
    assert run(3) != run(4)


def test_stop_from_another_thread_ends_the_run_as_stopped():
    ctx = RunContext({"lr": 0.1}, get_backend("numpy"), 0, max_steps=None)
    runner = Runner(LAB, ctx)
    seen = []
    for event in runner.events():
        if isinstance(event, Progress):
            seen.extend(event.records)
            if len(seen) == 5:
                t = threading.Thread(target=runner.stop)
                t.start()
                t.join()
        else:
            final = event
    assert final.reason == "stopped" and final.step == 5


def test_paused_run_advances_one_step_per_step_request():
    ctx = _ctx(steps=100)
    runner = Runner(LAB, ctx)
    runner.pause()
    runner.step_once()
    runner.step_once()
    events = runner.events()
    first, second = next(events), next(events)
    assert [first.records[0].step, second.records[0].step] == [1, 2]
    runner.stop()
    assert list(events)[-1].reason == "stopped"


def test_live_learning_rate_change_takes_effect_mid_run():
    ctx = _ctx(steps=3)
    runner = Runner(LAB, ctx)
    events = runner.events()
    next(events)
    runner.set_live("lr", 0.0)  # from now on w must not move
    ws = [e.records[0].metrics["w"] for e in events if isinstance(e, Progress)]
    assert ws[0] == ws[1] != 0.0


def test_a_blown_up_loss_ends_as_diverged_and_keeps_the_records():
    events, records = _collect(Runner(LAB, _ctx(steps=200, lr=1.5)))
    final = events[-1]
    assert final.reason == "diverged" and "learning rate" in final.message
    assert records[-1].step == final.step  # the curve up to the blow-up is kept


def test_a_nan_loss_ends_as_diverged():
    def nan_lab(ctx):
        yield Record(1, {"loss": 1.0})
        yield Record(2, {"loss": float("nan")})

    lab = LabSpec(
        id="nan", title="", chapter="", summary="", params=(), parts=(Part("main", nan_lab, list),)
    )
    final = list(Runner(lab, _ctx()).events())[-1]
    assert final.reason == "diverged" and final.step == 2 and "nan" in final.message


def test_a_lab_bug_ends_as_error_with_the_exception():
    def broken(ctx):
        yield Record(1, {"loss": 1.0})
        raise ZeroDivisionError("oops")

    lab = LabSpec(
        id="bad", title="", chapter="", summary="", params=(), parts=(Part("main", broken, list),)
    )
    final = list(Runner(lab, _ctx()).events())[-1]
    assert final.reason == "error" and "ZeroDivisionError: oops" in final.message


def test_a_lab_that_raises_diverged_with_its_record_gets_it_written_and_the_step_right():
    from dltui.engine.lab import Diverged

    def blows_up(ctx):
        yield Record(1, {"loss": 1.0})
        raise Diverged("it blew up at step 2", Record(2, {"loss": 1e9}))

    lab = LabSpec(
        id="up", title="", chapter="", summary="", params=(), parts=(Part("main", blows_up, list),)
    )
    events, records = _collect(Runner(lab, _ctx()))
    assert [r.step for r in records] == [1, 2] and records[-1].metrics["loss"] == 1e9
    assert events[-1].reason == "diverged" and events[-1].step == 2
