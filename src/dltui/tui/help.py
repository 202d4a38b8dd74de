"""The help screen: the keys, what the lab teaches, its parameters and presets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..content import preset_description, presets
from ..engine.i18n import tr
from ..engine.lab import LabSpec
from .keys import markdown_table

_ARROWS = {"left": "←", "right": "→", "up": "↑", "down": "↓"}  # nudge keys, in any language


def help_markdown(lab: LabSpec | None) -> str:
    """The help, in the interface's language (knob names, values and preset names stay: they
    are what a learner types)."""
    keys_table = markdown_table()
    if lab is None:
        return (
            "# dltui\n\n" + tr("Pick a lab with the arrows and press Enter.") + "\n\n" + keys_table
        )
    live, restart = tr("live"), tr("restart")
    params = "\n".join(
        f"| {p.name} | {p.format(p.default)} | {p.allowed()} | {live if p.live else restart}"
        f" | {tr(p.help)} |"
        for p in lab.params
    )
    table = presets(lab.id)
    preset_lines = "\n".join(f"- **{k}** — {preset_description(v)}" for k, v in table.items())
    extra = ""
    for part in lab.parts:
        for k, name, delta in part.nudges:
            does = tr("moves {name} by {delta:+g} ({part})", name=name, delta=delta, part=part.id)
            extra += f"| {_ARROWS.get(k, k)} | {does} |\n"
    step_keys: dict[tuple, list[str]] = {}  # a lab's step keys, with the parts that have them
    for part in lab.parts:
        for key in part.keys:
            step_keys.setdefault(key, []).append(part.id)
    for (k, name, value, label), ids in step_keys.items():
        does = tr(
            "{label}: sets {name} = {value}, then one step ({parts})",
            label=tr(label), name=name, value=value, parts=", ".join(ids),
        )  # fmt: skip
        extra += f"| {k} | {does} |\n"
    header = "| {} | {} | {} | {} | {} |".format(
        tr("name"), tr("default"), tr("allowed"), tr("applies"), tr("what")
    )
    return (
        f"# {tr(lab.title)}\n\n{tr(lab.summary)}\n\n## {tr('Keys')}\n\n{keys_table}{extra}\n"
        f"## {tr('Parameters')}\n\n{header}\n| --- | --- | --- | --- | --- |\n"
        f"{params}\n\n## {tr('Presets (ctrl+p)')}\n\n{preset_lines or tr('none')}\n"
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
