"""The French interface: every string a learner reads has a French translation.

Message ids are the English strings: those a lab declares as data (titles, axis names, legends,
knob help: translated where the screen shows them) and those code passes to `tr` (what a run
writes, refusals, the app's own words). Catalogues: labs/<lab-id>/ui.fr.toml, labs/_app/ui.fr.toml.
The screen itself, in French, is checked by tests/tui/test_french.py.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from dltui.engine import i18n
from dltui.engine import views as V
from dltui.engine.i18n import Translated, catalogue, catalogues, french_typography, set_language, tr
from dltui.labs import all_labs

from .test_lab_contract import CASES, _config, _run, _short_steps

SRC = Path(__file__).resolve().parents[1] / "src" / "dltui"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _needs(text: str) -> bool:
    return not isinstance(text, Translated) and i18n._needs_translation(text)


def test_every_catalogue_parses_and_keeps_the_fields_of_its_message_ids() -> None:
    """A translation that drops or renames a {field} would fail when the message is shown."""
    bad = []
    for folder, table in catalogues("fr"):
        for msgid, text in table.items():
            if not isinstance(text, str) or not text.strip():
                bad.append(f"{folder}: {msgid!r} has no translation")
            elif _fields(msgid) != _fields(text):
                bad.append(f"{folder}: {msgid!r} → {text!r}: fields differ")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_two_catalogues_disagree_on_a_message(lang: str) -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for folder, table in catalogues(lang):
        for msgid, text in table.items():
            if msgid in seen and seen[msgid][1] != text:
                clashes.append(f"{msgid!r}: {seen[msgid][0]} {seen[msgid][1]!r}, {folder} {text!r}")
            seen.setdefault(msgid, (folder, text))
    assert not clashes, "\n".join(clashes)


def _declared(lab) -> set[str]:
    """Every string the lab declares for the screen, over every case (part, preset) it runs."""
    found = {lab.title, lab.chapter, lab.summary, lab.restart_note}
    found.update(p.help for p in lab.params)
    for lab_id, name, _part in CASES:
        if lab_id == lab.id:
            for view in lab.views(_config(lab, name)[0]):
                found.update(V.words(view))
    return {s for s in found if s and _needs(s)}


@pytest.mark.parametrize("lab_id", sorted(all_labs()))
def test_every_string_a_lab_declares_has_a_translation(lab_id: str) -> None:
    french = catalogue("fr")
    untranslated = sorted(s for s in _declared(all_labs()[lab_id]) if s not in french)
    assert not untranslated, "no French for:\n" + "\n".join(map(repr, untranslated))


def _tr_calls() -> list[tuple[str, int, ast.expr]]:
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
            ):
                calls.append((str(path.relative_to(SRC)), node.lineno, node.args[0]))
    return calls


def test_every_message_the_code_translates_has_a_translation() -> None:
    """`tr("literal", ...)` everywhere in the package: the literal is in a French catalogue.
    `tr` takes a template with {fields}, never an f-string (its text would change every call)."""
    french = catalogue("fr")
    problems = []
    for where, line, arg in _tr_calls():
        if isinstance(arg, ast.JoinedStr):
            problems.append(f'{where}:{line}: tr(f"..."): use tr("...{{x}}", x=...)')
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if i18n._needs_translation(arg.value) and arg.value not in french:
                problems.append(f"{where}:{line}: no French for {arg.value!r}")
    assert not problems, "\n".join(problems)


def test_the_tr_checker_finds_calls() -> None:
    assert any(where.endswith("view_widgets.py") for where, _, _ in _tr_calls())


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}:{c[1] or 'default'}")
def test_a_run_in_french_asks_for_no_missing_message(case) -> None:
    """What a run writes (explanations, worked numbers, reasons) exists in French: the run's
    `tr` calls with computed message ids included."""
    lab_id, name, _ = case
    lab = all_labs()[lab_id]
    set_language("fr")
    i18n.missing.clear()
    config, _ = _config(lab, name)
    records = _run(lab, config, "numpy", _short_steps(lab, name))
    assert records
    assert not i18n.missing, "no French for:\n" + "\n".join(map(repr, sorted(i18n.missing)))


def test_french_typography_puts_a_narrow_no_break_space_before_the_high_signs() -> None:
    nb = i18n.NNBSP
    assert french_typography("taux : 0.1 ; pas ?") == f"taux{nb}: 0.1{nb}; pas{nb}?"
    assert french_typography("valeur: 3!") == f"valeur{nb}: 3{nb}!"
    assert french_typography("« bonjour »") == f"«{nb}bonjour{nb}»"
    assert french_typography("97% puis 3 %") == f"97{nb}% puis 3{nb}%"
    # a colon inside a token is not a sign of the sentence
    assert french_typography("à 12:30, http://x") == "à 12:30, http://x"


def test_tr_fills_fields_after_the_lookup_and_keeps_english_as_is() -> None:
    assert tr("{n} steps", n=3) == "3 steps"
    set_language("fr")
    assert tr("no such message, never translated") == "no such message, never translated"
    assert "no such message, never translated" in i18n.missing
    assert isinstance(tr("x"), Translated) and tr(tr("x")) == "x"


def test_a_curves_legend_names_its_series_by_their_labels_not_their_metric_ids() -> None:
    view = V.Curves(
        "test accuracy", ("test_accuracy_ce", "test_accuracy_mse"), labels=("CE", "MSE")
    )
    assert "test_accuracy_ce" not in V.words(view) and {"CE", "MSE"} <= set(V.words(view))
    set_language("fr")
    assert V.translated(view, tr).labels == ("CE", "MSE")
    with pytest.raises(ValueError, match="1 labels for 2 metrics"):
        V.Curves("t", ("a", "b"), labels=("A",))


def test_english_catalogues_only_name_metric_ids() -> None:
    """English is the message ids themselves; its catalogues only name metric ids for legends
    ("test_loss" → "test loss"), never a sentence or a word the interface uses as such."""
    found = dict(catalogues("en"))
    assert found, "no ui.en.toml"
    for folder, table in found.items():
        for msgid in table:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", msgid) and re.search(r"[_0-9]", msgid), (
                folder,
                msgid,
            )
    assert tr("test_loss") == "test loss" and tr("loss") == "loss"
