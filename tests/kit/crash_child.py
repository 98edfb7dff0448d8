"""Publishes a note, then dies the instant its transaction has committed (SIGKILL: no cleanup, no
on-commit hook after the first). Run by test_outbox_crash.py as `python -m tests.kit.crash_child`."""

import os
import signal
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.kit.crash_settings"
django.setup()

from django.db import transaction  # noqa: E402

from vermilion.accounts.models import User  # noqa: E402
from vermilion.media.models import Media  # noqa: E402
from vermilion.notes.actions import do_create_note  # noqa: E402


def main() -> None:
    author = User.objects.get(username=sys.argv[1])
    image = Media.objects.create(owner=author, kind="image", status="ready", content_type="image/jpeg", width=800,
                                 height=600, variants={"card": {"name": "test/card.webp", "width": 800, "height": 600}})
    with transaction.atomic():
        # Registered first, so it is the first thing to run once the commit is done: whatever an
        # action left for "after the commit" never runs.
        transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
        note = do_create_note(author, title="A note that outlives its writer", body="猫税 cat tax #CatTax",
                              media_ids=[str(image.pk)])
        print(note.pk, flush=True)


main()
