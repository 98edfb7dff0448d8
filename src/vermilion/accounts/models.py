from __future__ import annotations

import hashlib
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from vermilion.kit.ids import new_id


class User(AbstractUser):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    email = models.EmailField(_("email address"), blank=True, default="")
    display_name = models.CharField(max_length=32, blank=True, default="")
    bio = models.CharField(max_length=300, blank=True, default="")
    avatar = models.ForeignKey(
        "media.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Interface language ("en", "zh-hans"); empty follows the browser.
    ui_language = models.CharField(max_length=8, blank=True, default="")
    spoken_languages = models.JSONField(default=list, blank=True)
    learning_languages = models.JSONField(default=list, blank=True)
    interests = models.JSONField(default=list, blank=True)
    # Coarse region of the latest sign-in or post (kit.regions code); never an address.
    ip_region = models.CharField(max_length=8, blank=True, default="")
    # Privacy of the profile's Likes and Collects tabs (RedNote lets people hide both).
    likes_public = models.BooleanField(default=True)
    collects_public = models.BooleanField(default=True)

    # Denormalised counts shown on every profile; changed only with F() by the owning actions.
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    notes_count = models.PositiveIntegerField(default=0)
    likes_received_count = models.PositiveIntegerField(default=0)
    collects_received_count = models.PositiveIntegerField(default=0)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        constraints = [
            # "Alice" and "alice" are one name: the database enforces it, so concurrent sign-ups
            # cannot both win.
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]
        # Visibility excludes the content of banned (inactive) accounts on every read: a few rows.
        indexes = [models.Index(fields=["id"], condition=models.Q(is_active=False), name="accounts_user_inactive")]

    # Moved on by "sign out everywhere": every web session signed in before stops matching.
    session_epoch = models.PositiveIntegerField(default=0)

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """What a web session remembers of the account (Django checks it on every request): the
        password hash, as Django has it, and the session epoch once it has moved, so that a new
        password and "sign out everywhere" both end every other session."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password if not self.session_epoch else f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class ApiToken(models.Model):
    """A revocable bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
