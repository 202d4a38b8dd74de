"""Lesson text and presets: content shipped in the wheel as package data (dltui._content).

labs/<lab-id>/lesson.en.md, lesson.fr.md — the lesson, Markdown.
labs/<lab-id>/presets.toml — one table per preset: `description` plus parameter values
(and optionally `steps`, and `speed`: steps per second in the app, so a fast run can be watched).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from .engine.i18n import language, tr
from .engine.lab import LabSpec
from .engine.params import ParamError, apply_values, defaults

LANGUAGES = ("en", "fr")
_RESERVED = {"description", "description_fr", "steps", "speed"}  # speed: the app's pace


def _folder(lab_id: str):
    return resources.files("dltui._content") / lab_id


def lesson(lab_id: str, lang: str = "en") -> str:
    path = _folder(lab_id) / f"lesson.{lang}.md"
    if not path.is_file():
        path = _folder(lab_id) / "lesson.en.md"
    return path.read_text(encoding="utf-8")


@cache
def presets(lab_id: str) -> dict[str, dict[str, Any]]:
    path = _folder(lab_id) / "presets.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def preset_description(preset: dict[str, Any]) -> str:
    """A preset's description in the interface's language (presets.toml: description_fr)."""
    if language() != "en":
        return preset.get(f"description_{language()}") or tr(preset.get("description", ""))
    return preset.get("description", "")


def content_ids() -> set[str]:
    root = resources.files("dltui._content")
    return {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")}


def resolve_config(
    lab: LabSpec, preset: str | None = None, overrides: dict[str, str] | None = None
) -> tuple[dict[str, Any], int | None]:
    """Defaults, then the preset, then overrides; checked. Returns (config, preset's steps)."""
    config = defaults(lab.params)
    steps = None
    if preset is not None:
        table = presets(lab.id)
        if preset not in table:
            names = ", ".join(table) or tr("none")
            raise ParamError(
                tr(
                    "unknown preset {preset!r} for {lab}; presets: {names}",
                    preset=preset,
                    lab=lab.id,
                    names=names,
                )
            )
        values = {k: v for k, v in table[preset].items() if k not in _RESERVED}
        config = apply_values(lab.params, config, values)
        steps = table[preset].get("steps")
    config = apply_values(lab.params, config, overrides or {})
    lab.check(config)
    return config, steps
