"""The headless CLI contract: list, info, run; stdout is data; bad input exits 2 with one line."""

import json

import pytest

from dltui.cli import main
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
