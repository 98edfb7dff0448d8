"""The check of a note's page shared by its readers (serving/hotcache.py): each reader's own part,
read with the one visibility query.

The page of a published note is the same for every reader but its author, except whether they
liked and collected it. For every other reader the ASGI layer asks this module for that part and
the note's counts; the answer comes from `Note.objects.visible_to(reader)` with the reader's like
and collect annotated (the detail page's own query), compiled by Django once per shape of region and run with this
reader's id, region and note. No row means the reader may not see the note: Django answers.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from vermilion.kit.replay import rendered_part
from vermilion.notes.models import Note
from vermilion.notes.present import live_part, with_viewer_state
from vermilion.notes.views_counter import record_view, viewer_key

from .asyncdb import fetch_row, read_alias

log = logging.getLogger(__name__)

# Stand-ins compiled into the query and replaced by each reader's values; no real id or region
# code can be equal to them (ids are positive below 2**53; region codes are ISO codes).
_USER, _NOTE = -900_000_000_000_001, -900_000_000_000_003
_REGIONS = {"": ("", ""), "plain": ("Q1", ""), "dashed": ("Q2-Q3", "Q2")}
_COUNTS = ("likes_count", "collects_count", "comments_count", "views_count")  # live_part's order


@dataclass(frozen=True)
class Compiled:
    sql: str
    slots: tuple[Any, ...]  # per parameter: "user", "note", "region", "prefix" or ("=", value)


def _shape(region: str) -> str:
    return "" if not region else ("dashed" if "-" in region else "plain")


def compile_check(alias: str, shape: str) -> Compiled | None:
    """The detail page's visibility query for a stand-in reader, with where each reader's values go."""
    region, prefix = _REGIONS[shape]
    query = with_viewer_state(Note.objects.visible_to_id(_USER, region).filter(pk=_NOTE), _USER)
    sql, params = query.values_list("viewer_liked", "viewer_board", *_COUNTS).query.get_compiler(using=alias).as_sql()
    slots: list[Any] = []
    for value in params:
        if isinstance(value, int) and value == _USER:
            slots.append("user")
        elif isinstance(value, int) and value == _NOTE:
            slots.append("note")
        elif region and value == region:
            slots.append("region")
        elif prefix and value == prefix:
            slots.append("prefix")
        else:
            slots.append(("=", value))
    expected = {"note": 1, "region": 1 if region else 0, "prefix": 1 if prefix else 0}
    if any(slots.count(name) != count for name, count in expected.items()) or "user" not in slots \
            or str(abs(_USER)) in sql or str(abs(_NOTE)) in sql:
        log.error("the note page's visibility query did not compile as expected; it is answered by Django")
        return None
    return Compiled(sql, tuple(slots))


_compiled: dict[tuple[str, str], Compiled | None] = {}


class NotePageCheck:
    async def part_for(self, user_id: int, region: str, target: int) -> bytes | None:
        alias, shape = read_alias(), _shape(region)
        if (alias, shape) not in _compiled:
            _compiled[(alias, shape)] = await asyncio.to_thread(compile_check, alias, shape)
        compiled = _compiled[(alias, shape)]
        if compiled is None:
            return None
        values = {"user": user_id, "note": target, "region": region, "prefix": region.split("-")[0]}
        params = [values[slot] if isinstance(slot, str) else slot[1] for slot in compiled.slots]
        row = await fetch_row(alias, compiled.sql, params)
        if row is None:
            return None
        liked, board_id, likes, collects, comments, views = row
        return rendered_part(live_part(likes, collects, comments, views, bool(liked), board_id, False))

    async def served(self, user_id: int, target: int) -> None:
        # Once per reader and day, as on Django's path (views_counter), after the answer is sent.
        await asyncio.to_thread(record_view, target, viewer_key(user_id, "", ""))
