"""What each finding and each action means, in words the affected person reads (translated)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

CHECK_REASONS = {
    "abuse_words": _("insulting or threatening words"),
    "profanity_words": _("vulgar or sexual words"),
    "abuse_classifier": _("abusive language (automatic classifier)"),
    "traffic_diversion": _("contact details that move people off Vermilion (phone, WeChat, QQ, e-mail)"),
    "external_links": _("links to other websites"),
    "undisclosed_ads": _("advertising that is not marked as sponsored"),
    "duplicate_flood": _("the same text posted again and again"),
    "coordinated_posting": _("the same text posted by many accounts at once"),
    "nsfw_image": _("a sexual or nude image"),
    "regional_rule": _("a rule that applies in some regions"),
    "report": _("reports from other people"),
}

GROUNDS = {
    "abuse_words": "harassment", "abuse_classifier": "harassment", "profanity_words": "vulgarity",
    "traffic_diversion": "spam", "external_links": "spam", "undisclosed_ads": "undisclosed_advertising",
    "duplicate_flood": "spam", "coordinated_posting": "inauthentic_behaviour", "nsfw_image": "sexual_content",
    "regional_rule": "regional_law",
}

GROUND_LABELS = {
    "harassment": _("Harassment and insults (community guidelines §1)"),
    "vulgarity": _("Vulgar language (community guidelines §2)"),
    "spam": _("Spam and traffic diversion (community guidelines §3)"),
    "undisclosed_advertising": _("Undisclosed advertising (community guidelines §4)"),
    "inauthentic_behaviour": _("Fake accounts and coordinated behaviour (community guidelines §5)"),
    "sexual_content": _("Sexual content (community guidelines §6)"),
    "regional_law": _("Local law of the region"),
    "moderator": _("Community guidelines, as judged by a moderator"),
}


def facts_from(signals: list[dict[str, Any]]) -> str:
    names = [str(CHECK_REASONS.get(str(s["check"]), s["check"])) for s in signals]
    return "; ".join(dict.fromkeys(names))


def ground_from(signals: list[dict[str, Any]]) -> str:
    if not signals:
        return "moderator"
    top = max(signals, key=lambda s: float(s["score"]))
    return GROUNDS.get(str(top["check"]), "moderator")
