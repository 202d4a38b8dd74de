"""The dltui application: a thin shell that opens the home screen and the labs."""

from __future__ import annotations

from textual.app import App

from ..labs import get_lab
from .commands import LabCommands
from .home import HomeScreen
from .lab_screen import LabScreen


class DltuiApp(App):
    TITLE = "dltui"
    COMMANDS = App.COMMANDS | {LabCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, backend: str = "auto", lang: str = "en", lab: str | None = None):
        super().__init__()
        self.backend_name = backend
        self.lang = lang
        self.initial_lab = lab

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if self.initial_lab:
            self.open_lab(self.initial_lab)

    def open_lab(self, lab_id: str, preset: str | None = None) -> None:
        lab = get_lab(lab_id)
        self.push_screen(LabScreen(lab, backend=self.backend_name, lang=self.lang, preset=preset))
