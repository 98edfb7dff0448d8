"""The states a note (and, for moderation, a comment or a message) can be in, and the moves between
them. Declared once, here; the notes actions, moderation and the visibility query all use these.

Two independent dimensions:

- **lifecycle** (a note's `status`, with deletion kept as `deleted_at`): a draft is published, or
  waits in processing for its video, or fails when a video cannot be processed; a failed note can
  be tried again. Deletion is final and open from every state. A published note stays published
  (edits change it in place).
- **moderation** (`moderation` on notes, comments and messages): ok, limited (visible, never
  recommended), held (only its author sees it, "under review"), removed. Automated screening only
  ever escalates, so it never undoes what a moderator decided; a moderator may move content from
  any state to any other (approving what screening held, reversing a removal on appeal).
"""

from __future__ import annotations

from django.db import models


class Lifecycle(models.TextChoices):
    DRAFT = "draft"
    PROCESSING = "processing"
    PUBLISHED = "published"
    FAILED = "failed"


class Moderation(models.TextChoices):
    OK = "ok"
    LIMITED = "limited"  # visible, never recommended
    HELD = "held"  # visible only to its author, "under review"
    REMOVED = "removed"


DRAFT, PROCESSING, PUBLISHED, FAILED = (s.value for s in Lifecycle)
DELETED = "deleted"  # not a status value: a note is deleted when `deleted_at` is set
OK, LIMITED, HELD, REMOVED = (s.value for s in Moderation)

# Moderation states in which readers other than the author still see content.
SHOWN_TO_READERS = (OK, LIMITED)
# From mildest to strictest: screening may only move content rightwards.
SEVERITY = (OK, LIMITED, HELD, REMOVED)

LIFECYCLE_MOVES: dict[str, frozenset[str]] = {
    DRAFT: frozenset({PROCESSING, PUBLISHED, FAILED, DELETED}),
    PROCESSING: frozenset({PUBLISHED, FAILED, DELETED}),
    FAILED: frozenset({PROCESSING, PUBLISHED, FAILED, DELETED}),  # a retry may fail again
    PUBLISHED: frozenset({DELETED}),
    DELETED: frozenset(),
}

SCREENING, MODERATOR = "screening", "moderator"
MODERATION_MOVES: dict[str, dict[str, frozenset[str]]] = {
    SCREENING: {state: frozenset(SEVERITY[SEVERITY.index(state) + 1:]) for state in SEVERITY},
    MODERATOR: {state: frozenset(s for s in SEVERITY if s != state) for state in SEVERITY},
}


class IllegalMove(ValueError):
    pass


def lifecycle_allows(current: str, new: str) -> bool:
    return new in LIFECYCLE_MOVES.get(current, frozenset())


def check_lifecycle(current: str, new: str) -> None:
    if not lifecycle_allows(current, new):
        raise IllegalMove(f"a note cannot go from {current} to {new}")


def moderation_allows(current: str, new: str, by: str) -> bool:
    return new in MODERATION_MOVES[by].get(current, frozenset())


def moderation_sources(new: str, by: str) -> tuple[str, ...]:
    """The states from which `by` may move content to `new`: a conditional UPDATE's filter, so two
    racing decisions cannot make a move the table forbids."""
    return tuple(state for state, targets in MODERATION_MOVES[by].items() if new in targets)


def lifecycle_sources(new: str) -> tuple[str, ...]:
    return tuple(state for state, targets in LIFECYCLE_MOVES.items() if new in targets and state != DELETED)
