"""Compile the .po catalogues into .mo files when they are missing or older than their source.

The .mo files are build output and not committed; `make run` and `make test` call this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogues if they changed."

    def handle(self, *args: Any, **options: Any) -> None:
        stale = False
        for locale_dir in settings.LOCALE_PATHS:
            for po in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo = po.with_suffix(".mo")
                if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                    stale = True
        if stale:
            call_command("compilemessages", verbosity=0, ignore=[".venv", "var"])
