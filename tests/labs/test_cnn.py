"""The cnn lab's teaching claims: the course's parameter counts from our own summary code,
LeNet-5 passing 97 % on the vendored digits with filters that become structured, the MLP's
extra parameters buying nothing, backend parity, and bad stacks refused with layer and shapes."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from dltui.cli import main
from dltui.content import resolve_config
from dltui.engine.params import ParamError
from dltui.labs.cnn import LAB
from dltui.labs.cnn import model as M
from dltui.labs.cnn import pictures as P
from dltui.labs.cnn.data import load
from dltui.labs.cnn.zoo import LENET5_28, LENET5_32, MLP_32, SCENE_CNN
from tests.labs.runlab import run_cli, run_lab, series

# --- the course's numbers -----------------------------------------------------------------


def test_lenet5_at_32x32_has_the_courses_61706_parameters():
    weighted = [layer.params for layer in LENET5_32.layers if layer.params]
    assert weighted == [156, 2416, 48120, 10164, 850]
    assert LENET5_32.n_params == 61706
    shapes = [layer.shape for layer in LENET5_32.layers]
    assert shapes[:5] == [(28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (400,)]


def test_lenet5_on_28x28_valid_has_44426_and_the_scene_cnn_144346():
    assert LENET5_28.n_params == 44426
    assert LENET5_28.layers[4].shape == (256,)  # 4×4×16: why it is not 61,706
    assert SCENE_CNN.n_params == 144346
    assert [layer.shape for layer in SCENE_CNN.layers] == [
        (148, 148, 10),
        (49, 49, 10),
        (24010,),
        (6,),
    ]
    assert MLP_32.n_params == 134014


def test_convolutions_hold_4_2_percent_of_lenets_parameters():
    assert LENET5_32.conv_params == 2572
    assert f"{100 * LENET5_32.conv_params / LENET5_32.n_params:.1f}" == "4.2"
    text = M.summary(LENET5_32, "LeNet-5")
    assert "(28, 28, 6)" in text and "(400,)" in text and "Total params: 61,706" in text
    assert "convolutions 2,572 = 4.2 %" in text


def test_the_table_part_reports_the_counts_headless(capsys):
    lines = run_cli(capsys, "cnn", "--preset", "table")
    m = lines[0]["metrics"]
    assert (m["n_params"], m["lenet5_32"], m["lenet5_28"], m["scene_cnn"], m["mlp_32"]) == (
        61706,
        61706,
        44426,
        144346,
        134014,
    )
    assert m["conv_share"] == pytest.approx(2572 / 61706)
    assert "44,426" in lines[0]["text"]["lenet28"] and "4.2 %" in lines[0]["text"]["scene"]


# --- the vendored digits ------------------------------------------------------------------


def test_the_vendored_digits_are_balanced_and_padded_as_lenet_takes_them():
    d32, d28 = load("32x32"), load("28x28")
    assert d28.x_train.shape == (6500, 28, 28, 1) and d28.x_test.shape == (1500, 28, 28, 1)
    assert d32.x_train.shape == (6500, 32, 32, 1)
    assert np.all(d32.x_train[:, :2] == 0) and np.all(d32.x_train[:, :, -2:] == 0)  # the ring
    np.testing.assert_array_equal(np.bincount(d28.y_train), [650] * 10)
    np.testing.assert_array_equal(np.bincount(d28.y_test), [150] * 10)
    assert -0.5 / 255 <= d28.x_train.min() and d28.x_train.max() <= 1 + 0.5 / 255  # dither


# --- training: the teaching moments -------------------------------------------------------


def _cli_run(*argv: str) -> list[dict]:
    """`dltui run cnn ...` in a child process (its own BLAS, pinned by dltui before NumPy)."""
    out = subprocess.run(
        [sys.executable, "-m", "dltui", "run", "cnn", *argv, "--backend", "numpy"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="module")
def lenet5_run() -> list[dict]:
    return _cli_run("--preset", "lenet5")


def _evals(lines: list[dict]) -> list[dict]:
    return [r["metrics"] for r in lines if "metrics" in r and "test_accuracy" in r["metrics"]]


def test_lenet5_passes_97_percent_on_the_test_digits_within_its_budget(lenet5_run):
    evals = _evals(lenet5_run)
    assert lenet5_run[-1] == {"event": "end", "reason": "done", "step": 600}
    assert evals[0]["test_accuracy"] < 0.3  # chance at the start
    assert evals[-1]["test_accuracy"] >= 0.97, [e["test_accuracy"] for e in evals]
    assert evals[-1]["n_params"] == 61706


def test_lenet5_filters_turn_from_noise_into_smooth_strokes(lenet5_run):
    """`filter_structure`: the mean lag-1 autocorrelation of each 5×5 first-layer kernel
    (neighbouring weights agreeing). Glorot noise scores below 0; learned stroke and edge
    detectors, whose weights vary smoothly, score well above."""
    structure = [e["filter_structure"] for e in _evals(lenet5_run)]
    assert structure[0] < 0
    assert structure[-1] > 0.1
    assert structure[-1] - structure[0] > 0.25


def test_the_structure_measure_tells_noise_from_strokes():
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(64, 5, 5, 1))
    edge = np.tile(np.array([-1, -1, 0, 1, 1.0])[None, :], (5, 1))[None, :, :, None]
    blob = np.outer(np.hanning(7)[1:-1], np.hanning(7)[1:-1])[None, :, :, None]
    assert abs(P.structure(noise)) < 0.15
    assert P.structure(edge) > 0.5 and P.structure(blob) > 0.3


def test_the_mlp_needs_more_parameters_for_no_better_accuracy(lenet5_run):
    mlp = _evals(_cli_run("--preset", "mlp"))
    cnn = _evals(lenet5_run)
    assert mlp[-1]["n_params"] == 134014 > 2 * cnn[-1]["n_params"]
    assert mlp[-1]["test_accuracy"] <= cnn[-1]["test_accuracy"]


# --- the headless contract ----------------------------------------------------------------


def test_records_carry_the_metrics_and_tensors_the_issue_names():
    records, fin = run_lab(LAB, "lenet5", steps=3, every=1, digit=7)
    assert fin.reason == "done"
    first, last = records[0], records[-1]
    for key in ("loss", "accuracy", "test_accuracy", "n_params"):
        assert key in first.metrics and key in last.metrics
    t = last.tensors
    assert t["filters"].shape == (6, 5, 5)
    assert t["feature_maps"].shape == (28, 28, 6) and t["feature_maps_2"].shape == (10, 10, 16)
    assert t["confusion"].shape == (10, 10) and t["confusion"].sum() == 1500
    assert "a " + str(load("32x32").y_test[7]) in last.text["status"]


def test_the_arrows_pick_another_digit_and_its_feature_maps():
    maps = {}
    for digit in (0, 1):
        records, _ = run_lab(LAB, "lenet5", steps=1, every=1, digit=digit)
        maps[digit] = records[-1].tensors["feature_maps"]
    assert not np.allclose(maps[0], maps[1])
    assert ("right", "digit", 1) in LAB.nudges(resolve_config(LAB, "lenet5")[0])


def test_mlx_and_numpy_train_the_same_lenet5():
    """Same init, batches and dropout masks → the same losses for a few steps (float32)."""
    runs = {
        b: run_lab(LAB, "lenet5", steps=4, backend=b, every=10**6, dropout=0.25)[0]
        for b in ("numpy", "mlx")
    }
    np.testing.assert_allclose(
        series(runs["numpy"], "loss"), series(runs["mlx"], "loss"), rtol=1e-4, atol=1e-5
    )
    assert runs["numpy"][-1].metrics["test_accuracy"] == pytest.approx(
        runs["mlx"][-1].metrics["test_accuracy"], abs=2 / 1500
    )


# --- bad stacks: refused with the layer and the shapes ------------------------------------


@pytest.mark.parametrize(
    "overrides,words",
    [
        ({"input": "8x8"}, ("conv 2", "5×5", "2×2×6", "after pool 1")),
        ({"filters": "6,0"}, ("conv 2", "0 filters", "10×10×0")),
        ({"filters": "6,16,16"}, ("pool 3", "1×1×16", "nothing")),
        ({"dropout": "1"}, ("dropout", "dense 1 (120)", "dense 2 (84)")),
        ({"kernel": "4", "padding": "same"}, ("odd", "conv 1", "4×4")),
        ({"filters": "64,64", "kernel": "9", "padding": "same"}, ("MB", "fewer filters")),
    ],
)
def test_a_stack_that_cannot_work_is_refused_naming_layer_and_shapes(overrides, words):
    with pytest.raises(ParamError) as err:
        resolve_config(LAB, "lenet5", overrides)
    for word in words:
        assert word in str(err.value), (word, str(err.value))


def test_the_cli_refuses_a_bad_stack_in_one_line(capsys):
    code = main(["run", "cnn", "--set", "input=8x8", "--set", "kernel=5"])
    err = capsys.readouterr().err
    assert code != 0 and "conv 2" in err and "Traceback" not in err
