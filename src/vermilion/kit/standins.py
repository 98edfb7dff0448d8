"""A query compiled by Django once, with stand-ins where each call's own values go, then run many
times with real ones.

Building and compiling a queryset with a handful of subqueries (visibility: blocks, mutes, bans,
regional rules, feedback) costs a page several milliseconds of CPU, every time, for SQL that differs
only in its parameters. The caller builds the query once with stand-in values no real one can
equal, `compile_with_stand_ins` records which parameter each stand-in became, and `Compiled.params`
fills in a call's values. If a stand-in does not come out as a parameter exactly where expected
(Django compiled it into the text, or dropped it), compiling returns None and the caller keeps
using the ORM.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Compiled:
    sql: str
    slots: tuple[Any, ...]  # per parameter: a stand-in's name (":list"/":json" for id lists) or ("=", value)

    def params(self, values: Mapping[str, Any]) -> list[Any]:
        out: list[Any] = []
        for slot in self.slots:
            if isinstance(slot, tuple):
                out.append(slot[1])
            elif slot.endswith(":list"):
                out.append([int(v) for v in values[slot[:-5]]])
            elif slot.endswith(":json"):
                out.append(json.dumps([int(v) for v in values[slot[:-5]]]))
            else:
                out.append(values[slot])
        return out

    def rows(self, alias: str, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, self.params(values))
            return list(cursor.fetchall())


def _slot(value: Any, stand_ins: Mapping[str, Any]) -> Any:
    for name, stand in stand_ins.items():
        if isinstance(stand, list):
            if isinstance(value, list) and value == stand:
                return f"{name}:list"
            if isinstance(value, str) and value == json.dumps(stand):
                return f"{name}:json"
        elif isinstance(stand, int) and isinstance(value, int) and not isinstance(value, bool) and value == stand:
            return name  # psycopg's backend passes its own int subclasses (Int8, Int4)
        elif isinstance(stand, str) and isinstance(value, str) and value == stand:
            return name
    return ("=", value)


def compile_with_stand_ins(query: QuerySet[Any], alias: str, stand_ins: Mapping[str, Any],
                           required: Sequence[str]) -> Compiled | None:
    """`query` (built with `stand_ins`' values) as SQL with a slot per parameter; None when one of
    `required` is not a parameter of it, or any stand-in shows in the SQL text itself."""
    sql, params = query.query.get_compiler(using=alias).as_sql()
    slots = tuple(_slot(value, stand_ins) for value in params)
    named = {slot.split(":")[0] for slot in slots if isinstance(slot, str)}
    literals = [str(abs(v)) for v in stand_ins.values() if isinstance(v, int)]
    literals += [str(abs(v)) for s in stand_ins.values() if isinstance(s, list) for v in s]
    if not set(required) <= named or any(text in sql for text in literals):
        return None
    return Compiled(sql, slots)


# A reader's region is compiled into visibility queries as one or two parameters (the code, and its
# country for a subdivision such as "CN-GD"); the SQL differs by which, so each shape is compiled
# once. No real id or ISO region code is equal to these stand-ins.
READER = -900_000_000_000_021
IDS = [-900_000_000_000_023]
_REGION_SHAPES = {"": ("", ""), "plain": ("Q5", ""), "dashed": ("Q6-Q7", "Q6")}


def region_shape(region: str) -> str:
    return "" if not region else ("dashed" if "-" in region else "plain")


class ShapedQuery:
    """A query about some notes for one reader, compiled once per database alias, kind of reader
    (signed in or not) and shape of region, then run with each call's reader, region and ids.

    `build(reader_id, region, ids)` makes the queryset (its rows: anything the caller reads);
    it is called with stand-ins only. `rows` answers None when the query did not compile as
    expected: the caller then asks the ORM.
    """

    def __init__(self, name: str, build: Callable[[int | None, str, list[int]], QuerySet[Any]]) -> None:
        self.name, self.build = name, build
        self._compiled: dict[tuple[str, bool, str], Compiled | None] = {}

    def ready(self, alias: str, signed_in: bool, region: str) -> bool:
        return (alias, signed_in, region_shape(region)) in self._compiled

    def compiled(self, alias: str, signed_in: bool, region: str) -> Compiled | None:
        shape = region_shape(region)
        key = (alias, signed_in, shape)
        if key not in self._compiled:
            stand_region, stand_prefix = _REGION_SHAPES[shape]
            reader = READER if signed_in else None
            stand_ins: dict[str, Any] = {"ids": IDS, "reader": reader, "region": stand_region, "prefix": stand_prefix}
            required = [name for name, value in stand_ins.items() if value]
            self._compiled[key] = compile_with_stand_ins(self.build(reader, stand_region, IDS), alias,
                                                         {k: v for k, v in stand_ins.items() if v}, required)
            if self._compiled[key] is None:
                log.error("%s did not compile as expected; it is asked through the ORM", self.name)
        return self._compiled[key]

    @staticmethod
    def values(reader_id: int | None, region: str, ids: Sequence[int]) -> dict[str, Any]:
        return {"reader": reader_id, "region": region, "prefix": region.split("-")[0], "ids": list(ids)}

    def rows(self, alias: str, reader_id: int | None, region: str, ids: Sequence[int]) -> list[tuple[Any, ...]] | None:
        compiled = self.compiled(alias, reader_id is not None, region)
        if compiled is None:
            return None
        return compiled.rows(alias, self.values(reader_id, region, ids))
