"""The app's own words in French: the footer, the palette's actions, the key table, the status
line (which must still fit a 80-column terminal, French being longer than English)."""

from __future__ import annotations

import pytest

from dltui.backend import BackendInfo
from dltui.engine.i18n import NNBSP, set_language
from dltui.headless import backend_text
from dltui.tui import keys
from dltui.tui.status import RunStatus, _first_lines, _rate

from . import helpers
from .helpers import Watch


def _footer(screen) -> dict[str, str]:
    return {b.action: b.description for _, b in screen._bindings if b.show}


async def test_the_footer_speaks_the_app_language() -> None:
    labels = {}
    for lang in ("en", "fr"):
        app = helpers.app(lang=lang)
        async with app.run_test(size=(120, 40), message_hook=Watch()) as pilot:
            await pilot.pause()
            labels[lang] = _footer(app.screen)  # the home screen
            palette = app._bindings.key_to_bindings["ctrl+p"][0].description
        labels[lang]["command_palette"] = palette
        set_language("en")
    assert labels["en"] == {"help": "Help", "app.quit": "Quit", "command_palette": "palette"}
    assert labels["fr"] == {"help": "Aide", "app.quit": "Quitter", "command_palette": "commandes"}


def test_the_palette_actions_and_the_key_table_in_french() -> None:
    english = keys.palette_actions()
    set_language("fr")
    french = keys.palette_actions()
    assert [a for _, a in french] == [a for _, a in english]
    assert ("Un pas", "step") in french and ("One step", "step") in english
    table = keys.markdown_table()
    assert table.startswith("| touche | effet |") and "| échap |" in table
    set_language("en")
    assert keys.markdown_table().startswith("| key | does |")


@pytest.mark.parametrize("epoch", [None, 12.5])
def test_the_french_status_line_fits_80_columns(epoch) -> None:
    """The full line where it fits; where it would be cut, a shorter one (no key hint, no
    "backend" word, then no backend, no seed) still shows the state, step, epoch, rate and pace
    in 78 columns (80 less the padding) on a long, fast run."""
    set_language("fr")
    status = RunStatus(BackendInfo("numpy", "cpu", "auto: MLX has a GPU here"), seed=1234,
                       state="running", step=123_456, pace=5000, epoch=epoch)  # fmt: skip
    status._recent.extend([(0.0, 0), (1.0, 12_345)])
    lines = [line.plain for line in _first_lines(status)]
    assert "moteur numpy (cpu)" in lines[0] and "(+/-)" in lines[0]
    fits = next(line for line in lines if len(line) <= 78)
    for shown in ("▶ en cours", "pas 123456", f"12{NNBSP}345 pas/s", "cadence 5000/s"):
        assert shown in fits, fits  # no comma in 12 345: in French it is the decimal sign
    if epoch is not None:
        assert "époque 12.5" in fits
    assert len(lines[-1]) < len(fits) or lines[-1] == fits  # shortest last


def test_rates_group_thousands_by_language() -> None:
    assert _rate(12345.4) == "12,345" and _rate(3.25) == "3.2"
    set_language("fr")
    assert _rate(12345.4) == f"12{NNBSP}345" and _rate(3.25) == "3.2"


def test_the_backend_reason_in_french_quotes_the_error_as_it_is() -> None:
    set_language("fr")
    why = "ModuleNotFoundError: No module named 'mlx'"
    reason = backend_text(f"auto: MLX is not available ({why})")
    assert reason.startswith("automatique (MLX n'est pas disponible") and "named 'mlx')" in reason
    assert backend_text("auto: MLX has a GPU here") == "automatique (MLX a un GPU ici)"
