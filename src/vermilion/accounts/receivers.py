"""A saved user (language, region, name, active or not) drops the cached lookups of their tokens,
so the next API request sees the change (tokens.user_for_token)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User
from .tokens import forget_tokens_of


@receiver(post_save, sender=User)
def _user_saved(sender: Any, instance: User, created: bool = False, **kwargs: Any) -> None:
    if not created:
        forget_tokens_of(instance.pk)
