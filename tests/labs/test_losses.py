"""The losses lab: the course's A and B, the normalised B, the gradients that make CE win, the
logistic and Gaussian numbers, the outlier fits and the training race."""

import pytest

from dltui.labs import get_lab

from .runlab import run_lab

LAB = get_lab("losses")
BACKENDS = ("numpy", "mlx")


def first(preset=None, backend="numpy", **overrides):
    records, _ = run_lab(LAB, preset, backend=backend, **overrides)
    return records[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_course_outputs_a_and_b(backend):
    a = first("course-a", backend).metrics
    assert (a["mae"], a["mse"], a["ce"]) == pytest.approx((0.12, 0.046, 0.9163), abs=5e-5)
    b = first("course-b", backend)
    m = b.metrics
    assert (m["mae"], m["mse"], m["ce"]) == pytest.approx((0.12, 0.0144, 0.1278), abs=5e-5)
    assert "sum to 1.96" in b.text["reading"] and "MAE = 0.024" in b.text["reading"]


def test_a_real_probability_vector_is_not_called_out():
    assert "not probabilities" not in first("course-a").text["reading"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_confidently_wrong_ce_pushes_and_mae_does_not(backend):
    m = first("confidently-wrong", backend).metrics
    assert m["grad_ce"] == pytest.approx(-0.9989, abs=1e-5)
    assert m["grad_mae"] == pytest.approx(-0.00022, abs=5e-6)
    assert abs(m["grad_ce"]) > 1000 * abs(m["grad_mae"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_softmax_ce_gradient_is_p_minus_y_on_the_course_logits(backend):
    m = first(backend=backend, part="gradient").metrics
    assert (m["ce_grad_z1"], m["ce_grad_z2"]) == pytest.approx((-0.119203, 0.119203), abs=1e-6)


def test_logistic_loss_points_and_the_keras_clip():
    assert first("logistic").metrics["loss"] == pytest.approx(0.1054, abs=5e-5)
    assert first("logistic", p=0.1).metrics["loss"] == pytest.approx(2.3026, abs=5e-5)
    assert first("logistic", p=0.5, label=0).metrics["loss"] == pytest.approx(0.6931, abs=5e-5)
    assert "16.118" in first("logistic").text["reading"]


def test_gaussian_nll_of_the_course():
    assert first("gaussian").metrics["nll"] == pytest.approx(1.0439, abs=5e-5)


def test_the_outlier_pulls_the_mse_line_and_not_the_mae_one():
    records, _ = run_lab(LAB, "outliers")
    m = records[-1].metrics
    assert abs(m["a_mae"] - 2) < 0.1 < m["a_mse"] - 2  # the bulk's slope is 2
    assert m["a_mae"] - 0.05 <= m["a_huber"] <= m["a_mse"]


def test_the_race_ce_learns_where_mse_and_mae_stall():
    records, _ = run_lab(LAB, "race", steps=300)
    m = records[-1].metrics
    assert m["test_accuracy_ce"] > 0.8
    assert m["test_accuracy_mse"] < 0.5 and m["test_accuracy_mae"] < 0.5


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--set", "output=0.1,0.2"], "give 10 values"),
        (["--set", "output=0,0,0,0,0,0,0,0,0,0"], "must be > 0"),
        (["--set", "output=0,0,2,0,0,0,0,0,0,0"], "2.0 is out of range; allowed: ≥ 0 and ≤ 1"),
        (["--set", "part=gradient", "--set", "logits=1"], "2 to 10 logits"),
    ],
)
def test_bad_outputs_are_refused_with_the_reason(capsys, argv, reason):
    from dltui.cli import main

    assert main(["run", "losses", *argv]) == 2
    assert reason in capsys.readouterr().err
