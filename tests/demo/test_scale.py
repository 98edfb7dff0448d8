"""`vermilion demo --scale N`: realistic shapes, determinism by seed, counters that match the rows,
and notes that the API serves like any other."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from vermilion.accounts.models import User
from vermilion.demo.notes import NOTES as DEMO_NOTES
from vermilion.demo.scale import USERNAME_PREFIX, _Plan, load_scale
from vermilion.feed.models import NoteEmbedding
from vermilion.graph.models import Follow
from vermilion.media.models import Media
from vermilion.notes.models import Board, Collect, Comment, Like, Note, Topic
from vermilion.search.models import SearchDocument

SCALE, SEED = 300, 3


def _share_of_top(counts: np.ndarray, fraction: float) -> float:
    ordered = np.sort(counts)[::-1]
    return float(ordered[: max(1, int(len(ordered) * fraction))].sum() / ordered.sum())


def test_plan_shapes_are_heavy_tailed_and_zipf_like():
    plan = _Plan(20_000, seed=SEED)  # 2,000 people, 200 topics: enough for the tails to show
    assert plan.people == 2_000
    # A few creators hold most followers: the top 1% far above their 1% "fair share".
    assert _share_of_top(plan.followers_count, 0.01) > 0.15
    assert _share_of_top(plan.followers_count, 0.10) > 0.45
    assert np.median(plan.followers_count) < plan.followers_count.max() / 20
    # Topics: log(notes) against log(rank) is a line of slope about -1 (Zipf).
    counts = np.sort(plan.topic_notes)[::-1]
    ranks = np.arange(1, len(counts) + 1)
    used = counts > 0
    slope = np.polyfit(np.log(ranks[used]), np.log(counts[used]), 1)[0]
    assert -1.4 < slope < -0.6, slope
    # Likes concentrate on some notes, and about 10 interactions per note.
    assert _share_of_top(plan.likes_count, 0.01) > 0.05
    interactions = len(plan.follows[0]) + len(plan.likes[0]) + len(plan.collects[0]) + int(plan.comments_count.sum())
    assert 9 * 20_000 <= interactions <= 10 * 20_000
    # Both languages, roughly two notes in three Chinese.
    assert 0.55 < plan.zh_note.mean() < 0.78


def test_line_by_line_segmentation_equals_the_whole_text():
    from vermilion.demo.scale import _Segmenter
    from vermilion.kit.segment import document_text

    plan, segmented = _Plan(SCALE, SEED), _Segmenter()
    for i in range(0, SCALE, 7):
        body = "\n".join([plan.note_text(i)[1], "上海 · 周末", ""])
        assert segmented(body) == document_text(body)


def test_plan_is_deterministic_by_seed():
    first, again, other = _Plan(SCALE, SEED), _Plan(SCALE, SEED), _Plan(SCALE, SEED + 1)
    assert [first.note_text(i) for i in range(SCALE)] == [again.note_text(i) for i in range(SCALE)]
    assert np.array_equal(first.follows[0], again.follows[0]) and np.array_equal(first.likes[1], again.likes[1])
    assert first.display == again.display
    assert [first.note_text(i) for i in range(SCALE)] != [other.note_text(i) for i in range(SCALE)]


def _stored_signature() -> dict[str, object]:
    """What a run wrote, in terms of the plan's indexes (usernames carry them), without ids or times."""
    index = {u.pk: int(u.username.removeprefix(USERNAME_PREFIX)) for u in User.objects.filter(
        username__startswith=USERNAME_PREFIX)}
    notes = list(Note.objects.order_by("published_at", "pk").values_list("author_id", "title", "body", "likes_count"))
    return {
        "notes": [(index[a], t, b, likes) for a, t, b, likes in notes],
        "follows": sorted((index[a], index[b]) for a, b in Follow.objects.values_list("follower_id", "followee_id")),
        "names": sorted((index[pk], name) for pk, name in User.objects.filter(pk__in=index).values_list("pk", "display_name")),
    }


def _planned_signature(plan: _Plan) -> dict[str, object]:
    return {
        "notes": [(int(plan.author[i]), *plan.note_text(i)[:2], int(plan.likes_count[i])) for i in range(plan.notes)],
        "follows": sorted(zip(plan.follows[0].tolist(), plan.follows[1].tolist(), strict=True)),
        "names": sorted(enumerate(plan.display)),
    }


