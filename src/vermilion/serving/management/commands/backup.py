from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vermilion.serving.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the local media files into a new directory (docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="where to write the backup (must not exist, or be empty)")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = backup(directory, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backup written to {directory.resolve()}: {rows:,} rows in {len(manifest['rows'])} tables, "
                          f"{len(manifest['media']['files']):,} media files.")
