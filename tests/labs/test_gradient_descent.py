"""The gradient-descent lab's teaching claims, number for number, on NumPy and MLX.

The course's worked example is recomputed here independently in float64 (Σxᵢ², the critical
rate, the first steps of w ← w − ρ·Σ2(w·xᵢ − yᵢ)xᵢ) and compared with the lab's records; every
other step's claim (standardising rounds the bowl, the MLP learns, the sweep diverges at 0.1
and crawls at 1e-5) is checked on the records a real run produces.
"""

import numpy as np
import pytest

from dltui.backend import get_backend
from dltui.cli import main
from dltui.content import lesson, presets, resolve_config
from dltui.data import boston
from dltui.engine.i18n import set_language
from dltui.engine.lab import RunContext
from dltui.labs import get_lab
from dltui.labs.gradient_descent.data import feature_names
from tests.labs.runlab import run_lab, series
from tests.test_lab_contract import check_views

LAB = get_lab("gradient-descent")
X_RM, Y = boston().column("RM"), boston().column("MEDV")
SXX, SXY = float(np.sum(X_RM**2)), float(np.sum(X_RM * Y))
W_STAR = SXY / SXX


def run(preset=None, **kwargs):
    return run_lab(LAB, preset, **kwargs)


# Steps 1 and 2: one weight -------------------------------------------------------------------


def test_sum_of_squares_and_critical_rate_come_from_the_data():
    assert SXX == pytest.approx(20234.598247, rel=1e-12)
    records, _ = run("rm-price-good")
    assert records[0].metrics["critical_lr"] == pytest.approx(1 / SXX, rel=1e-12)
    assert f"{records[0].metrics['critical_lr']:.4g}" == "4.942e-05"
    assert records[0].metrics["w_star"] == pytest.approx(W_STAR, rel=1e-12)
    assert "critical rate 1/Σxᵢ² = 4.942e-05" in records[-1].text["regime"]


@pytest.mark.parametrize(("backend", "rel"), [("numpy", 1e-12), ("mlx", 1e-9)])
@pytest.mark.parametrize("preset", ["rm-price-slow", "rm-price-good", "rm-price-diverge"])
def test_first_steps_match_an_independent_float64_descent(preset, backend, rel):
    lr = presets("gradient-descent")[preset]["lr"]
    records, finished = run(preset, backend=backend)
    assert finished.reason == "done" and len(records) == 10
    w = 0.0
    for rec in records:
        grad = float(np.sum(2 * (w * X_RM - Y) * X_RM))  # dL/dw = Σ 2(w·xᵢ − yᵢ)·xᵢ
        w -= lr * grad
        assert rec.metrics["grad"] == pytest.approx(grad, rel=rel)
        assert rec.metrics["w"] == pytest.approx(w, rel=rel)
        assert rec.metrics["loss"] == pytest.approx(np.sum((w * X_RM - Y) ** 2), rel=rel)
    assert records[0].metrics["w"] == pytest.approx(2 * lr * SXY, rel=rel)  # from w = 0


def test_one_e_minus_six_crawls():
    w = series(run("rm-price-slow")[0], "w")
    assert np.all(np.diff(w) > 0) and w[-1] < 0.4 * W_STAR  # still far below w* ≈ 3.65


def test_one_e_minus_five_converges():
    w = series(run("rm-price-good")[0], "w")
    assert abs(w[-1] - W_STAR) < 0.01 * W_STAR


def test_five_e_minus_five_oscillates_and_slowly_diverges():
    records, finished = run("rm-price-diverge")
    dist = series(records, "w") - W_STAR
    assert finished.reason == "done"  # 10 steps: still running, just getting worse
    assert np.all(np.sign(dist[1:]) == -np.sign(dist[:-1]))  # alternates around w*
    assert np.all(np.diff(np.abs(dist)) > 0)  # and every swing is wider
    assert np.all(np.abs(dist) < 2 * W_STAR)  # slowly
    assert "oscillates and diverges" in records[-1].text["regime"]


@pytest.mark.parametrize(("preset", "sets", "needle"), [
    ("rm-price-good", {"lr": 1e-4}, "critical rate 1/Σxᵢ² = 4.942e-05"),
    ("rm-price-diverge", {}, "critical rate 1/Σxᵢ² = 4.942e-05"),
    ("line-boston", {"lr": 0.1}, "2/λmax = 0.04881"),
    ("linear", {"standardize": False}, "standardise"),
])  # fmt: skip
def test_a_rate_too_high_ends_the_run_as_diverged_with_a_reason(preset, sets, needle):
    records, finished = run(preset, steps=400, **sets)
    assert finished.reason == "diverged" and needle in finished.message
    assert len(records) < 400


