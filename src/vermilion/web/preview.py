"""What a link to a note or a profile shows elsewhere: the Open Graph and Twitter card fields and the
schema.org structured data, built from the payload the page shows (so nothing a reader may not see
gets in)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language

_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}


def _absolute(request: HttpRequest, url: str | None) -> str | None:
    return request.build_absolute_uri(url) if url else None


def _image(request: HttpRequest, note: dict[str, Any]) -> dict[str, Any] | None:
    media = note.get("media") or []
    if not media:
        return None
    first = media[0]
    urls = first.get("urls") or {}
    url = urls.get("detail") or urls.get("card")  # a video's poster is its detail image
    if not url:
        return None
    return {"url": _absolute(request, url), "width": first.get("width"), "height": first.get("height"),
            "alt": first.get("alt_text") or note["title"]}


def profile_preview(request: HttpRequest, profile: dict[str, Any]) -> dict[str, Any]:
    avatar = profile.get("avatar") or {}
    picture = avatar.get("card") or avatar.get("thumb")
    return {
        "url": request.build_absolute_uri(reverse("web:profile", args=[profile["username"]])),
        "description": Truncator(" ".join((profile.get("bio") or "").split())).chars(200),
        "image": {"url": _absolute(request, picture), "alt": profile["display_name"]} if picture else None,
        "locale": _locale(),
    }


def _locale() -> str:
    return _LOCALES.get(get_language() or "en", "en_US")


def note_preview(request: HttpRequest, note: dict[str, Any]) -> dict[str, Any]:
    url = request.build_absolute_uri(reverse("web:note", args=[note["id"]]))
    author = note["author"]
    author_url = request.build_absolute_uri(reverse("web:profile", args=[author["username"]]))
    description = Truncator(" ".join((note.get("body") or note["title"]).split())).chars(200)
    image = _image(request, note)
    counts = note.get("counts") or {}
    structured: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "SocialMediaPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": note["title"],
        "articleBody": note.get("body") or "",
        "inLanguage": note.get("language") or None,
        "datePublished": note.get("published_at") or note.get("created_at"),
        "dateModified": note.get("edited_at") or note.get("published_at") or note.get("created_at"),
        "author": {"@type": "Person", "name": author["display_name"], "alternateName": f"@{author['username']}",
                   "url": author_url},
        "keywords": [topic["name"] for topic in note.get("topics") or []],
        "interactionStatistic": [
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/LikeAction",
             "userInteractionCount": counts.get("likes", 0)},
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/CommentAction",
             "userInteractionCount": counts.get("comments", 0)},
        ],
    }
    if image:
        structured["image"] = image["url"]
    return {
        "url": url,
        "author_url": author_url,
        "description": description,
        "image": image,
        "locale": _locale(),
        "structured": {key: value for key, value in structured.items() if value not in (None, [], "")},
    }
