"""The convolution lab: the course's worked examples number for number, the filters doing what
their names say, bad input refused with a reason, and the interactive walk driven step by step.

Expected values are computed here independently (plain loops over the curriculum's numbers),
never read back from the lab's own constants.
"""

from __future__ import annotations

import numpy as np
import pytest

from dltui.backend import get_backend
from dltui.cli import main
from dltui.engine.events import Snapshot
from dltui.engine.lab import RunContext
from dltui.engine.params import ParamError, defaults
from dltui.labs import get_lab
from dltui.labs.convolution import PARAMS, check
from tests.labs.convhelp import final_record, loop_conv, run_conv
from tests.test_lab_contract import check_views

NP = get_backend("numpy")
LAB = get_lab("convolution")


# --- the course's numbers through the headless presets --------------------------------------

EXERCISE = [[2, 0, 4, 1, 0], [1, 1, 1, 0, 0], [5, 1, 3, 0, 0], [1, 0, 0, 0, 0]]
CROSS = [[0, 1, 0], [1, 1, 1], [0, 1, 0]]
SMALL, SMALL_K = np.arange(9).reshape(3, 3), [[0, 1], [2, 3]]
MULTI_X = [  # the curriculum's x[:, :, c], channel by channel
    [[2, 2, 2, 2, 0], [0, 0, 1, 2, 0], [0, 2, 2, 1, 0], [2, 1, 0, 1, 1], [2, 2, 2, 1, 1]],
    [[1, 0, 0, 0, 0], [0, 1, 2, 0, 2], [1, 2, 1, 0, 1], [1, 1, 1, 0, 2], [0, 1, 0, 1, 1]],
    [[0, 1, 2, 0, 0], [0, 0, 2, 0, 0], [2, 1, 1, 1, 2], [0, 1, 1, 1, 2], [2, 1, 0, 2, 1]],
]
MULTI_W = [
    [[[-1, 0, -1], [-1, -1, 0], [0, 1, -1]], [[-1, 0, 0], [1, -1, 1], [-1, 1, 0]],
     [[1, 0, -1], [1, 0, 1], [-1, 1, -1]]],
    [[[1, -1, 1], [0, 0, -1], [0, -1, -1]], [[1, 0, -1], [1, 1, 1], [-1, 0, -1]],
     [[-1, 1, 1], [1, -1, 0], [-1, 0, 0]]],
]  # fmt: skip


def _multichannel_expected() -> np.ndarray:
    out = loop_conv(MULTI_X, MULTI_W, stride=(2, 2), padding=(1, 1))
    return out + np.array([1.0, 0.0])[:, None, None]  # b0 = 1, b1 = 0


EXPECTED = {
    "course-exercise": [[4, 9, 2], [10, 5, 3]],
    "cross-correlation": [[19, 25], [37, 43]],
    "padding": loop_conv([SMALL], [[SMALL_K]], padding=(1, 1))[0],
    "stride": loop_conv([SMALL], [[SMALL_K]], stride=(3, 2), padding=(1, 1))[0],
    "max-pool": [[6, 8], [3, 4]],
    "multichannel": _multichannel_expected(),
}


@pytest.mark.parametrize("backend", ["numpy", "mlx"])
@pytest.mark.parametrize("preset", list(EXPECTED))
def test_presets_reproduce_the_course(capsys, preset, backend):
    final = final_record(run_conv(capsys, "--preset", preset, "--backend", backend))
    np.testing.assert_array_equal(final["tensors"]["output"], EXPECTED[preset])
    assert "agree, max |difference| = 0" in final["text"]["backends"]


def test_the_shapes_the_course_states():
    assert np.shape(EXPECTED["padding"]) == (4, 4)
    assert np.shape(EXPECTED["stride"]) == (2, 2)
    assert np.shape(EXPECTED["multichannel"]) == (2, 3, 3)


def test_max_pool_preset_shows_the_average_beside(capsys):
    final = final_record(run_conv(capsys, "--preset", "max-pool"))
    np.testing.assert_array_equal(final["tensors"]["average"], [[3.25, 5.25], [2, 2]])
    assert "mean(1, 0, 3, 4) = 8/4 = 2" in final["text"]["cell"]


def test_multichannel_counts_56_parameters_and_shows_each_channel(capsys):
    records = run_conv(capsys, "--preset", "multichannel")
    final = final_record(records)
    assert final["metrics"]["weights"] == 54 and final["metrics"]["params"] == 56
    assert "54 weights + 2 biases = 56 parameters" in final["text"]["formula"]
    assert np.shape(final["tensors"]["x0"]) == (7, 7)  # the padded input
    cells = [r for r in records if "metrics" in r]
    assert len(cells) == 18  # 3×3 cells × 2 filters, one record each
    first = cells[0]["text"]["cell"]
    assert first.count(" = ") == 4  # three channel sums and the total with the bias
    assert first.endswith(f"(b0) = {EXPECTED['multichannel'][0, 0, 0]:.0f}")