@pytest.mark.django_db(transaction=True)
def test_scale_writes_the_plan_with_consistent_counters(client, client_for):
    report = load_scale(SCALE, seed=SEED, log=lambda line: None)
    assert (report.notes, report.people) == (SCALE, 30)
    assert Note.objects.count() == SCALE and User.objects.count() == 30
    rows = Follow.objects.count() + Like.objects.count() + Collect.objects.count() + Comment.objects.count()
    assert report.interactions == rows
    # Deterministic: exactly what the plan for this seed says (ids and times aside).
    assert _stored_signature() == _planned_signature(_Plan(SCALE, SEED))

    # Counters equal the rows they count.
    for user in User.objects.annotate(
            followers=Count("follower_edges", distinct=True), following=Count("following_edges", distinct=True),
            written=Count("notes", distinct=True)):
        assert (user.followers_count, user.following_count, user.notes_count) == (user.followers, user.following, user.written)
        assert user.likes_received_count == Like.objects.filter(note__author=user).count()
        assert user.collects_received_count == Collect.objects.filter(note__author=user).count()
    for note in Note.objects.annotate(likes_n=Count("likes", distinct=True), collects_n=Count("collects", distinct=True),
                                      comments_n=Count("comments", distinct=True)):
        assert (note.likes_count, note.collects_count, note.comments_count) == (note.likes_n, note.collects_n, note.comments_n)
    for comment in Comment.objects.filter(parent__isnull=True).annotate(n=Count("replies")):
        assert comment.replies_count == comment.n
    assert all(b.notes_count == b.collects.count() for b in Board.objects.all())
    for topic in Topic.objects.annotate(n=Count("notes")):
        assert topic.notes_count == topic.n
    assert not Comment.objects.filter(~Q(parent=None), ~Q(parent__note=F("note"))).exists()
    # Everything the feed and search need is there.
    assert SearchDocument.objects.count() == SCALE == NoteEmbedding.objects.count()
    assert not Note.objects.filter(media_links=None).exists()
    assert Media.objects.filter(status=Media.Status.READY).count() == Media.objects.count()

    # Visible through the API like any note: detail with real photo URLs, profiles, search, feeds.
    note = Note.objects.order_by("-likes_count").first()
    detail = client.get(f"/api/v1/notes/{note.pk}").json()
    assert detail["title"] == note.title and detail["media"][0]["urls"]["card"].endswith(".webp")
    photo = client.get(detail["media"][0]["urls"]["card"])
    assert photo.status_code == 200
    top = User.objects.get(username=f"{USERNAME_PREFIX}000000")
    assert client.get(f"/api/v1/users/{top.username}/notes").json()["items"]
    topic = Topic.objects.order_by("-notes_count").first()
    found = client.get("/api/v1/search/notes", {"q": topic.name}).json()
    assert found["items"]
    assert client.get("/api/v1/feed/discover").json()["items"]
    reader = User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("-following_count").first()
    assert client_for(reader).get("/api/v1/feed/following").json()["items"]

    # Once per database: a second run refuses clearly and writes nothing.
    with pytest.raises(CommandError, match="already holds 30 people"):
        call_command("demo", "--scale", str(SCALE))
    assert Note.objects.count() == SCALE


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "-5"])
def test_scale_refuses_a_non_positive_size(value):
    with pytest.raises(CommandError, match="positive number"):
        call_command("demo", "--scale", value)
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_scale_on_top_of_the_small_demo_keeps_topic_counts_true():
    """`vermilion run` loads the small demo first; its #猫税 and friends get the scaled notes added."""
    call_command("demo", stdout=io.StringIO())
    shared = Topic.objects.get(key="猫税")
    load_scale(SCALE, seed=SEED, log=lambda line: None)
    for topic in Topic.objects.annotate(n=Count("notes")):
        assert topic.notes_count == topic.n, topic.name
    assert Topic.objects.get(pk=shared.pk).notes_count > 2  # the demo's notes and scaled ones
    assert Topic.objects.filter(key="猫税").count() == 1
    assert Note.objects.count() == SCALE + len(DEMO_NOTES)
