"""The rnn-gradients lab: its three teaching moments, the course's parameter counts, the headless
contract, bad input refused, and every tensor a view asks for present in the records.

Expected parameter counts are computed here from the textbook formulas, never read back from the
lab's constants.
"""

from __future__ import annotations

import numpy as np
import pytest

from dltui.cli import main
from dltui.engine.i18n import set_language
from dltui.engine.params import defaults
from dltui.labs import get_lab
from dltui.labs.rnn_gradients import model as M
from dltui.labs.rnn_gradients.train import HISTORY_ROWS, NormHistory
from tests.labs.runlab import run_cli
from tests.test_lab_contract import check_views

from .runlab import run_lab, series

LAB = get_lab("rnn-gradients")


def _tensors(records, name):
    return [r.tensors[name] for r in records if r.tensors and name in r.tensors]


# --- teaching moment 1: at initialisation the RNN's gradient has vanished by t = 1 -------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_at_init_the_rnn_gradient_vanishes_over_50_steps_and_the_lstm_one_does_not(seed):
    records, fin = run_lab(LAB, steps=1, seed=seed, every=1, seq_len=50)
    assert fin.reason == "done"
    (rnn,), (lstm,), (gru,) = (_tensors(records, f"grad_norms_{c}") for c in M.CELLS)
    assert rnn.shape == lstm.shape == gru.shape == (50,)
    assert rnn[0] / rnn[-1] < 1e-5  # orders of magnitude below the last step
    assert lstm[0] / lstm[-1] > 1e-2  # within a factor of 100
    assert gru[0] / gru[-1] > 1e-2
    # It dies "within a few steps": ten steps back, already more than 10× smaller.
    assert rnn[-11] < rnn[-1] / 10


# --- teaching moment 2: the gated cells solve the long-memory task, the RNN cannot -------------


def test_on_the_long_memory_task_the_lstm_and_gru_learn_and_the_rnn_stays_at_chance():
    records, fin = run_lab(LAB, steps=300, seq_len=50)
    assert fin.reason == "done"
    last = slice(-30, None)
    assert series(records, "accuracy_lstm")[last].mean() >= 0.9
    assert series(records, "accuracy_gru")[last].mean() >= 0.9
    assert series(records, "accuracy_rnn")[last].mean() <= 0.4  # chance is 0.25
    assert series(records, "loss_rnn")[last].mean() > 1.2  # ≈ ln 4: it learned nothing


def test_the_lstm_alone_learns_too():
    records, fin = run_lab(LAB, steps=300, seq_len=50, cell="lstm")
    assert fin.reason == "done"
    assert series(records, "accuracy")[-30:].mean() >= 0.9


# --- teaching moment 3: large recurrent weights explode; clipping keeps the loss finite --------


def test_large_recurrent_weights_explode_and_the_run_diverges_with_the_heatmap_kept():
    records, fin = run_lab(LAB, preset="exploding", every=10)
    assert fin.reason == "diverged"
    assert "exploded" in fin.message and "gradient norm" in fin.message and "clip" in fin.message
    (norms,) = _tensors(records, "grad_norms")[-1:]
    assert norms[0] > 1e3 * norms[-1]  # the gradient grows going back in time
    assert _tensors(records, "gn_map")  # the heatmap survives the ending


def test_clipping_keeps_the_loss_finite_while_the_norms_still_explode():
    records, fin = run_lab(LAB, preset="clipped", every=10)
    assert fin.reason == "done" and fin.step == 100
    assert np.isfinite(series(records, "loss")).all()
    assert series(records, "grad_norm").max() > 1e3  # the raw gradient is still huge
    norms = _tensors(records, "grad_norms")[0]
    assert norms[0] > 1e3 * norms[-1]


def test_all_three_side_by_side_diverge_as_one_run():
    _, fin = run_lab(LAB, steps=20, w_scale=3.0, optimizer="sgd", lr=0.1, clip=0.0)
    assert fin.reason == "diverged"


