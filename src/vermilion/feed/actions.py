from __future__ import annotations

from typing import Any

from vermilion.notes.models import Note

from .models import Feedback


def do_feedback(user: Any, note: Note, kind: str) -> Feedback:
    """Record a reader's negative feedback; giving the same feedback twice keeps one row."""
    topic = note.topics.order_by("notetopic__position").first()
    feedback, _created = Feedback.objects.get_or_create(
        user=user, note=note, kind=kind, defaults={"author_id": note.author_id, "topic": topic}
    )
    return feedback
