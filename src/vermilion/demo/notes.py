"""Demo notes: hand-written bilingual posts with pictures of their own, and the life around them.

Notes go through the same upload and posting actions as the API (so every rule applies); each
carries a client token, which makes a second run find it instead of posting it again.

Pictures are uploaded first (by several processes, see uploaded_pictures); a note is posted in a
transaction with its backdating, and each like, collect and comment under it is one action in a
transaction of its own, as the API's requests make them.

The community is three weeks old: notes are posted oldest first and dated back over that time (a
few in the past day), comments follow their note, and who likes, collects and comments leans on
each person's interests and languages. Everything is decided by seeds, so two databases loaded
from scratch hold the same community.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from django.utils import timezone
from PIL import Image

from vermilion.accounts.models import User
from vermilion.graph.actions import do_follow
from vermilion.kit.segment import has_han
from vermilion.media.actions import do_upload_media
from vermilion.notes import comments, reactions
from vermilion.notes.actions import do_create_note
from vermilion.notes.models import Comment, Note

from . import photos
from .people import PEOPLE
from .records import DemoNote, DemoPerson
from .stories import NOTES, REACTIONS

DAYS = 21
TOKEN_PREFIX = "demo-"  # noqa: S105 - a note's client token (idempotency), not a secret
RECENT_SHARE = 0.2  # notes from the past day
# Which interests make a person likelier to react to a theme.
THEME_INTERESTS = {"cats": {"pets", "home"}, "food": {"food", "culture"}, "walks": {"travel", "photography", "outdoors"},
                   "language": {"language", "study", "culture"}, "study": {"study", "books", "language"},
                   "travel": {"travel", "outdoors", "photography"}, "crafts": {"art", "home", "photography"}}
# Every person follows a few people they share interests with, plus these, whose posts many came for.
WELCOMING = ("ahmao_cat", "meimei_cooks", "zhang_laoshi", "jake_in_ohio")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
T = TypeVar("T")
_DRINKS = re.compile(r"咖啡|拿铁|奶茶|茶|coffee|latte|tea|café|cafe", re.IGNORECASE)


def _spec(username: str) -> DemoPerson:
    return next(p for p in PEOPLE if p.username == username)


def _reads(person: DemoPerson, text: str) -> bool:
    """Whether this person would write `text`: Chinese by a speaker, English by a speaker or a
    learner, a mix by someone who has both."""
    han, latin = has_han(text), bool(_LATIN_WORD.search(text))
    both = set(person.languages) | set(person.learning)
    if han and latin:
        return {"zh", "en"} <= both
    if han:
        return "zh" in person.languages
    return "en" in both


def follow_plan() -> list[tuple[str, str]]:
    """(follower, followee): shared interests first, a few welcoming accounts, nobody left out."""
    rng = random.Random(2025)
    plan: list[tuple[str, str]] = []
    for person in PEOPLE:
        others = [p for p in PEOPLE if p.username != person.username]
        others.sort(key=lambda p: (-len(set(p.interests) & set(person.interests)), rng.random()))
        chosen = [p.username for p in others[: rng.randint(4, 8)]]
        chosen += [name for name in WELCOMING if name != person.username and name not in chosen and rng.random() < 0.6]
        plan += [(person.username, name) for name in chosen]
    return plan


def schedule(now: float) -> list[tuple[DemoNote, float]]:
    """Each note with the Unix time it was published, oldest first (so ids follow time)."""
    rng = random.Random(21)
    timed = []
    for note in NOTES:
        hours = rng.uniform(0.5, 23.5) if rng.random() < RECENT_SHARE else rng.uniform(24, DAYS * 24)
        timed.append((note, now - hours * 3600))
    timed.sort(key=lambda item: item[1])
    return timed


def _upload(owner: User, name: str, image: Image.Image) -> str:
    upload = SimpleUploadedFile(f"{name}.jpg", photos.jpeg(image), content_type="image/jpeg")
    return str(do_upload_media(owner, upload).pk)


def note_pictures(spec: DemoNote) -> Iterator[Image.Image]:
    """The note's pictures: its photos (the first sometimes with the title across it) and covers."""
    for index, photo_spec in enumerate(spec.photos):
        seed = photos.seed_of(spec.slug, index)
        if photo_spec == "cover":
            topic = next(iter(re.findall(r"#(\S+)", spec.body)), "")
            # Food has one photo, a coffee: it goes on the cards of drinks only.
            inset = spec.theme != "food" or bool(_DRINKS.search(f"{spec.title} {spec.body}"))
            yield photos.cover(spec.title, spec.theme, seed, caption=f"#{topic}" if topic else f"@{spec.author}",
                               inset=inset)
            continue
        picture = photos.photo(photo_spec, seed)
        if index == 0 and random.Random(seed).random() < 0.3:
            picture = photos.titled(picture, spec.title, seed)
        yield picture


def _upload_pictures(item: tuple[str, int]) -> tuple[str, list[str]]:
    """Upload one note's pictures (as its author would, before posting); returns their media ids."""
    slug, author_id = item
    spec = next(n for n in NOTES if n.slug == slug)
    author = User.objects.get(pk=author_id)
    # No transaction around it: the processing takes the time, and the write lock (SQLite has one)
    # is then held only for each media row, so the other processes' rows go in meanwhile.
    return slug, [_upload(author, f"{slug}-{i}", picture) for i, picture in enumerate(note_pictures(spec))]


