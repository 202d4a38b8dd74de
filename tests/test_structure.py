"""The architecture's rules, checked: layering, lab ids, packaging."""

import subprocess
import sys
import zipfile
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


def test_the_wheel_ships_every_package_lesson_and_asset(tmp_path):
    """setup.py finds the packages: a new lab package ships without editing a list."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("dltui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {
        p.parent.relative_to(ROOT / "src").as_posix() + "/__init__.py"
        for p in (ROOT / "src" / "dltui").rglob("__init__.py")
    }
    assert packages <= names, sorted(packages - names)
    for lab_id in all_labs():
        assert f"dltui/_content/{lab_id}/lesson.en.md" in names, lab_id
    assert any(n.startswith("dltui/_assets/") and n.endswith(".npz") for n in names)


def test_the_knobs_a_lab_shows_are_its_own_for_every_preset():
    for lab_id, lab in all_labs().items():
        names = {p.name for p in lab.params}
        configs = [resolve_config(lab)[0]] + [resolve_config(lab, n)[0] for n in presets(lab_id)]
        for config in configs:
            shown = set(lab.visible(config))
            assert shown <= names, (lab_id, shown - names)
            assert shown, lab_id
