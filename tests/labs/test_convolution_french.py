"""The convolution and deep-gradients labs in French: every text a learner reads while driving
them (the walk's asks, verdicts and feedback, the filter notes, every refusal, the blow-up's
reason) has a translation, and reads French.

tests/test_i18n.py runs each preset headless; the app's paths (an answer typed, a live edit, a
refused edit) and the refusals are driven here, as tests/labs/test_convolution.py drives them in
English.
"""

from __future__ import annotations

import pytest

from dltui.backend import get_backend
from dltui.content import resolve_config
from dltui.engine import i18n
from dltui.engine.i18n import NNBSP, set_language
from dltui.engine.lab import Diverged, RunContext
from dltui.engine.params import ParamError, defaults
from dltui.labs import get_lab
from dltui.labs.convolution import PARAMS, check
from dltui.labs.convolution.data import FILTERS

NP = get_backend("numpy")
LAB = get_lab("convolution")


@pytest.fixture
def french():
    set_language("fr")
    i18n.missing.clear()
    yield
    assert not i18n.missing, "no French for:\n" + "\n".join(map(repr, sorted(i18n.missing)))


def _paused(lab, config: dict):
    ctx = RunContext(config, NP, 0, max_steps=None, snapshot_every=None, headless=False)
    ctx.run_event.clear()  # paused: steps come from `n` (step_budget) or live changes
    return ctx, lab.run(ctx)


def _walk_every_text(part: str, edit: tuple[str, str], bad: tuple[str, str]) -> list[dict]:
    """Drive a walk as a learner does: ask, a wrong then a right answer, a typo in the answer,
    every cell to the end, a live edit (a new walk), a refused edit. The texts of each record."""
    ctx, gen = _paused(LAB, {**defaults(PARAMS), "part": part})
    texts = [next(gen).text]
    cell = None
    ctx.live.set("answer", "123456")  # wrong
    texts.append(next(gen).text)
    ctx.live.set("answer", "abc")  # not a number: said, not raised
    texts.append(next(gen).text)
    ctx.step_budget = 1
    texts.append(next(gen).text)  # the next cell, asked
    while True:  # to the last cell, told
        ctx.step_budget = 1
        record = next(gen)
        texts.append(record.text)
        if "output" in (record.tensors or {}):
            cell = record
            break
    assert cell is not None
    ctx.live.set(*edit)
    texts.append(next(gen).text)
    ctx.live.set(*bad)
    texts.append(next(gen).text)
    ctx.stop_event.set()
    return texts


WALKS = {
    "by-hand": (("kernel", "1"), ("kernel", "1,2;3")),
    "cross-correlation": (("padding", "1"), ("stride", "0")),
    "pooling": (("window", "3"), ("window", "9")),
    "multichannel": (("stride", "1"), ("padding", "9")),
}


@pytest.mark.parametrize("part", list(WALKS))
def test_every_text_of_a_walk_is_french(french, part):
    texts = _walk_every_text(part, *WALKS[part])
    said = [t["feedback"] for t in texts]
    assert said[0] == f"votre réponse{NNBSP}? tapez-la dans `answer` (n la révèle)"
    assert said[1].startswith(f"123456 — pas tout à fait{NNBSP}: ")
    assert said[2] == f"answer{NNBSP}: 'abc' n'est pas un nombre (par ex. 3, -1.5 ou 1/9)"
    assert said[-2].startswith(f"changement de {WALKS[part][0][0]}{NNBSP}: on repart")
    assert said[-1].startswith(f"refusé{NNBSP}: {WALKS[part][1][0]}{NNBSP}: ")
    cells = "\n".join(t["cell"] for t in texts)
    assert "cell" not in cells and "window" not in cells and "mean" not in cells
    formula = texts[-3]["formula"]
    assert "sortie" in formula and "concordent" in formula and "output" not in formula


def test_a_right_answer_is_told_in_french(french):
    ctx, gen = _paused(LAB, defaults(PARAMS))
    next(gen)
    ctx.live.set("answer", "4")  # the course's first cell
    assert next(gen).text["feedback"] == "4 — juste"


def test_the_multichannel_count_reads_french(french):
    ctx, gen = _paused(LAB, {**defaults(PARAMS), "part": "multichannel"})
    text = next(gen).text
    assert text["formula"].startswith(f"un filtre{NNBSP}: 3×3×3 = 27 poids + 1 biais\n")
    assert f"2 filtres{NNBSP}: 54 poids + 2 biais = 56 paramètres" in text["formula"]
    assert text["cell"].splitlines()[-1] == f"somme + biais ={NNBSP}?"


@pytest.mark.parametrize("image", ["camera", "astronaut"])
@pytest.mark.parametrize("name", [*FILTERS, "custom"])
def test_every_filter_note_is_french(french, name, image):
    plus = "laplacian" if name in ("identity", "mean") else "none"  # the sums, named or not
    config = {**defaults(PARAMS), "part": "filters", "filter": name, "plus": plus, "image": image}
    ctx, gen = _paused(LAB, config)
    note = next(gen).text["note"]
    for english in ("border", "percentiles", "clipped", "grey levels", "agree", "their sum"):
        assert english not in note
    assert "bord " in note and "niveaux de gris" in note


