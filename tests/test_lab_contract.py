"""The lab contract, checked for every lab the registry finds: a new lab is covered for free.

For each lab, the cases are its default config, one config per part (the first of the default
and the presets that reaches it) and every preset. For every case:
- every metric, tensor and text a view reads is produced by a short run (SHORT_STEPS steps, tensors
  on every step; an interactive part runs to its end), read by one walker over the views (`reads`);
- the knobs shown for the part, its nudges, its step keys and the LabSpec selectors are
  parameters (nudges: live numeric ones, shown in that part; keys: live ones);
- the same seed gives the same records (metrics, tensors and texts, exactly);
- NumPy and MLX agree on the metrics and tensors of those steps within RTOL / ATOL (float32 on
  both sides, the same data from the seeded NumPy generator; LOOSER lists the chaotic presets);
- every preset runs headless through the CLI (`dltui run LAB --preset P`, strict JSON on stdout)
  to its end: its own step count (or its part's, `LabSpec.steps_for`), capped at FULL_RUN_CAP
  steps so the suite stays fast; the end event says done or diverged, never error.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from dltui.backend import get_backend
from dltui.cli import main
from dltui.content import presets, resolve_config
from dltui.engine import views as V
from dltui.engine.events import Finished, Progress, Snapshot
from dltui.engine.lab import LabSpec, RunContext
from dltui.engine.params import Param
from dltui.engine.runner import Runner
from dltui.labs import all_labs

SHORT_STEPS = 2  # the view, seed and backend checks: a few steps, tensors on every one
FULL_RUN_CAP = 10  # the headless run of each preset: its own length, at most this many steps
RTOL, ATOL = 3e-3, 1e-4  # NumPy vs MLX after SHORT_STEPS steps (both float32)
# Where float32 rounding is amplified by design, the metrics agree within a looser tolerance,
# stated with the reason, and the tensors only in shape (per-step profiles differ far more).
_EXPLODING = "Wh × 3: the gradient grows ~3× per step back through 50 steps, and so does rounding"
_DEEP = "20 layers in float32: saturated, exploding or batch-normalised, rounding is amplified"
LOOSER = {
    ("rnn-gradients", "exploding"): (1.0, _EXPLODING),  # within a factor of 2
    ("rnn-gradients", "clipped"): (1.0, _EXPLODING),
    **{
        ("deep-gradients", p): (1.0, _DEEP)
        for p in ("tanh-saturated", "relu-explodes", "sigmoid-batchnorm")
    },
}
# Known breaches of the contract in labs still being written: each fails the check it names
# (strict xfail: once fixed, the entry must go).
KNOWN_GAPS: dict[tuple[str, str, str | None], str] = {}

# What each field of a view reads. A field holding text that is named in neither set fails the
# test until it is taught here, so a new kind of view cannot read data the contract never checks.
METRIC_FIELDS = {"metrics", "vline"}
TENSOR_FIELDS = {"tensor", "field", "extent", "vlim", "highlight", "points", "path", "mask"}
SERIES_FIELDS = {"series", "markers"}  # (label, x tensor, y tensor[, style]) each
TEXT_FIELDS = {"key"}
NOT_DATA = {
    "title", "weight", "logy", "log", "levels", "xlim", "ylim", "vrange", "palette", "signed",
    "xlabel", "ylabel", "clabel", "missing", "classes", "labels", "row_labels", "col_labels",
    "columns", "path_label", "vline_label",
}  # fmt: skip


def reads(view: Any) -> Iterator[tuple[str, str]]:
    """(kind, name) of every metric, tensor and text a view (or a Row of views) reads."""
    if isinstance(view, V.Row):
        for child in view.views:
            yield from reads(child)
        return
    assert dataclasses.is_dataclass(view), f"not a view: {view!r}"
    for f in dataclasses.fields(view):
        value = getattr(view, f.name)
        if f.name in METRIC_FIELDS:
            names = (value,) if isinstance(value, str) else (value or ())
            yield from (("metric", n) for n in names if n)
        elif f.name in TENSOR_FIELDS:
            names = (value,) if isinstance(value, str) else (value or ())
            yield from (("tensor", n) for n in names if n)
        elif f.name in SERIES_FIELDS:
            for item in value:
                yield from (("tensor", n) for n in item[1:3])
        elif f.name in TEXT_FIELDS:
            yield ("text", value)
        elif _names_something(value):
            assert f.name in NOT_DATA, (
                f"{type(view).__name__}.{f.name}: teach tests/test_lab_contract.py whether this "
                "field names data the run must produce"
            )


def test_the_walker_reads_every_kind_of_view() -> None:
    views = [
        V.Row((V.Curves("c", ("loss", "acc")), V.Text("t", "note"))),
        V.Lines("l", (("a", "xs", "ys", "line"),), (("m", "mx", "my"),), vline="x"),
        V.Heatmap("h", "f", extent="e", points=("px", "py", "pc"), path=("lx", "ly"), vlim="v"),
        V.Matrix("m", "M", highlight="win"),
        V.Image("i", "img"),
        V.Table("t", "tab", ("a",)),
        V.Bars("b", "bars"),
    ]
    got = {r for v in views for r in reads(v)}
    assert got == {
        ("metric", "loss"), ("metric", "acc"), ("metric", "x"), ("text", "note"),
        *(("tensor", n) for n in ("xs", "ys", "mx", "my", "f", "e", "px", "py", "pc", "lx", "ly",
                                  "v", "M", "win", "img", "tab", "bars")),
    }  # fmt: skip


def _names_something(value: Any) -> bool:
    """A str, or a tuple holding strs: could name data (flags and numbers cannot)."""
    if isinstance(value, str):
        return True
    return isinstance(value, tuple) and any(isinstance(v, str | tuple) for v in value)


# --- the cases ------------------------------------------------------------------------------


def _cases() -> list[tuple[str, str | None, str | None]]:
    """(lab id, preset or None, part id): the default, one per part, every preset."""
    cases = []
    for lab in all_labs().values():
        table = presets(lab.id)
        reached: dict[str, str | None] = {}
        for name in (None, *table):
            part = lab.part(resolve_config(lab, name)[0]).id
            reached.setdefault(part, name)
            if name is not None:
                cases.append((lab.id, name, part))
        cases.append((lab.id, None, lab.part(resolve_config(lab, None)[0]).id))
        for part in lab.parts:
            if part.id not in reached and "part" in {p.name for p in lab.params}:
                cases.append((lab.id, f"part={part.id}", part.id))
    return cases


CASES = _cases()


def _config(lab: LabSpec, case: str | None) -> tuple[dict, int | None]:
    if case is not None and case.startswith("part="):
        return resolve_config(lab, None, {"part": case[5:]})
    return resolve_config(lab, case)


def _id(case) -> str:
    return f"{case[0]}:{case[1] or 'default'}"


def _marked(check: str, cases: list) -> list:
    """The cases, those listed in KNOWN_GAPS for this check marked as strict xfails."""
    out = []
    for case in cases:
        reason = KNOWN_GAPS.get((check, case[0], case[1]))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, marks=marks, id=_id(case)))
    return out


def test_every_part_of_every_lab_is_reached() -> None:
    """Each part is run by the default, a preset or its `part` value (else add a preset)."""
    for lab in all_labs().values():
        covered = {part for lab_id, _, part in CASES if lab_id == lab.id}
        assert covered == {p.id for p in lab.parts}, lab.id


def _run(lab: LabSpec, config: dict, backend: str, steps: int, seed: int = 0) -> list[Snapshot]:
    ctx = RunContext(config, get_backend(backend), seed, max_steps=steps, snapshot_every=1)
    records: list[Snapshot] = []
    finished = None
    for event in Runner(lab, ctx, batch_records=1).events():
        if isinstance(event, Progress):
            records += event.records
        else:
            finished = event
    assert isinstance(finished, Finished)
    assert finished.reason in ("done", "diverged"), (finished.reason, finished.message)
    assert records, "the run produced no record"
    return records


def _short_steps(lab: LabSpec, case: str | None) -> int:
    """SHORT_STEPS for a part that trains; an interactive one (it draws, nothing trains) runs to
    its end, since a walk's tensors come with its last record."""
    config, steps = _config(lab, case)
    return (steps or lab.steps_for(config)) if lab.is_interactive(config) else SHORT_STEPS


