"""Every message in the code has a Chinese translation: no English string left in the Chinese UI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

import vermilion

PACKAGE = Path(vermilion.__file__).parent
CATALOGS = ("django.po", "djangojs.po")


def untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_committed_catalogs_are_complete():
    for name in CATALOGS:
        path = PACKAGE / "locale/zh_Hans/LC_MESSAGES" / name
        if path.exists():
            assert untranslated(polib.pofile(str(path))) == [], name


def test_catalogs_are_current_with_the_code(tmp_path):
    # Extract again from a copy of the package (makemessages merges into the copied .po): any
    # message added to code or templates without a translation shows up untranslated.
    copy = tmp_path / "vermilion"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "migrations"))
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    for domain in ("django", "djangojs"):
        if domain == "djangojs" and not (PACKAGE / "locale/zh_Hans/LC_MESSAGES/djangojs.po").exists():
            continue
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "-d", domain, "--no-obsolete",
             "--no-location", "-i", "static/admin/*"],
            cwd=copy, env=env, check=True, capture_output=True, timeout=120,
        )
        extracted = polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES" / f"{domain}.po"))
        assert len(extracted) > 100 or domain == "djangojs"
        assert untranslated(extracted) == [], f"untranslated in {domain}.po: run makemessages and translate"
