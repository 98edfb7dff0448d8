"""The content a case or a screening is about, read and changed through one small interface, so
the rest of the app never branches on notes versus comments versus messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from vermilion.kit.generations import bump_site

from .models import Target

# Moderation states on notes, comments and messages (the same words in all three models).
OK, LIMITED, HELD, REMOVED = "ok", "limited", "held", "removed"
_ORDER = [OK, LIMITED, HELD, REMOVED]


@dataclass
class Content:
    target_type: str
    target_id: int
    author_id: int | None
    title: str = ""
    text: str = ""
    media: list[Any] = field(default_factory=list)
    language: str = ""
    region: str = ""
    reach: int = 0
    state: str = OK
    url: str = ""
    created_at: Any = None

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}".strip()


def _model(target_type: str) -> Any:
    from vermilion.messaging.models import Message
    from vermilion.notes.models import Comment, Note

    return {Target.NOTE: Note, Target.COMMENT: Comment, Target.MESSAGE: Message}.get(Target(target_type))


def load(target_type: str, target_id: int) -> Content | None:
    """The content as it stands, or None when it no longer exists (deleted by its author)."""
    from vermilion.media.models import Media

    if target_type in (Target.USER, Target.PROFILE):
        user = get_user_model().objects.filter(pk=target_id).first()
        if user is None:
            return None
        return Content(target_type, user.pk, user.pk, title=user.display_name, text=user.bio, region=user.ip_region,
                       media=[user.avatar] if target_type == Target.PROFILE and user.avatar_id else [],
                       reach=user.followers_count, url=f"/u/{user.username}", created_at=user.date_joined)
    if target_type == Target.IMAGE:
        media = Media.objects.filter(pk=target_id).first()
        return None if media is None else Content(target_type, media.pk, media.owner_id, media=[media],
                                                    created_at=media.created_at)
    model = _model(target_type)
    if model is None:
        return None
    row = model.objects.filter(pk=target_id).first()
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


def set_state(target_type: str, target_id: int, state: str, *, only_escalate: bool = False) -> bool:
    """Move content to a moderation state; True if it changed. Screening only ever escalates:
    it never undoes what a moderator decided."""
    model = _model(target_type)
    if model is None:
        if target_type == Target.PROFILE and state == REMOVED:
            return bool(get_user_model().objects.filter(pk=target_id).update(bio="", display_name=""))
        return False
    rows = model.objects.filter(pk=target_id)
    if only_escalate:
        rows = rows.filter(moderation__in=_ORDER[: _ORDER.index(state)])
    changed = bool(rows.exclude(moderation=state).update(moderation=state))
    if changed:
        bump_site()  # answers kept for readers may still show it (kit/hotcache.py)
    return changed


def author_history(user_id: int | None) -> dict[str, Any]:
    from vermilion.notes.models import Comment, Note

    from .models import Decision, Strike

    if user_id is None:
        return {}
    user = get_user_model().objects.filter(pk=user_id).first()
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
