"""The help screen: the keys, what the lab teaches, its parameters and presets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..content import presets
from ..engine.lab import LabSpec
from .keys import markdown_table

KEYS = markdown_table()


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
    step_keys: dict[tuple, list[str]] = {}  # a lab's step keys, with the parts that have them
    for part in lab.parts:
        for key in part.keys:
            step_keys.setdefault(key, []).append(part.id)
    extra += "".join(
        f"| {k} | {label}: sets {p} = {v}, then one step ({', '.join(ids)}) |\n"
        for (k, p, v, label), ids in step_keys.items()
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
