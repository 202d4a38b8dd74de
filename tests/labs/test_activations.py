"""The activations lab's claims, checked against independent NumPy math on both backends.

Saturation (σ' ≤ 0.25, tanh' small beyond |x| > 2, ReLU' = 0 below 0), the softmax Jacobian
diag(s) − s sᵀ with rows summing to 0, the collapse of stacked linear layers (w' = w₁w₂,
b' = b₁w₂ + b₂), and universal approximation by the course's six ReLUs (a small error on a
smooth target, a visibly worse one with fewer units). The lab is interactive; its re-rendering
on a live change is driven here without threads (the version moves before the lab waits).
"""

import numpy as np
import pytest

from dltui.backend import get_backend
from dltui.cli import main
from dltui.content import lesson, presets, resolve_config
from dltui.engine.events import Finished, Progress
from dltui.engine.i18n import set_language
from dltui.engine.lab import RunContext
from dltui.engine.params import ParamError
from dltui.engine.runner import Runner
from dltui.labs import get_lab
from dltui.labs.activations.functions import FUNCTIONS
from dltui.labs.activations.relu import COURSE_UNITS, unit_outputs
from tests.test_lab_contract import check_views

LAB = get_lab("activations")


def run(backend="numpy", preset=None, **overrides):
    """One headless render (the lab is interactive): returns the single snapshot."""
    config, _ = resolve_config(LAB, preset, overrides)
    ctx = RunContext(config, get_backend(backend), 0, max_steps=1)
    records, finished = [], None
    for event in Runner(LAB, ctx).events():
        if isinstance(event, Progress):
            records += event.records
        else:
            finished = event
    assert isinstance(finished, Finished) and finished.reason == "done", finished
    assert len(records) == 1
    return records[0]


# Functions and saturation -----------------------------------------------------------------------


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma_and_never_above_a_quarter():
    r = run(part="functions", function="sigmoid", x=0.0)
    xs, f, df = (r.tensors[k].astype(float) for k in ("xs", "f", "df"))
    sigma = 1 / (1 + np.exp(-xs))
    assert np.allclose(f, sigma, atol=1e-6)
    assert np.allclose(df, sigma * (1 - sigma), atol=1e-6)
    assert df.max() <= 0.25 and df.max() > 0.2499
    assert r.metrics["df"] == pytest.approx(0.25, abs=1e-7)  # the peak, read at x = 0


def test_saturation_tanh_small_beyond_2_and_relu_zero_below_0():
    r = run(part="functions")
    xs = r.tensors["xs"]
    d_tanh, d_relu = r.tensors["d_tanh"], r.tensors["d_relu"]
    assert d_tanh[np.abs(xs) > 2].max() < 0.071
    assert np.all(d_relu[xs < 0] == 0) and np.all(d_relu[xs > 0] == 1)
    assert r.tensors["d_sigmoid"].max() <= 0.25


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_plotted_derivative_is_the_slope_of_the_plotted_function(name):
    r = run(part="functions", function=name, slope=0.2)
    xs, f, df = (r.tensors[k].astype(float) for k in ("xs", "f", "df"))
    h = xs[1] - xs[0]
    central = (f[2:] - f[:-2]) / (2 * h)  # finite differences, away from ReLU's kink
    smooth = np.abs(xs[1:-1]) > 2 * h
    assert np.allclose(df[1:-1][smooth], central[smooth], atol=3e-3), name


def test_the_cursor_reads_both_values_and_moves_on_a_live_change():
    config, _ = resolve_config(LAB, None, {"function": "tanh", "x": "2.5"})
    ctx = RunContext(config, get_backend("numpy"), 0, max_steps=None, headless=False)
    gen = LAB.run(ctx)
    first = next(gen)
    assert first.metrics["f"] == pytest.approx(np.tanh(2.5), abs=1e-6)
    assert first.metrics["df"] == pytest.approx(1 - np.tanh(2.5) ** 2, abs=1e-6)
    assert "saturated" in first.text["reading"]
    ctx.live.set("x", 0.0)
    second = next(gen)
    assert second.step == 2 and second.metrics["df"] == pytest.approx(1.0)
    ctx.stop_event.set()
    assert next(gen, None) is None


# Softmax ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["numpy", "mlx"])
def test_softmax_jacobian_is_diag_s_minus_s_st_and_rows_sum_to_zero(backend):
    r = run(backend, part="softmax", logits="2, 1, 0.1, -3")
    s, J = r.tensors["probs"].astype(float), r.tensors["jacobian"].astype(float)
    x = np.array([2, 1, 0.1, -3])
    expected_s = np.exp(x) / np.exp(x).sum()
    assert np.allclose(s, expected_s, atol=1e-6)
    assert np.allclose(J, np.diag(s) - np.outer(s, s), atol=1e-6)
    assert np.allclose(J.sum(axis=1), 0, atol=1e-6)
    assert "rows sum to 0" in r.text["reading"].lower()


def test_temperature_divides_the_jacobian():
    r = run(part="softmax", logits="1, 2, 3", temperature="2")
    s, J = r.tensors["probs"].astype(float), r.tensors["jacobian"].astype(float)
    e = np.exp(np.array([1, 2, 3]) / 2)
    assert np.allclose(s, e / e.sum(), atol=1e-6)
    assert np.allclose(J, (np.diag(s) - np.outer(s, s)) / 2, atol=1e-6)


@pytest.mark.parametrize(
    ("logits", "says"),
    [
        ("1, abc, 2", "logits: 'abc' is not a number"),
        ("1, nan", "logits: nan is not a finite number"),
        ("", "logits: '' is not a comma-separated list of numbers"),
        (",".join(["1"] * 17), "at most 16"),
    ],
)
def test_a_logit_that_is_not_a_number_is_refused_with_its_reason(logits, says):
    with pytest.raises(ParamError, match=says):
        resolve_config(LAB, None, {"part": "softmax", "logits": logits})


