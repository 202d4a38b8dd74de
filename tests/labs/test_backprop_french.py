"""The backprop lab in French: the graph's walk, the XOR net's worked pass and the gradient
check read French with the same numbers and the same columns.

tests/test_i18n.py checks that every message has a translation; tests/tui/test_french.py draws
the default part. Here every preset runs in both languages.
"""

from __future__ import annotations

import pytest

from dltui.content import presets
from dltui.engine.i18n import NNBSP
from dltui.labs import get_lab

from .french_words import english_left, texts

LAB = get_lab("backprop")
# Written the same in French: weight names, number types, "relative", and the table's
# abbreviations (diff. f., diff. fin., err. rel.).
SAME = {"float32", "float64", "relative", "diff", "rel", "err"}
SAME |= {f"{w}{i}{j}{k}" for w in "wbv" for i in "123" for j in "123" for k in ("", "1", "2", "3")}


@pytest.mark.parametrize("preset", presets("backprop"))
def test_every_part_writes_french(preset):
    english = texts(LAB, "en", preset, 12)
    french = texts(LAB, "fr", preset, 12)
    assert french != english
    assert not english_left(LAB, english, french, SAME)


def test_the_graph_walk_reads_french_with_the_same_numbers():
    english, french = texts(LAB, "en", "graph", 10), texts(LAB, "fr", "graph", 10)
    steps = french[1::3]  # (graph, step, check) per record
    assert steps[1] == f"aller, nœud a{NNBSP}:\na = x² = 3² = 9"
    assert steps[-1].startswith(f"retour, nœud y{NNBSP}:\ny alimente deux nœuds")
    assert steps[-1].endswith("∂f/∂y = ∂f/∂b · a + ∂f/∂c · 1 = 1·9 + 1 = 10")
    check = french[2].splitlines()
    assert check[0] == "      " + "   main autom.   diff. f."  # the English columns' widths
    assert check[1:4] == english[2].splitlines()[1:4]  # f, ∂f/∂x, ∂f/∂y: the same numbers
    assert french[-4].endswith(f"(y{NNBSP}: deux chemins)")  # the last graph


def test_the_xor_net_and_the_gradient_check_read_french():
    network = texts(LAB, "fr", "network", 3)
    assert network[3].startswith(f"exemple 1 sur 4{NNBSP}: x = (−1, −1), t = −1\n")
    assert "la dérivation automatique concorde à" in network[7]
    table, reading = texts(LAB, "fr", "gradcheck", 1)[:2]
    assert table.splitlines()[0] == "w     rétroprop.  diff. fin. err. rel."
    assert len(table.splitlines()[0]) == len(table.splitlines()[1])  # columns line up
    assert reading.startswith("pire erreur relative") and "moteur numpy" in reading
    assert f"≤ 1e-7{NNBSP}: la rétropropagation est juste" in reading
