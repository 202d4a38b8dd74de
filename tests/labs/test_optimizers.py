"""The optimizers lab: the course's per-step numbers on x² for every rule (both backends), the
step-size regimes of GD, Adam's two course variants, and the race's teaching points."""

import numpy as np
import pytest

from dltui.engine.i18n import set_language
from dltui.labs import get_lab
from dltui.labs.optimizers.race import theory

from .runlab import run_lab, series

LAB = get_lab("optimizers")
BACKENDS = ("numpy", "mlx")


def xs(steps, backend="numpy", **overrides):
    records, end = run_lab(LAB, steps=steps, backend=backend, **overrides)
    return series(records, "x")[1:], end


COURSE = {
    "momentum": [0.8, 0.46, 0.062, -0.3086],
    "adagrad": [0.9, 0.833104, 0.780456],
    "rmsprop": [0.683772, 0.498871, 0.369181],
    "adam": [0.9, 0.800412, 0.701586, 0.603939],
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("rule", sorted(COURSE))
def test_each_rule_on_x_squared_gives_the_course_numbers(rule, backend):
    want = COURSE[rule]
    got, _ = xs(len(want), backend, optimizer=rule)
    tol = 5e-7 if backend == "numpy" else 5e-6  # MLX: float32
    assert got == pytest.approx(want, abs=tol)


@pytest.mark.parametrize("backend", BACKENDS)
def test_gd_from_one_and_minus_one_and_ten_steps(backend):
    assert xs(1, backend)[0][0] == pytest.approx(0.8)
    assert xs(1, backend, start=-1.0)[0][0] == pytest.approx(-0.8)
    assert xs(10, backend)[0][-1] == pytest.approx(0.107374, abs=5e-7)


def test_gd_step_sizes_land_oscillate_bounce_and_diverge():
    assert xs(1, lr=0.5)[0][0] == 0
    osc = xs(6, lr=0.9)[0]
    assert np.all(np.sign(osc[:-1]) != np.sign(osc[1:])) and abs(osc[-1]) < abs(osc[0])
    assert xs(4, lr=1.0)[0].tolist() == [-1, 1, -1, 1]
    assert xs(3, lr=1.1)[0] == pytest.approx([-1.2, 1.44, -1.728])
    records, end = run_lab(LAB, "gd-diverges")
    assert end.reason == "diverged" and "1 − 2η" in end.message
    assert abs(records[-1].metrics["x"]) > 1e6  # the step that blew up is kept


def test_adams_course_variants_overshoot_and_freeze_beside_the_standard_one():
    records, _ = run_lab(LAB, "adam-variants", steps=12)
    no_t = series(records, "x_course_no_t")
    frozen = series(records, "x_course_recorrect")
    assert no_t[7] == pytest.approx(-0.048, abs=5e-4)
    assert frozen[-1] == pytest.approx(0.8715, abs=5e-5) and frozen[-1] == pytest.approx(frozen[-3])
    assert series(records, "x_standard")[4] == pytest.approx(0.603939, abs=5e-7)


def test_the_theory_line_gives_the_course_rates_at_kappa_100():
    text = theory(100)
    assert "0.980" in text and "0.818" in text


def race(surface, steps, **overrides):
    records, end = run_lab(LAB, part="race", surface=surface, steps=steps, **overrides)
    return records[-1].metrics, end


def test_in_a_badly_conditioned_valley_momentum_beats_gd_at_gds_best_rate():
    m, _ = race("valley", 150)
    assert m["loss_momentum"] < 1e-3 * m["loss_gd"]


def test_on_rosenbrock_and_beale_the_adaptive_rules_reach_the_minimum():
    m, _ = race("rosenbrock", 1000, optimizers="gd,adam")
    assert m["loss_adam"] < 1e-6 < m["loss_gd"]
    assert (m["x_adam"], m["y_adam"]) == pytest.approx((1, 1), abs=1e-3)
    m, _ = race("beale", 500, optimizers="momentum")
    assert (m["x_momentum"], m["y_momentum"]) == pytest.approx((3, 0.5), abs=1e-2)


def test_on_the_bumpy_bowl_small_steps_are_trapped_and_momentum_rolls_through():
    m, _ = race("bumpy", 300, optimizers="gd,momentum")
    assert m["loss_gd"] > 0.5 and m["loss_momentum"] < 1e-6


def test_an_optimizer_that_blows_up_stops_while_the_others_race_on():
    records, end = run_lab(LAB, part="race", steps=50, optimizers="gd,adam", rates=(1.0, 0.1))
    assert end.reason == "done"
    assert "loss_gd" not in records[-1].metrics and "loss_adam" in records[-1].metrics
    assert "blew up at" in records[-1].text["legend"]
    _, end = run_lab(LAB, part="race", steps=50, optimizers="gd", rates=(5.0,))
    assert end.reason == "diverged"


def test_the_fair_race_tunes_each_rate_and_races_with_the_same_budget():
    records, _ = run_lab(LAB, "fair-race", steps=100)
    legend = records[-1].text["legend"]
    assert "tuned by a sweep" in legend
    assert records[-1].metrics["loss_adagrad"] < records[-1].metrics["loss_gd"]


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"optimizers": "gd,lbfgs"}, "unknown lbfgs"),
        ({"optimizers": ""}, "at least one"),
        ({"optimizers": "gd,gd"}, "each optimizer once"),
        ({"optimizers": "gd,adam", "rates": (0.1,)}, "one rate per optimizer"),
    ],
)
def test_bad_race_settings_are_refused_with_the_reason(capsys, bad, reason):
    from dltui.cli import main

    sets = []
    for k, v in {"part": "race", **bad}.items():
        sets += ["--set", f"{k}={','.join(map(str, v)) if isinstance(v, tuple) else v}"]
    assert main(["run", "optimizers", *sets]) == 2
    assert reason in capsys.readouterr().err


def test_in_french_the_worked_step_and_the_blow_up_story_read_french():
    set_language("fr")
    records, end = run_lab(LAB, steps=200, optimizer="gd", lr=1.1)
    assert "(x ← (1 − 2η)·x\u202f: facteur −1.2)" in records[1].text["work"]
    assert records[1].text["work"].startswith("pas 1\n")
    assert end.reason == "diverged" and "1 − 2η = -1.2 à chaque pas" in end.message
    race, _ = run_lab(LAB, steps=2, part="race")
    assert "vallée, κ = 100" in race[-1].text["theory"]
    assert "règle" in race[-1].text["legend"] and "rule" not in race[-1].text["legend"]
