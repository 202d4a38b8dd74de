"""The perceptron lab's teaching claims, the course's exercises by hand, and its refusals.

The course's first update (exercise 1) is recomputed here in float64 and compared with the lab;
the chain rule written on screen for exercise 2 is checked against the backend's autodiff update;
the failure of the course's bias-free XOR network is checked as a property of every step (the
tanh network stays odd), not just at the end; the playground claims (a line fails on XOR, one
hidden layer solves it, a deeper net solves the spiral) are checked on real runs.
"""

import math

import numpy as np
import pytest

from dltui.backend import get_backend
from dltui.cli import main
from dltui.content import lesson, presets, resolve_config
from dltui.engine.lab import RunContext
from dltui.engine.params import ParamError
from dltui.labs import get_lab
from dltui.labs.perceptron.model import count_text, param_count
from dltui.labs.perceptron.xor import EX2_V, EX2_W1, XOR_GRID, xor_backprop
from tests.labs.runlab import run_lab, series
from tests.test_lab_contract import check_views

LAB = get_lab("perceptron")


def run(preset=None, **kwargs):
    return run_lab(LAB, preset, **kwargs)


# Parameter counts -----------------------------------------------------------------------------


def test_parameter_counts_of_the_course():
    assert param_count([10, 20, 3]) == 220 + 63 == 283
    assert param_count([4, 100, 3]) == 803
    assert count_text([10, 20, 3]) == "10·20+20 + 20·3+3 = 283"


def test_the_lab_reports_the_count_of_the_network_as_built():
    records, _ = run("iris", steps=2)
    assert records[-1].metrics["params"] == 803
    assert "= 803" in records[-1].text["network"]
    records, _ = run("spiral", steps=1)  # 2 → 16 → 16 → 16 → 1
    assert records[-1].metrics["params"] == 2 * 16 + 16 + 2 * (16 * 16 + 16) + 16 + 1


# Exercise 1 -----------------------------------------------------------------------------------


def test_exercise_1_first_update_matches_the_hand_computation():
    w, b, x, y, lr = 0.5, 0.0, -1.2, 0.0, 0.1  # the lab's stated start; the table's first row
    a = math.tanh(w * x + b)  # −0.53705
    delta = (a - y) * (1 - a * a)  # ∂E/∂z for E = ½(a − y)²
    w1, b1 = w - lr * delta * x, b - lr * delta
    records, _ = run("course-tanh", steps=1)
    step0, step1 = records
    assert step0.step == 0 and step0.metrics["w"] == 0.5 and step0.metrics["b"] == 0.0
    assert step1.metrics["w"] == pytest.approx(w1, abs=1e-6)
    assert step1.metrics["b"] == pytest.approx(b1, abs=1e-6)
    work = step1.text["work"]
    assert "z = w·x + b = 0.5·(−1.2) + 0 = −0.6" in work
    assert "a = tanh(z) = −0.537" in work
    assert "w ← 0.5 − 0.1·0.4586 = 0.4541" in work
    assert "b ← 0 − 0.1·(−0.3822) = 0.0382" in work


def test_exercise_1_learns_the_table():
    records, _ = run("course-tanh")
    loss = series(records, "loss")
    assert loss[-1] < 0.5 * loss[0]
    assert records[-1].metrics["accuracy"] == 1.0


def test_learning_rate_applies_live_without_a_restart():
    config, _ = resolve_config(LAB, "course-tanh")
    ctx = RunContext(config, get_backend("numpy"), 0, max_steps=12, snapshot_every=1)
    ws = []
    for record in LAB.run(ctx):
        ws.append(record.metrics["w"])
        if record.step == 6:
            ctx.live.set("lr", 1e-9)  # from step 7 on, updates are (almost) nothing
    assert abs(ws[6] - ws[5]) > 1e-3
    assert max(ws[7:]) - min(ws[7:]) < 1e-6


# Exercise 2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("biases", [False, True])
def test_exercise_2_the_chain_rule_on_screen_is_the_update_the_backend_made(activation, biases):
    records, _ = run("course-xor", steps=6, every=1, activation=activation, biases=biases)
    X = np.array([(-1, -1), (-1, 1), (1, 1), (1, -1)], float)
    T = np.array([-1, 1, -1, 1], float)
    assert np.allclose(records[0].tensors["W1"], EX2_W1) and np.allclose(
        records[0].tensors["v"], EX2_V[:, 0]
    )
    for before, after in zip(records[:-1], records[1:], strict=True):
        i = (after.step - 1) % 4
        W, v = before.tensors["W1"].astype(float), before.tensors["v"].astype(float)[:, None]
        b1, b2 = (
            before.tensors.get(k, np.zeros(n)).astype(float) for k, n in (("b1", 2), ("b2", 1))
        )
        h = xor_backprop(W, v, b1, b2, X[i], T[i], activation)
        assert np.allclose(after.tensors["W1"], W - 0.1 * h["gW"], atol=1e-6)
        assert np.allclose(after.tensors["v"], v[:, 0] - 0.1 * h["gv"], atol=1e-6)
        if biases:
            assert np.allclose(after.tensors["b1"], b1 - 0.1 * h["gb1"], atol=1e-6)
            assert np.allclose(after.tensors["b2"], b2 - 0.1 * h["gb2"], atol=1e-6)