def test_the_screen_gets_the_loss_curve_the_path_the_table_and_the_worked_update():
    records, _ = run("rm-price-good", every=5)
    t = records[-1].tensors
    assert t["curve_w"].shape == (100,) and t["curve_w"][[0, -1]].tolist() == [-2.0, 10.0]
    expected = [np.sum((w * X_RM - Y) ** 2) for w in t["curve_w"]]
    np.testing.assert_allclose(t["curve_L"], expected, rtol=1e-12)
    assert t["table"].shape == (11, 3) and t["table"][:, 0].tolist() == list(range(11))
    np.testing.assert_allclose(t["table"][1:, 1], series(records, "w"))
    np.testing.assert_allclose(t["path_w"], t["table"][:, 1])
    assert records[3].tensors is None and records[4].tensors is not None  # only when asked
    assert "= 0 − 1e-05 × (-147848) = 1.47848" in " ".join(records[0].text["update"].split())


def test_by_hand_reacts_to_the_cursor_and_shows_the_slope():
    config, _ = resolve_config(LAB, "rm-price-hand")
    ctx = RunContext(config, get_backend("numpy"), 0, max_steps=None, headless=False)
    gen = LAB.run(ctx)
    first = next(gen)
    ctx.live.set("cursor", 5.0)  # the learner presses → a few times
    second = next(gen)
    assert first.metrics["w"] == 0.0 and second.metrics["w"] == 5.0
    assert second.metrics["loss"] == pytest.approx(np.sum((5 * X_RM - Y) ** 2), rel=1e-12)
    assert second.metrics["grad"] > 0 and "left" in second.text["update"]
    assert second.tensors["table"][:, 1].tolist() == [0.0, 5.0]
    ctx.stop_event.set()
    assert next(gen, None) is None


def test_the_learning_rate_changes_live():
    config, _ = resolve_config(LAB, "rm-price-good")
    ctx = RunContext(config, get_backend("numpy"), 0, max_steps=10)
    gen = LAB.run(ctx)
    w2 = [next(gen) for _ in range(2)][-1].metrics["w"]
    ctx.live.set("lr", 1e-6)
    third = next(gen)
    assert third.metrics["w"] == pytest.approx(w2 - 1e-6 * third.metrics["grad"], rel=1e-12)


# Step 3: two parameters ----------------------------------------------------------------------


def test_the_course_demo_converges_near_its_theta():
    records, finished = run("line-synthetic")
    assert finished.reason == "done"
    first, last = records[0].metrics, records[-1].metrics
    assert first["theta0"] == pytest.approx(0.25 - 0.01 * first["grad0"], rel=1e-12)
    assert first["theta1"] == pytest.approx(0.58 - 0.01 * first["grad1"], rel=1e-12)
    assert abs(last["theta0"] - 0.5) < 0.1 and abs(last["theta1"] - 3.0) < 0.1
    assert last["gap"] < 1e-4


def test_standardising_rounds_the_bowl_and_straightens_the_path():
    raw, _ = run("line-boston", steps=500, every=500)  # the same γ = 0.01 for both
    std, _ = run("line-boston-standardized", steps=500, every=500)
    assert raw[-1].metrics["cond"] > 1000 and std[-1].metrics["cond"] == pytest.approx(1.0)
    assert std[-1].metrics["gap"] < 0.05 and raw[-1].metrics["gap"] > 5  # E − E*

    def directions(rec):  # unit vectors of each step along the path
        d = np.diff(np.stack([rec.tensors["path_t0"], rec.tensors["path_t1"]], axis=1), axis=0)
        return d / np.linalg.norm(d, axis=1, keepdims=True)

    assert np.min(directions(std[-1]) @ directions(std[-1])[0]) > 0.9999  # a straight line
    assert np.min(directions(raw[-1]) @ directions(raw[-1])[0]) < 0.9  # it turns
    grid = std[-1].tensors["E_grid"]
    assert grid.shape == (64, 64) and np.all(grid > 0)


# Step 4: all the features --------------------------------------------------------------------


def test_the_mlp_has_801_parameters_and_reaches_a_reasonable_r2():
    records, finished = run("mlp")
    last = records[-1].metrics
    assert finished.reason == "done" and last["n_params"] == 801
    assert last["r2"] > 0.6 and last["val_r2"] > 0.6 and last["val_loss"] < 30


def test_linear_regression_on_all_features_fits():
    last = run("linear")[0][-1].metrics
    assert last["n_params"] == 13 and last["r2"] > 0.7 and last["val_r2"] > 0.7


