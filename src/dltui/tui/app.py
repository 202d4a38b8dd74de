"""The dltui application: a thin shell that opens the home screen and the labs."""

from __future__ import annotations

import os
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from ..engine.i18n import set_language, tr
from ..labs import get_lab
from . import keys
from .commands import LabCommands, Palette
from .home import HomeScreen
from .lab_screen import LabScreen
from .runners import RunnerFactory
from .typography import keep_no_break_spaces

keep_no_break_spaces()  # French signs never start a line alone


class DltuiApp(App):
    TITLE = "dltui"
    COMMANDS = App.COMMANDS | {LabCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = keys.bindings("app")

    def __init__(
        self,
        backend: str = "auto",
        lang: str = "en",
        lab: str | None = None,
        *,
        preset: str | None = None,
        overrides: dict[str, str] | None = None,
        screenshot_dir: str = ".",
        runner_factory: RunnerFactory | None = None,
    ):
        super().__init__()
        self.backend_name = backend
        self.lang = lang
        set_language(lang)  # one language per app process (and its runs' child processes)
        keys.translate_bindings(self)
        self.initial_lab = lab
        self.initial_preset = preset
        self.initial_overrides = overrides
        self.screenshot_dir = screenshot_dir
        self.runner_factory = runner_factory

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if self.initial_lab:
            self.open_lab(self.initial_lab, self.initial_preset, self.initial_overrides)

    def open_lab(
        self, lab_id: str, preset: str | None = None, overrides: dict[str, str] | None = None
    ) -> None:
        """Open a lab over the home screen (a lab opened from another lab replaces it: escape
        always goes home)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.push_screen(
            LabScreen(
                get_lab(lab_id),
                backend=self.backend_name,
                lang=self.lang,
                preset=preset,
                overrides=overrides,
                runner_factory=self.runner_factory,
            )
        )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen into the screenshot folder and say where (ctrl+s)."""
        folder = path or self.screenshot_dir
        try:
            saved = self.save_screenshot(filename, folder)
        except OSError as exc:
            why = exc.strerror or str(exc)
            self.notify(
                tr("{folder}: {why}", folder=folder, why=why),
                title=tr("Screenshot not saved"),
                severity="error",
            )
            return
        self.notify(tr("saved {path}", path=os.path.abspath(saved)), title=tr("Screenshot"))

    def action_command_palette(self) -> None:
        """Textual's palette, its prompt in the interface's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands (theme, quit, keys...) and our screenshot, in the interface's
        language."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's saves to ~/Downloads, often missing
                yield command._replace(title=tr(command.title), help=tr(command.help))
        yield SystemCommand(
            tr("Screenshot"),
            f"{tr(keys.SCREENSHOT.does)} ({keys.SCREENSHOT.shown})",
            lambda: self.call_after_refresh(self.action_screenshot),
        )
