"""`vermilion moderator add|remove USERNAME`: give or take the moderator role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vermilion.accounts.queries import user_by_username
from vermilion.moderation.roles import grant_moderator, revoke_moderator


class Command(BaseCommand):
    help = "Give (add) or take (remove) the moderator role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("change", choices=["add", "remove"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_username(options["username"])
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        (grant_moderator if options["change"] == "add" else revoke_moderator)(user)
        self.stdout.write(f"{user.username}: moderator role {'given' if options['change'] == 'add' else 'taken'}.")
