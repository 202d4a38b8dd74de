"""The architecture's rules, checked: layering, lab ids, packaging."""

import ast
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


def test_the_layer_contracts_hold():
    """import-linter's contracts in pyproject.toml: cli > tui > process | headless > labs >
    engine | backend; the core never imports textual or rich; only the backend imports MLX; the
    NumPy engine's tensor never imports its ops. (CI runs `lint-imports` too.)"""
    code = "import sys\nfrom importlinter.cli import lint_imports_command\nsys.exit(lint_imports_command())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout and "Layers: cli > tui" in out.stdout


def _runtime_imports(path: Path) -> list[str]:
    """Every module a file imports when it runs (function-level imports included; imports under
    `if TYPE_CHECKING:` left out), as written (relative imports keep their dots)."""
    tree = ast.parse(path.read_text())
    type_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for n in ast.walk(stmt)
    }
    names = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names += [base] if node.module else [base + a.name for a in node.names]
    return names


def test_the_engine_no_longer_reaches_up():
    """The process glue left the engine: nothing in dltui.engine imports the labs, the backends,
    the process glue, the UI or MLX when it runs (a lazy import inside a function counts)."""
    engine = ROOT / "src" / "dltui" / "engine"
    offenders = [
        f"{path.name}: {name}"
        for path in sorted(engine.rglob("*.py"))
        for name in _runtime_imports(path)
        if {"labs", "backend", "process", "mlx", "tui", "textual", "rich"} & set(name.split("."))
    ]
    assert offenders == []
    assert ".labs" in _runtime_imports(ROOT / "src" / "dltui" / "process.py")  # it can see one


_OPEN_LAB = """
import asyncio, sys
from dltui.tui.app import DltuiApp
from dltui.tui.lab_screen import LabScreen

async def main():
    app = DltuiApp(backend=sys.argv[1], lab="gradient-descent")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if isinstance(app.screen, LabScreen):
                break
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LabScreen), screen
        info = screen.status.backend
        print(info.name, "|", info.reason)
        await pilot.press("q")
    print(sorted(m for m in sys.modules if m.split(".")[0] == "mlx"))

asyncio.run(main())
"""


def test_the_ui_process_does_not_load_mlx_to_name_the_backend():
    """Opening a lab on numpy, or on auto where MLX has no GPU, leaves MLX out of the UI
    process: the status line names the backend (and auto's reason) from describe_backend; the
    run's own process builds it."""
    for backend in ("numpy", "auto"):
        out = subprocess.run(
            [sys.executable, "-c", _OPEN_LAB, backend], capture_output=True, text=True, cwd=ROOT
        )
        assert out.returncode == 0, out.stderr[-3000:]
        *_, label, loaded = out.stdout.strip().splitlines()
        name, reason = label.split(" | ")
        if backend == "auto":
            assert reason.startswith("auto:"), reason
        if name == "numpy":
            assert loaded == "[]", (backend, loaded)


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
