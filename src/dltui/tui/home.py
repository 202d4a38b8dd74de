"""The home screen: every lab, grouped by chapter, each with the one line it teaches."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..engine.i18n import tr
from ..labs import all_labs
from . import keys
from .footer import KeyFooter


class HomeScreen(Screen):
    BINDINGS = keys.bindings("home")
    DEFAULT_CSS = """
    HomeScreen #banner { height: auto; padding: 1 2 0 2; }
    HomeScreen OptionList { height: 1fr; margin: 1 2; border: round $panel-lighten-2; }
    """

    def __init__(self) -> None:
        super().__init__()
        keys.translate_bindings(self)  # the footer's words, now that the language is set

    def compose(self) -> ComposeResult:
        banner = Text()
        banner.append("dltui", "bold")
        banner.append(" — " + tr("learn deep learning by watching real models train.") + " ", "")
        banner.append(tr("↑↓ choose · enter open · ctrl+p commands"), "dim")
        yield Static(banner, id="banner")
        yield OptionList(*self._options(), id="labs")
        yield KeyFooter()

    @staticmethod
    def _options() -> list[Option]:
        options: list[Option] = []
        chapter = None
        for lab in all_labs().values():
            if lab.chapter != chapter:
                chapter = lab.chapter
                heading = tr("Chapter {chapter}", chapter=tr(chapter))
                options.append(Option(Text(heading, "bold underline"), disabled=True))
            line = Text()
            line.append(f"  {tr(lab.title)}", "bold")
            line.append(f"  {lab.id}", "dim")
            # A summary too long for the line (French is longer) wraps under itself.
            summary = Padding(Text(tr(lab.summary), "italic"), (0, 0, 0, 4))
            options.append(Option(Group(line, summary), id=lab.id))
        return options

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.app.open_lab(event.option.id)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(None))
