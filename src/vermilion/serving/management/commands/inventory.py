from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from vermilion.serving.backup import inventory


class Command(BaseCommand):
    help = "Print rows per table and the sha256 of every local media file, as JSON (to compare before and after a restore)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(inventory(), indent=1, sort_keys=True))
