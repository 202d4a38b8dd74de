"""Zoom: one panel fills the screen (status line and footer stay), so a plot squeezed into a
small terminal can be read with its axes, key and colour bar. `z` zooms the panel holding the
focus (else the first), `z` again the next one, and past the last back to all; escape too."""

from __future__ import annotations

from textual.screen import Screen

from ..engine.i18n import tr
from .view_widgets import Panel


def zoom_next(screen: Screen, panels: list[Panel]) -> Panel | None:
    """Zoom the next panel after the zoomed one (the focused one's, or the first, when none is);
    None: back to all the panels."""
    shown = [p for p in panels if p.display]
    if not shown:
        return None
    zoomed = screen.maximized
    if isinstance(zoomed, Panel) and zoomed in shown:
        following = shown[shown.index(zoomed) + 1 :]
        target = following[0] if following else None
    else:
        focused = screen.focused
        target = next(
            (p for p in shown if focused is not None and focused in p.walk_children()), shown[0]
        )
    if target is None:
        screen.minimize()
        return None
    position = shown.index(target) + 1
    target.border_subtitle = tr("{n} of {total} · z next · esc back", n=position, total=len(shown))
    screen.maximize(target, container=False)
    return target
