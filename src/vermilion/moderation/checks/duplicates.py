"""Copy-paste floods: the same (or nearly the same) text posted again and again by one account,
or by several accounts at once (coordinated posting)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from ..models import Screening
from .normalize import Normalised
from .signals import Signal

MIN_CHARS = 12  # "好看！" and "love it" are naturally repeated; only longer texts count
WINDOW = timedelta(hours=24)


def digest(text: Normalised) -> str:
    key = text.latin_text + "|" + text.han.replace("|", "")
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def simhash(text: Normalised) -> int:
    """64-bit SimHash over character trigrams; returned as a signed integer (SQLite's range)."""
    base = text.han.replace("|", "") + " ".join(text.latin_words)
    grams = [base[i:i + 3] for i in range(max(1, len(base) - 2))]
    weights = [0] * 64
    for gram in grams:
        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def _distance(a: int, b: int) -> int:
    return bin((a ^ b) & ((1 << 64) - 1)).count("1")


def flood(text: Normalised, *, author_id: int | None, target: tuple[str, int], text_digest: str,
          fingerprint: int) -> list[Signal]:

    if len(text.han.replace("|", "")) + len(text.latin_text) < MIN_CHARS:
        return []
    since = timezone.now() - WINDOW
    recent = Screening.objects.filter(created_at__gte=since).exclude(target_type=target[0], target_id=target[1])
    same = list(recent.filter(text_digest=text_digest).values_list("author_id", flat=True)[:50])
    others = {a for a in same if a != author_id}
    mine = len(same) - sum(1 for a in same if a != author_id)
    if author_id is not None:
        near = recent.filter(author_id=author_id).exclude(text_digest=text_digest).values_list("simhash", flat=True)[:50]
        mine += sum(1 for h in near if _distance(h, fingerprint) <= 3)
    signals = []
    if len(others) >= 2:
        signals.append(Signal("coordinated_posting", min(1.0, 0.6 + 0.1 * len(others)), "same_text_many_accounts",
                              f"{len(others)} other accounts"))
    if mine >= 2:
        signals.append(Signal("duplicate_flood", min(1.0, 0.4 + 0.15 * mine), "repeated_text", f"{mine} times in 24 h"))
    return signals
