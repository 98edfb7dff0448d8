"""The screening pipeline: every check over a piece of content, a verdict from the policy, and
what the verdict does (limit, hold into a case, reject with a statement of reasons).

`screen_text` is pure apart from the duplicate check's read, and fast enough to run inside a
request (messages use it so a phone number never reaches a stranger); images and everything
else run in tasks (tasks.py).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from vermilion.accounts.models import User
from vermilion.kit.errors import field_error

from . import targets
from .checks import duplicates, models_ml, text_checks
from .checks.normalize import normalise
from .models import Screening, Target, Verdict
from .policy import verdict_of
from .reasons import facts_from

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    verdict: str
    signals: list[dict[str, Any]]
    severity: int
    digest: str
    simhash: int
    elapsed_ms: float = 0.0
    images: dict[int, float] = field(default_factory=dict)
    text_digest: str = ""


def text_signals(text: str, *, author_id: int | None = None, target: tuple[str, int] = ("", 0), disclosed: bool = False,
                 with_duplicates: bool = True) -> tuple[list[dict[str, Any]], str, int]:
    norm = normalise(text)
    digest = duplicates.digest(norm)
    fingerprint = duplicates.simhash(norm)
    found = [*text_checks.abusive_words(norm), *text_checks.traffic_diversion(norm),
             *text_checks.undisclosed_advertising(norm, disclosed=disclosed), *models_ml.english_abuse(norm)]
    if with_duplicates:
        found += duplicates.flood(norm, author_id=author_id, target=target, text_digest=digest, fingerprint=fingerprint)
    return [s.as_dict() for s in found], digest, fingerprint


def screen_text(text: str, **kwargs: Any) -> Outcome:
    started = time.perf_counter()
    signals, digest, fingerprint = text_signals(text, **kwargs)
    verdict, severity = verdict_of(signals)
    return Outcome(verdict, signals, severity, digest, fingerprint, (time.perf_counter() - started) * 1000,
                   text_digest=digest)


def _image_source(media: Any) -> Any:
    variants = media.variants or {}
    for size in ("card", "poster", "detail", "thumb"):
        name = (variants.get(size) or {}).get("name")
        if name:
            with default_storage.open(name, "rb") as handle:
                return handle.read()
    return None


def image_signals(media: list[Any]) -> tuple[list[dict[str, Any]], dict[int, float]]:
    """NSFW scores of the images, remembered per media id (a retried task does not re-run the model)."""
    signals: list[dict[str, Any]] = []
    scores: dict[int, float] = {}
    for item in media:
        known = Screening.objects.filter(target_type=Target.IMAGE, target_id=item.pk).first()
        if known is not None:
            score = next((float(s["score"]) for s in known.signals if s["check"] == "nsfw_image"), 0.0)
        else:
            try:
                data = _image_source(item)
            except OSError:
                data = None
            if data is None:
                continue
            score = models_ml.nsfw_score(data)
            found = [{"check": "nsfw_image", "score": round(score, 3), "code": "nsfw_image", "evidence": f"{score:.2f}"}]
            verdict, _ = verdict_of(found)
            try:
                with transaction.atomic():
                    Screening.objects.create(target_type=Target.IMAGE, target_id=item.pk, author_id=item.owner_id,
                                             digest=f"img{item.pk}", verdict=verdict, signals=found)
            except IntegrityError:
                pass
        scores[item.pk] = score
        if score >= 0.2:
            signals.append({"check": "nsfw_image", "score": round(score, 3), "code": "nsfw_image",
                            "evidence": f"image {item.pk}: {score:.2f}"})
    return signals, scores


def screen_content(content: targets.Content, *, disclosed: bool = False) -> Outcome:
    started = time.perf_counter()
    signals, digest, fingerprint = text_signals(
        content.full_text, author_id=content.author_id, target=(content.target_type, content.target_id), disclosed=disclosed)
    image_found, scores = image_signals(content.media)
    signals += image_found
    version = digest
    if content.media:
        version = hashlib.blake2b(f"{digest}:{sorted(m.pk for m in content.media)}".encode(), digest_size=16).hexdigest()
    verdict, severity = verdict_of(signals)
    if content.target_type in (Target.COMMENT, Target.MESSAGE, Target.PROFILE) and verdict == Verdict.LIMIT:
        verdict = Verdict.PUBLISH  # there is no reach to limit: recorded, not acted on
    return Outcome(verdict, signals, severity, version, fingerprint, (time.perf_counter() - started) * 1000, scores,
                   text_digest=digest)


def check_message_text(sender: User, body: str) -> None:
    """The light checks (lists and patterns, no model) inside the send request: a message the
    policy rejects is refused with the reason; anything milder is screened fully afterwards."""
    from django.utils.translation import gettext_lazy as _



    started = time.perf_counter()
    norm = normalise(body)
    found = [s.as_dict() for s in (*text_checks.abusive_words(norm), *text_checks.traffic_diversion(norm))]
    verdict, _severity = verdict_of(found)
    log.debug("message screened in %.1f ms", (time.perf_counter() - started) * 1000)
    if verdict == Verdict.REJECT:
        raise field_error("body", "message_rejected",
                          _("This message was not sent: it contains %(reason)s.") % {"reason": facts_from(found)})
