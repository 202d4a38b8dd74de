"""No knob can crash or wedge a lab: every parameter of every lab, thrown hostile values.

Labs are taken from the registry, so a lab added later is covered without editing this file.
Each value goes through the app's validation path (`Param.parse`, then `lab.check` on the new
config: the same as `resolve_config`) and through `dltui run LAB --set K=V --steps 2`:
refused means one `ParamError` naming the parameter in the app, and exit 2 with that same line
(and nothing else) on stderr headless; accepted means the run ends without an error (exit 0).
Values at the edges of every range are then run for two steps: bounds must be safe, not just
finite.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from dltui.cli import main
from dltui.engine.params import Param, ParamError, by_name, defaults
from dltui.labs import all_labs

LABS = all_labs()
PARAMS = [(lab_id, p.name) for lab_id, lab in LABS.items() for p in lab.params]
NUMERIC = ("float", "int", "floats")

HUGE_INT = "9" * 400
# Every one of these is refused by every numeric, list, bool and choice parameter.
HOSTILE = (
    "1e308",
    "-1e308",
    "1e39",
    "nan",
    "inf",
    "-inf",
    "",
    "abc",
    HUGE_INT,
    "-" + "9" * 5000,  # past Python's 4300-digit int() limit
    str(10**30),
    ",".join(["1"] * 10**6),
    "1, nan, 2",
    "0x10",
    "1e308,1e308",
    " ; ",
)


def _hostile(p: Param) -> list[str]:
    values = list(HOSTILE)
    if p.kind == "floats":
        mid = _inside(p)
        values.append(",".join([f"{mid:g}"] * (p.longest + 1)))  # one too many
        if p.min_len > 1:
            values.append(",".join([f"{mid:g}"] * (p.min_len - 1)))  # one too few
    if p.kind == "choice":
        values += ["not-a-choice", str(p.choices[0]).upper() + "!"]
    if p.kind == "str":
        values.append("x" * (p.longest + 1))
    return values


def _inside(p: Param) -> float:
    """A value inside a range (for lists of the wrong length: only the length is wrong)."""
    lo, hi = p.low, p.high
    return (lo + hi) / 2 if lo is not None and hi is not None else 1.0


def _validate(lab_id: str, name: str, raw: str) -> None:
    """The app's path for a typed value: the parameter's parser, then the lab's check."""
    lab = LABS[lab_id]
    config = defaults(lab.params)
    config[name] = by_name(lab.params, name).parse(raw)
    lab.check(config)


def _refusal(lab_id: str, name: str, raw: str) -> str | None:
    """The refusal message, or None if the value is accepted. Only ParamError may escape."""
    try:
        _validate(lab_id, name, raw)
    except ParamError as exc:
        return str(exc)
    return None


def _run(capsys, lab_id: str, *sets: str) -> tuple[int, str, str]:
    argv = ["run", lab_id, "--steps", "2", "--backend", "numpy", "--format", "csv"]
    for item in sets:
        argv += ["--set", item]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("lab_id", "name"), PARAMS)
def test_every_number_has_finite_bounds_and_every_list_or_text_a_length_cap(lab_id, name):
    p = by_name(LABS[lab_id].params, name)
    if p.kind in NUMERIC:
        assert p.low is not None and p.high is not None, f"{lab_id}.{name}: give low and high"
        assert math.isfinite(p.low) and math.isfinite(p.high) and p.low < p.high
    if p.kind in ("floats", "str"):
        assert 1 <= p.longest <= 10_000
    assert p.check(p.default) == p.default or p.kind == "floats"  # the default is a valid value
    assert p.parse(p.format(p.default)) == p.default  # and what the app shows parses back


@pytest.mark.parametrize(("lab_id", "name"), PARAMS)
def test_hostile_values_are_refused_in_one_line_in_the_app_and_exit_2_headless(
    capsys, lab_id, name
):
    p = by_name(LABS[lab_id].params, name)
    for raw in _hostile(p):
        shown = raw if len(raw) < 30 else raw[:20] + "…"
        message = _refusal(lab_id, name, raw)
        empty_list = p.kind == "floats" and p.min_len == 0 and not raw.strip(" ,;")
        if p.kind != "str" and not empty_list:  # text is the lab's to judge; the rest is bad
            assert message is not None, f"{lab_id}.{name} accepted {shown!r}"
        code, out, err = _run(capsys, lab_id, f"{name}={raw}")
        if message is None:
            assert code == 0, f"{lab_id}.{name}={shown!r} was accepted, then the run failed"
            continue
        assert "\n" not in message and name in message, message
        assert len(message) < 300, f"{lab_id}.{name}={shown!r}: {len(message)}-character refusal"
        assert (code, out, err) == (2, "", f"dltui: {message}\n"), f"{lab_id}.{name}={shown!r}"


