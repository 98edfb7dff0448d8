"""The demo's hand-written content, checked without loading it: valid for the posting rules, clean
for screening, varied pictures, and comments that can be posted by someone who writes that way."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest

from vermilion.demo import photos
from vermilion.demo.notes import _reads, follow_plan, note_pictures, schedule
from vermilion.demo.people import PEOPLE
from vermilion.demo.searches import SEARCHES, plan
from vermilion.demo.stories import NOTES, REACTIONS
from vermilion.kit.regions import CHINESE_PROVINCES
from vermilion.moderation.checks.duplicates import MIN_CHARS
from vermilion.moderation.checks.normalize import normalise
from vermilion.moderation.screening import text_signals
from vermilion.notes.actions import check_body, check_title
from vermilion.notes.rules import COMMENT_MAX_CHARS


def test_enough_notes_people_and_themes():
    assert len(NOTES) >= 150
    assert 20 <= len(PEOPLE) <= 40
    themes = Counter(n.theme for n in NOTES)
    assert set(themes) == {"cats", "food", "walks", "language", "study", "travel", "crafts"}
    assert min(themes.values()) >= 15
    assert len({n.slug for n in NOTES}) == len(NOTES)
    # Both languages, and notes that mix them.
    han = re.compile(r"[\u4e00-\u9fff]")
    latin = re.compile(r"[A-Za-z]{4,}")
    assert sum(1 for n in NOTES if han.search(n.title)) >= 50
    assert sum(1 for n in NOTES if not han.search(n.title)) >= 40
    assert sum(1 for n in NOTES if han.search(n.body) and latin.search(n.body)) >= 30
    # People across China and abroad.
    regions = {p.region for p in PEOPLE}
    assert len(regions & set(CHINESE_PROVINCES)) >= 8 and len(regions - set(CHINESE_PROVINCES)) >= 6
    assert len({p.username for p in PEOPLE}) == len(PEOPLE)
    assert {n.author for n in NOTES} <= {p.username for p in PEOPLE}


def test_texts_pass_the_posting_rules():
    for note in NOTES:
        assert check_title(note.title, required=True) == note.title.strip(), note.slug
        check_body(note.body, required=True)
        assert note.comments, note.slug
        assert all(0 < len(c) <= COMMENT_MAX_CHARS for c in (*note.comments, note.reply) if c)


def test_no_text_trips_screening():
    """Nothing the demo writes looks like abuse, advertising or contact details to screening."""
    texts = [p.bio for p in PEOPLE] + [p.display_name for p in PEOPLE]
    for note in NOTES:
        texts += [note.title, note.body, *note.comments, note.reply]
    texts += [r for reactions in REACTIONS.values() for r in reactions]
    flagged = {t: signals for t in texts if t and (signals := text_signals(t, with_duplicates=False)[0])}
    assert flagged == {}


def test_comments_are_never_a_copy_paste_flood():
    """Screening holds a long text posted again by others: every comment long enough to count is
    used once, and the reactions used again and again are short."""
    def counted(text: str) -> int:
        norm = normalise(text)
        return len(norm.han.replace("|", "")) + len(norm.latin_text)

    written = [c for n in NOTES for c in (*n.comments, n.reply) if c]
    repeated = [c for c, k in Counter(written).items() if k > 1 and counted(c) >= MIN_CHARS]
    assert repeated == []
    assert all(counted(r) < MIN_CHARS for reactions in REACTIONS.values() for r in reactions)


def test_every_comment_has_someone_to_write_it():
    speakers = {p.username: p for p in PEOPLE}
    for note in NOTES:
        for text in note.comments:
            assert any(_reads(p, text) for name, p in speakers.items() if name != note.author), (note.slug, text)
    for theme, reactions in REACTIONS.items():
        assert any(re.search(r"[\u4e00-\u9fff]", r) for r in reactions), theme
        assert any(re.search(r"[A-Za-z]", r) and not re.search(r"[\u4e00-\u9fff]", r) for r in reactions), theme


def test_schedule_follows_and_searches():
    timed = schedule(1_800_000_000.0)
    times = [t for _note, t in timed]
    assert times == sorted(times) and len(timed) == len(NOTES)
    assert 1_800_000_000.0 - times[0] > 14 * 86400
    assert sum(1 for t in times if 1_800_000_000.0 - t < 86400) >= 15
    follows = follow_plan()
    assert len(set(follows)) == len(follows) and all(a != b for a, b in follows)
    assert {a for a, _b in follows} == {p.username for p in PEOPLE}
    searched = plan()
    for query, count in SEARCHES:
        assert sum(query in queries for queries in searched.values()) >= count >= 3
    assert all(searched.values())


def test_every_shipped_photo_is_used_and_each_picture_is_its_own():
    specs = {spec.partition(":")[0] for n in NOTES for spec in n.photos if spec != "cover"}
    specs |= {p.avatar.partition(":")[0] for p in PEOPLE if p.avatar}
    assert set(photos.available()) <= specs | {"cover"}
    assert len(photos.available()) >= 15
    for name, regions in photos.REGIONS.items():
        for box in regions.values():
            assert 0 <= box[0] < box[2] <= 1 and 0 <= box[1] < box[3] <= 1, name
    for note in NOTES:
        for spec in note.photos:
            name, _, region = spec.partition(":")
            assert spec == "cover" or name in photos.FILES, (note.slug, spec)
            assert not region or region in photos.REGIONS.get(name, {}) or region in photos.LOOKS, (note.slug, spec)
    # Every note's first picture (what its card shows) differs from every other note's.
    firsts = {hashlib.sha256(next(note_pictures(n)).tobytes()).hexdigest() for n in NOTES[::3]}
    assert len(firsts) == len(NOTES[::3])


@pytest.mark.parametrize("title", ["今天的猫税 🐱 三只里最凶的那只", "Paying my cat tax 🐈",
                                   "妈 麻 马 骂 all sound the same to me"])
def test_covers_draw_titles_without_emoji(title):
    assert "🐱" not in photos.drawable(title) and photos.drawable(title).strip()
    card = photos.cover(title, "cats", 7, "#猫税")
    assert card.size == photos.COVER_SIZE
    assert card.getcolors(1 << 20) is None or len(card.getcolors(1 << 20)) > 20  # text and a photo, not a blank card