def test_the_cli_refuses_a_bad_logit_with_exit_2_and_one_line(capsys):
    code = main(["run", "activations", "--set", "part=softmax", "--set", "logits=1,x,3"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert (
        err.strip()
        == "dltui: logits: 'x' is not a number; expected a comma-separated list of numbers"
    )


# The collapse of linear layers ------------------------------------------------------------------


def test_two_linear_layers_collapse_to_one_with_the_course_formula():
    r = run(part="collapse", w1="2", b1="1", w2="-0.5", b2="3")
    assert r.metrics["w_eff"] == -1.0  # w' = w₁w₂ = 2·(−0.5)
    assert r.metrics["b_eff"] == 2.5  # b' = b₁w₂ + b₂ = 1·(−0.5) + 3
    assert r.metrics["gap"] < 1e-5 and r.metrics["deep_gap"] < 1e-4
    assert np.allclose(r.tensors["stacked"], -1.0 * r.tensors["xs"] + 2.5, atol=1e-5)
    assert "w' = w₁w₂ = −1" in r.text["reading"] and "b' = b₁w₂ + b₂ = 2.5" in r.text["reading"]


def test_an_activation_between_the_layers_breaks_the_collapse():
    r = run(part="collapse", w1="2", b1="1", w2="-0.5", b2="3", between="relu")
    assert r.metrics["gap"] > 0.5 and r.metrics["deep_gap"] > 0.1


# Six ReLUs --------------------------------------------------------------------------------------


def test_the_course_units_are_the_six_of_the_course():
    x = np.array([-2.0, 0.0, 1.5])
    H = unit_outputs(get_backend("numpy"), x, 6)
    expected = np.maximum(
        0, x[:, None] * np.array([u[0] for u in COURSE_UNITS]) + [u[1] for u in COURSE_UNITS]
    )
    assert np.allclose(H, expected, atol=1e-6)
    assert H[0, 0] == pytest.approx(2.3)  # n1(−2) = ReLU(−5·(−2) − 7.7)


def test_six_relus_fit_a_smooth_target_and_fewer_fit_visibly_worse():
    six = run(part="relu-units", target="tanh", units=6)
    three = run(part="relu-units", target="tanh", units=3)
    assert six.metrics["max_error"] < 0.08
    assert three.metrics["max_error"] > 4 * six.metrics["max_error"]
    sin6, sin3 = (run(part="relu-units", target="sin", units=k) for k in (6, 3))
    assert sin3.metrics["max_error"] > 3 * sin6.metrics["max_error"]
    sin8 = run(part="relu-units", target="sin", units=8)  # two units added where sin bends
    assert sin8.metrics["max_error"] < 0.1 < sin6.metrics["max_error"]


@pytest.mark.parametrize("target", ["sin", "abs", "step", "square"])
def test_each_unit_is_plotted_and_they_sum_to_the_output(target):
    r = run(part="relu-units", target=target, units=6)
    parts = np.stack([r.tensors[f"u{i}"] for i in range(1, 7)], axis=1)
    c = r.tensors["sum"] - parts.sum(axis=1)  # the output bias, the same everywhere
    assert np.allclose(c, c[0], atol=1e-9)
    assert np.allclose(r.tensors["error"], r.tensors["sum"] - r.tensors["target"])
    assert r.metrics["max_error"] == pytest.approx(np.abs(r.tensors["error"]).max())


def test_weights_by_hand_are_used_and_padded_with_zeros():
    r = run(part="relu-units", target="square", fit="by-hand", weights="0, 0, 1", bias="0.5")
    x = r.tensors["xs"]
    assert np.allclose(r.tensors["sum"], np.maximum(0, 1.2 * x + 1) + 0.5, atol=1e-5)
    assert np.all(r.tensors["u1"] == 0) and np.all(r.tensors["u6"] == 0)


@pytest.mark.parametrize("part", ["functions", "softmax", "collapse", "relu-units"])
def test_every_view_of_every_part_finds_its_data(part):
    config, _ = resolve_config(LAB, None, {"part": part})
    check_views(LAB, config, [run(part=part)])  # the one walker: tests/test_lab_contract.py


# Backends, presets, content ---------------------------------------------------------------------


@pytest.mark.parametrize("part", ["functions", "softmax", "collapse", "relu-units"])
def test_numpy_and_mlx_agree(part):
    a, b = run("numpy", part=part), run("mlx", part=part)
    for name, value in a.tensors.items():
        assert np.allclose(value, b.tensors[name], atol=1e-5), (part, name)
    for name, value in a.metrics.items():
        assert b.metrics[name] == pytest.approx(value, abs=1e-5), (part, name)


def test_presets_resolve_and_lessons_are_written():
    for name in presets("activations"):
        run(preset=name)
    for lang in ("en", "fr"):
        assert len(lesson("activations", lang)) > 2000


def test_in_french_the_reading_and_the_algebra_read_french_with_the_same_numbers():
    english = run(function="sigmoid", x=1.0).text["reading"]
    set_language("fr")
    french = run(function="sigmoid", x=1.0).text["reading"]
    assert "0.7311" in english and "0.7311" in french  # a decimal point in both languages
    assert "sigmoïde σ" in french and "disparition du gradient" in french
    assert "gradient passing" in english and "gradient passing" not in french
    algebra = run(preset="collapse").text["reading"]
    assert "couche 1\u202f: h = x·w₁ + b₁" in algebra and "layer" not in algebra