def test_a_refused_live_edit_of_the_filters_reads_french(french):
    ctx, gen = _paused(LAB, {**defaults(PARAMS), "part": "filters", "border": "zero"})
    next(gen)
    ctx.live.set("filter", "custom")
    ctx.live.set("kernel", "1,2;3,4")  # even: the screen refuses it first; the backstop says why
    note = next(gen).text["note"]  # both changes are read at once
    assert note.startswith(f"refusé{NNBSP}: kernel{NNBSP}: 2×2 a un côté pair"), note
    ctx.stop_event.set()


REFUSED = [
    ({"kernel": "1,2;3"}, "la ligne 2 a 1 nombre mais la ligne 1 en a 2"),
    ({"kernel": "1,a;3,4"}, "'a' n'est pas un nombre"),
    ({"kernel": "1/0"}, "divise par zéro"),
    ({"border": "zero", "kernel": "1,2;3,4"}, "il lui faut donc des tailles impaires"),
    ({"kernel": ";".join(["1,1,1,1,1"] * 5)}, "dépasse l'entrée 4×5"),
    ({"kernel": ";".join(["1"] * 16)}, "c'est trop grand"),
    ({"kernel": "2000"}, "2000 est hors limites"),
    ({"answer": "1e12"}, "answer : 1e+12 est hors limites"),
    ({"input": ";"}, "input : vide ; tapez des lignes"),
    ({"part": "cross-correlation", "stride": "0"}, "0 n'est pas autorisé ; autorisé : de 1 à 12"),
    ({"part": "cross-correlation", "stride": "x"}, "n'est ni un nombre entier ni une paire"),
    ({"part": "cross-correlation", "padding": "4"}, "c'est plus de marge que l'entrée 3×3"),
    ({"part": "cross-correlation", "padding": "99"}, "99 est hors limites ; autorisé : de 0 à 12"),
    ({"part": "pooling", "stride": "9" * 20}, "un nombre à 20 chiffres est hors limites"),
    ({"part": "pooling", "window": "5"}, "window : 5×5 dépasse l'entrée 4×4"),
    (
        {"part": "filters", "filter": "custom", "kernel": "1,2;3,4", "plus": "laplacian"},
        "impossible de centrer le noyau custom 2×2 dans un noyau 3×3",
    ),
]


@pytest.mark.parametrize("values,reason", REFUSED)
def test_every_refusal_reads_french(french, values, reason):
    with pytest.raises(ParamError) as refused:
        check({**defaults(PARAMS), **values})
    assert reason.replace(" :", f"{NNBSP}:").replace(" ;", f"{NNBSP};") in str(refused.value)


# --- deep-gradients ----------------------------------------------------------------------------

DEEP = get_lab("deep-gradients")


def test_the_clipping_part_reads_french(french):
    config, _ = resolve_config(DEEP, "clipping")
    ctx, gen = _paused(DEEP, config)
    text = next(gen).text["reading"]
    assert "‖g‖ = 5" in text and "= (0.6, 0.8)" in text and "La direction est gardée" in text
    ctx.live.set("clip", 10.0)  # longer than g: unchanged
    assert f"(ou c = 0){NNBSP}: g est inchangé" in next(gen).text["reading"]
    ctx.stop_event.set()


def test_the_training_reading_and_the_blow_up_read_french(french):
    config, _ = resolve_config(DEEP, "relu-explodes")
    ctx = RunContext(config, NP, 0, max_steps=100, snapshot_every=1)
    with pytest.raises(Diverged) as blew_up:
        for _ in DEEP.run(ctx):
            pass
    assert "au pas" in str(blew_up.value) and "Bornez le gradient (clip = 1)" in str(blew_up.value)
    config, _ = resolve_config(DEEP, "relu-clipped")
    record = next(DEEP.run(RunContext(config, NP, 0, max_steps=1, snapshot_every=1)))
    assert (
        "norme globale du gradient" in record.text["reading"]
        and "bornée à 1" in record.text["reading"]
    )
    config, _ = resolve_config(DEEP, "sigmoid-20")
    record = next(DEEP.run(RunContext(config, NP, 0, max_steps=1, snapshot_every=1)))
    assert f"sigmoïde{NNBSP}: σ' ≤ 0.25, donc au plus 0.25^20" in record.text["reading"]


@pytest.mark.parametrize(
    "values,reason",
    [
        ({"depth": 30, "width": 256}, "c'est trop pour apprendre en direct"),
        ({"g": (float("inf"),)}, "donnez de 1 à 8 nombres finis"),
    ],
)
def test_deep_gradients_refusals_read_french(french, values, reason):
    with pytest.raises(ParamError, match=reason):
        DEEP.check({**defaults(DEEP.params), **values})


def test_english_is_unchanged():
    """The same paths in English read as before (the message id is the English text)."""
    with pytest.raises(ParamError, match="row 2 has 1 number but row 1 has 2 numbers"):
        check({**defaults(PARAMS), "kernel": "1,2;3"})
    ctx, gen = _paused(LAB, defaults(PARAMS))
    first = next(gen).text
    assert first["cell"].startswith("cell (0, 0): 2·0 + 0·1")
    assert first["feedback"] == "your answer? type it in `answer` (n reveals it)"
    assert first["formula"].startswith("rows: ⌊(4 + 2·0 − 3) / 1⌋ + 1 = 2\n")
    ctx.stop_event.set()
