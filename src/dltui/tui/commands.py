"""Command palette entries: open a lab, load a preset of the open lab, run the screen's actions."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from ..content import presets
from ..labs import all_labs

_ACTIONS = (
    ("Run / pause", "toggle_run"),
    ("One step", "step"),
    ("Restart the run", "restart"),
    ("New seed", "new_seed"),
    ("Show the lesson / the knobs", "toggle_lesson"),
    ("Help", "help"),
)


class LabCommands(Provider):
    async def search(self, query: str) -> Hits:
        from .lab_screen import LabScreen

        matcher = self.matcher(query)
        app = self.app
        for lab in all_labs().values():
            text = f"Open lab: {lab.title} ({lab.id})"
            if (score := matcher.match(text)) > 0:
                yield Hit(
                    score, matcher.highlight(text), partial(app.open_lab, lab.id), help=lab.summary
                )
        screen = self.screen  # the screen the palette was opened from
        if isinstance(screen, LabScreen):
            for name, table in presets(screen.lab.id).items():
                text = f"Preset: {name}"
                if (score := matcher.match(text)) > 0:
                    french = getattr(app, "lang", "en") == "fr"
                    help_text = table.get("description_fr" if french else "description", "")
                    help_text = help_text or table.get("description", "")
                    yield Hit(
                        score,
                        matcher.highlight(text),
                        partial(screen.apply_preset, name),
                        help=help_text,
                    )
            for label, action in _ACTIONS:
                if (score := matcher.match(label)) > 0:
                    callback = partial(screen.run_action, action)
                    yield Hit(score, matcher.highlight(label), callback)
