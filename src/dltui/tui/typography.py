"""No-break spaces that do not break.

French typography puts a narrow no-break space (U+202F) before : ; ? ! and inside « » so the sign
never starts a line alone (engine/i18n.french_typography). Rich and Textual both wrap at any
character that Python's `\\s` matches, and U+00A0, U+2007 and U+202F all match it: their word
splitters are taught here to treat the three no-break spaces as part of a word. Called once,
when the app module loads; tests/tui/test_french.py checks the wrap.
"""

from __future__ import annotations

import re

import rich._wrap
import textual._wrap

_NO_BREAK = "\u00a0\u2007\u202f"
_SPACE = rf"[^\S{_NO_BREAK}]"  # whitespace a line may break at
_WORD = rf"[\S{_NO_BREAK}]"


def keep_no_break_spaces() -> None:
    rich._wrap.re_word = re.compile(rf"{_SPACE}*{_WORD}+{_SPACE}*")
    textual._wrap.re_chunk = re.compile(rf"{_WORD}+{_SPACE}*|{_SPACE}+")
