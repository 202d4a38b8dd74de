"""Run a lab headless in-process, for the labs' tests."""

from __future__ import annotations

import json

import numpy as np

from dltui.backend import get_backend
from dltui.cli import main
from dltui.content import resolve_config
from dltui.engine.events import Finished, Progress
from dltui.engine.lab import LabSpec, RunContext
from dltui.engine.runner import Runner


def run_lab(
    lab: LabSpec, preset=None, steps=None, backend="numpy", seed=0, every=10**6, **overrides
):
    """Returns (snapshots, finished) of one run with the given preset and overrides."""
    config, preset_steps = resolve_config(lab, preset, overrides)
    steps = steps or preset_steps or lab.steps_for(config)
    ctx = RunContext(config, get_backend(backend), seed, max_steps=steps, snapshot_every=every)
    records, finished = [], None
    for event in Runner(lab, ctx, batch_records=1).events():
        if isinstance(event, Progress):
            records += event.records
        else:
            finished = event
    assert isinstance(finished, Finished)
    return records, finished


def series(records, name):
    return np.array([r.metrics[name] for r in records])


def run_cli(capsys, lab_id: str, *argv: str) -> list[dict]:
    """`dltui run LAB ...` in-process; every stdout line must be strict JSON (no NaN)."""
    code = main(["run", lab_id, *argv])
    out = capsys.readouterr().out
    assert code == 0

    def no_nan(token):
        raise AssertionError(f"non-JSON constant {token} in stdout")

    return [json.loads(line, parse_constant=no_nan) for line in out.splitlines()]