def test_mini_batches_make_the_curve_noisy():
    full = series(run("linear", steps=200)[0], "batch_loss")
    mini = series(run("linear-minibatch", steps=200)[0], "batch_loss")
    jitter = [np.std(np.diff(np.log(s[100:]))) for s in (full, mini)]
    assert jitter[1] > 100 * jitter[0]


def test_a_batch_larger_than_the_training_part_uses_the_whole_part():
    records, _ = run("linear", steps=3, optimizer="sgd", batch_size=506, val_split=0.2)
    assert series(records, "epoch").tolist() == [1.0, 2.0, 3.0]


def test_b_is_never_a_feature_by_default():
    for model in ("linear", "mlp"):
        config, _ = resolve_config(LAB, None, {"model": model})
        assert "B" not in feature_names(config)
    opted_in, _ = resolve_config(LAB, None, {"model": "linear", "features": "all+B"})
    assert "B" in feature_names(opted_in)
    assert "`B`" in lesson("gradient-descent", "en") and "`B`" in lesson("gradient-descent", "fr")


# Step 5: the sweep ---------------------------------------------------------------------------


def test_the_sweep_diverges_at_0_1_and_crawls_at_1e_5():
    records, finished = run("sweep")
    assert finished.reason == "done"
    assert "loss@0.1" in records[0].metrics and "loss@0.1" not in records[-1].metrics
    assert "ρ = 0.1: diverged" in records[-1].text["sweep"]
    crawl, good = series(records, "loss@1e-05"), series(records, "loss@0.01")
    assert crawl[-1] > 0.5 * crawl[0] and good[-1] < 0.15 * crawl[0]
    assert records[-1].metrics["best_lr"] in (0.01, 0.001)


# The screen's contract -----------------------------------------------------------------------


@pytest.mark.parametrize("preset", sorted(presets("gradient-descent")))
def test_every_view_finds_what_it_reads_in_the_last_record(preset):
    config, _ = resolve_config(LAB, preset)
    records, _ = run(preset, steps=3, every=1)
    last = records[-1]
    if preset == "sweep":  # the copy at ρ = 0.1 may already have diverged: drop it from the views
        config = {**config, "rates": tuple(r for r in config["rates"] if r != 0.1)}
    check_views(LAB, config, [last])  # the one walker: tests/test_lab_contract.py


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "needle"), [
    (["--set", "lr=0"], "lr: 0.0 is out of range"),
    (["--set", "lr=-0.1"], "lr: -0.1 is out of range"),
    (["--set", "lr=fast"], "lr: 'fast' is not a number"),
    (["--set", "batch_size=0"], "batch_size: 0 is out of range"),
    (["--set", "batch_size=600"], "batch_size: 600 is out of range; allowed: ≥ 1 and ≤ 506"),
    (["--preset", "nope"], "unknown preset 'nope'"),
    (["--set", "rates=0.1,-1"], "rates:"),
])  # fmt: skip
def test_bad_input_exits_2_with_one_line(capsys, args, needle):
    code = main(["run", "gradient-descent", *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and needle in err


# Backends ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("preset", "steps", "rtol"), [
    ("rm-price-good", 10, 1e-9),
    ("line-boston-standardized", 30, 1e-9),
    ("linear-minibatch", 40, 1e-4),
    ("mlp", 40, 1e-4),
    ("sweep", 20, 1e-9),
])  # fmt: skip
def test_mlx_and_numpy_give_the_same_losses(preset, steps, rtol):
    ours, _ = run(preset, steps=steps, backend="numpy")
    mlx, _ = run(preset, steps=steps, backend="mlx")
    name = "loss@0.01" if preset == "sweep" else "loss"
    np.testing.assert_allclose(series(mlx, name), series(ours, name), rtol=rtol)


# In French ------------------------------------------------------------------------------------


def test_in_french_the_explanations_and_the_blow_up_story_keep_the_courses_numbers():
    set_language("fr")
    records, finished = run("rm-price-diverge", steps=400)
    regime = records[-1].text["regime"]
    assert "taux critique 1/Σxᵢ² = 4.942e-05" in regime and "oscille et diverge" in regime
    assert finished.reason == "diverged" and "taux critique 1/Σxᵢ² = 4.942e-05" in finished.message
    assert "critical" not in regime + finished.message  # no English left in what the run wrote


def test_in_french_a_refusal_names_the_column_as_typed(capsys):
    code = main(
        [
            "run",
            "gradient-descent",
            "--lang",
            "fr",
            "--set",
            "model=line",
            "--set",
            "features=Rooms",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "'Rooms' n'est pas une colonne de Boston" in err
