"""A note's life: create (as a draft or to publish), edit, publish, label, delete.

Counters that others read (an author's notes, a topic's notes) change only on the transitions
into and out of "published", in the same transaction, with F() expressions. Which moves between
states are allowed is declared in states.py; what others do about a change follows the events
emitted here (events.py, subscribers in vermilion/wiring/connections.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.accounts.standing import check_may_post
from vermilion.graph.queries import is_blocked_either_way
from vermilion.kit.errors import ApiError, field_error
from vermilion.kit.events import emit
from vermilion.kit.text import detect_language, display_width, find_mentions, find_topics, topic_key
from vermilion.media.actions import check_media_for_note, mark_attached
from vermilion.media.models import Media

from . import rules, states
from .events import NoteChanged, NotePublished, NoteRemoved
from .models import Mention, Note, NoteMedia, NoteTopic, Topic

_VISIBILITIES = {choice.value for choice in Note.Visibility}


def check_title(title: str, *, required: bool) -> str:
    title = " ".join(title.split())
    if not title and required:
        raise field_error("title", "title_required", _("Give your note a title."))
    limit = rules.title_max_width()
    if display_width(title) > limit:
        raise field_error(
            "title",
            "title_too_long",
            _("The title is too long: at most %(cjk)d Chinese characters or %(latin)d letters.")
            % {"cjk": limit // 2, "latin": limit},
        )
    return title


def check_body(body: str, *, required: bool) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body and required:
        raise field_error("body", "body_required", _("Write something about your note."))
    if len(body) > rules.body_max_chars():
        raise field_error(
            "body", "body_too_long", _("The text is too long: at most %(max)d characters.") % {"max": rules.body_max_chars()}
        )
    return body


def check_visibility(value: str | None) -> str:
    value = value or Note.Visibility.PUBLIC
    if value not in _VISIBILITIES:
        raise field_error("visibility", "invalid_visibility", _("Choose who can see this note: public, followers or private."))
    return value


def check_location(value: str | None) -> str:
    value = " ".join((value or "").split())
    if len(value) > rules.LOCATION_MAX_CHARS:
        raise field_error("location", "location_too_long", _("The place name is too long."))
    return value


def _topic_names(body: str, given: Iterable[str] | None) -> list[str]:
    names: dict[str, str] = {}
    for name in [*(given or []), *find_topics(body)]:
        name = name.strip().lstrip("#").strip()
        key = topic_key(name)
        if not key:
            continue
        if len(name) > 40:
            raise field_error("topics", "topic_too_long", _("Topics can be at most 40 characters."))
        names.setdefault(key, name)
    if len(names) > rules.max_topics():
        raise field_error("topics", "too_many_topics", _("Use at most %(max)d topics.") % {"max": rules.max_topics()})
    return list(names.values())


def resolve_topics(names: list[str]) -> list[Topic]:
    """Topics by folded key, created on first use; safe when two notes create one topic at once."""
    keys = {topic_key(name): name for name in names}
    Topic.objects.bulk_create([Topic(key=k, name=n) for k, n in keys.items()], ignore_conflicts=True)
    by_key = {t.key: t for t in Topic.objects.filter(key__in=keys)}
    return [by_key[k] for k in keys]


def _mentioned_users(author: User, body: str, given: Iterable[str] | None) -> list[User]:
    names = {name.lower() for name in [*(given or []), *find_mentions(body)] if name}
    if not names:
        return []
    if len(names) > rules.max_mentions():
        raise field_error("mentions", "too_many_mentions", _("Mention at most %(max)d people.") % {"max": rules.max_mentions()})
    users = User.objects.annotate(lname=Lower("username")).filter(lname__in=names, is_active=True)
    return [u for u in users if u.pk != author.pk and not is_blocked_either_way(author.pk, u.pk)]


def _check_media(author: User, media_ids: list[str] | None, *, required: bool) -> list[Media]:
    if not media_ids:
        if required:
            raise field_error("media_ids", "media_required", _("Add at least one photo or a video."))
        return []
    return check_media_for_note(author, list(media_ids), max_images=rules.max_images())


def _set_media(note: Note, media: list[Media]) -> None:
    NoteMedia.objects.filter(note=note).delete()
    NoteMedia.objects.bulk_create([NoteMedia(note=note, media=m, position=i) for i, m in enumerate(media)])
    if media:
        note.kind = media[0].kind
        mark_attached(media)


def _set_topics(note: Note, topics: list[Topic]) -> None:
    NoteTopic.objects.filter(note=note).delete()
    NoteTopic.objects.bulk_create([NoteTopic(note=note, topic=t, position=i) for i, t in enumerate(topics)])


def _set_mentions(note: Note, users: list[User]) -> list[int]:
    before = set(Mention.objects.filter(note=note).values_list("user_id", flat=True))
    Mention.objects.filter(note=note).exclude(user__in=users).delete()
    Mention.objects.bulk_create([Mention(note=note, user=u) for u in users], ignore_conflicts=True)
    return [u.pk for u in users if u.pk not in before]


def _adjust_published_counts(note: Note, delta: int, topic_ids: Iterable[int] | None = None) -> None:
    User.objects.filter(pk=note.author_id).update(notes_count=F("notes_count") + delta)
    ids = list(topic_ids) if topic_ids is not None else list(note.topics.values_list("pk", flat=True))
    Topic.objects.filter(pk__in=ids).update(notes_count=F("notes_count") + delta)


def _media_state(media: list[Media]) -> str:
    if any(m.status == Media.Status.FAILED for m in media):
        return Note.Status.FAILED
    if any(m.status == Media.Status.PROCESSING for m in media):
        return Note.Status.PROCESSING
    return Note.Status.PUBLISHED


def _go_live(note: Note, media: list[Media]) -> None:
    """Move a complete note towards published: now if its media are ready, else when they are."""
    state = _media_state(media)
    if state != note.status:
        states.check_lifecycle(note.status, state)
    note.status = state
    if state == Note.Status.FAILED:
        note.failure_reason = next((m.failure_reason for m in media if m.failure_reason), "") or str(
            _("A video could not be processed.")
        )
    note.save()
    if state == Note.Status.PUBLISHED:
        _mark_published(note)


def _mark_published(note: Note) -> None:
    Note.objects.filter(pk=note.pk).update(published_at=timezone.now())
    _adjust_published_counts(note, +1)
    emit(NotePublished(note_id=note.pk, author_id=note.author_id))


def do_create_note(
    author: User,
    *,
    title: str,
    body: str,
    media_ids: list[str] | None,
    topics: list[str] | None = None,
    mentions: list[str] | None = None,
    location: str | None = None,
    visibility: str | None = None,
    draft: bool = False,
    region: str = "",
    client_token: str = "",
) -> Note:
    if client_token:
        existing = Note.objects.filter(author=author, client_token=client_token).first()
        if existing is not None:
            return existing
    check_may_post(author)
    complete = not draft
    title = check_title(title, required=complete)
    body = check_body(body, required=complete)
    media = _check_media(author, media_ids, required=complete)
    note = Note(
        author=author,
        title=title,
        body=body,
        visibility=check_visibility(visibility),
        location=check_location(location),
        language=detect_language(f"{title}\n{body}"),
        ip_region=region,
        status=Note.Status.DRAFT,
        client_token=client_token[:64],
    )
    topic_objs = resolve_topics(_topic_names(body, topics))
    users = _mentioned_users(author, body, mentions)
    try:
        with transaction.atomic():
            note.save(force_insert=True)
    except IntegrityError:  # the same client token raced in from a retry
        return Note.objects.get(author=author, client_token=client_token)
    _set_media(note, media)
    _set_topics(note, topic_objs)
    _set_mentions(note, users)
    if complete:
        _go_live(note, media)
    else:
        note.save(update_fields=["kind"])
    return note


def _require_author(actor: User, note: Note) -> None:
    if note.author_id != actor.pk:
        raise ApiError("forbidden", _("Only the author can change this note."), status=403)


def do_update_note(actor: User, note: Note, changes: dict[str, Any], *, region: str = "") -> Note:
    """Edit any of title, body, media, topics, mentions, place and audience; checked first, then saved."""
    _require_author(actor, note)
    check_may_post(actor)  # an edit puts new words before readers: not while restricted
    live = note.status in (Note.Status.PUBLISHED, Note.Status.PROCESSING)
    required = note.status != Note.Status.DRAFT
    title = check_title(changes["title"], required=required) if changes.get("title") is not None else note.title
    body = check_body(changes["body"], required=required) if changes.get("body") is not None else note.body
    media = _check_media(actor, changes["media_ids"], required=required) if changes.get("media_ids") is not None else None
    visibility = check_visibility(changes["visibility"]) if changes.get("visibility") is not None else note.visibility
    location = check_location(changes["location"]) if changes.get("location") is not None else note.location
    topics_given = changes.get("topics")
    new_topics = (
        resolve_topics(_topic_names(body, topics_given))
        if topics_given is not None or changes.get("body") is not None
        else None
    )
    mentioned = _mentioned_users(actor, body, changes.get("mentions")) if changes.get("body") is not None else None

    if new_topics is not None:
        old_ids = set(note.topics.values_list("pk", flat=True))
        new_ids = {t.pk for t in new_topics}
        if note.status == Note.Status.PUBLISHED:
            Topic.objects.filter(pk__in=old_ids - new_ids).update(notes_count=F("notes_count") - 1)
            Topic.objects.filter(pk__in=new_ids - old_ids).update(notes_count=F("notes_count") + 1)
        _set_topics(note, new_topics)
    if media is not None:
        _set_media(note, media)
    newly_mentioned = _set_mentions(note, mentioned) if mentioned is not None else []
    note.title, note.body, note.visibility, note.location = title, body, visibility, location
    note.language = detect_language(f"{title}\n{body}")
    if live:
        note.edited_at = timezone.now()
        if region:
            note.ip_region = region
    note.save()
    if live and media is not None and note.status == Note.Status.PROCESSING:
        _go_live(note, media)
    published = note.status == Note.Status.PUBLISHED
    emit(NoteChanged(note_id=note.pk, author_id=note.author_id, published=published,
                     mentioned=tuple(newly_mentioned) if published else ()))
    return note


def do_set_labels(actor: User, note: Note, *, sponsored: bool, ai_generated: bool) -> Note:
    """The author says the note is sponsored (paid or gifted) and/or AI-generated; readers see it."""
    _require_author(actor, note)
    note.sponsored, note.ai_generated = sponsored, ai_generated
    note.save(update_fields=["sponsored", "ai_generated"])
    emit(NoteChanged(note_id=note.pk, author_id=note.author_id, published=note.status == Note.Status.PUBLISHED))
    return note


def label_sponsored_by_screening(note_id: int) -> None:
    """Screening found commercial content the author did not mark: readers see it labelled."""
    note = Note.objects.filter(pk=note_id, sponsored=False).first()
    if note is None:
        return
    Note.objects.filter(pk=note_id).update(sponsored=True, labelled_by_screening=True)
    emit(NoteChanged(note_id=note_id, author_id=note.author_id, published=note.status == Note.Status.PUBLISHED))


def do_publish(actor: User, note: Note, *, region: str = "") -> Note:
    """Publish a draft (or retry a failed one): every rule for a complete note applies now."""
    _require_author(actor, note)
    check_may_post(actor)
    if note.status in (Note.Status.PUBLISHED, Note.Status.PROCESSING):
        return note
    check_title(note.title, required=True)
    check_body(note.body, required=True)
    media = [link.media for link in note.media_links.select_related("media")]
    if not media:
        raise field_error("media_ids", "media_required", _("Add at least one photo or a video."))
    if region:
        note.ip_region = region
    note.failure_reason = ""
    _go_live(note, media)
    if note.status != Note.Status.PUBLISHED:  # waiting for its video, or failed: the author's pages show it
        emit(NoteChanged(note_id=note.pk, author_id=note.author_id, published=False))
    return note


def do_delete_note(actor: User, note: Note) -> None:
    _require_author(actor, note)
    if note.deleted_at is not None:
        return
    states.check_lifecycle(note.status, states.DELETED)
    was_published = note.status == Note.Status.PUBLISHED
    updated = Note.objects.filter(pk=note.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())
    if not updated:
        return
    emit(NoteRemoved(note_id=note.pk, author_id=note.author_id))
    if was_published:
        _adjust_published_counts(note, -1)
        # The author's "likes and collects received" counts what readers can still see.
        User.objects.filter(pk=note.author_id).update(
            likes_received_count=F("likes_received_count") - note.likes_count,
            collects_received_count=F("collects_received_count") - note.collects_count,
        )


def publish_waiting_notes(media_id: int) -> None:
    """A video finished processing: the notes waiting for it publish, or fail."""
    with transaction.atomic():
        waiting = Note.objects.select_for_update().filter(
            media_links__media_id=media_id, status=Note.Status.PROCESSING, deleted_at__isnull=True
        )
        for note in waiting:
            _go_live(note, [link.media for link in note.media_links.select_related("media")])
