"""The knobs of a lab: one input per parameter, validated inline.

A value is parsed by the lab's own `Param` (the same rules as the CLI). A refused value shows
its reason under the input and the previous value is put back; an accepted one is announced
with `Controls.Changed`, and the screen decides whether it applies live or restarts the run.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from ..engine.lab import LabSpec
from ..engine.params import Param, ParamError

# Knobs of the screen itself, shown above the lab's own.
SCREEN_PARAMS = {
    "steps": Param("steps", 200, "steps in a run", low=1, high=10**7),
    "speed": Param(
        "speed", 0.0, "steps per second, to watch; 0 = flat out", low=0, high=10**6, live=True
    ),
}


class Controls(VerticalScroll):
    DEFAULT_CSS = """
    Controls { height: 1fr; padding: 0 1; }
    Controls .param { height: auto; }
    Controls .param-row { height: 1; }
    Controls .param-label { width: 15; color: $text-muted; }
    Controls .param-label.live { color: $success; }
    Controls #legend { color: $text-muted; height: 1; }
    Controls .param-error { color: $error; height: auto; display: none; }
    Controls .param-error.shown { display: block; }
    Controls Input, Controls Select { width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, name: str, value: Any, previous: Any):
            super().__init__()
            self.name, self.value, self.previous = name, value, previous

    def __init__(
        self, lab: LabSpec, config: dict[str, Any], steps: int, speed: float = 0.0, **kwargs
    ):
        super().__init__(**kwargs)
        self.lab = lab
        self.config = dict(config)
        self.steps = steps
        self.speed = speed

    def compose(self) -> ComposeResult:
        yield Static("knob* applies live; others restart", id="legend")
        yield from self._field(self.param("steps"))
        yield from self._field(self.param("speed"))
        for param in self.lab.params:
            yield from self._field(param)

    def _field(self, p: Param) -> ComposeResult:
        value = self.current(p.name)
        with Vertical(classes="param", id=f"field-{p.name}"):
            with Horizontal(classes="param-row"):
                label = f"{p.name}*" if p.live else p.name
                yield Label(label, classes="param-label live" if p.live else "param-label")
                wid = f"param-{p.name}"
                tip = f"{p.help} ({p.allowed()})"
                if p.kind in ("choice", "bool"):
                    choices = p.choices if p.kind == "choice" else (True, False)
                    options = [(p.format(c) if p.kind == "bool" else str(c), c) for c in choices]
                    yield Select(
                        options, value=value, allow_blank=False, id=wid, tooltip=tip, compact=True
                    )
                else:
                    yield Input(p.format(value), id=wid, tooltip=tip, compact=True)
            yield Static("", classes="param-error", id=f"error-{p.name}")

    def on_mount(self) -> None:
        self.show_relevant()

    def show_relevant(self) -> None:
        """Hide the knobs the current config does not use (a per-part view of the lab)."""
        shown = set(self.lab.visible(self.config))
        for p in self.lab.params:
            self.query_one(f"#field-{p.name}").display = p.name in shown

    def param(self, name: str) -> Param:
        if name in SCREEN_PARAMS:
            return SCREEN_PARAMS[name]
        return next(p for p in self.lab.params if p.name == name)

    def current(self, name: str) -> Any:
        return getattr(self, name) if name in SCREEN_PARAMS else self.config[name]

    def show_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.set_class(bool(message), "shown")

    def set_value(self, name: str, value: Any) -> None:
        """Show a value chosen elsewhere (a preset, a key nudge) without announcing it."""
        if name in SCREEN_PARAMS:
            setattr(self, name, value)
        else:
            self.config[name] = value
        widget = self.query_one(f"#param-{name}")
        with widget.prevent(Input.Submitted, Select.Changed):
            if isinstance(widget, Input):
                widget.value = self.param(name).format(value)
            else:
                widget.value = value

    def _submit(self, name: str, raw: Any) -> None:
        param = self.param(name)
        previous = self.current(name)
        try:
            value = param.parse(raw)
            if name not in SCREEN_PARAMS:
                self.lab.check({**self.config, name: value})
        except ParamError as exc:
            self.show_error(name, f"✗ {exc}; kept {param.format(previous)}")
            self.set_value(name, previous)
            return
        self.show_error(name, "")
        if value == previous:
            return
        self.set_value(name, value)
        self.show_relevant()
        self.post_message(self.Changed(name, value, previous))

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.input.id.removeprefix("param-"), event.value)

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        name = event.input.id.removeprefix("param-")
        if event.value.strip() != self.param(name).format(self.current(name)):
            self._submit(name, event.value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.BLANK:
            self._submit(event.select.id.removeprefix("param-"), str(event.value))
