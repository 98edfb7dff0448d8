from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vermilion.demo.community import load_demo


class Command(BaseCommand):
    help = "Load the small bilingual demo community (safe to run again: nothing is duplicated)."

    def handle(self, *args: Any, **options: Any) -> None:
        people, notes = load_demo(log=self.stdout.write)
        self.stdout.write(f"Demo community ready ({people} new people, {notes} new notes).")
