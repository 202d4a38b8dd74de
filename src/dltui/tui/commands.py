"""Command palette entries: open a lab, load a preset of the open lab, run the screen's actions.

With nothing typed, the palette lists the open lab's presets and actions (or, on the home
screen, the labs), so a learner sees them without guessing a word to type.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..content import presets
from ..engine.i18n import tr
from ..labs import all_labs
from .help import preset_description
from .keys import palette_actions


class LabCommands(Provider):
    def _entries(self) -> Iterator[tuple[str, object, str]]:
        """(text, callback, help) of every entry, in the order they are listed."""
        from .lab_screen import LabScreen

        app = self.app
        screen = self.screen  # the screen the palette was opened from
        if isinstance(screen, LabScreen):
            for name, table in presets(screen.lab.id).items():
                text = tr("Preset: {name}", name=name)
                yield text, partial(screen.apply_preset, name), preset_description(table)
            for label, action in palette_actions():
                yield label, partial(screen.run_action, action), ""
        for lab in all_labs().values():
            text = tr("Open lab: {title} ({id})", title=tr(lab.title), id=lab.id)
            yield text, partial(app.open_lab, lab.id), tr(lab.summary)

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            yield DiscoveryHit(text, callback, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text or None)
