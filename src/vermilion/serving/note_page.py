"""The check of a note's page shared by its readers (serving/hotcache.py): each reader's own part,
read with the one visibility query.

The page of a published note is the same for every reader but its author, except whether they
liked and collected it. For every other reader the ASGI layer asks this module for that part and
the note's counts; the answer comes from the notes' compiled visibility check (notes/reader_state.py,
the one the detail page asks), run with this reader's id, region and note. No row means the reader
may not see the note: Django answers.
"""

from __future__ import annotations

import asyncio
import logging

from vermilion.kit.replay import rendered_part
from vermilion.notes.present import live_part
from vermilion.notes.reader_state import VISIBLE
from vermilion.notes.views_counter import record_view, viewer_key

from .asyncdb import fetch_row, read_alias

log = logging.getLogger(__name__)


class NotePageCheck:
    async def part_for(self, user_id: int, region: str, target: int) -> bytes | None:
        alias = read_alias()
        if VISIBLE.ready(alias, True, region):
            compiled = VISIBLE.compiled(alias, True, region)
        else:  # compiling uses Django's database layer, which stays off the event loop
            compiled = await asyncio.to_thread(VISIBLE.compiled, alias, True, region)
        if compiled is None:
            return None
        row = await fetch_row(alias, compiled.sql, compiled.params(VISIBLE.values(user_id, region, [target])))
        if row is None:
            return None
        _, liked, board_id, likes, collects, comments, views = row
        return rendered_part(live_part(likes, collects, comments, views, bool(liked), board_id, False))

    async def served(self, user_id: int, target: int) -> None:
        # Once per reader and day, as on Django's path (views_counter), after the answer is sent.
        await asyncio.to_thread(record_view, target, viewer_key(user_id, "", ""))
