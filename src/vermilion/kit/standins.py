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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet


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
