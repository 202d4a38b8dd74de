"""Command palette entries: open a lab, load a preset of the open lab, run the screen's actions.

With nothing typed, the palette lists the open lab's presets and actions (or, on the home
screen, the labs), so a learner sees them without guessing a word to type.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from ..content import preset_description, presets
from ..engine.i18n import tr
from ..labs import all_labs
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


class Palette(CommandPalette):
    """Textual's command palette, its words in the interface's language: the prompt, and the
    line shown when nothing matches (Textual writes it in English, in this one method)."""

    def __init__(self) -> None:
        super().__init__(placeholder=tr("Search for commands…"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # a search found nothing (discovery with nothing typed: say nothing)
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(tr("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
