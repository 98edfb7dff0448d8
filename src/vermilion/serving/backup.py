"""Backups of the database and the media files, and their restore (`vermilion backup DIR`,
`vermilion restore DIR`).

A backup directory holds:
- database.sqlite3 (SQLite's online backup API: a consistent copy while the site runs) or
  database.pgdump (pg_dump's custom format, restored with pg_restore);
- media.tar: the public variants and the private originals, when they are on local disk (media in
  object storage is backed up with the bucket's own versioning or replication, not here);
- manifest.json: what was backed up, the row count of every table, the sha256 of the database file,
  of the tar and of every media file in it.

Restoring checks the whole backup (manifest, checksums, vendor) before it touches anything, refuses
to overwrite a database that holds data unless forced, restores the database in one transaction
(pg_restore --single-transaction; SQLite's backup API replaces the file's pages atomically) and
swaps the media directories in only once every file is extracted and verified.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
# Tables Django fills by itself on migrate: a database holding only these is empty.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "django_site"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor, include_views=False)
    return sorted(n for n in names if not n.startswith("sqlite_"))


def row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from introspection
            counts[table] = int(cursor.fetchone()[0])
    return counts


def media_roots() -> dict[str, Path]:
    """The local media directories by their name in the tar: public variants and private originals."""
    roots = {}
    for alias, name in (("default", "media"), ("private", "private")):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            roots[name] = Path(storage.location)
    return roots


def media_checksums() -> dict[str, str]:
    """sha256 of every local media file, keyed by its path in the tar ("media/m/…", "private/…")."""
    sums = {}
    for name, root in media_roots().items():
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                sums[f"{name}/{path.relative_to(root).as_posix()}"] = _sha256(path)
    return sums


def inventory() -> dict[str, Any]:
    """What a backup must bring back: rows per table and every media file's checksum."""
    return {"rows": row_counts(), "media": media_checksums()}


def _pg_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    params = connections[alias].settings_dict
    args = ["-h", str(params.get("HOST") or "127.0.0.1"), "-p", str(params.get("PORT") or 5432),
            "-U", str(params.get("USER") or "postgres")]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install Debian's postgresql-client (scripts/system-packages.sh).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[:500]}")


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def backup(target: Path, log: Callable[[str], object] = print) -> dict[str, Any]:
    """Write a backup into `target` (which must not exist or be empty); returns the manifest."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty directory: choose a new directory for the backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        manifest = _write_backup(work, log)
        if target.exists():
            target.rmdir()
        work.rename(target)  # a backup directory is complete or absent
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _write_backup(work: Path, log: Callable[[str], object]) -> dict[str, Any]:
    vendor = connection.vendor
    if vendor == "sqlite":
        database_file = work / "database.sqlite3"
        source = sqlite3.connect(_database_name())
        copy = sqlite3.connect(database_file)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif vendor == "postgresql":
        database_file = work / "database.pgdump"
        args, env = _pg_env()
        _run(["pg_dump", "-Fc", "--no-owner", "--no-acl", *args, "-d", _database_name(), "-f", str(database_file)],
             env, "pg_dump")
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    log(f"  database: {database_file.name} ({database_file.stat().st_size:,} bytes)")
    # Counted after the copy: rows written meanwhile may be in the copy but not counted, never the
    # reverse; restore compares with the copy itself.
    counts = row_counts()
    files: dict[str, str] = {}
    roots = media_roots()
    with tarfile.open(work / MEDIA_TAR, "w") as tar:
        for name, root in roots.items():
            if not root.is_dir():
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                arcname = f"{name}/{path.relative_to(root).as_posix()}"
                files[arcname] = _sha256(path)
                tar.add(path, arcname=arcname, recursive=False)
    log(f"  media: {len(files):,} files in {MEDIA_TAR}")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "database": {"file": database_file.name, "sha256": _sha256(database_file)},
        "rows": counts,
        "media": {"file": MEDIA_TAR, "sha256": _sha256(work / MEDIA_TAR), "roots": sorted(roots), "files": files,
                  "object_storage": not isinstance(storages["default"], FileSystemStorage)},
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a complete, intact backup (every checksum verified), or BackupError."""
    if not source.is_dir():
        raise BackupError(f"{source} is not a backup directory (it does not exist).")
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        database, media = manifest["database"], manifest["media"]
        if manifest["format"] != FORMAT:
            raise BackupError(f"{source} was written by another version of Vermilion (format {manifest['format']}).")
    except FileNotFoundError as exc:
        raise BackupError(f"{source} has no {MANIFEST}: it is not a Vermilion backup, or an incomplete one.") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{source / MANIFEST} is damaged ({exc}).") from exc
    for entry in (database, media):
        path = source / entry["file"]
        if not path.is_file():
            raise BackupError(f"{path} is missing: the backup is incomplete.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"{path} does not match its checksum in the manifest: the backup is damaged.")
    return manifest


def _holds_data() -> bool:
    internal = set(BOOKKEEPING)
    if connection.vendor == "sqlite":  # a full-text index keeps its own bookkeeping rows even when empty
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = [row[0] for row in cursor.fetchall()]
        internal |= {t for t in _tables() if any(t.startswith(f"{v}_") for v in virtual)}
    return any(n for table, n in row_counts().items() if table not in internal)


def restore(source: Path, *, force: bool = False, log: Callable[[str], object] = print) -> dict[str, Any]:
    source = source.resolve()
    manifest = read_manifest(source)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['vendor']} database; the configured one is "
                          f"{connection.vendor}. Restore it into a {manifest['vendor']} database.")
    if not force and _holds_data():
        raise BackupError("The database already holds data: restoring would replace it. Restore into an empty "
                          "database, or pass --force to replace what is there.")
    staged = _stage_media(source, manifest)
    try:
        _restore_database(source / manifest["database"]["file"])
        log(f"  database: restored from {manifest['database']['file']}")
        _swap_media(staged)
        log(f"  media: {len(manifest['media']['files']):,} files restored")
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
    restored = row_counts()
    missing = {t: n for t, n in manifest["rows"].items() if restored.get(t) != n}
    if missing:
        raise BackupError(f"After the restore some tables differ from the backup: {sorted(missing)[:10]}.")
    return manifest


