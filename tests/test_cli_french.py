"""The command line in French: `dltui --lang fr` (or DLTUI_LANG=fr, or a French LANG) writes its
refusals, `info`, `list`, `--help` (argparse's own words included) and `run`'s diagnostics in
French; knob names, choice values, lab ids and option names stay as they are (the API). English
stays as it was (tests/engine/test_cli.py and the others assert on it)."""

from __future__ import annotations

import re

import pytest

from dltui.cli import _lang_in, build_parser, main
from dltui.engine import i18n
from dltui.engine.i18n import NNBSP, set_language, tr
from dltui.engine.params import Param, ParamError
from dltui.labs import all_labs
from dltui.labs.common import csvdata

ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|allowed|range|number|usage|show|help|default|this|and|of)\b"
)


@pytest.fixture(autouse=True)
def _no_language_from_the_machine(monkeypatch):
    """Each test names its language: none comes from this machine's environment."""
    monkeypatch.delenv("DLTUI_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.missing.clear()


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's help and its refusals exit from the parser
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _plain(text: str) -> str:
    return text.replace(NNBSP, " ")


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "fr", "run", "perceptron", "--set", "lr=fast"],
        ["--lang=fr", "run", "perceptron", "--set", "lr=fast"],
        ["run", "perceptron", "--lang", "fr", "--set", "lr=fast"],  # after the subcommand too
        ["run", "perceptron", "--set", "lr=fast", "--lang", "fr"],
    ],
)
def test_a_refused_value_is_one_french_line_with_exit_2(capsys, argv):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err == f"dltui: lr{NNBSP}: 'fast' n'est pas un nombre\n"


