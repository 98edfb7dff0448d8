"""Backups: back up, wipe, restore, compare (rows per table, media checksums) on either database,
and every bad backup refused before anything is changed."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from vermilion.notes.models import Note
from vermilion.serving import backup as backups
from vermilion.serving.backup import BackupError, backup, inventory, media_roots, restore

pytestmark = pytest.mark.django_db(transaction=True)


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def community(make_user, client_for):
    """A note with a real uploaded photo: rows in many tables, files in public and private media."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    author, reader = make_user("author"), make_user("reader")
    api = client_for(author)
    media = api.upload("/api/v1/media", {"file": SimpleUploadedFile("p.jpg", _photo(), content_type="image/jpeg")})
    assert media.status_code == 201, media.content
    note = api.post("/api/v1/notes", {"title": "备份测试", "body": "#猫税 backup", "media_ids": [media.json()["id"]]})
    assert note.status_code == 201
    client_for(reader).post(f"/api/v1/notes/{note.json()['id']}/like")
    return note.json()


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for root in media_roots().values():
        shutil.rmtree(root, ignore_errors=True)


def test_backup_wipe_restore_compare(community, tmp_path):
    before = inventory()
    assert before["rows"]["notes_note"] == 1 and len(before["media"]) >= 4  # 3 variants and the original
    manifest = backup(tmp_path / "b", log=lambda line: None)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        ["manifest.json", "media.tar", manifest["database"]["file"]])
    assert manifest["rows"] == before["rows"] and manifest["media"]["files"] == before["media"]
    _wipe()
    assert Note.objects.count() == 0 and inventory()["media"] == {}
    restore(tmp_path / "b", log=lambda line: None)
    assert inventory() == before
    # Restored rows are live rows: the API serves the note and its photo.
    from django.test import Client

    detail = Client().get(f"/api/v1/notes/{community['id']}").json()
    assert detail["title"] == "备份测试"
    assert Client().get(detail["media"][0]["urls"]["card"]).status_code == 200


def test_restore_refuses_a_database_with_data_unless_forced(community, tmp_path):
    backup(tmp_path / "b", log=lambda line: None)
    Note.objects.update(title="changed after the backup")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(tmp_path / "b"))
    assert Note.objects.get().title == "changed after the backup"  # untouched
    call_command("restore", str(tmp_path / "b"), "--force", stdout=io.StringIO())
    assert Note.objects.get().title == "备份测试"


def test_backup_refuses_a_non_empty_directory(community, tmp_path):
    target = tmp_path / "b"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="already exists and is not an empty directory"):
        call_command("backup", str(target))
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["b"]  # no partial directory left behind


def _damaged(tmp_path: Path, how: str) -> Path:
    source = tmp_path / "b"
    backup(source, log=lambda line: None)
    manifest = json.loads((source / "manifest.json").read_text())
    if how == "missing directory":
        shutil.rmtree(source)
    elif how == "no manifest":
        (source / "manifest.json").unlink()
    elif how == "corrupt manifest":
        (source / "manifest.json").write_text("{not json")
    elif how == "truncated database":
        path = source / manifest["database"]["file"]
        path.write_bytes(path.read_bytes()[:-100])
    elif how == "missing media":
        (source / "media.tar").unlink()
    elif how == "foreign file in media":
        with tarfile.open(source / "media.tar", "a") as tar:
            info = tarfile.TarInfo("media/../../evil.txt")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
        manifest["media"]["sha256"] = backups._sha256(source / "media.tar")
        (source / "manifest.json").write_text(json.dumps(manifest))
    elif how == "other vendor":
        manifest["vendor"] = "oracle"
        (source / "manifest.json").write_text(json.dumps(manifest))
    return source


@pytest.mark.parametrize(("how", "message"), [
    ("missing directory", "is not a backup directory"),
    ("no manifest", "has no manifest.json"),
    ("corrupt manifest", "manifest.json is damaged"),
    ("truncated database", "does not match its checksum"),
    ("missing media", "media.tar is missing"),
    ("foreign file in media", "which the manifest does not list"),
    ("other vendor", "This backup is of a oracle database"),
])
def test_a_bad_backup_is_refused_before_anything_changes(community, tmp_path, how, message):
    source = _damaged(tmp_path, how)
    _wipe()
    with pytest.raises(BackupError, match=message):
        restore(source, log=lambda line: None)
    assert Note.objects.count() == 0 and inventory()["media"] == {}  # nothing half-restored
    assert not (tmp_path / "evil.txt").exists()
    leftovers = [p.name for root in media_roots().values() if root.parent.exists() for p in root.parent.iterdir()
                 if ".restore-" in p.name]
    assert leftovers == []


def test_a_missing_pg_tool_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(BackupError, match="pg_dump is not installed: install Debian's postgresql-client"):
        backups._run(["pg_dump", "--version"], {}, "pg_dump")