# --- the course's parameter table -----------------------------------------------------------


def _keras(D, H, gates, biases=1):
    return gates * (H * (D + H) + biases * H)


def test_parameter_counts_match_the_course_and_todays_gru():
    assert M.count_params("rnn", 64, 128) == _keras(64, 128, 1) == 24_704
    assert M.count_params("lstm", 64, 128) == _keras(64, 128, 4) == 98_816
    assert M.count_params("gru", 64, 128, reset_after=False) == _keras(64, 128, 3) == 74_112
    assert M.count_params("gru", 64, 128) == _keras(64, 128, 3, biases=2) == 74_496


def test_the_params_part_shows_the_course_row_and_the_learners_row():
    records, fin = run_lab(LAB, preset="param-counts")
    assert fin.reason == "done" and len(records) == 1
    table = records[0].tensors["param_counts"]
    np.testing.assert_array_equal(table[0], [64, 128, 24_704, 98_816, 74_112, 74_496])
    D, H = M.INPUTS, 128
    expected = [D, H, _keras(D, H, 1), _keras(D, H, 4), _keras(D, H, 3), _keras(D, H, 3, 2)]
    np.testing.assert_array_equal(table[1], expected)
    assert "384" in records[0].text["counts"] and "reset_after" in records[0].text["counts"]


# --- the gate inspector -----------------------------------------------------------------------


def test_the_gate_inspector_shows_f_i_o_along_one_sequence():
    records, fin = run_lab(LAB, part="gates", steps=2, every=1, seq_len=20, hidden=8)
    assert fin.reason == "done"
    first = records[0].tensors
    for k in "fio":
        g = first[f"gate_{k}"]
        assert g.shape == (8, 20)  # units × time
        assert ((g > 0) & (g < 1)).all()
    assert first["gate_f"].mean() > 0.9  # memory_bias 4: σ(4) ≈ 0.98, the LSTM starts remembering
    assert "starts with symbol" in records[0].text["note"]


# --- headless contract ------------------------------------------------------------------------


def _run_cli(capsys, *argv: str) -> list[dict]:
    return run_cli(capsys, "rnn-gradients", *argv)


@pytest.mark.parametrize("cell", M.CELLS)
def test_headless_records_carry_loss_accuracy_and_grad_norms_per_time_step(capsys, cell):
    lines = _run_cli(
        capsys, "--set", f"cell={cell}", "--set", "seq_len=12", "--steps", "4",
        "--snapshot-every", "2",
    )  # fmt: skip
    records, end = lines[:-1], lines[-1]
    assert end == {"event": "end", "reason": "done", "step": 4}
    assert [r["step"] for r in records] == [1, 2, 3, 4]
    for r in records:
        assert {"loss", "accuracy"} <= set(r["metrics"])
    reported = [r for r in records if "tensors" in r]
    assert [r["step"] for r in reported] == [1, 2, 4]
    for r in reported:
        norms = r["tensors"]["grad_norms"]
        assert len(norms) == 12 and all(v > 0 for v in norms)
    if cell == "rnn":  # oldest first: the vanished end is the first value
        assert norms[0] < norms[-1]


def test_headless_with_the_same_seed_is_reproducible(capsys):
    argv = ("--set", "cell=gru", "--set", "seq_len=8", "--steps", "3", "--seed", "5")
    assert _run_cli(capsys, *argv) == _run_cli(capsys, *argv)


@pytest.mark.parametrize(
    "setting, name",
    [
        ("seq_len=1", "seq_len"),
        ("seq_len=100000", "seq_len"),
        ("hidden=0", "hidden"),
        ("clip=-1", "clip"),
        ("cell=transformer", "cell"),
        ("init=zeros", "init"),
        ("batch=512", "batch"),  # with seq_len 50 and hidden 256 below: too big to run live
    ],
)
def test_bad_input_is_refused_with_the_reason(capsys, setting, name):
    extra = ["--set", "hidden=256"] if setting == "batch=512" else []
    code = main(["run", "rnn-gradients", "--set", setting, *extra])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and name in lines[0]
    assert "allowed" in lines[0] or "is not one of" in lines[0]