def uploaded_pictures(specs: list[DemoNote], people: dict[str, User], workers: int) -> Iterator[tuple[str, list[str]]]:
    """(slug, media ids) of each note's pictures, in the notes' order, uploaded before the note is
    posted, as the API has it.

    Drawing a picture and the upload's own processing (three WebP sizes) are most of the demo's
    CPU time and depend on nothing else, so with `workers` > 1 they run in that many forked
    processes, each writing its media rows through its own database connection, while the caller
    posts the notes whose pictures are ready."""
    items = [(spec.slug, people[spec.author].pk) for spec in specs]
    if workers <= 1 or len(items) < 2 * workers:
        yield from map(_upload_pictures, items)
        return
    photos.available()  # read the base photos once, before the fork shares them
    connections.close_all()  # each process opens its own connection
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_upload_pictures, items)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _weighted_sample(rng: random.Random, people: list[User], weights: list[float], k: int) -> list[User]:
    chosen: list[User] = []
    pool = list(zip(people, weights, strict=True))
    while pool and len(chosen) < k:
        total = sum(w for _p, w in pool)
        pick = rng.uniform(0, total)
        for i, (person, weight) in enumerate(pool):
            pick -= weight
            if pick <= 0:
                chosen.append(person)
                del pool[i]
                break
        else:
            chosen.append(pool.pop()[0])
    return chosen


def _act(action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """An action in a transaction of its own, as a request makes it: SQLite has one write lock, and
    the picture uploads running meanwhile (uploaded_pictures) get it between two actions."""
    with transaction.atomic():
        return action(*args, **kwargs)


def _liven(spec: DemoNote, note: Note, published: float, people: dict[str, User]) -> None:
    """Likes, collects and comments by people who would care, dated after the note."""
    rng = random.Random(photos.seed_of("liven", spec.slug))
    author = people[spec.author]
    others = [people[p.username] for p in PEOPLE if p.username != spec.author]
    interested = THEME_INTERESTS.get(spec.theme, set())
    weights = [3.0 if interested & set(_spec(u.username).interests) else 1.0 for u in others]
    # A few notes do very well, most get a handful of reactions.
    reach = min(len(others), int(1 + 1.2 * rng.paretovariate(1.8)))
    likers = _weighted_sample(rng, others, weights, reach)
    for reader in likers:
        _act(reactions.do_like_note, reader, note)
        if rng.random() < 0.25:
            _act(reactions.do_collect, reader, note)
    age = timezone.now().timestamp() - published
    moments = sorted(rng.uniform(0.02, 1.0) * min(age, 3 * 86400) for _ in range(len(spec.comments) + 3))
    written: list[Comment] = []
    used: set[int] = set()
    for text in spec.comments:
        candidates = [u for u in others if u.pk not in used and _reads(_spec(u.username), text)] or others
        commenter = _weighted_sample(rng, candidates, [3.0 if u in likers else 1.0 for u in candidates], 1)[0]
        used.add(commenter.pk)
        written.append(_act(comments.do_comment, commenter, note, body=text, region=commenter.ip_region))
    if spec.reply and written:
        written.append(_act(comments.do_comment, author, note, body=spec.reply, parent_id=str(written[0].pk),
                            region=author.ip_region))
        _act(reactions.do_like_comment, author, written[0])
    for _ in range(rng.choice((0, 0, 0, 1, 1))):
        reactor = rng.choice(others)
        short = [r for r in REACTIONS[spec.theme] if _reads(_spec(reactor.username), r)]
        if short:
            written.append(_act(comments.do_comment, reactor, note, body=rng.choice(short), region=reactor.ip_region))
    for comment, after in zip(written, moments, strict=False):
        Comment.objects.filter(pk=comment.pk).update(created_at=datetime.fromtimestamp(published + after, tz=UTC))


def load_notes(people: dict[str, User], log: Callable[[str], object] = print, workers: int = 1) -> int:
    with transaction.atomic():
        for follower, followee in follow_plan():
            do_follow(people[follower], people[followee])
    created = 0
    existing = set(Note.objects.filter(client_token__startswith=TOKEN_PREFIX, author__in=list(people.values()))
                   .values_list("client_token", flat=True))
    todo = [(spec, published) for spec, published in schedule(timezone.now().timestamp())
            if f"{TOKEN_PREFIX}{spec.slug}" not in existing]
    # Each note is posted as soon as its pictures are up, while the other processes draw the next.
    pictures = uploaded_pictures([spec for spec, _published in todo], people, workers)
    for (spec, published), (_slug, media_ids) in zip(todo, pictures, strict=True):  # in order, as map() keeps it
        author = people[spec.author]
        when = datetime.fromtimestamp(published, tz=UTC)
        with transaction.atomic():
            note = do_create_note(author, title=spec.title, body=spec.body, media_ids=media_ids,
                                  location=spec.location or None, region=author.ip_region,
                                  client_token=f"{TOKEN_PREFIX}{spec.slug}")
            Note.objects.filter(pk=note.pk).update(published_at=when, created_at=when)
        _liven(spec, note, published, people)
        created += 1
        log(f"  note: {spec.title}")
    return created
