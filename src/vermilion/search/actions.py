"""Writes of the search app: a note's document, the suggestion names, counted searches and each
person's recent searches."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from vermilion.accounts.models import User
from vermilion.kit.segment import document_text, pinyin_keys, query_concepts
from vermilion.kit.text import fold
from vermilion.notes.models import Note, Topic

from .models import QueryCount, RecentSearch, SearchDocument, Suggestion

MAX_SUGGESTED_QUERY_CHARS = 40
KEEP_RECENT = 20  # recent searches kept per person


def do_index_note(note_id: int) -> bool:
    """(Re)write a note's search document; a note that is not published (or is gone) loses it.

    Returns True when the note is in the index afterwards. Idempotent: tasks retry it freely.
    """
    note = Note.objects.filter(pk=note_id, deleted_at__isnull=True, status=Note.Status.PUBLISHED).prefetch_related(
        "topics").first()
    if note is None:
        SearchDocument.objects.filter(note_id=note_id).delete()
        return False
    topics = list(note.topics.all())
    body = "\n".join([note.body, " ".join(t.name for t in topics), note.location])
    SearchDocument.objects.update_or_create(
        note_id=note.pk, defaults={"title_tokens": document_text(note.title), "body_tokens": document_text(body)})
    for topic in topics:
        upsert_suggestion(Suggestion.Kind.TOPIC, topic.pk, topic.name, topic.notes_count)
    return True


def do_forget_note(note_id: int) -> None:
    SearchDocument.objects.filter(note_id=note_id).delete()


def upsert_suggestion(kind: str, ref: int, label: str, weight: int) -> None:
    key = fold(label)[:100]
    if not key:
        return
    pinyin, initials = pinyin_keys(label)
    Suggestion.objects.update_or_create(
        kind=kind, key=key, ref=ref,
        defaults={"label": label[:100], "pinyin": pinyin, "initials": initials, "weight": max(0, weight)})


def do_index_person(user: User) -> None:
    """A person is suggested by username and by display name (each prefix-matched, with pinyin)."""
    names = {user.username, user.display_name} - {""}
    Suggestion.objects.filter(kind=Suggestion.Kind.PERSON, ref=user.pk).exclude(
        key__in=[fold(n)[:100] for n in names]).delete()
    if not user.is_active:
        Suggestion.objects.filter(kind=Suggestion.Kind.PERSON, ref=user.pk).delete()
        return
    for name in names:
        upsert_suggestion(Suggestion.Kind.PERSON, user.pk, name, user.followers_count)


def do_refresh_weights(limit: int = 5000) -> int:
    """Topic and person suggestions weigh by notes in the topic and followers of the person; those
    counts change with F() updates that send no signal, so a periodic task copies them over."""
    from django.contrib.auth import get_user_model

    updated = 0
    for topic_id, count in Topic.objects.order_by("-notes_count").values_list("pk", "notes_count")[:limit]:
        updated += Suggestion.objects.filter(kind=Suggestion.Kind.TOPIC, ref=topic_id).exclude(
            weight=count).update(weight=count)
    people = get_user_model().objects.order_by("-followers_count").values_list("pk", "followers_count")[:limit]
    for user_id, count in people:
        updated += Suggestion.objects.filter(kind=Suggestion.Kind.PERSON, ref=user_id).exclude(
            weight=count).update(weight=count)
    return updated


def query_key(q: str) -> str:
    return " ".join(fold(q).split())[:100]


def searcher_key(user_id: int | None, address: str) -> str:
    """Who searched, for counting each searcher once: the account, else the network address."""
    return f"u{user_id}" if user_id is not None else f"a{address}"


def current_hour() -> int:
    return int(time.time() // 3600)


def do_record_search(q: str, searcher: str, found: bool) -> bool:
    """Count one searcher of a query in this hour (once per hour), for trending and suggestions.

    Only queries that found something and are short enough to be a topic of interest count, so a
    pasted paragraph or a typo never becomes a suggestion. Returns True if counted.
    """
    key = query_key(q)
    if not found or not key or len(key) > MAX_SUGGESTED_QUERY_CHARS or not query_concepts(key):
        return False
    hour = current_hour()
    digest = hashlib.sha256(f"{key}|{searcher}".encode()).hexdigest()[:24]
    if not cache.add(f"sq:{hour}:{digest}", 1, timeout=3700):
        return False
    if not QueryCount.objects.filter(key=key, hour=hour).update(searches=F("searches") + 1):
        try:
            with transaction.atomic():
                QueryCount.objects.create(key=key, hour=hour, searches=1)
        except IntegrityError:  # another process created this hour's row first
            QueryCount.objects.filter(key=key, hour=hour).update(searches=F("searches") + 1)
    if not Suggestion.objects.filter(kind=Suggestion.Kind.QUERY, key=key, ref=0).update(weight=F("weight") + 1):
        pinyin, initials = pinyin_keys(key)
        Suggestion.objects.get_or_create(kind=Suggestion.Kind.QUERY, key=key, ref=0,
                                         defaults={"label": " ".join(q.split())[:100], "pinyin": pinyin,
                                                   "initials": initials, "weight": 1})
    return True


def do_remember_search(user: User, q: str) -> bool:
    """Put a signed-in person's search at the top of their recent searches (the newest KEEP_RECENT
    are kept). Only searches with words in them are kept. Returns True if it was kept."""
    key = query_key(q)
    if not key or not query_concepts(key):
        return False
    label = " ".join(q.split())[:100]
    now = timezone.now()
    if not RecentSearch.objects.filter(user=user, key=key).update(label=label, searched_at=now):
        try:
            with transaction.atomic():
                RecentSearch.objects.create(user=user, key=key, label=label, searched_at=now)
        except IntegrityError:  # the same search from another tab, a moment earlier
            RecentSearch.objects.filter(user=user, key=key).update(label=label, searched_at=now)
        stale = RecentSearch.objects.filter(user=user).order_by("-searched_at", "-pk").values_list("pk", flat=True)[
            KEEP_RECENT:]
        RecentSearch.objects.filter(pk__in=list(stale)).delete()
    return True


def do_forget_searches(user: User, q: str | None = None) -> int:
    """Clear a person's recent searches: all of them, or the one that folds to `q`."""
    searches = RecentSearch.objects.filter(user=user)
    if q is not None:
        searches = searches.filter(key=query_key(q))
    deleted, _ = searches.delete()
    return deleted