def test_by_hand_shows_products_and_sum_for_each_cell(capsys):
    records = [r for r in run_conv(capsys, "--preset", "course-exercise") if "metrics" in r]
    assert [r["metrics"]["value"] for r in records] == [4, 9, 2, 10, 5, 3]
    assert records[0]["text"]["cell"] == (
        "cell (0, 0): 2·0 + 0·1 + 4·0 + 1·1 + 1·1 + 1·1 + 5·0 + 1·1 + 3·0 = 4"
    )
    assert "rows: ⌊(4 + 2·0 − 3) / 1⌋ + 1 = 2" in records[0]["text"]["formula"]


def test_border_modes(capsys):
    zero = final_record(run_conv(capsys, "--preset", "course-exercise", "--set", "border=zero"))
    np.testing.assert_array_equal(
        zero["tensors"]["output"], loop_conv([EXERCISE], [[CROSS]], padding=(1, 1))[0]
    )
    keep = np.array(final_record(run_conv(capsys, "--set", "border=keep"))["tensors"]["output"])
    assert keep.shape == (4, 5)
    np.testing.assert_array_equal(keep[1:3, 1:4], [[4, 9, 2], [10, 5, 3]])
    border = np.ones((4, 5), bool)
    border[1:3, 1:4] = False
    np.testing.assert_array_equal(keep[border], np.array(EXERCISE)[border])


def test_the_formula_follows_kernel_padding_and_stride(capsys):
    final = final_record(run_conv(capsys, "--preset", "stride"))
    assert "rows: ⌊(3 + 2·1 − 2) / 3⌋ + 1 = 2" in final["text"]["formula"]
    assert "columns: ⌊(3 + 2·1 − 2) / 2⌋ + 1 = 2" in final["text"]["formula"]
    padded = final_record(run_conv(capsys, "--preset", "padding"))["text"]["formula"]
    assert padded.startswith("each axis: ⌊(3 + 2·1 − 2) / 1⌋ + 1 = 4\noutput 4×4")
    bigger = final_record(run_conv(capsys, "--preset", "padding", "--set", "kernel=1,1,1;1,1,1"))
    assert "rows: ⌊(3 + 2·1 − 2) / 1⌋ + 1 = 4\ncolumns: ⌊(3 + 2·1 − 3)" in bigger["text"]["formula"]


def test_a_typed_answer_is_checked(capsys):
    right = run_conv(capsys, "--set", "answer=4")
    assert right[0]["text"]["feedback"] == "4 — correct"
    wrong = run_conv(capsys, "--set", "answer=7")
    assert wrong[0]["text"]["feedback"].startswith("7 — not quite: cell (0, 0): 2·0 + 0·1")
    assert wrong[0]["text"]["feedback"].endswith("= 4")


def test_learner_input_and_fraction_kernels(capsys):
    final = final_record(
        run_conv(capsys, "--set", "input=1 2 3;4 5 6;7 8 9", "--set", "kernel=1/9,1/9;1/9,1/9")
    )
    expected = np.array([[12, 16], [24, 28]]) / 9
    np.testing.assert_allclose(final["tensors"]["output"], expected, rtol=1e-6)


# --- bad input: exit 2, one line with the reason --------------------------------------------

CUSTOM_2X2 = ["--preset", "filters", "--set", "filter=custom", "--set", "kernel=1,2;3,4"]
BAD = [
    (["--set", "kernel=1,2;3"], "every row needs the same count"),
    (["--set", "kernel=1,a;3,4"], "'a' is not a number"),
    (["--set", "border=zero", "--set", "kernel=1,2;3,4"], "needs odd sizes"),
    (["--set", "border=keep", "--set", "kernel=1,2;3,4"], "needs odd sizes"),
    (["--set", "kernel=" + ";".join(["1,1,1,1,1"] * 5)], "larger than the 4×5 input"),
    (["--preset", "stride", "--set", "stride=0"], "stride: 0 is not allowed"),
    (["--preset", "stride", "--set", "stride=2,0"], "stride: 0 is not allowed"),
    (["--preset", "padding", "--set", "padding=4"], "more padding than the 3×3 input"),
    (["--preset", "max-pool", "--set", "window=5"], "window: 5×5 is larger"),
    (["--set", "answer=abc"], "answer: 'abc' is not a number"),
    (["--set", "input=;"], "input: empty"),
    (CUSTOM_2X2, "cannot centre the 2×2 custom kernel"),  # plus laplacian (3×3) in the preset
    ([*CUSTOM_2X2, "--set", "plus=none"], "needs odd sizes"),  # the preset keeps the border
    (["--set", "pace=-1"], "pace: -1"),
]


