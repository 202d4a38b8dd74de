"""The architecture's rules, checked: layering, lab ids, packaging."""

import subprocess
import sys
import tomllib
from pathlib import Path

from dltui.content import content_ids, lesson, presets, resolve_config
from dltui.labs import all_labs

ROOT = Path(__file__).resolve().parent.parent


def test_engine_labs_and_headless_never_import_the_ui():
    code = (
        "import sys, io, contextlib\n"
        "from dltui.cli import main\n"
        "from dltui.labs import all_labs\n"
        "for lab in all_labs():\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(['run', lab, '--steps', '2'])\n"
        "bad = [m for m in ('textual', 'rich', 'dltui.tui') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_lab_module_has_its_content_folder_and_back():
    assert set(all_labs()) == content_ids()
    assert all_labs(), "no labs found"


def test_every_lab_has_lessons_in_english_and_french_and_valid_presets():
    for lab_id, lab in all_labs().items():
        en, fr = lesson(lab_id, "en"), lesson(lab_id, "fr")
        assert en.strip() and fr.strip() and en != fr, lab_id
        for name in presets(lab_id):
            resolve_config(lab, name)  # raises if a preset names a bad key or value
        assert lab.summary and lab.title and lab.chapter, lab_id


def test_every_python_package_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT / "src").parts)
        for p in (ROOT / "src" / "dltui").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject packages: {sorted(found - listed)}"
    assert listed - found == {"dltui._content", "dltui._assets"}, "a listed package is gone"


def test_the_knobs_a_lab_shows_are_its_own_for_every_preset():
    for lab_id, lab in all_labs().items():
        if lab.visible is None:
            continue
        names = {p.name for p in lab.params}
        configs = [resolve_config(lab)[0]] + [resolve_config(lab, n)[0] for n in presets(lab_id)]
        for config in configs:
            shown = set(lab.visible(config))
            assert shown <= names, (lab_id, shown - names)
            assert shown, lab_id
