from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.kit.errors import field_error
from vermilion.kit.events import emit
from vermilion.kit.regions import is_region_code
from vermilion.kit.text import fold, topic_key
from vermilion.notes.models import Note

from .discover import preferences_of
from .events import ReaderPreferencesChanged
from .models import Dwell, Feedback, Impression, Preferences
from .ranking import Candidate


def do_feedback(user: User, note: Note, kind: str) -> Feedback:
    """Record a reader's negative feedback; giving the same feedback twice keeps one row."""
    topic = note.topics.order_by("notetopic__position").first()
    feedback, _created = Feedback.objects.get_or_create(
        user=user, note=note, kind=kind, defaults={"author_id": note.author_id, "topic": topic}
    )
    emit(ReaderPreferencesChanged(user_id=user.pk))
    return feedback


MAX_MUTED = 50
MUTED_WORD_MAX = 20


def _check_words(field: str, values: list[str], fold_to: Callable[[str], str]) -> list[str]:
    if len(values) > MAX_MUTED:
        raise field_error(field, "too_many", _("You can mute at most %(count)s.") % {"count": MAX_MUTED})
    out: list[str] = []
    for value in values:
        folded = fold_to(str(value))
        if not folded:
            raise field_error(field, "empty_word", _("A muted word or topic cannot be empty."))
        if len(folded) > MUTED_WORD_MAX:
            raise field_error(field, "too_long", _("Keep each muted word under %(count)s characters.")
                              % {"count": MUTED_WORD_MAX})
        if folded not in out:
            out.append(folded)
    return out


def do_update_preferences(user: User, changes: dict[str, Any]) -> Preferences:
    """Check everything first, then save once: a bad value changes nothing."""
    prefs = preferences_of(user)
    updates: dict[str, Any] = {}
    if changes.get("muted_words") is not None:
        updates["muted_words"] = _check_words("muted_words", changes["muted_words"], fold)
    if changes.get("muted_topics") is not None:
        updates["muted_topics"] = _check_words("muted_topics", changes["muted_topics"], topic_key)
    if changes.get("nearby_region") is not None:
        code = str(changes["nearby_region"]).strip()
        if code and not is_region_code(code):
            raise field_error("nearby_region", "unknown_region", _("Choose a region from the list."))
        updates["nearby_region"] = code
    if changes.get("discovery") is not None:
        value = changes["discovery"]
        if not isinstance(value, int) or not 0 <= value <= 100:
            raise field_error("discovery", "out_of_range", _("Choose a value from 0 to 100."))
        updates["discovery"] = value
    for name, value in updates.items():
        setattr(prefs, name, value)
    prefs.save()
    emit(ReaderPreferencesChanged(user_id=user.pk))
    return prefs


def do_record_dwell(user: User, note: Note, seconds: int) -> Dwell:
    if not 1 <= seconds <= 3600:
        raise field_error("seconds", "out_of_range", _("Choose a value from 1 to 3600."))
    return Dwell.objects.create(user=user, note=note, seconds=seconds)


def do_record_impressions(user: User, shown: Sequence[tuple[int, Candidate]]) -> None:
    """What a signed-in reader was shown on a Discover page (position, candidate), with the features
    it was ranked by: what the learned ranker trains on (learned.py)."""
    if shown:
        Impression.objects.bulk_create([
            Impression(user=user, note_id=c.note_id, position=position, features=c.features or [])
            for position, c in shown
        ])
