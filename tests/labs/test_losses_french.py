"""The losses lab in French: every part's reading (the three losses, the gradients, the binary and
Gaussian formulas, the outlier fits) reads French with the same numbers, and so do its refusals.

tests/test_i18n.py checks that every message has a translation; tests/tui/test_french.py draws
the default part. Here every preset runs in both languages.
"""

from __future__ import annotations

import pytest

from dltui.content import presets, resolve_config
from dltui.engine import i18n
from dltui.engine.i18n import NNBSP, set_language
from dltui.engine.params import ParamError
from dltui.labs import get_lab

from .french_words import english_left, texts

LAB = get_lab("losses")
SAME = {"keras", "laplace", "z_true"}  # names and a symbol, written the same in French


@pytest.fixture
def french():
    set_language("fr")
    i18n.missing.clear()
    yield
    assert not i18n.missing, "no French for:\n" + "\n".join(map(repr, sorted(i18n.missing)))


@pytest.mark.parametrize("preset", presets("losses"))
def test_every_part_writes_french(preset):
    english = texts(LAB, "en", preset, 5)
    french = texts(LAB, "fr", preset, 5)
    assert french != english or not "".join(english)  # race writes no text
    assert not english_left(LAB, english, french, SAME)


def test_the_course_b_reading_reads_french_with_the_same_numbers():
    (english, *_), (french, *_) = texts(LAB, "en", "course-b", 1), texts(LAB, "fr", "course-b", 1)
    formulas = english.splitlines()[:3]  # MSE, MAE, CE: the same lines in both languages
    assert french.splitlines()[:3] == formulas
    assert (
        f"La somme de ces sorties vaut 1.96, pas 1{NNBSP}: ce ne sont pas des probabilités"
        in french
    )
    assert "MAE = 0.024" in french and "voyez la partie `gradient`" in french


def test_the_gradient_and_binary_readings_read_french():
    gradient = texts(LAB, "fr", "confidently-wrong", 1)
    assert gradient[0].startswith(f"p_true = 0.0011{NNBSP}:\n∂CE/∂z_true = p − 1 = −0.9989")
    assert f"CE pousse 4{NNBSP}545 fois plus fort." in gradient[0]  # no thousands comma
    assert gradient[1].startswith("z = (14.0, 12.0), vraie classe 0")
    binary = texts(LAB, "fr", "logistic", 1)[0]
    assert binary.startswith(f"y = 1, p = 0.9{NNBSP}: perte = 0.1054")
    assert (
        f"y = 1, p = 0.1{NNBSP}: −ln 0.1 = 2.3026" in binary and "16.118 par échantillon" in binary
    )


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"output": "0.1,0.2"}, "output : donnez 10 valeurs \\(une par classe\\), et non 2"),
        ({"output": "0,0,0,0,0,0,0,0,0,0"}, "la valeur de la vraie classe doit être > 0"),
        ({"part": "gradient", "logits": "1"}, "logits : donnez de 2 à 10 logits, et non 1"),
    ],
)
def test_refusals_read_french(french, overrides, says):
    with pytest.raises(ParamError, match=says.replace(" :", f"{NNBSP}:")):
        resolve_config(LAB, None, overrides)
