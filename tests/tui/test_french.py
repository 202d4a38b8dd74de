"""The app in French (`--lang fr`): every lab's default part, the home screen and the help read
in French, with French typography, and no English sentence left on screen.

How "no English left" is told: the same screen is drawn in English and in French (same seed,
same run, same size); a word of three letters or more that is on both screens is English left
over, unless it reads the same in both languages (ALLOWED: symbols, units, names, the API's
words — knob names, preset names, choice values — which stay as they are by design).
"""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from dltui.content import presets
from dltui.engine import i18n
from dltui.engine.i18n import set_language
from dltui.labs import all_labs
from dltui.tui.typography import keep_no_break_spaces

from . import helpers
from .helpers import Watch
from .test_snapshots import _rested

SIZE = (120, 40)

# Words that are the same in French and English, or are names. Knob names, choice values,
# preset names and lab ids are added per lab (they are the API).
ALLOWED = {
    "dltui", "mlx", "numpy", "cpu", "gpu", "adam", "sgd", "rmsprop", "adagrad", "momentum",
    "relu", "tanh", "elu", "gelu", "silu", "softmax", "softplus", "mnist", "iris", "xor", "mlp",
    "cnn", "rnn", "lstm", "gru", "gan", "lenet", "boston", "mse", "mae", "bce", "ctrl", "esc",
    "enter", "tab", "space", "pgup", "pgdn", "shift", "max", "min", "log", "exp", "sin", "cos",
    "x1", "x2", "fps", "svg", "csv", "jsonl", "accuracy_rnn", "h_t", "pos", "pytorch",
    "w_t", "xᵢyᵢ",
    # the same word in both languages
    "test", "points", "batch", "pas", "total", "filtres", "minimum", "maximum", "gradient",
    "gradients", "position", "signal", "normal", "simple", "double", "distance", "rotation",
    "sigmoid", "glorot", "xavier", "kaiming", "setosa", "versicolor", "virginica", "dimension",
    "conv", "confusion", "optimal", "jsd", "p_data", "p_g",
    "activation", "axes", "saturation", "orange",
    "attention", "convolution", "positions", "surfaces", "minimax", "course", "pause",
    "perceptron", "transformer", "activations",
    # the API: the lab screen's own knobs (tui/controls.SCREEN_PARAMS), a yes/no knob's values
    "steps", "speed", "true", "false",
}  # fmt: skip


def _screen_text(app) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      color_system=None, legacy_windows=False)  # fmt: skip
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿœŒ_][\wÀ-ÿœŒ]{2,}", text)}


def _api_words(lab_id: str) -> set[str]:
    lab = all_labs()[lab_id]
    words = {lab.id, *lab.id.split("-"), *(p.name for p in lab.params), *presets(lab.id)}
    for p in lab.params:
        words.update(str(c) for c in p.choices or ())
    for part in lab.parts:
        words.update((part.id, *part.id.split("-")))
    for name in list(words):
        words.update(re.split(r"[-_ ]", name))
    return {w.lower() for w in words}


async def _draw(lang: str, lab_id: str | None) -> tuple[str, set[str]]:
    """The screen's text once the lab's default run has come to rest, and the message ids that
    had no translation while drawing it."""
    app = helpers.app(helpers.frozen, lang=lang)
    i18n.missing.clear()
    watch = Watch()  # the message hook the waits below read
    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        if lab_id is not None:
            await _rested(pilot, watch, lab_id)
        await pilot.pause()
        text = _screen_text(app)
    set_language("en")
    return text, set(i18n.missing)


def _english_left(english: str, french: str, lab_id: str | None) -> list[str]:
    # The home screen names every lab by its id (the API); the help's knob names may be cut at
    # its edge ("activ…"): a word that starts an API word is that word.
    api = _api_words(lab_id) if lab_id else {w for lab in all_labs() for w in _api_words(lab)}
    allowed = ALLOWED | api
    left = {w for w in _words(english) & _words(french) - allowed
            if not any(a.startswith(w) for a in api if len(w) >= 4)}  # fmt: skip
    # a token with a digit is a symbol or a code name in both languages: W10, x0, conv2d, float64
    return sorted(w for w in left if not any(c.isdigit() for c in w))


@pytest.mark.parametrize("lab_id", [None, *sorted(all_labs())], ids=lambda x: x or "home")
async def test_a_lab_in_french_has_no_english_left(lab_id: str | None) -> None:
    english, _ = await _draw("en", lab_id)
    french, missing = await _draw("fr", lab_id)
    assert not missing, "no French for:\n" + "\n".join(map(repr, sorted(missing)))
    left = _english_left(english, french, lab_id)
    assert not left, f"English words left on the French screen: {left}\n{french}"


async def test_the_help_in_french() -> None:
    texts = {}
    for lang in ("en", "fr"):
        app = helpers.app(helpers.frozen, lang=lang)
        watch = Watch()
        async with app.run_test(size=SIZE, message_hook=watch) as pilot:
            await _rested(pilot, watch, "perceptron")
            await pilot.press("question_mark")
            await pilot.pause()
            texts[lang] = _screen_text(app)
        set_language("en")
    left = _english_left(texts["en"], texts["fr"], "perceptron")
    assert not left, f"English words left in the French help: {left}\n{texts['fr']}"


def test_a_french_sign_never_starts_a_line() -> None:
    """The narrow no-break space before « : » keeps the colon on the word's line."""
    keep_no_break_spaces()
    text = "aaaa bbbb cccc ddd\u202f: eeee"
    for width in (17, 18, 19, 20):
        console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
        console.print(text)
        lines = console.export_text().splitlines()
        assert not any(line.lstrip().startswith(":") for line in lines), (width, lines)