@pytest.mark.parametrize("argv,reason", BAD)
def test_bad_input_is_refused_with_the_reason(capsys, argv, reason):
    assert main(["run", "convolution", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], captured.err


def test_even_kernel_is_fine_in_valid_mode():
    check({**defaults(PARAMS), "kernel": "1,2;3,4"})
    with pytest.raises(ParamError, match="odd"):
        check({**defaults(PARAMS), "kernel": "1,2;3,4", "border": "zero"})


# --- views and records agree ----------------------------------------------------------------

PART_PRESET = {
    "by-hand": "course-exercise",
    "cross-correlation": "cross-correlation",
    "pooling": "max-pool",
    "filters": "filters",
    "multichannel": "multichannel",
}


@pytest.mark.parametrize("part", list(PART_PRESET))
def test_every_view_finds_its_data(capsys, part):
    """The CLI's last record with tensors (JSON) feeds every view (the one walker)."""
    final = final_record(run_conv(capsys, "--preset", PART_PRESET[part]))
    record = Snapshot(final["step"], final["metrics"], final["tensors"], final["text"])
    check_views(LAB, {**defaults(PARAMS), "part": part}, [record])


# --- the interactive walk, driven without threads or clocks ---------------------------------


def _paused(config: dict) -> tuple[RunContext, object]:
    ctx = RunContext(config, NP, 0, max_steps=None, snapshot_every=None, headless=False)
    ctx.run_event.clear()  # paused: steps come from `n` (step_budget) or live changes
    return ctx, LAB.run(ctx)


def test_walk_asks_then_reveals_and_checks_answers():
    ctx, gen = _paused(defaults(PARAMS))
    ask = next(gen)
    assert ask.text["cell"].endswith("= ?") and "answer" in ask.text["feedback"]
    assert np.isnan(ask.tensors["shown"]).all()
    np.testing.assert_array_equal(ask.tensors["window"], [0, 3, 0, 3])
    ctx.live.set("answer", "7")
    told = next(gen)
    assert told.text["feedback"].startswith("7 — not quite: cell (0, 0)")
    assert told.tensors["shown"][0, 0] == 4
    ctx.step_budget = 1
    second = next(gen)  # the `n` key: the next cell, asked
    np.testing.assert_array_equal(second.tensors["window"], [0, 3, 1, 4])
    assert np.isnan(second.tensors["shown"][0, 1])
    ctx.live.set("answer", "9")
    assert next(gen).text["feedback"] == "9 — correct"
    ctx.live.set("answer", "9")  # the same answer sent again is checked again
    assert next(gen).text["feedback"] == "9 — correct"


def test_walk_restarts_on_a_live_edit_and_refuses_a_bad_one():
    ctx, gen = _paused(defaults(PARAMS))
    next(gen)
    ctx.live.set("kernel", "1")
    first = next(gen)
    assert "kernel changed" in first.text["feedback"]
    np.testing.assert_array_equal(first.tensors["window"], [0, 1, 0, 1])
    assert first.tensors["shown"].shape == (4, 5)
    ctx.live.set("kernel", "1,2;3")  # the screen refuses this first; the lab must survive it
    refused = next(gen)
    assert refused.text["feedback"].startswith("refused: kernel: row 2")
    assert refused.tensors["shown"].shape == (4, 5)  # the old walk goes on
    ctx.stop_event.set()
    assert next(gen, None) is None


def test_walk_runs_to_the_end_and_waits_for_a_change():
    ctx, gen = _paused({**defaults(PARAMS), "part": "cross-correlation"})
    records = [next(gen)]
    for _ in range(7):  # 4 cells, each asked then told
        ctx.step_budget = 1
        records.append(next(gen))
    final = records[-1]
    np.testing.assert_array_equal(final.tensors["output"], [[19, 25], [37, 43]])
    assert [r.step for r in records] == list(range(1, 9))
    ctx.live.set("padding", "1")  # at the end, a change starts a new walk at once
    again = next(gen)
    assert again.tensors["shown"].shape == (4, 4) and again.text["cell"].endswith("= ?")


def test_filters_redraw_on_a_live_change():
    ctx, gen = _paused({**defaults(PARAMS), "part": "filters"})
    first = next(gen)
    assert first.tensors["input"].shape == (96, 96)
    ctx.live.set("image", "astronaut")
    second = next(gen)
    assert second.tensors["input"].shape == (96, 96, 3) and second.step == 2
    ctx.stop_event.set()
    assert next(gen, None) is None


def test_runner_hands_over_each_interactive_record_before_the_lab_blocks():
    """The app batches records by time; an interactive lab blocks after each record until the
    learner acts, so a record held back for batching would never reach the screen."""
    from dltui.engine.lab import LabSpec, Part, Record
    from dltui.engine.runner import Runner

    seen: list[int] = []

    def run(ctx):
        for step in (1, 2):
            yield Record(step, {}, None, {"note": "x"})
            assert seen == list(range(1, step + 1)), "the runner asked for more before delivering"

    lab = LabSpec("fake", "fake", "x", "x", (), (Part("one", run, lambda c: [], interactive=True),))
    ctx = RunContext({}, NP, 0, max_steps=None, snapshot_every=None, headless=False)
    for event in Runner(lab, ctx, batch_records=None, batch_seconds=60).events():
        seen.extend(s.step for s in getattr(event, "records", ()))
    assert seen == [1, 2]
