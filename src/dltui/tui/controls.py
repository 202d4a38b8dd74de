"""The knobs of a lab: one input per parameter. They display the screen's state and report.

The screen owns the values (`LabScreen.value`); a knob shows one and, when the learner types or
chooses something, posts `Controls.Submitted` with the raw text. The screen validates it (the
one path every change takes) and answers with `show` (the value now in force) and, if it refused,
`show_error` (the reason, under the knob).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from ..engine.i18n import tr
from ..engine.lab import LabSpec
from ..engine.params import Param

# Knobs of the screen itself, shown above the lab's own.
SCREEN_PARAMS = {
    "steps": Param("steps", 200, "steps in a run", low=1, high=10**7),
    "speed": Param(
        "speed",
        0.0,
        "steps per second, to watch (+/- keys); 0 = flat out",
        low=0,
        high=10**6,
        live=True,
    ),
}


class Controls(VerticalScroll):
    DEFAULT_CSS = """
    Controls { height: 1fr; padding: 0 1; }
    Controls .param { height: auto; }
    Controls .param-row { height: 1; }
    Controls .param-label { color: $text-muted; }
    Controls .param-label.live { color: $success; }
    Controls #legend { color: $text-muted; height: auto; }
    Controls .param-error { color: $error; height: auto; display: none; }
    Controls .param-error.shown { display: block; }
    Controls Input, Controls Select { width: 1fr; }
    Controls .param-row Button { width: 3; min-width: 3; }
    """

    class Browse(Message):
        """The learner asked to choose a file for knob `name` (its `…` button)."""

        def __init__(self, name: str):
            super().__init__()
            self.name = name

    class Submitted(Message):
        """The learner typed or chose `raw` for knob `name`; the screen decides."""

        def __init__(self, name: str, raw: Any):
            super().__init__()
            self.name, self.raw = name, raw

    def __init__(self, lab: LabSpec, value: Callable[[str], Any], **kwargs):
        super().__init__(**kwargs)
        self.lab = lab
        self.value = value  # the screen's current value of a knob
        names = [*SCREEN_PARAMS, *(p.name for p in lab.params)]
        # Labels as wide as the longest name (and its live mark), so values keep their room.
        self.label_width = max(len(n) for n in names) + 2

    def compose(self) -> ComposeResult:
        yield Static(tr("knob* applies live; others restart"), id="legend")
        for param in (*SCREEN_PARAMS.values(), *self.lab.params):
            yield from self._field(param)

    def _field(self, p: Param) -> ComposeResult:
        value = self.value(p.name)
        with Vertical(classes="param", id=f"field-{p.name}"):
            with Horizontal(classes="param-row"):
                label = Label(
                    f"{p.name}*" if p.live else p.name,
                    classes="param-label live" if p.live else "param-label",
                )
                label.styles.width = self.label_width
                label.styles.min_width = self.label_width
                yield label
                wid = f"param-{p.name}"
                tip = f"{tr(p.help)} ({p.allowed()})"
                if p.kind in ("choice", "bool"):
                    choices = p.choices if p.kind == "choice" else (True, False)
                    options = [(p.format(c) if p.kind == "bool" else str(c), c) for c in choices]
                    yield Select(
                        options, value=value, allow_blank=False, id=wid, tooltip=tip, compact=True
                    )
                else:
                    yield Input(p.format(value), id=wid, tooltip=tip, compact=True)
                if p.file:  # a knob that names a data file: a picker beside the typed path
                    yield Button(
                        "…",
                        id=f"browse-{p.name}",
                        compact=True,
                        tooltip=tr("choose a {kind} file", kind=p.file.upper()),
                    )
            yield Static("", classes="param-error", id=f"error-{p.name}")

    def param(self, name: str) -> Param:
        if name in SCREEN_PARAMS:
            return SCREEN_PARAMS[name]
        return next(p for p in self.lab.params if p.name == name)

    def show_relevant(self, visible: Iterable[str]) -> None:
        """Show only the knobs the current part reads (the screen's knobs always)."""
        shown = set(visible)
        for p in self.lab.params:
            self.query_one(f"#field-{p.name}").display = p.name in shown

    def show(self, name: str, value: Any) -> None:
        """Display the value in force, without announcing it."""
        widget = self.query_one(f"#param-{name}")
        with widget.prevent(Input.Submitted, Select.Changed):
            if isinstance(widget, Input):
                widget.value = self.param(name).format(value)
            else:
                widget.value = value

    def show_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.set_class(bool(message), "shown")

    def clear_errors(self) -> None:
        for error in self.query(".param-error.shown"):
            if isinstance(error, Static):
                error.update("")
                error.remove_class("shown")

    def _submit(self, name: str, raw: Any) -> None:
        self.post_message(self.Submitted(name, raw))

    @on(Button.Pressed)
    def _browse(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("browse-"):
            event.stop()
            self.post_message(self.Browse(event.button.id.removeprefix("browse-")))

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.input.id.removeprefix("param-"), event.value)

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        name = event.input.id.removeprefix("param-")
        if event.value.strip() != self.param(name).format(self.value(name)):
            self._submit(name, event.value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.BLANK:
            self._submit(event.select.id.removeprefix("param-"), str(event.value))
