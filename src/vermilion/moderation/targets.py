"""The content a case or a screening is about, read and changed through one small interface, so
the rest of the app never branches on notes versus comments versus messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

from vermilion.accounts.actions import clear_profile_text
from vermilion.accounts.models import User
from vermilion.kit.events import emit
from vermilion.media.models import Media
from vermilion.messaging.models import Message
from vermilion.notes import states
from vermilion.notes.models import Comment, Note

from .events import ModerationDecided
from .models import Decision, Strike, Target

# Moderation states on notes, comments and messages (notes/states.py declares them and their moves).
OK, LIMITED, HELD, REMOVED = states.OK, states.LIMITED, states.HELD, states.REMOVED


@dataclass
class Content:
    target_type: str
    target_id: int
    author_id: int | None
    title: str = ""
    text: str = ""
    media: list[Media] = field(default_factory=list)
    language: str = ""
    region: str = ""
    reach: int = 0
    state: str = OK
    url: str = ""
    created_at: datetime | None = None

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}".strip()


def _rows(target_type: str, target_id: int) -> QuerySet[Any] | None:
    model: type[Model] | None = {Target.NOTE: Note, Target.COMMENT: Comment, Target.MESSAGE: Message}.get(
        Target(target_type))
    return model._default_manager.filter(pk=target_id) if model is not None else None


def load(target_type: str, target_id: int) -> Content | None:
    """The content as it stands, or None when it no longer exists (deleted by its author)."""
    if target_type in (Target.USER, Target.PROFILE):
        user = User.objects.filter(pk=target_id).first()
        if user is None:
            return None
        return Content(target_type, user.pk, user.pk, title=user.display_name, text=user.bio, region=user.ip_region,
                       media=[user.avatar] if target_type == Target.PROFILE and user.avatar is not None else [],
                       reach=user.followers_count, url=f"/u/{user.username}", created_at=user.date_joined)
    if target_type == Target.IMAGE:
        media = Media.objects.filter(pk=target_id).first()
        return None if media is None else Content(target_type, media.pk, media.owner_id, media=[media],
                                                    created_at=media.created_at)
    rows = _rows(target_type, target_id)
    if rows is None:
        return None
    row = rows.first()
    if row is None or getattr(row, "deleted_at", None) is not None:
        return None
    if target_type == Target.NOTE:
        topics = " ".join(f"#{t.name}" for t in row.topics.all())
        return Content(target_type, row.pk, row.author_id, title=row.title, text=f"{row.body}\n{topics}".strip(),
                       media=[link.media for link in row.media_links.select_related("media")],
                       language=row.language, region=row.ip_region,
                       reach=row.views_count + 10 * row.author.followers_count, state=row.moderation,
                       url=f"/n/{row.pk}", created_at=row.created_at)
    if target_type == Target.COMMENT:
        return Content(target_type, row.pk, row.author_id, text=row.body, media=[row.media] if row.media else [],
                       language=row.language, region=row.ip_region, reach=row.note.views_count // 10 + row.likes_count,
                       state=row.moderation, url=f"/n/{row.note_id}", created_at=row.created_at)
    return Content(target_type, row.pk, row.sender_id, text=row.body, media=[row.media] if row.media else [],
                   state=row.moderation, reach=1, created_at=row.created_at)


def set_state(target_type: str, target_id: int, state: str, *, by: str = states.MODERATOR) -> bool:
    """Move content to a moderation state; True if it changed. Which moves `by` may make is declared
    in notes/states.py: screening only ever escalates, so it never undoes what a moderator decided."""
    rows = _rows(target_type, target_id)
    if rows is None:
        if target_type == Target.PROFILE and state == REMOVED:
            return clear_profile_text(target_id)
        return False
    changed = bool(rows.filter(moderation__in=states.moderation_sources(state, by)).update(moderation=state))
    if changed:
        emit(ModerationDecided(target_type=target_type, target_id=target_id, state=state))
    return changed


def author_history(user_id: int | None) -> dict[str, Any]:
    if user_id is None:
        return {}
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return {}
    now = timezone.now()
    return {
        "username": user.username,
        "joined": user.date_joined,
        "followers": user.followers_count,
        "notes": Note.objects.filter(author_id=user_id, deleted_at__isnull=True).count(),
        "comments": Comment.objects.filter(author_id=user_id, deleted_at__isnull=True).count(),
        "active_strikes": Strike.objects.filter(user_id=user_id, revoked=False, expires_at__gt=now).count(),
        "recent_decisions": list(Decision.objects.filter(user_id=user_id).order_by("-created_at")
                                 .values("id", "action", "ground", "created_at")[:10]),
    }


def disclosed_sponsored(note_id: int) -> bool:
    """Whether the note carries the sponsored label (then ads in it are disclosed)."""
    return Note.objects.filter(pk=note_id, sponsored=True).exists()
