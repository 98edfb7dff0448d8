"""Fill Chinese translations into django.po from a JSON file {msgid: msgstr}; clears fuzzy flags.

Used by maintainers after `makemessages`: python scripts/po_fill.py translations.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/vermilion/locale/zh_Hans/LC_MESSAGES/django.po"


def main(path: str) -> int:
    table = json.loads(Path(path).read_text(encoding="utf-8"))
    po = polib.pofile(str(PO))
    filled = 0
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            filled += 1
    po.save()
    missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for msgid in missing:
        print("  ", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
