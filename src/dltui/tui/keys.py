"""The keys, written once: the footer bindings, the help screen, the palette and the README's
key table all come from `KEYS` (a test checks the README against `markdown_table()`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding
from textual.dom import DOMNode

from ..engine.i18n import tr


@dataclass(frozen=True)
class Key:
    shown: str  # as a person reads it, e.g. "+ -"
    does: str  # one line: the help screen and the README
    # Bindings: (Textual keys, action, footer label: "" = not in the footer). No bindings: a key
    # handled by the focused widget or the lab itself (arrows, tab), described only.
    bind: tuple[tuple[str, str, str], ...] = ()
    palette: tuple[tuple[str, str], ...] = ()  # (label in the command palette, action)
    screens: frozenset[str] = frozenset({"lab"})  # "home", "lab"; "app": bound on the app
    priority: bool = False


_BOTH = frozenset({"home", "lab"})

KEYS: tuple[Key, ...] = (
    Key(
        "space",
        "run / pause (course exercises open paused)",
        (("space", "toggle_run", "Run/pause"),),
        (("Run / pause", "toggle_run"),),
    ),
    Key(
        "n",
        "one step (pauses first)",
        (("n", "step", "Step"),),
        (("One step", "step"),),
    ),
    Key(
        "+ -",
        "faster / slower: the pace in steps per second (runs open paced, to be watched)",
        (("plus", "faster", "Pace"), ("minus", "slower", "")),
        (("Faster: raise the pace", "faster"), ("Slower: lower the pace", "slower")),
    ),
    Key(
        "r",
        "restart the run (same seed)",
        (("r", "restart", "Restart"),),
        (("Restart the run", "restart"),),
    ),
    Key(
        "s",
        "new seed, then restart",
        (("s", "new_seed", "Seed"),),
        (("New seed", "new_seed"),),
    ),
    Key(
        "l",
        "show the lesson / the knobs",
        (("l", "toggle_lesson", "Lesson"),),
        (("Show the lesson / the knobs", "toggle_lesson"),),
    ),
    Key(
        "z",
        "zoom: the panel with the focus (else the first) fills the screen; z again the next; "
        "escape back to all",
        (("z", "zoom", "Zoom"),),
        (("Zoom a panel to full screen (z again: the next)", "zoom"),),
    ),
    Key("← → ↑ ↓", "move the lab's cursor or sliders, where it has them (on the knobs' tab)"),
    Key("↑ ↓ pgup pgdn", "scroll the lesson, or a text panel that has the focus"),
    Key("tab, shift+tab", "move between the knobs and panels; enter applies a typed value"),
    Key("escape", "leave a knob; again: back to the labs", (("escape", "back", "Back"),)),
    Key("ctrl+p", "command palette: labs, presets, actions"),
    Key(
        "ctrl+s",
        "save a screenshot (SVG) in the current folder (or --screenshot-dir)",
        (("ctrl+s", "screenshot", ""),),
        screens=frozenset({"app"}),
        priority=True,
    ),
    Key(
        "e",
        "export the run: its metrics (CSV and JSONL, as `dltui run` writes them) and a "
        "screenshot (SVG), in the current folder (or --screenshot-dir)",
        (("e", "export", ""),),
        (("Export the run: metrics (CSV, JSONL) and screenshot", "export"),),
    ),
    Key(
        "?",
        "help: keys, parameters, presets",
        (("question_mark", "help", "Help"),),
        (("Help", "help"),),
        screens=_BOTH,
    ),
    Key("q", "quit", (("q", "app.quit", "Quit"),), screens=_BOTH),
)

SCREENSHOT = next(k for k in KEYS if k.shown == "ctrl+s")


def bindings(screen: str) -> list[Binding]:
    """The bindings of a screen ("home", "lab") or of the app ("app"), from `KEYS`. A key of
    several bindings with one label (+ -) shows as one footer entry, written as the help writes it."""
    return [
        Binding(
            keys,
            action,
            label or action,
            show=bool(label),
            key_display=key.shown if len(key.bind) > 1 and label else None,
            priority=key.priority,
        )
        for key in KEYS
        if screen in key.screens
        for keys, action, label in key.bind
    ]


def translate_bindings(node: DOMNode) -> None:
    """Put the footer's labels of `node` (a screen, the app) in the interface's language.

    BINDINGS are class attributes, built at import, before the language is set: each instance
    gets its own copy of them, whose shown labels (and the command palette's) are translated
    here, once the app has set the language."""
    table = node._bindings.key_to_bindings
    for key, found in table.items():
        table[key] = [
            replace(b, description=tr(b.description))
            if b.description and (b.show or b.action.endswith("command_palette"))
            else b
            for b in found
        ]


def palette_actions() -> list[tuple[str, str]]:
    """(label, action) of the lab screen's actions offered in the command palette, in the
    interface's language."""
    return [
        (tr(label), action) for key in KEYS if "lab" in key.screens for label, action in key.palette
    ]


def markdown_table() -> str:
    """The key table of the help screen and the README (in the interface's language)."""
    rows = "".join(f"| {tr(key.shown)} | {tr(key.does)} |\n" for key in KEYS)
    return f"| {tr('key')} | {tr('does')} |\n| --- | --- |\n{rows}"
