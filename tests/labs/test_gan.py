"""The gan lab: the course's numbers (D*, −ln 4, G's two gradients), a ring that gets covered,
a collapse that gets named, fixed-noise digits, parity MLX/NumPy, bad input and blow-ups."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dltui.labs.gan import LAB, game
from dltui.labs.gan import coverage as C
from dltui.labs.gan import data as D
from tests.labs.runlab import run_cli, run_lab, series

LN4 = math.log(4)
RING_SEEDS = (0, 1, 2)  # the ring preset covers the ring for each (see the README's note)


# Part 1: the game on one axis ----------------------------------------------------------------


def test_optimal_discriminator_matches_the_course_at_mu_1():
    records, fin = run_lab(LAB, "game")
    m = records[-1].metrics
    got = [round(m[f"d_star_{x:g}"], 4) for x in game.XS]
    assert got == [0.8176, 0.6225, 0.5, 0.3775, 0.1824]
    assert fin.reason == "done"


def test_value_of_the_game_is_minus_ln4_exactly_when_p_g_is_p_data():
    records, _ = run_lab(LAB, "game", mu=0.0)
    m = records[-1].metrics
    assert m["value"] == pytest.approx(-LN4, abs=1e-6)
    assert all(m[f"d_star_{x:g}"] == pytest.approx(0.5) for x in game.XS)
    values = [game.game_value(mu) for mu in (0.5, 1.0, 2.0, 4.0)]
    assert all(v > -LN4 for v in values) and values == sorted(values)  # farther: higher
    assert values[-1] < 0  # never above 0 (JSD ≤ ln 2)


# Part 2: the loss the generator descends ---------------------------------------------------


@pytest.mark.parametrize("backend", ["numpy", "mlx"])
def test_saturating_gradient_vanishes_where_the_nonsaturating_one_does_not(backend):
    m = run_lab(LAB, "losses", backend=backend)[0][-1].metrics
    assert m["grad_sat"] == pytest.approx(-0.01, abs=1e-6)
    assert m["grad_ns"] == pytest.approx(-0.99, abs=1e-6)
    m = run_lab(LAB, "losses", backend=backend, dgz=0.5)[0][-1].metrics
    assert m["grad_sat"] == pytest.approx(-0.5, abs=1e-6)
    assert m["grad_ns"] == pytest.approx(-0.5, abs=1e-6)
    assert m["loss_sat"] == pytest.approx(-math.log(2)) and m["loss_ns"] == pytest.approx(
        math.log(2)
    )


# The coverage metric -------------------------------------------------------------------------


def test_coverage_counts_modes_as_the_literature_does():
    ring = D.make_target("ring")
    real = ring.sample(C.EVAL_SAMPLES, np.random.default_rng(0))
    spread = C.spread(real)
    cov = C.measure(ring, real, spread)
    assert (cov.covered, cov.total) == (8, 8) and cov.good > 0.98  # 1 − e^−4.5 ≈ 0.989
    one = np.repeat(ring.centres[:1], C.EVAL_SAMPLES, 0)  # everything on one mode
    cov = C.measure(ring, one, spread)
    assert (cov.covered, cov.good) == (1, 1.0) and cov.collapsed(g_steps=C.WARMUP_G_STEPS)
    assert not cov.collapsed(g_steps=10)  # too early to call it
    off = one + 4 * ring.sigma  # just outside 3σ: no good sample, nothing covered
    assert C.measure(ring, off, spread).covered == 0
    assert D.make_target("grid").modes == 25


# Part 3 and 4: the ring covered, a collapse named -------------------------------------------


@pytest.fixture(scope="module")
def ring_runs():
    return {seed: run_lab(LAB, "ring", seed=seed, every=500) for seed in RING_SEEDS}


@pytest.mark.parametrize("seed", RING_SEEDS)
def test_ring_preset_covers_the_ring(ring_runs, seed):
    """≥ 7 of 8 modes with ≥ 80 % good samples within the budget (2,500 steps), and still
    covered at its end (a GAN's good share wobbles as D and G chase each other: ≥ 75 %)."""
    records, fin = ring_runs[seed]
    assert fin.reason == "done" and fin.step == 2500
    covered = (series(records, "modes_covered") >= 7) & (series(records, "good_fraction") >= 0.8)
    assert covered.any(), f"seed {seed}: never covered the ring"
    m = records[-1].metrics
    assert m["modes_total"] == 8 and m["modes_covered"] >= 7 and m["good_fraction"] >= 0.75, m
    assert series(records, "collapsed").max() == 0  # a covered ring is never called collapsed


@pytest.mark.parametrize("seed", RING_SEEDS)
def test_at_the_end_of_a_good_run_d_cannot_tell(ring_runs, seed):
    m = ring_runs[seed][0][-1].metrics
    assert abs(m["d_real"] - 0.5) < 0.1 and abs(m["d_fake"] - 0.5) < 0.1, m
    # …and the losses sit near their equilibrium values (ln 2), well away from D winning.
    tail = ring_runs[seed][0][-200:]
    assert abs(np.mean(series(tail, "loss_d")) - math.log(2)) < 0.1
    assert abs(np.mean(series(tail, "loss_g")) - math.log(2)) < 0.25


def test_ring_snapshots_carry_points_field_and_push(ring_runs):
    records, _ = ring_runs[0]
    t = records[-1].tensors
    assert t["real"].shape[1] == 2 and t["fake"].shape[1] == 2
    assert t["field"].shape == (48, 48)
    assert 0 <= t["field"].min() and t["field"].max() <= 1
    assert tuple(t["extent"]) == D.EXTENTS["ring"] and tuple(t["vlim"]) == (0, 1)
    assert t["arrows"].shape[1] == 4 and np.isfinite(t["arrows"]).all()
    assert "modes" in records[-1].text["status"]


def test_collapse_preset_collapses_and_says_so():
    records, fin = run_lab(LAB, "collapse", every=50)
    assert fin.reason == "done"
    late = records[len(records) // 2 :]
    assert series(late, "modes_covered").max() <= 3  # the ring preset: ≥ 7 of 8
    assert series(late, "collapsed").mean() > 0.5  # seed 0; 0.28–0.77 over seeds 0–2
    said = [r.text["status"] for r in records if r.text and "MODE COLLAPSE" in r.text["status"]]
    assert said, "the collapse was never named on screen"


def test_parameter_counts_of_g_and_d_as_built():
    m = run_lab(LAB, "ring", steps=1)[0][-1].metrics
    assert m["params_g"] == (8 * 32 + 32) + (32 * 32 + 32) + (32 * 2 + 2) == 1410
    assert m["params_d"] == (2 * 32 + 32) + (32 * 32 + 32) + (32 + 1) == 1185


# Stepping like GAN Lab -----------------------------------------------------------------------


@pytest.mark.parametrize(("train", "d", "g"), [("D", 5, 0), ("G", 0, 5), ("both", 15, 5)])
def test_a_step_trains_what_train_says(train, d, g):
    m = run_lab(LAB, "ring", steps=5, train=train, k=3)[0][-1].metrics
    assert (m["d_steps"], m["g_steps"]) == (d, g)


def test_the_step_keys_are_declared_for_the_training_parts():
    keys = {k[0]: (k[1], k[2]) for k in LAB.keys({"part": "train", "data": "ring"})}
    assert keys == {"d": ("train", "D"), "g": ("train", "G"), "b": ("train", "both")}
    assert LAB.keys({"part": "game", "data": "ring"}) == ()


def test_a_d_step_moves_the_field_not_the_points_and_a_g_step_the_reverse():
    def last(train):
        return run_lab(LAB, "ring", steps=2, train=train, every=1)[0]

    d_only, g_only = last("D"), last("G")
    t0, t1 = d_only[0].tensors, d_only[1].tensors
    assert np.array_equal(t0["fake"], t1["fake"]) and not np.allclose(t0["field"], t1["field"])
    t0, t1 = g_only[0].tensors, g_only[1].tensors
    assert np.array_equal(t0["field"], t1["field"]) and not np.allclose(t0["fake"], t1["fake"])


# Digits --------------------------------------------------------------------------------------


def test_digits_sharpen_from_fixed_noise():
    records, fin = run_lab(LAB, "digits", steps=300, every=150)
    assert fin.reason == "done"
    shots = [r.tensors for r in records if r.tensors]
    first, last = shots[0]["samples"], shots[-1]["samples"]
    assert first.shape == last.shape == (35, 35)  # 4 × 4 digits of 8 × 8, 1-pixel gaps
    assert np.array_equal(shots[0]["real_digits"], shots[-1]["real_digits"])
    assert 0 <= last.min() and last.max() <= 1 and not np.allclose(first, last)
    m = records[-1].metrics
    assert m["params_g"] == (16 * 128 + 128) + (128 * 128 + 128) + (128 * 64 + 64)
    assert m["params_d"] == (64 * 128 + 128) + (128 * 128 + 128) + (128 + 1)

    # The samples leave the grey mush of the start: more pixels near black or white.
    def crisp(img):
        return float(((img < 0.1) | (img > 0.9)).mean())

    assert crisp(last) > crisp(first) + 0.2


# Parity, headless contract, bad input, blow-ups ---------------------------------------------


@pytest.mark.parametrize("preset", ["ring", "digits"])
def test_mlx_and_numpy_train_the_same_gan(preset):
    runs = {b: run_lab(LAB, preset, steps=20, backend=b, every=20)[0] for b in ("numpy", "mlx")}
    for name in ("loss_d", "loss_g"):
        np.testing.assert_allclose(
            series(runs["mlx"], name), series(runs["numpy"], name), rtol=2e-3, atol=2e-4
        )
    key = "fake" if preset == "ring" else "samples"
    np.testing.assert_allclose(
        runs["mlx"][-1].tensors[key], runs["numpy"][-1].tensors[key], atol=2e-3
    )


def test_headless_contract(capsys):
    rows = run_cli(capsys, "gan", "--preset", "ring", "--steps", "20", "--format", "jsonl")
    *records, end = rows
    assert end == {"event": "end", "reason": "done", "step": 20}
    for name in ("loss_d", "loss_g", "modes_covered", "modes_total", "good_fraction"):
        assert all(name in r["metrics"] for r in records)
    assert {"real", "fake", "field", "extent"} <= set(records[-1]["tensors"])


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("lr_d", "0", "allowed: > 0 and ≤ 1"),
        ("lr_g", "-0.01", "allowed: > 0 and ≤ 1"),
        ("lr_g", "5", "allowed: > 0 and ≤ 1"),
        ("k", "0", "allowed: ≥ 1"),
        ("noise_dim", "0", "allowed: ≥ 1"),
        ("hidden_g", "0", "allowed: ≥ 1"),
        ("hidden_d", "0", "allowed: ≥ 1"),
    ],
)
def test_bad_input_is_refused_with_the_reason(capsys, key, value, reason):
    from dltui.cli import main

    code = main(["run", "gan", "--set", f"{key}={value}", "--steps", "1"])
    captured = capsys.readouterr()
    assert code != 0 and captured.out == ""
    assert captured.err.count("\n") == 1  # one line, no traceback
    assert f"{key}: " in captured.err and "out of range" in captured.err and reason in captured.err


