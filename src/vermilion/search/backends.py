"""Full-text backends behind one interface, chosen by the database vendor.

Both read the same segmented documents (models.SearchDocument): SQLite through an FTS5 table kept
in step by triggers, PostgreSQL through a generated tsvector column with a GIN index. A query
reaches them only as a tree of already-validated tokens (kit.segment.Concept), quoted by the
backend, so nothing a person types can become query syntax (`"`, `*`, `NEAR(`, `OR OR`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from django.db import connection, transaction

from vermilion.kit.segment import Concept

_TOKEN_RE = re.compile(r"^\w+$")

# Title matches weigh more than body matches.
TITLE_WEIGHT = 4.0


def _safe(token: str) -> str:
    # Tokens come from kit.segment and are letters and digits only; anything else is dropped, so a
    # bug upstream can never become an injected operator.
    return token if _TOKEN_RE.match(token) and "_" not in token else ""


class Backend(Protocol):
    vendor: str

    def match_expression(self, concepts: Sequence[Concept], require_all: bool) -> str: ...

    def ranked(self, expression: str, limit: int, since: int | None = None) -> list[tuple[int, float]]:
        """(note id, score) of the best-matching notes, best first; higher score is better. With
        `since`, only notes with that id or a newer one are ranked."""
        ...

    def newest_id(self, offset: int) -> int | None:
        """The id of the offset-th newest indexed note (0 is the newest), None past the oldest."""
        ...

    def matching_sql(self, expression: str) -> tuple[str, list[str]]:
        """A subquery selecting the ids of every matching note, for use in `pk IN (...)`."""
        ...


def _tree(concepts: Sequence[Concept], require_all: bool, quote: str, and_: str, or_: str) -> str:
    groups = []
    for concept in concepts:
        alternatives = []
        for tokens in concept.alternatives:
            safe = [f"{quote}{t}{quote}" for t in (_safe(t) for t in tokens) if t]
            if safe:
                alternatives.append(safe[0] if len(safe) == 1 else "(" + f" {and_} ".join(safe) + ")")
        if alternatives:
            groups.append(alternatives[0] if len(alternatives) == 1 else "(" + f" {or_} ".join(alternatives) + ")")
    return f" {and_ if require_all else or_} ".join(groups)


class SqliteBackend:
    vendor = "sqlite"

    def match_expression(self, concepts: Sequence[Concept], require_all: bool) -> str:
        return _tree(concepts, require_all, '"', "AND", "OR")

    def ranked(self, expression: str, limit: int, since: int | None = None) -> list[tuple[int, float]]:
        if not expression:
            return []
        with connection.cursor() as cursor:
            # bm25 is lower-is-better and negative; negate it so every backend ranks high-first.
            # FTS5 applies a rowid bound while it walks the posting lists.
            cursor.execute(
                f"SELECT rowid, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score FROM search_fts "  # noqa: S608
                "WHERE search_fts MATCH %s AND rowid >= %s ORDER BY score DESC LIMIT %s",
                [expression, since or 0, limit],
            )
            return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]

    def newest_id(self, offset: int) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM search_fts ORDER BY rowid DESC LIMIT 1 OFFSET %s", [offset])
            row = cursor.fetchone()
        return int(row[0]) if row else None

    def matching_sql(self, expression: str) -> tuple[str, list[str]]:
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression]


RANK_BOUND = 1000


class PostgresBackend:
    vendor = "postgresql"

    def match_expression(self, concepts: Sequence[Concept], require_all: bool) -> str:
        return _tree(concepts, require_all, "'", "&", "|")

    def ranked(self, expression: str, limit: int, since: int | None = None) -> list[tuple[int, float]]:
        if not expression:
            return []
        # The tsquery is cast, not parsed by to_tsquery: lexemes are taken verbatim, exactly as the
        # document's tokens were stored. Weights: D, C, B (body), A (title).
        # ts_rank reads and scores each match's whole vector: a word in one note in ten made that
        # most of a search's time (1,600 matches in the newest 20,000 notes: 30 ms). Only the newest
        # RANK_BOUND matches are scored; the best `limit` of them are returned.
        sql = (f"SELECT note_id, ts_rank('{{0.1, 0.2, 0.25, {0.25 * TITLE_WEIGHT}}}', tsv, q) AS score "  # noqa: S608
               "FROM (SELECT note_id, tsv FROM search_searchdocument WHERE tsv @@ CAST(%s AS tsquery) AND note_id >= %s "
               "ORDER BY note_id DESC LIMIT %s) AS newest, CAST(%s AS tsquery) AS q ORDER BY score DESC LIMIT %s")
        bound = max(limit, RANK_BOUND)
        with connection.cursor() as cursor:
            if not since:
                cursor.execute(sql, [expression, 0, bound, expression, limit])
                return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]
            # With an id bound the planner walks the primary key over the newest notes and tests
            # each document against the query, pricing `@@` as if it were free; intersecting the
            # GIN and primary-key bitmaps first reads only the matches (4x faster at 100,000
            # notes). SET LOCAL lasts to the end of the transaction, so it is switched back after.
            with transaction.atomic():
                cursor.execute("SELECT set_config('enable_indexscan', 'off', true)")
                cursor.execute(sql, [expression, since, bound, expression, limit])
                rows = cursor.fetchall()
                cursor.execute("SELECT set_config('enable_indexscan', 'on', true)")
        return [(int(row[0]), float(row[1])) for row in rows]

    def newest_id(self, offset: int) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT note_id FROM search_searchdocument ORDER BY note_id DESC LIMIT 1 OFFSET %s", [offset])
            row = cursor.fetchone()
        return int(row[0]) if row else None

    def matching_sql(self, expression: str) -> tuple[str, list[str]]:
        return "SELECT note_id FROM search_searchdocument WHERE tsv @@ CAST(%s AS tsquery)", [expression]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
