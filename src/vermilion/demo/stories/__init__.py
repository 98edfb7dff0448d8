"""The demo's notes, by theme, each module written for Vermilion (no corpus, no generated text)."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from ..records import DemoNote
from . import cats, crafts, food, language, study, travel, walks

_MODULES: tuple[ModuleType, ...] = (cats, food, walks, language, study, travel, crafts)

# Short reactions by theme: anyone may leave them under any note of that theme.
REACTIONS: dict[str, tuple[str, ...]] = {module.THEME: module.REACTIONS for module in _MODULES}

NOTES: tuple[DemoNote, ...] = tuple(replace(note, theme=module.THEME) for module in _MODULES for note in module.NOTES)