def test_dltui_lang_and_a_french_lang_choose_french_and_lang_en_wins(capsys, monkeypatch):
    monkeypatch.setenv("DLTUI_LANG", "fr")
    assert _run(capsys, "run", "perceptron", "--set", "lr=fast")[2] == (
        f"dltui: lr{NNBSP}: 'fast' n'est pas un nombre\n"
    )
    monkeypatch.delenv("DLTUI_LANG")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, _, err = _run(capsys, "run", "perceptron", "--set", "lr=99")
    assert code == 2 and _plain(err) == (
        "dltui: lr : 99.0 est hors des limites ; valeurs permises : > 0 et ≤ 10\n"
    )
    code, _, err = _run(capsys, "--lang", "en", "run", "perceptron", "--set", "lr=fast")
    assert code == 2 and err == "dltui: lr: 'fast' is not a number\n"


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["run", "nope"], "dltui: labo inconnu 'nope' ; labos disponibles : "),
        (["run", "perceptron", "--preset", "nope"], "dltui: préréglage inconnu 'nope' pour "),
        (["run", "perceptron", "--set", "nokey=1"], "dltui: paramètre inconnu 'nokey' ; "),
        (["run", "perceptron", "--set", "novalue"], "dltui: --set 'novalue' : KEY=VALUE attendu"),
        (["run", "perceptron", "--steps", "0"], "dltui: --steps : 0 est hors des limites ; "),
        (["run", "perceptron", "--seed", "x"], "dltui: --seed : 'x' n'est pas un nombre entier"),
        (["run", "perceptron", "--set", "activation=cos"], "'cos' n'est pas une des valeurs "),
        (["run", "perceptron", "--set", "biases=maybe"], "'maybe' n'est pas true ou false"),
        (["run", "perceptron", "--format", "xml"], "choix invalide : 'xml' (choisir parmi "),
        (["run", "perceptron", "--bogus"], "dltui: arguments non reconnus : --bogus"),
        (["run"], "dltui: arguments obligatoires manquants : lab"),
        (["serve", "--preset", "spiral"], "dltui: --preset demande --lab"),
        (["--preset", "spiral"], "dltui: --preset et --set demandent --lab LAB"),
    ],
)
def test_every_refusal_of_the_command_line_is_one_french_line(capsys, argv, french):
    code, out, err = _run(capsys, "--lang", "fr", *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and french in _plain(err)


def test_a_csv_refusal_names_the_row_and_column_in_french(capsys, tmp_path):
    rows = "".join(f"{i},{i * i},{'ab'[i % 2]}\n" for i in range(12))
    path = tmp_path / "mine.csv"
    path.write_text("x,y,label\n" + rows.replace("4,16,", "4,seize,"), encoding="utf-8")
    code, _, err = _run(capsys, "--lang", "fr", "run", "perceptron", "--set", f"dataset={path}")
    assert code == 2 and _plain(err) == (
        "dltui: dataset : mine.csv, rangée 5 (ligne 6), colonne 'y' : 'seize' n'est pas un nombre\n"
    )
    path.write_text("x,y,label\n1,2,a\n", encoding="utf-8")
    set_language("fr")
    with pytest.raises(ParamError) as refused:
        csvdata.read("data", str(path))
    assert _plain(str(refused.value)) == (
        "data : mine.csv a trop peu de lignes (1) ; il en faut au moins 10"
    )


def test_info_is_french_and_keeps_the_api_words(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = _run(capsys, "--lang", "fr", "info", "perceptron")
    lab = all_labs()["perceptron"]
    lines = _plain(out).splitlines()
    set_language("fr")
    assert code == 0 and lines[0] == _plain(f"perceptron — {tr(lab.title)}")
    assert lines[3] == "paramètres ([en direct] : appliqué pendant l'entraînement) :"
    assert re.split(r" {2,}", lines[4].strip()) == ["nom", "défaut", "valeurs permises", "rôle"]
    noise = next(line for line in lines if line.startswith("  noise "))
    assert "≥ 0 et ≤ 1" in noise  # the knob's name stays, its range is French
    assert any(line.startswith("  lr ") and "[en direct]" in line for line in lines)
    assert "préréglages :" in lines and any(line.startswith("  spiral ") for line in lines)
    english = {"name", "default", "allowed", "what it does", "presets:", "(empty)"}
    assert not english & {c for line in lines for c in re.split(r" {2,}", line.strip())}


def test_info_json_keeps_its_keys_and_ids_and_writes_the_prose_in_french(capsys):
    import json

    code, out, _ = _run(capsys, "info", "perceptron", "--format", "json", "--lang", "fr")
    doc = json.loads(out)
    lr = next(p for p in doc["params"] if p["name"] == "lr")
    assert code == 0 and doc["id"] == "perceptron" and lr["type"] == "float"
    assert _plain(lr["allowed"]) == "> 0 et ≤ 10" and lr["live"] is True
    assert set(doc["presets"]) >= {"spiral", "iris"}


def test_list_writes_the_titles_in_french(capsys):
    code, out, _ = _run(capsys, "--lang", "fr", "list")
    set_language("fr")
    expected = [f"{lab_id}\t{tr(lab.title)}" for lab_id, lab in all_labs().items()]
    assert code == 0 and out.splitlines() == expected


@pytest.mark.parametrize(
    "argv",
    [["--lang", "fr", "--help"], ["--lang", "fr", "run", "--help"], ["serve", "-h", "--lang=fr"]],
)
def test_help_is_french_argparse_words_included(capsys, argv):
    code, out, _ = _run(capsys, *argv)
    text = _plain(out)
    assert code == 0 and text.startswith("utilisation : dltui")
    assert "options :" in text and "afficher cette aide et quitter" in text
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("["))
    prose = re.sub(r"--?[\w-]+|\{[^}]*\}|`[^`]*`|[A-Z_=]{2,}", " ", body)  # options, API
    assert not ENGLISH_WORDS.findall(prose), prose


def test_run_help_in_french_still_describes_every_option(capsys):
    code, out, _ = _run(capsys, "run", "--help", "--lang", "fr")
    assert code == 0
    set_language("fr")
    run = build_parser()._subparsers._group_actions[0].choices["run"]
    for action in run._actions:
        assert action.help and action.help != action.help.__class__.__name__
        for flag in action.option_strings:
            assert flag in out
    assert "de 1 à 10\u202f000\u202f000" in out  # thousands apart, never a comma
    assert "Code de sortie 0" in _plain(out)


def test_the_english_help_and_refusals_are_argparse_s_own(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == 0 and out.startswith("usage: dltui") and "\noptions:\n" in out
    assert "show this help message and exit" in out and NNBSP not in out
    code, _, err = _run(capsys, "run", "perceptron", "--format", "xml")
    assert code == 2 and "invalid choice: 'xml'" in err


def test_a_run_s_diagnostics_are_french(capsys):
    code, out, err = _run(
        capsys, "--lang", "fr", "run", "gradient-descent", "--steps", "2", "--backend", "numpy"
    )
    assert code == 0 and out.strip().endswith('"reason": "done", "step": 2}')
    assert _plain(err).startswith("gradient-descent : moteur numpy (cpu) — ")
    assert "--backend numpy" not in err  # the reason is the app's French one


def test_a_blow_up_is_explained_in_french(capsys):
    from dltui.engine import divergence

    set_language("fr")
    assert _plain(divergence.overflow_text("loss", float("nan"), 7)).startswith(
        "au pas 7, loss vaut nan : les mises à jour ont débordé."
    )
    assert "Baissez le taux d'apprentissage" in divergence.growth_text("loss", 1.0, 1e5, 3)


def test_no_french_message_is_missing_for_the_core_s_refusals():
    """Every shape of refusal a Param writes, asked for in French, has its translation."""
    set_language("fr")
    cases = [
        (Param("lr", 0.1, low=0.0, low_open=True, high=10.0), ["x", "0", "nan", "1e400", "9" * 40]),
        (Param("n", 3, low=1), ["2.5", "-" + "9" * 40, "0"]),
        (Param("w", (1.0, 2.0), low=-1.0, high=1.0, max_len=3), ["", "1,2,3,4", "1,x", "5"]),
        (Param("w", (1.0,), min_len=0, max_len=2), ["1,2,3"]),
        (Param("w", (1.0,), min_len=2, max_len=3), ["1"]),
        (Param("w", (1.0,), min_len=2, max_len=6), ["1"]),
        (Param("act", "tanh", choices=("tanh", "relu")), ["cos", "x" * 5000]),
        (Param("b", True), ["maybe"]),
        (Param("s", "", max_len=3), ["abcd"]),
    ]
    for param, values in cases:
        for value in values:
            with pytest.raises(ParamError) as refused:
                param.parse(value)
            assert not ENGLISH_WORDS.search(str(refused.value)), str(refused.value)
    assert not i18n.missing, sorted(i18n.missing)


def test_the_language_is_found_before_parsing():
    assert _lang_in(["--lang", "fr", "list"]) == "fr"
    assert _lang_in(["run", "x", "--lang=fr"]) == "fr"
    assert _lang_in(["--lan", "fr"]) == "fr"  # argparse's abbreviation
    assert _lang_in(["--lang", "de"]) is None  # refused by the parser, in the default language
    assert _lang_in(["run", "x", "--set", "lang=fr"]) is None
    assert _lang_in(["--lang", "fr", "--lang", "en"]) == "en"  # the last, as argparse keeps


def test_serve_speaks_french_its_warning_and_its_full_page(capsys):
    from dltui.serve import LOOPBACK_WARNING, full_page

    english = full_page(3)
    assert "<h1>dltui is full</h1>" in english and "runs 3 sessions" in english
    set_language("fr")
    page = full_page(3)
    assert "<h1>dltui est complet</h1>" in page and "déjà tourner 3 sessions" in page
    warning = _plain(tr(LOOPBACK_WARNING, host="0.0.0.0", port=8000))
    assert "quiconque atteint le port 8000" in warning and "pas de shell" in warning
    code, _, err = _run(capsys, "serve", "--lang", "fr", "--port", "0")  # as the README writes it
    assert code == 2 and _plain(err).startswith("dltui: --port : 0 est hors des limites")


def test_plot_charts_are_titled_in_french(capsys, tmp_path):
    out = tmp_path / "curves.txt"
    argv = ["--lang", "fr", "run", "gradient-descent", "--steps", "5", "--format", "csv"]
    code, _, err = _run(capsys, *argv, "--plot-out", str(out))
    chart = out.read_text(encoding="utf-8")
    assert code == 0 and f"courbes écrites dans {out}" in _plain(err)
    assert "(échelle log)" in chart and "(log)" not in chart.replace("(échelle log)", "")
    set_language("fr")
    assert tr("loss") in chart and tr("step") in chart
