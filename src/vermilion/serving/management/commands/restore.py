from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vermilion.serving.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup made by `vermilion backup` into an empty database (stop the web processes and "
            "workers first). Checks the whole backup before changing anything.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a directory written by `vermilion backup`")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")

    def handle(self, *args: Any, directory: Path, force: bool = False, **options: Any) -> None:
        try:
            manifest = restore(directory, force=force, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {manifest['created_at']} from {directory.resolve()}.")
