"""The interface's language: every string a learner reads goes through `tr`.

The English text is the message id, written in the code where it is used; translations live
beside the lessons, one catalogue per lab and language (labs/<lab-id>/ui.<lang>.toml) plus the
app's own (labs/_app/ui.<lang>.toml). A catalogue is a TOML table of `"English" = "traduction"`;
both sides may hold `{name}` fields, filled by `tr(msgid, name=value)` after the lookup, so a
translation may reorder them. Knob names, preset names and the CLI's keys are the API: they are
never translated.

English needs no catalogue but for the names the screen gives metric ids ("test_loss" → "test
loss", "w_star" → "w*"): labs/<lab-id>/ui.en.toml, whose keys are ids, never sentences.

Strings a lab declares as data (titles, axis names, knob help) are translated where they are shown
(`tr(view.title)`); strings a run writes (explanations, refusals) call `tr` where they are built.
The child process that trains gets the language from its parent (`set_language`).
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("en", "fr")
_language = "en"
# Message ids asked for in a language whose catalogues lack them (tests read this).
missing: set[str] = set()


def default_language() -> str:
    """--lang's default: DLTUI_LANG, else a French LANG (fr_FR.UTF-8, fr_CA...), else English."""
    lang = os.environ.get("DLTUI_LANG") or os.environ.get("LANG", "")
    return "fr" if lang.lower().startswith("fr") else "en"


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; languages: {', '.join(LANGUAGES)}")
    global _language
    _language = lang


def language() -> str:
    return _language


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every catalogue of `lang`, merged (the app's, then each lab's). A message id is one
    sentence of the interface, so two labs that use the same one share its translation
    (tests/test_i18n.py checks that no two catalogues disagree)."""
    merged: dict[str, str] = {}
    for _folder, table in catalogues(lang):
        merged.update(table)
    return merged


def catalogues(lang: str) -> list[tuple[str, dict[str, str]]]:
    """(folder name, table) for every ui.<lang>.toml under the content root."""
    root = resources.files("dltui._content")
    found = []
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        path = folder / f"ui.{lang}.toml"
        if folder.is_dir() and path.is_file():
            found.append((folder.name, tomllib.loads(path.read_text(encoding="utf-8"))))
    return found


class Translated(str):
    """What `tr` returns: text already in the current language. The screen translates the strings
    a lab declares as data (`tr(view.title)`); a string a lab built with `tr` passes through."""


def tr(msgid: str, /, **values: object) -> str:
    """`msgid` in the current language, its `{fields}` filled from `values`."""
    if isinstance(msgid, Translated):
        return msgid
    text = msgid
    if _language == "en" and msgid:
        text = catalogue("en").get(msgid, msgid)  # a metric's id, named for the screen
    elif msgid:
        text = catalogue(_language).get(msgid, msgid)
        if text is msgid and _needs_translation(msgid):
            missing.add(msgid)
    if values:
        text = text.format(**values)
    if _language == "fr":
        text = french_typography(text)
    return Translated(text)


def _needs_translation(msgid: str) -> bool:
    """A symbol, a number or a formula ("x1", "ŷ", "η = 0.1") reads the same in every language."""
    return re.search(r"[A-Za-z]{2}", msgid) is not None


# French typography: a narrow no-break space (U+202F) before : ; ? ! and inside « », so the sign
# never starts a line alone. Where a translation already has a space there, it becomes the narrow
# one; where a word runs into the sign ("valeur:"), one is put in. A colon inside a token
# ("12:30", "http://", "a:b") is left alone: only a sign followed by a space or the end counts.
NNBSP = "\u202f"
_BEFORE_SIGN = re.compile(r"(?:[ \u00a0](?=[:;?!](?:\s|$))|(?<=[\w)\]»%])(?=[:;?!](?:\s|$)))")
_AFTER_OPEN = re.compile(r"«[ \u00a0]?")
_BEFORE_CLOSE = re.compile(r"[ \u00a0]?»")
_PERCENT = re.compile(r"(?<=\d)[ \u00a0]?%")  # "97 %": French spaces a number from its percent


def french_typography(text: str) -> str:
    text = _BEFORE_SIGN.sub(NNBSP, text)
    text = _AFTER_OPEN.sub("«" + NNBSP, text)
    text = _PERCENT.sub(NNBSP + "%", text)
    return _BEFORE_CLOSE.sub(NNBSP + "»", text)