def _edges(p: Param) -> list[str]:
    """Values at the edges of a parameter's range (the open end just inside)."""
    if p.kind == "bool":
        return ["true", "false"]
    if p.kind == "choice":
        return [str(c) for c in p.choices]
    if p.kind not in NUMERIC:
        return []
    low = p.low + (p.high - p.low) * 1e-6 if p.low_open else p.low
    ends = [low, p.high]
    if p.kind == "int":
        return [str(int(math.ceil(v) if v == low else v)) for v in ends]
    if p.kind == "floats":
        lists = [[v] * n for v in ends for n in {p.min_len, p.longest}]
        return [",".join(f"{x!r}" for x in items) for items in lists]
    return [repr(float(v)) for v in ends]


@pytest.mark.parametrize(("lab_id", "name"), PARAMS)
def test_values_at_the_edges_of_the_ranges_run_without_an_error(capsys, lab_id, name):
    p = by_name(LABS[lab_id].params, name)
    for raw in _edges(p):
        message = _refusal(lab_id, name, raw)
        code, _, err = _run(capsys, lab_id, f"{name}={raw}")
        if message is None:  # diverged is an honest result; an error (exit 1) is a crash
            assert code == 0, f"{lab_id}.{name}={raw} crashed: {err.strip()[-300:]}"
        else:  # a cross-field rule refused the combination with the defaults
            assert code == 2 and err == f"dltui: {message}\n"


def _selections(lab) -> list[dict[str, object]]:
    """One config per combination of the part selectors' values (model × sweep, part, …)."""
    combos: list[dict[str, object]] = [{}]
    for name in lab.selectors if len(lab.parts) > 1 else ():
        p = by_name(lab.params, name)
        values = p.choices if p.kind == "choice" else (True, False)
        combos = [c | {name: v} for c in combos for v in values]
    return combos


@pytest.mark.parametrize("lab_id", sorted(LABS))
def test_each_parts_own_numbers_run_at_the_edges_of_their_ranges(capsys, lab_id):
    """Parts read different knobs: in each part, each knob it shows is run at both ends."""
    lab = LABS[lab_id]
    for selection in _selections(lab):
        base = defaults(lab.params) | selection
        for name in lab.visible(base):
            p = by_name(lab.params, name)
            for raw in _edges(p) if p.kind in NUMERIC else []:
                try:
                    lab.check(base | {name: p.parse(raw)})
                except ParamError:
                    continue  # refused with the others' defaults: a rule, not a crash
                sets = [f"{k}={by_name(lab.params, k).format(v)}" for k, v in selection.items()]
                code, _, err = _run(capsys, lab_id, *sets, f"{name}={raw}")
                assert code == 0, f"{lab_id} {sets} {name}={raw} crashed: {err.strip()[-300:]}"


@pytest.mark.parametrize(
    ("lab_id", "setting", "needle"),
    [
        ("convolution", "kernel=1e39", "kernel: 1e+39 is out of range"),
        ("gradient-descent", "start=-1e308", "start: -1e+308 is out of range"),
    ],
)
def test_the_reported_values_exit_2_with_one_line_and_no_traceback(lab_id, setting, needle):
    """The issue's two cases, end to end in a real process (exit code and stderr as a shell sees)."""
    cmd = [sys.executable, "-m", "dltui", "run", lab_id, "--set", setting, "--steps", "2"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and needle in done.stderr, done.stderr


# In the app: what a learner types in a knob's box --------------------------------------------

# The wiring, not the parser (tested above on every value): a few kinds of refusal are enough.
APP_VALUES = ("1e308", "nan", "", "abc", ",".join(["1"] * 10**6))


@pytest.mark.parametrize("lab_id", sorted(LABS))
async def test_in_the_app_a_refused_value_is_shown_under_its_knob_and_nothing_changes(lab_id):
    """Typed into every text box of the lab (hidden ones too: a part switch shows them), each
    refused value leaves a one-line reason under the knob, the config as it was, the app alive."""
    from textual.widgets import Input

    from dltui.tui.lab_screen import LabScreen

    from .tui import helpers

    runs: list[helpers.ScriptedRunner] = []  # quiet runs: nothing trains meanwhile

    def scripted(lab, config, **kwargs):
        runs.append(helpers.ScriptedRunner(lab, config, **kwargs))
        return runs[-1]

    app = helpers.app(factory=scripted)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_lab(lab_id)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LabScreen)
            before = dict(screen.config)
            for p in LABS[lab_id].params:
                field = screen.query_one(f"#param-{p.name}")
                if not isinstance(field, Input):  # choices and switches offer only valid values
                    continue
                for raw in APP_VALUES:
                    message = _refusal(lab_id, p.name, raw)
                    if message is None:
                        continue  # text a lab accepts (an empty matrix box: the example)
                    field.post_message(Input.Submitted(field, raw))
                    shown = ""
                    for _ in range(50):  # the box, the knobs, the screen: a few message hops
                        await pilot.pause()
                        shown = str(screen.query_one(f"#error-{p.name}").render())
                        if shown.startswith(f"✗ {message}"):
                            break
                    assert shown.startswith(f"✗ {message}"), (p.name, raw[:20], shown)
                    assert screen.config == before and app.screen is screen
            assert len(runs) == 1  # no refusal restarted the run
    finally:  # a scripted run streams until told to end: end them all, pass or fail
        for run in runs:
            run.finish("stopped", 0)
