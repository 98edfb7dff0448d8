"""The demo community: about thirty people from both sides of the 2025 migration, their notes,
follows, likes, collects, comments and searches.

Everything is created through the same actions the API uses, so the demo exercises real rules.
Running it again finds the existing people and notes and creates nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.contrib.auth import base_user
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from vermilion.accounts import actions as account_actions
from vermilion.accounts.models import User
from vermilion.media.actions import do_upload_media

from . import photos
from .notes import default_workers, load_notes
from .people import PEOPLE
from .records import DemoPerson
from .searches import record_searches

__all__ = ["DEMO_PASSWORD", "PEOPLE", "DemoPerson", "load_demo"]

DEMO_PASSWORD = "vermilion-demo-2025"  # noqa: S105 - documented demo accounts, local only


@contextmanager
def _password_hashed_once() -> Iterator[None]:
    """Every demo account has the same documented password. Argon2 takes about half a second of
    CPU per hash (it is meant to), which for thirty sign-ups was most of the demo's loading time;
    so it is hashed once, as any sign-up would hash it, and each sign-up stores that hash."""
    hashed = make_password(DEMO_PASSWORD)

    def once(raw: Any, *args: Any, **kwargs: Any) -> str:
        return hashed if raw == DEMO_PASSWORD and not args and not kwargs else make_password(raw, *args, **kwargs)

    with mock.patch.object(base_user, "make_password", once):
        yield


def _person(person: DemoPerson) -> tuple[User, bool]:
    existing = User.objects.filter(username=person.username).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        user = account_actions.do_signup(
            username=person.username,
            password=DEMO_PASSWORD,
            language=person.ui_language,
            interests=person.interests,
            region=person.region,
        )
        picture = photos.avatar(person.avatar, person.display_name, photos.seed_of("avatar", person.username))
        upload = SimpleUploadedFile(f"{person.username}.jpg", photos.jpeg(picture), content_type="image/jpeg")
        account_actions.do_update_profile(
            user,
            {
                "display_name": person.display_name,
                "bio": person.bio,
                "languages": list(person.languages),
                "learning_languages": list(person.learning),
                "avatar_media_id": str(do_upload_media(user, upload).pk),
            },
        )
    return user, True


def load_demo(log: Callable[[str], object] = print, workers: int | None = None) -> tuple[int, int]:
    """(new people, new notes): both 0 on a second run. `workers` processes draw and upload the
    pictures (default: one per CPU, at most four)."""
    people: dict[str, User] = {}
    new: list[User] = []
    with _password_hashed_once():
        for person in PEOPLE:
            user, is_new = _person(person)
            people[person.username] = user
            if is_new:
                new.append(user)
    notes = load_notes(people, log, default_workers() if workers is None else workers)
    # Searches are what people did when they arrived: only new people search, so a second run adds none.
    record_searches(people, new)
    return len(new), notes
