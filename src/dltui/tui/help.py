"""The help screen: the keys, what the lab teaches, its parameters and presets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..content import presets
from ..engine.lab import LabSpec

KEYS = """\
| key | does |
| --- | --- |
| space | run / pause the training |
| n | one step (pauses first) |
| r | restart the run (same seed) |
| s | new seed, then restart |
| l | switch between the knobs and the lesson |
| ← → ↑ ↓ | move the lab's cursor or sliders (where it has them) |
| tab / shift+tab | move between the knobs, the lesson and text panels; enter applies a value |
| ↑ ↓ pgup pgdn | scroll the focused lesson or text panel |
| escape | leave a knob; again: back to the labs |
| ctrl+p | command palette: labs, presets, actions |
| ? | this help |
| q | quit |
"""


def help_markdown(lab: LabSpec | None) -> str:
    if lab is None:
        return "# dltui\n\nPick a lab with the arrows and press Enter.\n\n" + KEYS
    params = "\n".join(
        f"| {p.name} | {p.format(p.default)} | {p.allowed()} | {'live' if p.live else 'restart'}"
        f" | {p.help} |"
        for p in lab.params
    )
    table = presets(lab.id)
    preset_lines = "\n".join(f"- **{k}** — {v.get('description', '')}" for k, v in table.items())
    extra = "".join(
        f"| {k} | moves {p} by {d:+g} ({part.id}) |\n"
        for part in lab.parts
        for k, p, d in part.nudges
    )
    return (
        f"# {lab.title}\n\n{lab.summary}\n\n## Keys\n\n{KEYS}{extra}\n"
        f"## Parameters\n\n| name | default | allowed | applies | what |\n| --- | --- | --- | --- | --- |\n"
        f"{params}\n\n## Presets (ctrl+p)\n\n{preset_lines or 'none'}\n"
    )


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $accent; background: $surface; }
    """

    def __init__(self, lab: LabSpec | None, lang: str = "en"):
        super().__init__()
        self.lab = lab

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(help_markdown(self.lab))