# --- in French (--lang fr): what a run writes, its refusals and its ending ----------------------


def test_in_french_the_reading_the_explosion_and_the_refusals_are_french(capsys):
    set_language("fr")
    records, fin = run_lab(LAB, preset="exploding", every=1)
    assert fin.reason == "diverged"
    assert "la mise à jour a explosé au pas 1" in fin.message and "RNN simple" in fin.message
    assert "Écrêtez le gradient (clip = 1)" in fin.message
    note = records[-1].text["note"]
    assert (
        note.startswith("pas 1\nRNN simple reçoit en t=1") and "le hasard donne 25\u202f%" in note
    )
    records, _ = run_lab(LAB, preset="gates", steps=2, every=1)
    assert "La séquence commence par le symbole" in records[-1].text["note"]
    (rec,), _ = run_lab(LAB, preset="param-counts")
    assert "Tableau du cours" in rec.text["counts"] and "deuxième ligne" in rec.text["counts"]
    argv = ["--lang", "fr", "run", "rnn-gradients", "--set", "batch=512", "--set", "hidden=256"]
    assert main(argv) == 2
    assert "est trop grand pour entraîner en direct" in capsys.readouterr().err


# --- both backends ----------------------------------------------------------------------------


def test_mlx_and_numpy_train_the_same_lstm():
    runs = {b: run_lab(LAB, steps=8, every=4, backend=b, cell="lstm", seq_len=15) for b in
            ("numpy", "mlx")}  # fmt: skip
    (np_recs, np_fin), (mx_recs, mx_fin) = runs["numpy"], runs["mlx"]
    assert np_fin.reason == mx_fin.reason == "done"
    np.testing.assert_allclose(series(np_recs, "loss"), series(mx_recs, "loss"), rtol=2e-3)
    for a, b in zip(_tensors(np_recs, "grad_norms"), _tensors(mx_recs, "grad_norms"), strict=True):
        np.testing.assert_allclose(a, b, rtol=2e-2)


# --- the screen's data: every name a view reads is in the records -----------------------------


@pytest.mark.parametrize(
    "overrides",
    [{}, {"cell": "lstm"}, {"cell": "rnn"}, {"part": "gates"}, {"part": "params"}],
)
def test_every_view_finds_its_data(overrides):
    config = {**defaults(LAB.params), **overrides, "seq_len": 10, "hidden": 4}
    records, _ = run_lab(LAB, steps=2, every=1, **{**overrides, "seq_len": 10, "hidden": 4})
    check_views(LAB, config, records)  # the one walker: tests/test_lab_contract.py


def test_the_heatmaps_share_one_colour_scale_covering_every_map():
    records, _ = run_lab(LAB, steps=3, every=1, seq_len=30)
    t = records[-1].tensors
    lo, hi = t["gn_vlim"]
    maps = [t[f"gn_map_{c}"] for c in M.CELLS]
    assert hi == max(m.max() for m in maps)
    assert 0 < lo <= min(m.min() for m in maps) or lo == pytest.approx(hi * 1e-12)
    assert all(m.shape == (3, 30) for m in maps)  # one row per training step so far
    np.testing.assert_array_equal(t["gn_extent"], [0.5, 30.5, 0.5, 3.5])


def test_the_norm_history_stays_bounded_and_spans_the_whole_run():
    h = NormHistory()
    for step in range(1, 1001):
        h.add(np.full(5, 10.0 ** -(step % 3)))
    f = h.field()
    assert HISTORY_ROWS // 2 <= len(f) <= HISTORY_ROWS + 1
    assert f.shape[1] == 5
    np.testing.assert_array_equal(h.extent(), [0.5, 5.5, 0.5, 1000.5])