def _stage_media(source: Path, manifest: dict[str, Any]) -> dict[str, Path]:
    """Extract and verify every media file next to its final place, before the database is touched.

    Returns {name: temporary folder}; the files are in <folder>/<name>/."""
    roots = media_roots()
    expected: dict[str, str] = manifest["media"]["files"]
    staged: dict[str, Path] = {}
    try:
        with tarfile.open(source / manifest["media"]["file"]) as tar:
            for name in manifest["media"]["roots"]:
                if name not in roots:
                    raise BackupError(f"The backup holds local {name} files but this installation keeps {name} "
                                      "elsewhere (object storage): restore them there by hand.")
                roots[name].parent.mkdir(parents=True, exist_ok=True)
                staged[name] = Path(tempfile.mkdtemp(prefix=f".{roots[name].name}.restore-", dir=roots[name].parent))
                (staged[name] / name).mkdir()
            for member in tar.getmembers():
                name = member.name.partition("/")[0]
                if name not in staged or member.name not in expected or not member.isfile():
                    raise BackupError(f"{MEDIA_TAR} holds {member.name!r}, which the manifest does not list.")
                tar.extract(member, staged[name], filter="data")  # lands at <staged>/<name>/<relative>
        for arcname, digest in expected.items():
            name, _, relative = arcname.partition("/")
            path = staged[name] / name / relative
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"{arcname} in {MEDIA_TAR} does not match its checksum: the backup is damaged.")
    except BaseException:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return staged


def _swap_media(staged: dict[str, Path]) -> None:
    roots = media_roots()
    for name, folder in staged.items():
        root, new = roots[name], folder / name
        old = root.with_name(f".{root.name}.replaced")
        shutil.rmtree(old, ignore_errors=True)
        if root.exists():
            root.rename(old)
        new.rename(root)
        shutil.rmtree(old, ignore_errors=True)


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connections.close_all()
        source = sqlite3.connect(dump)
        target = sqlite3.connect(_database_name())
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    args, env = _pg_env()
    connections.close_all()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error",
          *args, "-d", _database_name(), str(dump)], env, "pg_restore")
