"""Account mutations: sign-up, sign-in, profile edits. `check_*` validates, `do_*` changes state."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError, field_error
from vermilion.kit.events import emit
from vermilion.kit.geo import IPAddress, keyed_digest, network_of
from vermilion.media.actions import mark_attached
from vermilion.media.models import Media
from vermilion.media.queries import owned_ready_image

from . import signin
from .catalog import INTERESTS, PROFILE_LANGUAGES, RESERVED_USERNAMES, UI_LANGUAGES
from .events import AccountChanged, AccountCreated, SignedOut
from .models import ApiToken, User
from .tokens import forget_token_lookups, session_digest

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.]{2,23}$")
DISPLAY_NAME_MAX = 24
BIO_MAX = 200
MAX_LANGUAGES = 8
MAX_INTERESTS = 10

# Accepted spellings of the two interface languages.
UI_LANGUAGE_ALIASES = {
    "en": "en", "en-us": "en", "en-gb": "en",
    "zh": "zh-hans", "zh-cn": "zh-hans", "zh-hans": "zh-hans", "zh-sg": "zh-hans",
}


def check_username(username: str) -> str:
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise field_error(
            "username",
            "invalid_username",
            _("Usernames are 3–24 characters: letters, digits, '_' and '.', starting with a letter or digit."),
        )
    if username.lower() in RESERVED_USERNAMES:
        raise field_error("username", "username_reserved", _("This username is reserved."), status=409)
    if User.objects.annotate(lname=Lower("username")).filter(lname=username.lower()).exists():
        raise field_error("username", "username_taken", _("This username is already taken."), status=409)
    return username


def check_password(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApiError(
            "weak_password",
            exc.messages[0],
            fields={"password": exc.messages},
        ) from exc


def check_email(email: str | None) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as exc:
        raise field_error("email", "invalid_email", _("Enter a valid email address.")) from exc
    # Not unique, and never checked against other accounts: a sign-up must not tell anyone whether
    # an address is registered here. It is a way to reach the person, not a way to sign in.
    return email


def check_ui_language(language: str | None) -> str:
    if language is None or language == "":
        return ""
    normalised = UI_LANGUAGE_ALIASES.get(language.strip().lower())
    if normalised is None:
        raise field_error(
            "language",
            "unknown_language",
            _("Unknown language. Choose one of: %(choices)s.") % {"choices": ", ".join(UI_LANGUAGES)},
        )
    return normalised


def _check_choices(field: str, values: Iterable[str], allowed: dict[str, Any], limit: int) -> list[str]:
    chosen: list[str] = []
    for value in values:
        if value not in allowed:
            raise field_error(
                field, "unknown_choice", _("'%(value)s' is not a valid choice.") % {"value": str(value)[:40]}
            )
        if value not in chosen:
            chosen.append(value)
    if len(chosen) > limit:
        raise field_error(field, "too_many", _("Choose at most %(limit)d.") % {"limit": limit})
    return chosen


def check_languages(field: str, values: Iterable[str]) -> list[str]:
    return _check_choices(field, values, PROFILE_LANGUAGES, MAX_LANGUAGES)


def check_interests(values: Iterable[str]) -> list[str]:
    return _check_choices("interests", values, INTERESTS, MAX_INTERESTS)


def _clean_text(value: str) -> str:
    # Control characters (other than newlines in a bio) only ever serve to break layouts.
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if ch == "\n" or unicodedata.category(ch)[0] != "C").strip()


def check_display_name(value: str) -> str:
    value = _clean_text(value).replace("\n", " ")
    if len(value) > DISPLAY_NAME_MAX:
        raise field_error(
            "display_name", "too_long", _("Use at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX}
        )
    return value


def check_bio(value: str) -> str:
    value = _clean_text(value)
    if len(value) > BIO_MAX:
        raise field_error("bio", "too_long", _("Use at most %(max)d characters.") % {"max": BIO_MAX})
    return value


def _changed(user_id: int, fields: tuple[str, ...]) -> None:
    """An account's fields changed: its cached token lookups hold the old account (forgotten now
    and again at the commit), and the rest of Vermilion hears of it."""
    forget_token_lookups(user_id)
    emit(AccountChanged(user_id=user_id, fields=fields))


def do_signup(
    *,
    username: str,
    password: str,
    email: str | None = None,
    language: str | None = None,
    interests: Iterable[str] = (),
    region: str = "",
    address: IPAddress | None = None,
) -> User:
    """A new account. `address` (where the sign-up came from) is passed on only as its coarse
    network and a keyed digest, for the sign-up velocity checks of trust and safety."""
    username = check_username(username)
    email = check_email(email)
    ui_language = check_ui_language(language)
    chosen_interests = check_interests(interests)
    check_password(password, User(username=username, email=email))
    user = User(
        username=username,
        email=email,
        ui_language=ui_language,
        interests=chosen_interests,
        ip_region=region,
        spoken_languages=[ui_language[:2]] if ui_language else [],
    )
    user.set_password(password)
    try:
        # A savepoint, so a lost race leaves the outer transaction usable for the error answer.
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:
        raise field_error("username", "username_taken", _("This username is already taken."), status=409) from exc
    emit(AccountCreated(user_id=user.pk, network=network_of(address) if address is not None else "",
                        address_digest=keyed_digest(str(address)) if address is not None else ""))
    return user


def authenticate(username: str, password: str) -> tuple[User | None, bool]:
    """Case-insensitive username sign-in: (the account of that name, whether the password is its
    and it may sign in). The same hashing work whether or not the account exists."""
    user = User.objects.annotate(lname=Lower("username")).filter(lname=username.strip().lower()).first()
    if user is None:
        User().set_password(password)  # equalise timing so the answer does not reveal who exists
        return None, False
    return user, user.check_password(password) and user.is_active


def do_login(username: str, password: str, *, region: str = "") -> User:
    """Sign in; too many wrong passwords for one account pause its sign-ins (signin.py)."""
    signin.check_not_paused(username)
    user, ok = authenticate(username, password)
    if user is None or not ok:
        signin.record_failure(username, user)
        raise ApiError("invalid_credentials", _("Wrong username or password."), status=401)
    signin.record_success(username)
    fields: dict[str, Any] = {"last_login": timezone.now()}
    if region:
        fields["ip_region"] = region
    changed_region = region and region != user.ip_region
    User.objects.filter(pk=user.pk).update(**fields)
    for name, value in fields.items():
        setattr(user, name, value)
    if changed_region:
        _changed(user.pk, ("ip_region",))
    return user


def do_update_profile(user: User, changes: dict[str, Any]) -> User:
    """Apply a partial profile update; every field is checked before anything is saved."""
    updates: dict[str, Any] = {}
    if "display_name" in changes and changes["display_name"] is not None:
        updates["display_name"] = check_display_name(changes["display_name"])
    if "bio" in changes and changes["bio"] is not None:
        updates["bio"] = check_bio(changes["bio"])
    if "languages" in changes and changes["languages"] is not None:
        updates["spoken_languages"] = check_languages("languages", changes["languages"])
    if "learning_languages" in changes and changes["learning_languages"] is not None:
        updates["learning_languages"] = check_languages("learning_languages", changes["learning_languages"])
    if "interests" in changes and changes["interests"] is not None:
        updates["interests"] = check_interests(changes["interests"])
    if "ui_language" in changes and changes["ui_language"] is not None:
        updates["ui_language"] = check_ui_language(changes["ui_language"])
    for flag in ("likes_public", "collects_public"):
        if changes.get(flag) is not None:
            updates[flag] = bool(changes[flag])
    if "avatar_media_id" in changes:
        updates["avatar"] = _check_avatar(user, changes["avatar_media_id"])
    for name, value in updates.items():
        setattr(user, name, value)
    if updates:
        user.save(update_fields=list(updates))
        _changed(user.pk, tuple(sorted(updates)))
    return user


def _check_avatar(user: User, media_id: str | None) -> Media | None:
    if media_id in (None, ""):
        return None
    media = owned_ready_image(user, str(media_id))
    if media is None:
        raise field_error("avatar_media_id", "invalid_media", _("Upload an image first, then use its id."))
    mark_attached([media])
    return media


def _revoke_tokens(user_id: int, keeping: ApiToken | None = None) -> int:
    tokens = ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True)
    if keeping is not None:
        tokens = tokens.exclude(pk=keeping.pk)
    revoked = tokens.update(revoked_at=timezone.now())
    forget_token_lookups(user_id)
    return revoked


def do_change_password(user: User, old: str, new: str, *, keeping: ApiToken | None = None) -> None:
    """A new password ends every other sign-in: every API token but `keeping` (the one the change
    came with, if any) is revoked, every other web session stops matching (the session hash
    follows the password), and every open socket is closed (a client still signed in reconnects)."""
    if not user.check_password(old):
        raise field_error("old_password", "invalid_credentials", _("Your current password is wrong."))
    check_password(new, user)
    user.set_password(new)
    user.save(update_fields=["password"])
    _revoke_tokens(user.pk, keeping)
    _changed(user.pk, ("password",))
    emit(SignedOut(user_id=user.pk))


def do_sign_out_everywhere(user: User) -> int:
    """End every sign-in of the account: tokens, web sessions, open sockets. Returns the tokens revoked."""
    revoked = _revoke_tokens(user.pk)
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    _changed(user.pk, ("session_epoch",))
    emit(SignedOut(user_id=user.pk))
    return revoked


def do_sign_out_session(user: User, session_key: str) -> None:
    """One web session signed out (the caller ends it): its open sockets are closed too."""
    emit(SignedOut(user_id=user.pk, session=session_digest(session_key)))


# --- what trust and safety does to an account (moderation calls these) ---------------------


def deactivate_account(user_id: int) -> None:
    """A ban: the account cannot sign in, and every token it holds stops working now."""
    User.objects.filter(pk=user_id).update(is_active=False)
    _revoke_tokens(user_id)
    _changed(user_id, ("is_active",))


def reactivate_account(user_id: int) -> None:
    """A ban reversed on appeal. Tokens revoked by the ban stay revoked: the person signs in again."""
    User.objects.filter(pk=user_id).update(is_active=True)
    _changed(user_id, ("is_active",))


def clear_profile_text(user_id: int) -> bool:
    """A profile's name and bio removed by a moderator; True if there was something to remove."""
    changed = bool(User.objects.filter(pk=user_id).exclude(bio="", display_name="").update(bio="", display_name=""))
    if changed:
        _changed(user_id, ("bio", "display_name"))
    return changed
