"""What the feed does when others change things (durable subscribers, vermilion/wiring/connections.py): a
published or edited note gets its meaning (re)computed, a published one is fanned out to its
author's followers' Following timelines; a reader's signals and choices make their kept Discover
ranking stale or gone (feed/ranked.py)."""

from __future__ import annotations

import logging

from django.db import transaction
from redis.exceptions import RedisError

from vermilion.graph.events import BlockChanged, FollowChanged, MuteChanged
from vermilion.graph.models import Follow
from vermilion.kit.tasks import enqueue
from vermilion.notes.events import CommentPosted, NoteChanged, NotePublished, ReactionChanged
from vermilion.notes.models import Note

from . import ranked, tasks, timeline
from .embeddings import encode, note_text, text_hash, to_blob
from .events import ReaderPreferencesChanged
from .models import NoteEmbedding

log = logging.getLogger(__name__)


def embed_note(event: NotePublished | NoteChanged) -> None:
    if isinstance(event, NoteChanged) and not event.published:
        return
    note = Note.objects.filter(pk=event.note_id, deleted_at__isnull=True).prefetch_related("topics").first()
    if note is None:
        return
    text = note_text(note.title, note.body, [t.name for t in note.topics.all()])
    digest = text_hash(text)
    if NoteEmbedding.objects.filter(note_id=note.pk, text_hash=digest).exists():
        return  # an edit that did not change the text, or a retried delivery
    vector = encode([text])[0]  # outside the transaction: the encoder takes milliseconds, not a lock
    with transaction.atomic():
        NoteEmbedding.objects.update_or_create(note_id=note.pk, defaults={"vector": to_blob(vector), "text_hash": digest})


def fan_out_note(event: NotePublished) -> None:
    """Deliver a newly published note to its author's followers' Following timelines (Redis)."""
    redis = timeline.client()
    if redis is None:
        return  # no Redis: Following is read from the database
    note = Note.objects.filter(pk=event.note_id, status=Note.Status.PUBLISHED, deleted_at__isnull=True).select_related(
        "author").first()
    if note is None or note.author.followers_count >= timeline.BIG_AUTHOR_FOLLOWERS:
        return  # big authors are merged on read
    followers = list(Follow.objects.filter(followee_id=note.author_id).values_list("follower_id", flat=True))
    try:
        timeline.fan_out(redis, note.pk, note.author_id, followers)
    except RedisError:
        # Publishing must not fail because Redis is away; readers whose timelines missed this note
        # get it when their timeline is next rebuilt (docs/operations.md, "When Redis is down").
        log.warning("fan-out of note %s skipped: Redis unavailable", note.pk, exc_info=True)


def _reader_of(event: ReactionChanged | CommentPosted | MuteChanged | FollowChanged | ReaderPreferencesChanged) -> int:
    if isinstance(event, CommentPosted):
        return event.author_id
    if isinstance(event, MuteChanged):
        return event.muter_id
    if isinstance(event, FollowChanged):
        return event.follower_id
    return event.user_id


def ranking_signal(event: ReactionChanged | CommentPosted | BlockChanged | MuteChanged) -> None:
    """The reader's taste moved a little (a like, a collect, a comment) or someone left their page (a
    block or mute, which every page re-checks anyway): their kept Discover ranking is rebuilt once
    the signals settle (feed/queries.py, `_wants_refresh`), not per signal."""
    if isinstance(event, ReactionChanged) and event.kind not in ("like_note", "collect"):
        return
    readers = [event.blocker_id, event.blocked_id] if isinstance(event, BlockChanged) else [_reader_of(event)]
    kept = ranked.store()
    ranked.safely(None, kept.mark_stale, [ranked.reader_key(r) for r in readers])


def ranking_choice(event: FollowChanged | ReaderPreferencesChanged) -> None:
    """The reader chose (followed someone, turned the familiar/discovery dial, said "not interested"):
    their next Discover must not start from the ranking made before, so it is set aside (a page
    already scrolling it reads on) and a new one is ranked for them at once by the worker, for the
    region and language they last read in."""
    kept = ranked.store()
    key = ranked.reader_key(_reader_of(event))
    slot: ranked.Slot = ranked.safely(ranked.Slot(), kept.read, key)
    ranked.safely(None, kept.set_aside, key)
    if slot.current is not None:
        region, language, reading = slot.current.variant.split("|")
        enqueue(tasks.refresh_discover, _reader_of(event), region, language, reading)