def test_exercise_2_first_update_numbers_are_on_screen():
    records, _ = run("course-xor", steps=1)
    work = records[1].text["work"]
    # x = (−1, −1): z1 = 0.5·(−1) + 0.7·(−1) = −1.2, z2 = −0.3·(−1) + (−0.1)·(−1) = 0.4
    assert "z1 = 0.5·(−1) + 0.7·(−1) = −1.2" in work
    assert "z2 = −0.3·(−1) + (−0.1)·(−1) = 0.4" in work
    yhat = math.tanh(0.2 * math.tanh(-1.2) - 0.1 * math.tanh(0.4))
    assert f"ŷ = tanh(z) = {yhat:.4f}".replace("-", "−") in work


def test_the_course_network_as_drawn_cannot_fit_xor_and_says_why():
    records, finished = run("course-xor")
    assert finished.reason == "done"
    assert series(records, "accuracy").max() <= 0.5
    field = records[-1].tensors["field"]  # (G, G) on a grid symmetric about the origin
    assert field.shape == (XOR_GRID, XOR_GRID)
    assert np.allclose(field[::-1, ::-1], -field, atol=1e-6)  # ŷ(−x) = −ŷ(x): tanh, no biases
    note = records[-1].text["note"]
    assert "cannot fit XOR" in note and "ŷ(−x) = −ŷ(x)" in note


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_sigmoid_and_relu_without_biases_fail_too(activation):
    records, _ = run("course-xor", activation=activation)
    assert series(records, "accuracy").max() < 1.0
    assert "cannot fit XOR" in records[-1].text["note"]


def test_one_hidden_layer_with_biases_reaches_100_percent_on_the_course_xor():
    records, _ = run("course-xor-biases")
    assert records[-1].metrics["accuracy"] == 1.0
    assert records[-1].metrics["loss"] < 0.05


# The playground ---------------------------------------------------------------------------------


def test_a_linear_model_cannot_pass_75_percent_on_xor():
    records, finished = run("xor-linear")
    assert finished.reason == "done" and records[-1].metrics["params"] == 3
    assert series(records, "accuracy").max() < 0.75
    assert series(records, "test_accuracy").max() < 0.75


def test_one_hidden_layer_solves_the_playground_xor():
    records, _ = run("xor-hidden")
    assert records[-1].metrics["test_accuracy"] >= 0.95


def test_a_deeper_network_solves_the_spiral():
    records, _ = run("spiral")
    assert records[-1].metrics["test_accuracy"] >= 0.95
    assert records[-1].metrics["accuracy"] >= 0.95


def test_the_boundary_is_a_field_of_at_least_60_by_30_with_train_and_test_points():
    records, _ = run("xor-hidden", steps=3, every=1)
    t = records[-1].tensors
    ny, nx = t["boundary"].shape
    assert nx >= 60 and ny >= 30
    assert np.all(np.abs(t["boundary"]) <= 1)
    assert len(t["px"]) == len(t["py"]) == len(t["pc"]) == 400
    assert set(np.unique(t["pc"])) == {0, 1, 2, 3}  # train 0/1, test 2/3


def test_iris_reports_accuracy_and_a_confusion_matrix_of_the_test_set():
    records, _ = run("iris")
    last = records[-1]
    assert last.metrics["test_accuracy"] >= 0.9 and last.metrics["accuracy"] >= 0.95
    confusion = last.tensors["confusion"]
    assert confusion.shape == (3, 3) and confusion.sum() == 45  # 30 % of 150
    assert np.trace(confusion) / 45 == pytest.approx(last.metrics["test_accuracy"])


def test_a_too_high_learning_rate_ends_as_diverged_with_the_last_boundary_kept():
    records, finished = run(
        steps=200, every=1, layers=3, activation="linear", optimizer="sgd", lr=10, batch=2000
    )
    assert finished.reason == "diverged"
    assert "learning rate" in finished.message
    shown = [r for r in records if r.tensors]
    assert shown and np.isfinite(shown[-1].tensors["boundary"]).all()


