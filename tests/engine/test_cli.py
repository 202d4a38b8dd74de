"""The headless CLI contract: list, info, run; stdout is data; bad input exits 2 with one line."""

import json
import re

import pytest

from dltui.cli import build_parser, main
from dltui.labs import all_labs


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_prints_one_lab_per_line_id_tab_title(capsys):
    code, out, _ = _run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(all_labs())
    for line, (lab_id, lab) in zip(lines, all_labs().items(), strict=True):
        assert line == f"{lab_id}\t{lab.title}"


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
def test_info_json_lists_every_parameter_with_default_and_range(capsys, lab_id):
    code, out, _ = _run(capsys, "info", lab_id, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["id"] == lab_id
    assert [p["name"] for p in doc["params"]] == [p.name for p in all_labs()[lab_id].params]
    assert all({"default", "type", "allowed"} <= set(p) for p in doc["params"])


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
def test_run_writes_only_json_lines_and_ends_with_the_end_event(capsys, lab_id):
    code, out, err = _run(capsys, "run", lab_id, "--steps", "3", "--backend", "numpy")
    rows = [json.loads(line) for line in out.splitlines()]  # every line parses: stdout is data
    assert code == 0
    assert rows[-1]["event"] == "end" and rows[-1]["reason"] in ("done", "stopped", "diverged")
    for row in rows[:-1]:
        assert isinstance(row["step"], int)
        assert all(isinstance(v, int | float) for v in row["metrics"].values())
    assert "backend numpy" in err


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
def test_same_seed_same_output(capsys, lab_id):
    args = ("run", lab_id, "--steps", "4", "--seed", "7", "--backend", "numpy")
    assert _run(capsys, *args)[1] == _run(capsys, *args)[1]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["run", "no-such-lab"], "unknown lab 'no-such-lab'; available:"),
        (["info", "no-such-lab"], "unknown lab"),
        (["run", "{lab}", "--steps", "-5"], "--steps: -5 is out of range; allowed: ≥ 1"),
        (["run", "{lab}", "--steps", "ten"], "--steps: 'ten' is not a whole number"),
        (["run", "{lab}", "--preset", "nope"], "unknown preset 'nope'"),
        (["run", "{lab}", "--set", "nokey=1"], "unknown parameter 'nokey'"),
        (["run", "{lab}", "--set", "novalue"], "expected KEY=VALUE"),
        (["run", "{lab}", "--backend", "tpu"], "invalid choice"),
        (["run", "{lab}", "--steps", "1e308"], "--steps: 1e+308 is out of range"),
        (["run", "{lab}", "--steps", "9" * 40], "--steps: a 40-digit number is out of range"),
        (["run", "{lab}", "--steps", "nan"], "--steps: nan is not a finite number"),
        (["run", "{lab}", "--seed", "-1"], "--seed: -1 is out of range; allowed: ≥ 0"),
        (["run", "{lab}", "--snapshot-every", "0"], "--snapshot-every: 0 is out of range"),
        (["run", "{lab}", "--format", "xml"], "invalid choice: 'xml'"),
        (["run", "{lab}", "--bogus"], "unrecognized arguments: --bogus"),
        (["run"], "required: lab"),
        (["info", "{lab}", "--format", "yaml"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_on_stderr(capsys, argv, needle):
    lab = next(iter(all_labs()))
    try:
        code = main([a.format(lab=lab) for a in argv])
    except SystemExit as exc:  # argparse's own refusals (bad choices) exit from the parser
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_run_help_describes_every_option(capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    run = build_parser()._subparsers._group_actions[0].choices["run"]  # argparse's own record
    for action in run._actions:
        assert action.help, f"{action.option_strings or action.dest} has no help text"
        for flag in action.option_strings:
            assert flag in out
    for needle in ("--preset", "--set KEY=VALUE", "--steps N", "--snapshot-every N", "Exit 0"):
        assert needle in out


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
def test_info_text_columns_are_separated_and_fit_the_terminal(capsys, monkeypatch, lab_id):
    """Name, default, allowed, help: two spaces at least between columns, wrapped to fit."""
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = _run(capsys, "info", lab_id)
    lines = out.splitlines()
    assert code == 0 and all(len(line) <= 100 for line in lines)
    header = lines.index("parameters ([live]: applied while running):") + 1
    assert re.split(r" {2,}", lines[header].strip()) == [
        "name",
        "default",
        "allowed",
        "what it does",
    ]
    rows = lines[header + 1 : lines.index("", header)]
    for p in all_labs()[lab_id].params:
        first = next(line for line in rows if line.startswith(f"  {p.name} "))
        cells = re.split(r" {2,}", first.strip())
        assert len(cells) == 4, first  # no column runs into the next ("siluhidden")
        assert cells[0] == p.name
        assert (p.format(p.default) or "(empty)").startswith(cells[1])
        assert p.allowed().startswith(cells[2].removesuffix(" [live]")) and p.help.startswith(
            cells[3]
        )
