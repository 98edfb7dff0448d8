from __future__ import annotations

import pytest
from django.core.management import call_command

from vermilion.accounts.models import User
from vermilion.demo.community import PEOPLE
from vermilion.demo.notes import NOTES
from vermilion.media.models import Media
from vermilion.notes.models import Comment, Like, Note

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_loads_real_content_once(client):
    call_command("demo")
    assert User.objects.count() == len(PEOPLE)
    notes = Note.objects.filter(status=Note.Status.PUBLISHED)
    assert notes.count() == len(NOTES)
    # Real photos went through the pipeline: every note has ready WebP variants.
    assert Media.objects.filter(status=Media.Status.READY).count() == sum(len(n.photos) for n in NOTES)
    assert all(set(m.variants) == {"thumb", "card", "detail"} for m in Media.objects.all())
    assert {n.language for n in notes} >= {"zh", "en"}
    assert Comment.objects.filter(parent__isnull=False).count() == len(NOTES)
    counts = (User.objects.count(), Note.objects.count(), Media.objects.count(), Comment.objects.count(),
              Like.objects.count())
    call_command("demo")
    assert (User.objects.count(), Note.objects.count(), Media.objects.count(), Comment.objects.count(),
            Like.objects.count()) == counts
    # The demo is what a newcomer sees: the discover feed is not empty.
    feed = client.get("/api/v1/feed/discover").json()
    assert len(feed["items"]) >= 5