def test_changing_optimizer_and_batch_live_keeps_training():
    config, _ = resolve_config(LAB, "xor-hidden")
    ctx = RunContext(config, get_backend("numpy"), 0, max_steps=60, snapshot_every=100)
    last = None
    for record in LAB.run(ctx):
        if record.step == 20:
            ctx.live.set("optimizer", "momentum")
            ctx.live.set("batch", 2000)
        last = record
    assert last.step == 60 and np.isfinite(last.metrics["loss"])


# The single neuron ------------------------------------------------------------------------------


def test_the_neuron_computes_its_output_and_rerenders_when_a_slider_moves():
    config, _ = resolve_config(LAB, "neuron")
    ctx = RunContext(config, get_backend("numpy"), 0, max_steps=None, headless=False)
    gen = LAB.run(ctx)
    first = next(gen)
    z = 0.8 * 1.0 + (-0.6) * (-0.5) + 0.2
    assert first.metrics["z"] == pytest.approx(z)
    assert first.metrics["a"] == pytest.approx(math.tanh(z), abs=1e-6)
    assert first.metrics["da"] == pytest.approx(1 - math.tanh(z) ** 2, abs=1e-6)
    ctx.live.set("x1", -2.0)  # the version moves before the lab waits: no thread needed
    second = next(gen)
    assert second.step == 2 and second.metrics["z"] == pytest.approx(0.8 * -2 + 0.3 + 0.2)
    ctx.stop_event.set()
    assert next(gen, None) is None


# Every part draws what its views name -----------------------------------------------------------


@pytest.mark.parametrize("part", ["neuron", "course-tanh", "course-xor", "playground", "iris"])
def test_every_view_of_every_part_finds_its_data(part):
    records, finished = run(steps=2, every=1, part=part, neurons=4)
    assert finished.reason == "done"
    config, _ = resolve_config(LAB, None, {"part": part})
    check_views(LAB, config, records[-1:])  # the last record feeds every view


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"neurons": "0"}, "neurons: 0 is out of range"),
        ({"neurons": "1000"}, "neurons: 1000 is out of range"),
        ({"layers": "20"}, "layers: 20 is out of range"),
        ({"noise": "1.5"}, "noise: 1.5 is out of range"),
        ({"noise": "-0.1"}, "noise: -0.1 is out of range"),
        ({"points": "4", "test_ratio": "0.9"}, "leaves no training point"),
        ({"points": "10", "test_ratio": "0.01"}, "empty test set"),
        ({"lr": "0"}, "lr: 0.0 is out of range"),
        ({"part": "course-xor", "activation": "gelu"}, "course-xor explains"),
    ],
)
def test_bad_input_is_refused_with_its_reason(overrides, says):
    with pytest.raises(ParamError, match=says.replace("(", r"\(")):
        resolve_config(LAB, None, overrides)


@pytest.mark.parametrize(
    "argv",
    [
        ["--set", "neurons=0"],
        ["--set", "noise=2"],
        ["--set", "layers=9"],
        ["--set", "points=4", "--set", "test_ratio=0.9"],
    ],
)
def test_the_cli_refuses_bad_input_with_exit_2_and_one_line(capsys, argv):
    code = main(["run", "perceptron", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("dltui: ")


# Backends, presets, content ---------------------------------------------------------------------


@pytest.mark.parametrize("preset", ["xor-hidden", "course-xor-biases", "iris"])
def test_numpy_and_mlx_agree(preset):
    a, _ = run(preset, steps=30, backend="numpy")
    b, _ = run(preset, steps=30, backend="mlx")
    assert np.allclose(series(a, "loss"), series(b, "loss"), rtol=1e-4, atol=1e-5)
    assert np.array_equal(series(a, "accuracy"), series(b, "accuracy"))


def test_the_fixed_preset_names_exist_and_lessons_are_written():
    names = set(presets("perceptron"))
    assert {"course-tanh", "course-xor", "xor-linear", "xor-hidden", "spiral", "iris"} <= names
    for lang in ("en", "fr"):
        assert len(lesson("perceptron", lang)) > 2000


def test_records_carry_loss_accuracy_and_test_accuracy_where_there_is_a_test_split():
    for preset in ("xor-linear", "xor-hidden", "spiral", "iris"):
        records, _ = run(preset, steps=1)
        assert {"loss", "accuracy", "test_accuracy"} <= set(records[-1].metrics), preset
    for preset in ("course-tanh", "course-xor"):
        records, _ = run(preset, steps=1)
        assert {"loss", "accuracy"} <= set(records[-1].metrics), preset
    records, _ = run("xor-hidden", steps=1, test_ratio=0)
    assert "test_accuracy" not in records[-1].metrics
