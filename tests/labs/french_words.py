"""What a lab run writes, in English and in French, and the English words left in the French.

The same case (preset or part) is run twice with the same seed, once per language; a word of
three letters or more that both runs write is English left over, unless it reads the same in
both languages (tests/tui/test_french.py's ALLOWED, the lab's API words: knob names, choices,
presets, parts) or the caller allows it (names and symbols of that lab).
"""

from __future__ import annotations

import re

from dltui.backend import get_backend
from dltui.content import resolve_config
from dltui.engine.events import Finished, Progress
from dltui.engine.i18n import set_language
from dltui.engine.lab import LabSpec, RunContext
from dltui.engine.runner import Runner

from ..tui.test_french import ALLOWED, _api_words


def texts(lab: LabSpec, lang: str, preset: str | None, steps: int, **overrides) -> list[str]:
    """Every text the run writes (record texts, the end's message), in `lang`."""
    set_language(lang)
    try:
        config, _ = resolve_config(lab, preset, overrides)
        ctx = RunContext(config, get_backend("numpy"), 0, max_steps=steps, snapshot_every=1)
        out = []
        for event in Runner(lab, ctx, batch_records=1).events():
            if isinstance(event, Progress):
                out += [t for r in event.records for t in (r.text or {}).values()]
            elif isinstance(event, Finished):
                assert event.reason in ("done", "diverged"), event.message
                out.append(event.message)
        return out
    finally:
        set_language("en")


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿœŒ_][\wÀ-ÿœŒ]{2,}", text)}


def english_left(lab: LabSpec, english: list[str], french: list[str], allowed=()) -> list[str]:
    ok = ALLOWED | _api_words(lab.id) | {w.lower() for w in allowed}
    both = words("\n".join(english)) & words("\n".join(french))
    return sorted(w for w in both - ok if not w.isdigit())
