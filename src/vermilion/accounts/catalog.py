"""The fixed lists a profile chooses from: languages and interests.

Interests are the broad areas picked at sign-up so the first feed is personal; they are not
topics (topics are free-form #tags). Labels are translated in the UI.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# BCP 47 codes a person may say they speak or learn.
PROFILE_LANGUAGES = {
    "en": _("English"),
    "zh": _("Chinese"),
    "yue": _("Cantonese"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "es": _("Spanish"),
    "fr": _("French"),
    "de": _("German"),
    "pt": _("Portuguese"),
    "ru": _("Russian"),
    "it": _("Italian"),
    "vi": _("Vietnamese"),
    "th": _("Thai"),
    "id": _("Indonesian"),
    "ar": _("Arabic"),
    "hi": _("Hindi"),
}

# The languages the interface itself is available in.
UI_LANGUAGES = {"en": _("English"), "zh-hans": _("Simplified Chinese")}

INTERESTS = {
    "food": _("Food"),
    "travel": _("Travel"),
    "fashion": _("Fashion"),
    "beauty": _("Beauty"),
    "pets": _("Pets"),
    "language": _("Language exchange"),
    "fitness": _("Fitness"),
    "outdoors": _("Outdoors"),
    "photography": _("Photography"),
    "home": _("Home & living"),
    "books": _("Books"),
    "music": _("Music"),
    "movies": _("Movies & TV"),
    "tech": _("Tech"),
    "study": _("Study & career"),
    "parenting": _("Parenting"),
    "art": _("Art & crafts"),
    "gaming": _("Gaming"),
    "cars": _("Cars"),
    "culture": _("Culture"),
}

RESERVED_USERNAMES = frozenset(
    {
        "admin", "administrator", "api", "about", "account", "accounts", "static", "media", "me",
        "root", "system", "support", "help", "moderator", "moderators", "mod", "staff", "vermilion",
        "login", "logout", "signup", "settings", "explore", "discover", "search", "notes", "topics",
        "notifications", "messages", "healthz", "metrics", "null", "undefined", "anonymous",
    }
)
