from __future__ import annotations

import hashlib
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
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
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
            ),
        ]

    @property
    def name(self) -> str:
        return self.display_name or self.username


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