_SHORT: dict[tuple[str, str | None, str], list[Snapshot]] = {}


def _short(lab: LabSpec, case: str | None, backend: str = "numpy") -> list[Snapshot]:
    key = (lab.id, case, backend)
    if key not in _SHORT:
        config, _ = _config(lab, case)
        _SHORT[key] = _run(lab, config, backend, _short_steps(lab, case))
    return _SHORT[key]


# --- the checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", _marked("views", CASES))
def test_every_view_reads_what_the_run_produces(case) -> None:
    lab_id, name, _ = case
    lab = all_labs()[lab_id]
    config, _ = _config(lab, name)
    check_views(lab, config, _short(lab, name))


def check_views(lab: LabSpec, config: dict, records: list) -> None:
    """Every metric, tensor and text the views of `config` read is in `records` (any of them);
    images are 2-D (grey) or 3-D (colour). The labs' own tests call it for extra configs."""
    have = {("metric", k) for r in records for k in r.metrics}
    have |= {("tensor", k) for r in records for k in r.tensors or {}}
    have |= {("text", k) for r in records for k in r.text or {}}
    wanted = {key for view in lab.views(config) for key in reads(view)}
    assert not wanted - have, f"views read what the run never produced: {sorted(wanted - have)}"
    last: dict = {}
    for r in records:
        last |= r.tensors or {}
    for view in _flat(lab.views(config)):
        if isinstance(view, V.Image):
            assert np.asarray(last[view.tensor]).ndim in (2, 3), view


