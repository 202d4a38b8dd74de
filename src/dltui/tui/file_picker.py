"""Choose a data file for a knob that takes one (`Param.file`), instead of typing its path.

A modal over the lab: the folders and the matching files under the current folder, ↑↓ and enter
to open a folder or choose a file, backspace for the parent folder, escape to cancel. The chosen
path goes to the screen as if typed, so the same checks refuse a bad file with the same message.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static

from ..engine.i18n import tr


class DataFiles(DirectoryTree):
    """Folders and files of one kind (".csv"); hidden entries left out."""

    # Plain glyphs: the emoji folder icons are missing from many terminal fonts (and the SVG's).
    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = "· "

    def __init__(self, path: Path, suffix: str, **kwargs):
        self.suffix = suffix
        super().__init__(path, **kwargs)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() == self.suffix)
        ]


class FilePicker(ModalScreen[str | None]):
    """Returns the chosen file's path (relative to the current folder when under it), or None."""

    DEFAULT_CSS = """
    FilePicker { align: center middle; }
    FilePicker > Vertical { width: 80%; height: 80%; border: round $accent; padding: 0 1;
                            background: $surface; }
    FilePicker #picker-title { height: auto; color: $text-accent; }
    FilePicker #picker-folder { height: auto; color: $text-muted; }
    FilePicker DataFiles { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("backspace", "parent", "Parent folder"),
    ]

    def __init__(self, knob: str, kind: str, start: Path | None = None):
        super().__init__()
        self.knob, self.kind = knob, kind
        self.folder = (start or Path.cwd()).resolve()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                tr("Choose a {kind} file for {knob}", kind=self.kind.upper(), knob=self.knob),
                id="picker-title",
            )
            yield Static(self._where(), id="picker-folder")
            yield DataFiles(self.folder, f".{self.kind}", id="picker-tree")

    def _where(self) -> str:
        return tr("{folder}  ·  enter: open or choose · backspace: parent folder · escape: cancel",
                  folder=str(self.folder))  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(DataFiles).focus()

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        path = Path(event.path).resolve()
        try:
            shown = str(path.relative_to(Path.cwd().resolve()))
        except ValueError:
            shown = str(path)
        self.dismiss(shown)

    def action_parent(self) -> None:
        if self.folder.parent != self.folder:
            self.folder = self.folder.parent
            self.query_one(DataFiles).path = self.folder
            self.query_one("#picker-folder", Static).update(self._where())

    def action_cancel(self) -> None:
        self.dismiss(None)
