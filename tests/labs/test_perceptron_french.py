"""The perceptron lab in French: what every part writes (the worked steps, the XOR proofs, the
network panel, a CSV's note) reads French with the same numbers, and so do its refusals.

tests/test_i18n.py checks that every message has a translation; tests/tui/test_french.py draws
the default part. Here every preset and the other XOR activations run in both languages.
"""

from __future__ import annotations

import pytest

from dltui.content import presets, resolve_config
from dltui.engine import i18n
from dltui.engine.i18n import NNBSP, set_language
from dltui.engine.params import ParamError
from dltui.labs import get_lab

from .french_words import english_left, texts

LAB = get_lab("perceptron")
# Written the same in French: names, symbols, weight names, the biases knob's values.
SAME = {"keras", "w_ij", "w11", "w12", "w21", "w22", "true", "false", "impossible", "point",
        "active"}  # fmt: skip
CASES = [(p, {}) for p in presets("perceptron")] + [
    (None, {"part": "course-xor", "activation": act}) for act in ("sigmoid", "relu")
]


@pytest.fixture
def french():
    set_language("fr")
    i18n.missing.clear()
    yield
    assert not i18n.missing, "no French for:\n" + "\n".join(map(repr, sorted(i18n.missing)))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0] or c[1]["activation"])
def test_every_part_writes_french(case):
    preset, overrides = case
    english = texts(LAB, "en", preset, 8, **overrides)
    french = texts(LAB, "fr", preset, 8, **overrides)
    assert french != english
    assert not english_left(LAB, english, french, SAME)


def test_the_worked_update_reads_french_with_the_same_numbers():
    english = texts(LAB, "en", "course-tanh", 1)
    french = texts(LAB, "fr", "course-tanh", 1)
    work = next(t for t in french if t.startswith("pas 1"))
    assert work.splitlines()[0] == f"pas 1{NNBSP}: point 1 sur 6, x = −1.2, y = 0"
    assert "\naller\n" in work and "\nretour\n" in work and "\nmise à jour (η = 0.1)\n" in work
    # the formulas and their numbers are the English ones, decimal point included
    same = [line for line in work.splitlines() if line.startswith("  ")]
    assert same and all(line in english[2] for line in same)


def test_the_network_panel_and_the_bias_free_proof_read_french():
    panel = texts(LAB, "fr", "xor-linear", 1)[-2]
    assert f"xor{NNBSP}: 400 points, bruit 0.1" in panel
    assert "aucune (un modèle linéaire)" in panel and "époque" in panel
    note = next(t for t in texts(LAB, "fr", "course-xor", 1) if "XOR" in t)
    assert "Il ne peut pas apprendre XOR." in note and "sans biais" in note


def test_a_csv_data_set_is_described_in_french(tmp_path):
    path = tmp_path / "mine.csv"
    rows = [f"{i % 7 / 7},{i % 5 / 5},{'yes' if i % 2 else 'no'}" for i in range(40)]
    path.write_text("a,b,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    panel = texts(LAB, "fr", None, 1, part="playground", dataset=str(path))[-2]
    assert "entrées a, b (ramenées à −1…1)" in panel
    assert f"cible label{NNBSP}: classe 0 = no, classe 1 = yes" in panel


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"points": "4", "test_ratio": "0.9"}, "ne laisse aucun point d'entraînement"),
        ({"points": "10", "test_ratio": "0.01"}, "s'arrondit à un test vide"),
        ({"part": "course-xor", "activation": "gelu"}, "course-xor explique tanh, sigmoid, relu"),
        ({"target": "y"}, "seul un jeu de données CSV prend target"),
    ],
)
def test_refusals_read_french(french, overrides, says):
    with pytest.raises(ParamError, match=says) as refused:
        resolve_config(LAB, None, overrides)
    name = str(refused.value).split(NNBSP)[0]
    assert name in overrides or name == "activation"  # the knob first, then a French reason


def _csv(tmp_path, columns: str, classes: str):
    """40 rows of numbers, the last column cycling through `classes`."""
    width = len(columns.split(",")) - 1
    rows = [",".join([f"{i % 9 / 9:.3f}"] * width + [classes[i % len(classes)]]) for i in range(40)]
    path = tmp_path / "data.csv"
    path.write_text(columns + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("columns", "classes", "overrides", "says"),
    [
        ("a,b,label", "xy", {"features": "a,label"}, "'label' est la cible"),
        ("a,b,c,label", "xy", {"features": "a,b,c"}, "3 indiquées"),
        ("a,b,label", "xyz", {}, f"sépare deux classes{NNBSP}; 'label' en a 3 \\(x, y, z\\)"),
    ],
)
def test_csv_refusals_read_french(french, tmp_path, columns, classes, overrides, says):
    dataset = _csv(tmp_path, columns, classes)
    with pytest.raises(ParamError, match=says):
        resolve_config(LAB, None, {"part": "playground", "dataset": dataset, **overrides})
