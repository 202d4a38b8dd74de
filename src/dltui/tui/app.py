"""The dltui application: a thin shell that opens the home screen and the labs."""

from __future__ import annotations

import os
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..engine.i18n import set_language
from ..labs import get_lab
from . import keys
from .commands import LabCommands
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
            self.notify(
                f"{folder}: {exc.strerror or exc}", title="Screenshot not saved", severity="error"
            )
            return
        self.notify(f"saved {os.path.abspath(saved)}", title="Screenshot")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's saves to ~/Downloads, often missing
                yield command
        yield SystemCommand(
            "Screenshot",
            f"{keys.SCREENSHOT.does} ({keys.SCREENSHOT.shown})",
            lambda: self.call_after_refresh(self.action_screenshot),
        )