def _flat(views) -> Iterator[Any]:
    for v in views:
        yield from _flat(v.views) if isinstance(v, V.Row) else (v,)


@pytest.mark.parametrize("case", _marked("knobs", CASES))
def test_the_knobs_shown_and_nudged_are_parameters(case) -> None:
    lab_id, name, part_id = case
    lab = all_labs()[lab_id]
    config, _ = _config(lab, name)
    params: dict[str, Param] = {p.name: p for p in lab.params}
    part = lab.part(config)
    assert part.id == part_id
    knobs = part.knobs(config) if callable(part.knobs) else part.knobs
    assert set(knobs) <= set(params), sorted(set(knobs) - set(params))
    shown = lab.visible(config)
    assert set(shown) <= set(params)
    if len(lab.parts) > 1:
        assert set(lab.selectors) <= set(shown)
    for key, knob, delta in lab.nudges(config):
        assert knob in shown and params[knob].live, (key, knob)
        assert isinstance(params[knob].default, int | float) and delta != 0, (key, knob)
    for key, knob, _value, label in part.keys:
        assert knob in params and params[knob].live and label, (key, knob)


def _same(
    a: list[Snapshot], b: list[Snapshot], *, exact: bool, rtol: float = RTOL, values: bool = True
) -> None:
    assert [r.step for r in a] == [r.step for r in b]
    for ra, rb in zip(a, b, strict=True):
        assert ra.metrics.keys() == rb.metrics.keys(), ra.step
        if exact:
            assert ra.metrics == rb.metrics or _nan_equal(ra.metrics, rb.metrics), ra.step
            assert ra.text == rb.text, ra.step
        else:
            for k, v in ra.metrics.items():
                assert np.isclose(v, rb.metrics[k], rtol=rtol, atol=ATOL, equal_nan=True), (
                    ra.step,
                    k,
                    v,
                    rb.metrics[k],
                )
        assert (ra.tensors or {}).keys() == (rb.tensors or {}).keys(), ra.step
        for k, t in (ra.tensors or {}).items():
            ta, tb = np.asarray(t), np.asarray(rb.tensors[k])
            assert ta.shape == tb.shape, (ra.step, k)
            if exact:
                np.testing.assert_array_equal(ta, tb, err_msg=f"step {ra.step}, {k}")
            elif values and ta.dtype.kind in "fiub":
                np.testing.assert_allclose(
                    ta.astype(float), tb.astype(float), rtol=rtol, atol=ATOL,
                    err_msg=f"step {ra.step}, {k}",
                )  # fmt: skip


def _nan_equal(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (np.isnan(a[k]) and np.isnan(b[k])) for k in a
    )


@pytest.mark.parametrize("case", _marked("seed", CASES))
def test_the_same_seed_gives_the_same_records(case) -> None:
    lab_id, name, _ = case
    lab = all_labs()[lab_id]
    config, _ = _config(lab, name)
    again = _run(lab, config, "numpy", _short_steps(lab, name))
    _same(_short(lab, name), again, exact=True)


@pytest.mark.parametrize("case", _marked("mlx", CASES))
def test_numpy_and_mlx_agree(case) -> None:
    lab_id, name, _ = case
    lab = all_labs()[lab_id]
    rtol = LOOSER.get((lab_id, name), (RTOL, ""))[0]
    loose = (lab_id, name) in LOOSER
    _same(_short(lab, name), _short(lab, name, "mlx"), exact=False, rtol=rtol, values=not loose)


PRESETS = [case for case in CASES if case[1] and not case[1].startswith("part=")]


@pytest.mark.parametrize("case", _marked("headless", PRESETS))
def test_every_preset_runs_headless_to_its_end(capsys, case) -> None:
    lab_id, preset, _ = case
    lab = all_labs()[lab_id]
    config, steps = resolve_config(lab, preset)
    steps = min(steps or lab.steps_for(config), FULL_RUN_CAP)
    code = main(["run", lab_id, "--preset", preset, "--steps", str(steps), "--backend", "numpy"])
    out = capsys.readouterr().out
    assert code == 0

    def no_nan(token):
        raise AssertionError(f"non-JSON constant {token} in stdout")

    lines = [json.loads(line, parse_constant=no_nan) for line in out.splitlines()]
    end = lines[-1]
    assert end["event"] == "end" and end["reason"] in ("done", "diverged"), end
    assert all("step" in line for line in lines[:-1]) and len(lines) >= 2
    assert lines[-2]["step"] <= steps
