"""The attention lab: the course's numbers by hand (both backends), the mask, positional
encodings, the transformer's teaching moments (reversal solved with its heads on the
anti-diagonal; the causal mask capping it at ½ + ½·1/V), the parameter counts, the headless
contract, bad input refused, divergence with the maps kept, and every view finding its data.

Expected values are computed here from the formulas, never read back from the lab's constants.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from dltui.cli import main
from dltui.engine import views as V
from dltui.engine.i18n import set_language
from dltui.engine.params import defaults
from dltui.labs import get_lab
from dltui.labs.attention import data as D
from dltui.labs.attention import model as M

from .runlab import run_cli, run_lab, series

LAB = get_lab("attention")
BACKENDS = ("numpy", "mlx")


def _tensors(records, name):
    return [r.tensors[name] for r in records if r.tensors and name in r.tensors]


# --- by hand: the course's numbers, exactly, on both backends ---------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_course_example_112_and_96_scaled_by_8_give_088_and_012(backend):
    (rec,), fin = run_lab(LAB, preset="by-hand", backend=backend)
    assert fin.reason == "done"
    m = rec.metrics
    assert (m["score_1"], m["score_2"]) == (112, 96)
    assert (m["scaled_1"], m["scaled_2"]) == (14, 12)
    e = math.exp(2)  # softmax(14, 12) = (e²/(e²+1), 1/(e²+1))
    assert (
        m["weight_1"] == pytest.approx(e / (e + 1), abs=1e-7) == pytest.approx(0.880797, abs=1e-6)
    )
    assert m["weight_2"] == pytest.approx(0.119203, abs=1e-6)
    np.testing.assert_allclose(rec.tensors["weights"], [m["weight_1"], m["weight_2"]])
    # z = 0.88·v1 + 0.12·v2 with v1 = (1, 0, 1, 0), v2 = (0, 1, 0, 1)
    np.testing.assert_allclose(rec.tensors["z"], [0.880797, 0.119203] * 2, atol=1e-6)
    work = rec.text["work"]
    assert "= 112" in work and "= 96" in work and "√64 = 8" in work and "0.880797" in work


@pytest.mark.parametrize("backend", BACKENDS)
def test_unscaled_the_same_scores_put_1_minus_1e7_on_the_first_key(backend):
    (rec,), _ = run_lab(LAB, preset="unscaled", backend=backend)
    tiny = math.exp(-16) / (1 + math.exp(-16))  # softmax(112, 96)[1] = 1.1254e-7
    assert rec.metrics["weight_2"] == pytest.approx(tiny, rel=1e-4)
    assert 1 - rec.metrics["weight_1"] == pytest.approx(tiny, rel=1e-3)
    assert "1 − 1.1e-07" in rec.text["work"]


def test_edited_vectors_and_d_k_zero_use_the_vectors_own_length():
    (rec,), _ = run_lab(LAB, part="by-hand", q="1,0", k1="2,0", k2="0,2", v1="1,1", v2="0,0",
                        d_k=0)  # fmt: skip
    s = 2 / math.sqrt(2)  # q·k1 = 2, ÷ √2
    assert rec.metrics["scaled_1"] == pytest.approx(s)
    assert rec.metrics["weight_1"] == pytest.approx(math.exp(s) / (math.exp(s) + 1))


# --- the causal mask ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_causal_mask_renormalises_the_course_rows(backend):
    (rec,), _ = run_lab(LAB, preset="mask", backend=backend)
    w = rec.tensors["mask_weights"]
    expected = [[1, 0, 0], [0.2689, 0.7311, 0], [0.0900, 0.2447, 0.6652]]
    np.testing.assert_allclose(w, expected, atol=5e-5)
    assert rec.tensors["weights"][0, 2] > 0  # without the mask row 1 sees every key
    assert "−∞" in rec.text["work"]


# --- positional encoding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout, expected",
    [
        ("interleaved", [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)]),
        ("concatenated", [math.sin(1), math.sin(1e-4), math.cos(1), math.cos(1e-4)]),
    ],
)
def test_positional_encoding_d4_position1_in_both_layouts(layout, expected):
    (rec,), _ = run_lab(LAB, preset="positions", layout=layout)
    pe = rec.tensors["pe"]
    assert pe.shape == (64, 4)
    np.testing.assert_allclose(pe[1], expected, atol=1e-12)
    rounded = {"interleaved": [0.8415, 0.5403, 0.0100, 1.0000],
               "concatenated": [0.8415, 0.0001, 0.5403, 1.0000]}[layout]  # fmt: skip
    np.testing.assert_allclose(pe[1].round(4), rounded)
    assert "interleaved" in rec.text["work"] and "concatenated" in rec.text["work"]


def test_the_similarity_of_positions_depends_on_the_offset_only():
    runs = [run_lab(LAB, part="positions", d=16, position=p)[0][0] for p in (5, 20)]
    a, b = runs
    k = 3  # PE(p)·PE(p+k) = Σ cos(ωᵢ·k): the same for p = 5 and p = 20
    ka, kb = (r.tensors["similarity"][r.tensors["k"] == k][0] for r in runs)
    assert ka == pytest.approx(kb)
    assert a.tensors["similarity"][a.tensors["k"] == 0][0] == pytest.approx(16 / 2)
    assert ka < 8 and ka == pytest.approx(
        sum(math.cos(k / 10000 ** (2 * i / 16)) for i in range(8))
    )


# --- the transformer's teaching moments ---------------------------------------------------------


def _anti_diagonal_weight(att: np.ndarray) -> np.ndarray:
    """(layers, heads): the mean weight each query t puts on key T−1−t."""
    T = att.shape[-1]
    return att[..., np.arange(T), np.arange(T)[::-1]].mean(axis=-1)


def test_reversal_reaches_99_percent_held_out_and_a_head_sits_on_the_anti_diagonal():
    records, fin = run_lab(LAB, preset="reverse", every=50)
    assert fin.reason == "done" and fin.step == 300
    assert series(records, "test_accuracy")[-1] >= 0.99
    assert series(records, "test_seq_accuracy")[-1] >= 0.9
    # The best head's mean weight on the mirrored key, over the held-out set:
    assert series(records, "source_attention")[-1] > 0.9
    att = _tensors(records, "attention")
    assert att[0].shape == att[-1].shape == (1, 2, 8, 8)
    np.testing.assert_allclose(att[-1].sum(axis=-1), 1, atol=1e-5)  # each query row sums to 1
    # From uniform to crisp: at step 1 no head has a quarter of its weight on the mirror.
    assert _anti_diagonal_weight(att[0]).max() < 0.3
    assert _anti_diagonal_weight(att[-1]).max() > 0.9
    acc = series(records, "test_accuracy")
    assert acc[0] < 0.3  # chance is 1/8
    last = records[-1]
    assert last.tensors["position_accuracy"].min() >= 0.97
    lines = last.text["sequence"].splitlines()
    x = [int(t) for t in lines[0].split()[1:]]
    out = [int(t) for t in lines[2].split()[1:]]
    assert out == x[::-1]


def test_with_the_causal_mask_the_first_half_stays_at_chance():
    records, fin = run_lab(LAB, preset="reverse-causal", steps=250, every=50)
    assert fin.reason == "done"
    V_, T = 8, 8
    ceiling = 0.5 + 0.5 / V_  # ≈ 0.5625
    acc = series(records, "test_accuracy")[-1]
    assert abs(acc - ceiling) < 0.04
    per_position = records[-1].tensors["position_accuracy"]
    assert per_position[: T // 2].max() < 0.25  # the answer lies in the future: chance
    assert per_position[T // 2 :].min() > 0.95  # the answer is in the past: solved
    att = records[-1].tensors["attention"]
    assert np.triu(att[0, 0], k=1).max() == 0  # no query looks at a later key
    assert "½ + ½·1/V" in records[-1].text["reading"]


def test_the_learners_own_sequence_is_shown_token_by_token():
    records, _ = run_lab(LAB, part="transformer", steps=3, every=1, sequence="3 1 4 1 5 7 2 6")
    text = records[-1].text["sequence"]
    assert text.splitlines()[0].split()[1:] == list("31415726")
    assert text.splitlines()[1].split()[1:9] == list("62751413")


def test_mlx_and_numpy_train_the_same_transformer():
    runs = {b: run_lab(LAB, preset="reverse", steps=6, every=3, backend=b) for b in BACKENDS}
    (a, _), (b, _) = runs["numpy"], runs["mlx"]
    np.testing.assert_allclose(series(a, "loss"), series(b, "loss"), rtol=2e-3)
    for x, y in zip(_tensors(a, "attention"), _tensors(b, "attention"), strict=True):
        np.testing.assert_allclose(x, y, atol=2e-3)


def test_mlx_learns_the_reversal_too():
    records, fin = run_lab(LAB, preset="reverse", steps=150, every=50, backend="mlx")
    assert series(records, "test_accuracy")[-1] >= 0.99


def test_sort_draws_distinct_tokens_and_the_held_out_set_is_never_trained_on():
    rng = np.random.default_rng(0)
    tasks = D.Tasks("sort", 4, 5, rng)  # 5·4·3·2 = 120 sequences: 30 held out
    assert len(tasks.x_test) == 30
    held = {tuple(r) for r in tasks.x_test}
    for _ in range(20):
        x, y = tasks.batch(rng, 64)
        assert all(len(set(r)) == 4 for r in x)
        assert not held & {tuple(r) for r in x}
        np.testing.assert_array_equal(y, np.sort(x, axis=1))
    np.testing.assert_array_equal(D.source("sort", x)[0], np.argsort(x[0]))


# --- the parameter count -----------------------------------------------------------------------


def _count(V_, T, d, L, learned=True):
    per_layer = 4 * d * d + (d * 4 * d + 4 * d) + (4 * d * d + d) + 4 * d
    return V_ * d + (T * d if learned else 0) + L * per_layer + 2 * d + d * V_ + V_


def test_parameter_counts_course_and_learners():
    (rec,), _ = run_lab(LAB, preset="params")
    table = rec.tensors["counts"]
    assert table[0, 3] == 4 * 512 * 512 == 1_048_576
    assert list(table[0, :3]) == [512, 8, 64]
    assert rec.metrics["total"] == _count(8, 8, 32, 1) == rec.tensors["blocks"][0, -1]
    assert list(table[1]) == [32, 2, 16, 4 * 32 * 32, 1]
    assert "1,048,576" in rec.text["counts"]
    assert M.count_params(10, 6, 64, 3, "sinusoidal")["total"] == _count(10, 6, 64, 3, False)


# --- headless contract -------------------------------------------------------------------------


def test_headless_records_carry_the_metrics_and_the_attention_maps(capsys):
    lines = run_cli(capsys, "attention", "--set", "heads=4", "--set", "layers=2", "--steps", "4",
                    "--snapshot-every", "2")  # fmt: skip
    records, end = lines[:-1], lines[-1]
    assert end == {"event": "end", "reason": "done", "step": 4}
    for r in records:
        assert {"loss", "accuracy", "test_accuracy", "test_seq_accuracy"} <= set(r["metrics"])
    reported = [r for r in records if "tensors" in r]
    assert [r["step"] for r in reported] == [1, 2, 4]
    assert np.array(reported[0]["tensors"]["attention"]).shape == (2, 4, 8, 8)


def test_headless_with_the_same_seed_is_reproducible(capsys):
    argv = ("attention", "--steps", "3", "--seed", "5")
    assert run_cli(capsys, *argv) == run_cli(capsys, *argv)


@pytest.mark.parametrize(
    "settings, name, why",
    [
        (["heads=3"], "heads", "divide"),
        (["seq_len=1"], "seq_len", "allowed"),
        (["seq_len=17"], "seq_len", "allowed"),
        (["vocab=1"], "vocab", "allowed"),
        (["vocab=65"], "vocab", "allowed"),
        (["heads=9"], "heads", "allowed"),
        (["task=sort", "vocab=6"], "vocab", "seq_len"),
        (["q=1,2,3"], "k2", "same length"),
        (["q=1,nan,3,4"], "q", "finite"),
        (["v1=1,inf,0,0"], "v1", "finite"),
        (["scores=1,2,3"], "scores", "square"),
        (["d=5", "part=positions"], "d", "odd"),
        (["sequence=1 2 3"], "sequence", "seq_len"),
        (["sequence=1 2 3 4 5 6 7 9"], "sequence", "vocabulary"),
        (["show_layer=2"], "show_layer", "layer"),
    ],
)
def test_bad_input_is_refused_with_the_reason(capsys, settings, name, why):
    argv = [a for s in settings for a in ("--set", s)]
    code = main(["run", "attention", *argv])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert name in line and why in line, line


def test_a_diverging_run_ends_diverged_with_the_maps_kept():
    records, fin = run_lab(LAB, preset="too-fast", every=1)
    assert fin.reason == "diverged"
    assert "lr" in fin.message and "chance" in fin.message
    assert records[-1].tensors and records[-1].tensors["attention"].shape == (1, 2, 8, 8)
    assert records[-1].step == fin.step


# --- in French (--lang fr): what a run writes, its refusals and its ending ----------------------


def test_in_french_the_worked_numbers_the_reading_and_the_refusals_are_french(capsys):
    set_language("fr")
    (rec,), _ = run_lab(LAB, preset="by-hand")
    work = rec.text["work"]
    assert "une requête, deux clés" in work and "Pourquoi ÷ √d_k" in work
    assert "= 0.880797" in work  # the decimal point stays (programming convention)
    (rec,), _ = run_lab(LAB, preset="mask")
    assert "ligne 1" in rec.text["work"] and "(seule)" in rec.text["work"]
    records, _ = run_lab(LAB, preset="reverse-causal", steps=10, every=10)
    reading = records[-1].text["reading"]
    assert "précision en test" in reading and "masque causal actif" in reading
    assert "cartes" in records[-1].text["sequence"] and "réponse" in records[-1].text["sequence"]
    _, fin = run_lab(LAB, preset="too-fast")
    assert fin.reason == "diverged" and "le taux d'apprentissage 10" in fin.message
    assert main(["--lang", "fr", "run", "attention", "--set", "heads=3"]) == 2
    assert "3 ne divise pas d_model = 32" in capsys.readouterr().err


# --- the screen's data: every name a view reads is in the records ------------------------------


def _names(view) -> tuple[set[str], set[str]]:
    if isinstance(view, V.Row):
        parts = [_names(v) for v in view.views]
        return set().union(*(m for m, _ in parts)), set().union(*(t for _, t in parts))
    if isinstance(view, V.Curves):
        return set(view.metrics), set()
    if isinstance(view, V.Lines):
        return {view.vline} - {None}, {n for s in view.series for n in s[1:3]}
    if isinstance(view, V.Heatmap):
        names = {view.field, view.extent, view.vlim, *(view.path or ())}
        return set(), names - {None}
    if isinstance(view, V.Table | V.Bars | V.Matrix):
        return set(), {view.tensor}
    return set(), set()


@pytest.mark.parametrize(
    "overrides",
    [{"part": p} for p in ("by-hand", "mask", "positions", "params")]
    + [{"part": "transformer", "heads": 8, "d_model": 16}, {"part": "transformer"}],
)
def test_every_view_finds_its_data(overrides):
    config = {**defaults(LAB.params), **overrides}
    records, _ = run_lab(LAB, steps=2, every=1, **overrides)
    metrics = set().union(*(r.metrics for r in records))
    tensors = set().union(*(r.tensors or {} for r in records))
    texts = set().union(*(r.text or {} for r in records))
    for view in LAB.views(config):
        want_m, want_t = _names(view)
        assert want_m <= metrics, view
        assert want_t <= tensors, view
        if isinstance(view, V.Text):
            assert view.key in texts