def test_a_blow_up_ends_diverged_keeping_points_and_field():
    records, fin = run_lab(LAB, "ring", steps=50, every=1, lr_d=1.0, lr_g=1.0)
    assert fin.reason == "diverged" and "blew up" in fin.message
    last = records[-1]
    assert last.step == fin.step
    assert np.isfinite(last.tensors["field"]).all() and np.isfinite(last.tensors["fake"]).all()
    assert all(math.isfinite(v) for v in last.metrics.values())


# The app: GAN Lab's step keys ----------------------------------------------------------------


async def test_the_d_g_b_keys_step_one_net_at_a_time_in_the_app():
    from dltui.engine.events import Progress as P
    from dltui.tui.lab_screen import LabScreen
    from tests.tui import helpers

    app = helpers.app(helpers.fast)

    def counts(watch):
        records = [
            r
            for m in watch.messages
            if isinstance(m, LabScreen.RunEvent) and isinstance(m.event, P)
            for r in m.event.records
        ]
        return int(records[-1].metrics["d_steps"]), int(records[-1].metrics["g_steps"])

    async with app.run_test(size=(120, 40), message_hook=(watch := helpers.Watch())) as pilot:
        app.open_lab("gan", "ring")
        await pilot.pause()
        screen = app.screen
        assert screen.check_action("lab_key", ("d",)) and screen.check_action("lab_key", ("b",))
        await watch.progress(pilot, screen, 3)
        await pilot.press("n")  # pause, from here every step is counted
        await watch.settled(screen, "paused")
        d, g = counts(watch)
        for key, dd, dg, train in (("g", 0, 1, "G"), ("d", 1, 0, "D"), ("b", 1, 1, "both")):
            watch.mark()
            await pilot.press(key)
            await watch.settled(screen, "paused")
            await pilot.pause()
            assert counts(watch) == (d + dd, g + dg), key
            assert screen.config["train"] == train
            d, g = d + dd, g + dg
        screen.propose("part", "game")  # the keys belong to the training parts only
        await pilot.pause()
        assert not screen.check_action("lab_key", ("d",))
