"""The deep-gradients lab: the sigmoid's vanishing gradient against its 0.25^L bound, tanh with
Glorot, saturation, explosion and clipping, and the fixes (ReLU/He, residuals, batch norm)."""

import pytest

from dltui.labs import get_lab

from .runlab import run_lab

LAB = get_lab("deep-gradients")


def at_init(preset, backend="numpy", **overrides):
    records, _ = run_lab(LAB, preset, steps=1, backend=backend, **overrides)
    return records[0].metrics


@pytest.mark.parametrize("backend", ["numpy", "mlx"])
def test_twenty_sigmoid_layers_shrink_the_first_gradient_below_the_bound(backend):
    m = at_init("sigmoid-20", backend)
    assert 1e-17 < m["ratio_first_last"] < 0.25**20  # 9.09e-13
    norms = [m[f"grad_norm_{i}"] for i in range(1, 22)]
    assert all(a < b for a, b in zip(norms[:-2], norms[1:-1], strict=True))  # layer by layer


def test_the_mlx_and_numpy_ratios_agree():
    a, b = (
        at_init("sigmoid-20")["ratio_first_last"],
        at_init("sigmoid-20", "mlx")["ratio_first_last"],
    )
    assert a == pytest.approx(b, rel=0.05)


def test_tanh_with_glorot_does_not_vanish_at_initialisation():
    assert 0.3 < at_init("tanh-glorot")["ratio_first_last"] < 5


def test_residuals_and_batch_norm_bring_the_first_layers_gradient_back():
    plain = at_init("sigmoid-20")["ratio_first_last"]
    assert at_init("sigmoid-residual")["ratio_first_last"] > 1e6 * plain
    assert at_init("sigmoid-batchnorm")["ratio_first_last"] > 1e10 * plain


def test_a_large_tanh_init_saturates_and_then_the_gradient_vanishes():
    records, _ = run_lab(LAB, "tanh-saturated", every=50)
    first, last = records[0].metrics, records[-1].metrics
    assert first["ratio_first_last"] > 10  # at first the first layers' gradients explode
    assert last["grad_norm_total"] < 1e-3 * first["grad_norm_total"]
    assert records[-1].tensors["saturation"].mean() > 0.5  # most tanh units at |a| > 0.97


def test_a_too_large_relu_init_blows_up_and_clipping_tames_it():
    _, end = run_lab(LAB, "relu-explodes")
    assert end.reason == "diverged" and "clip" in end.message
    _, end = run_lab(LAB, "relu-clipped", steps=100)
    assert end.reason == "done"


@pytest.mark.parametrize("preset", ["relu-he", "sigmoid-batchnorm"])
def test_relu_with_he_and_sigmoid_with_batch_norm_learn(preset):
    records, _ = run_lab(LAB, preset, steps=200, every=200)
    assert records[-1].metrics["accuracy"] > 0.9


def test_plain_deep_sigmoid_stays_at_chance():
    records, _ = run_lab(LAB, "sigmoid-20", steps=200, every=200)
    assert records[-1].metrics["accuracy"] < 0.7


@pytest.mark.parametrize("backend", ["numpy", "mlx"])
def test_clipping_by_norm_the_course_example(backend):
    m = run_lab(LAB, "clipping", backend=backend)[0][0].metrics
    assert (m["clipped_1"], m["clipped_2"], m["norm"]) == pytest.approx((0.6, 0.8, 5.0), rel=1e-6)
    m = run_lab(LAB, "clipping", clip=10.0)[0][0].metrics
    assert (m["clipped_1"], m["clipped_2"]) == pytest.approx((3, 4))


def test_a_net_too_big_to_train_live_is_refused(capsys):
    from dltui.cli import main

    assert main(["run", "deep-gradients", "--set", "depth=30", "--set", "width=256"]) == 2
    assert "too big to train live" in capsys.readouterr().err
