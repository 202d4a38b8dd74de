"""The footer, fitted to the terminal's width: compact, and when the keys still do not fit,
the least needed ones leave it first (the help screen, `?`, always lists them all)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions whose keys leave a footer too narrow for them, first to last. A lab's own keys (GAN's
# d / g / b), run/pause, step, pace and zoom stay.
DROP_ORDER = ("new_seed", "restart", "app.quit", "back", "toggle_lesson", "help", "step")


def key_width(item: Widget) -> int:
    """Cells a compact footer key takes: key, space, label, and the gap after it (the palette's
    key, docked right, has a border instead)."""
    if not isinstance(item, FooterKey):
        return 0
    label = 1 + cell_len(item.description) if item.description else 0
    return cell_len(item.key_display) + label + 1


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)
        self._width = 0

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        width = self.app.size.width
        for action in DROP_ORDER:
            if sum(key_width(item) for item in items) <= width:
                break
            items = [i for i in items if getattr(i, "action", None) != action]
        self._width = width
        yield from items

    async def on_resize(self, event: Resize) -> None:
        if self.app.size.width != self._width and self._bindings_ready:
            await self.recompose()
