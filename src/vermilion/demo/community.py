"""The demo community: a few people from both sides of the 2025 migration.

Everything is created through the same actions the API uses, so the demo exercises real rules.
Running it again finds the existing users and creates nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from vermilion.accounts import actions as account_actions
from vermilion.accounts.models import User


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    bio: str
    ui_language: str
    languages: tuple[str, ...]
    learning: tuple[str, ...]
    interests: tuple[str, ...]
    region: str


PEOPLE = (
    DemoPerson("meimei_cooks", "美美爱做饭", "广州人，爱吃爱做饭 🍜 分享家常菜和探店", "zh-hans",
               ("zh", "yue"), ("en",), ("food", "travel", "language"), "CN-GD"),
    DemoPerson("jake_in_ohio", "Jake", "TikTok refugee 🇺🇸 learning 中文, paying my cat tax 🐱", "en",
               ("en",), ("zh",), ("pets", "language", "gaming"), "US"),
    DemoPerson("xiaolin_travel", "小林去旅行", "上海 · 周末徒步和咖啡 ☕️", "zh-hans",
               ("zh",), ("en", "ja"), ("travel", "outdoors", "photography"), "CN-SH"),
    DemoPerson("sara_paints", "Sara", "Illustrator from Toronto. Swapping art tips for 中文 lessons.", "en",
               ("en", "fr"), ("zh",), ("art", "language", "books"), "CA"),
    DemoPerson("ahmao_cat", "阿毛和猫", "成都 · 家里有三只猫 🐈 每天更新猫税", "zh-hans",
               ("zh",), ("en",), ("pets", "home", "food"), "CN-SC"),
)

DEMO_PASSWORD = "vermilion-demo-2025"  # noqa: S105 - documented demo accounts, local only


def _person(person: DemoPerson) -> tuple[User, bool]:
    existing = User.objects.filter(username=person.username).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        user = account_actions.do_signup(
            username=person.username,
            password=DEMO_PASSWORD,
            language=person.ui_language,
            interests=person.interests,
            region=person.region,
        )
        account_actions.do_update_profile(
            user,
            {
                "display_name": person.display_name,
                "bio": person.bio,
                "languages": list(person.languages),
                "learning_languages": list(person.learning),
            },
        )
    return user, True


def load_demo(log: Callable[[str], object] = print) -> tuple[int, int]:
    """(new people, new notes): both 0 on a second run."""
    from .notes import load_notes

    people: dict[str, User] = {}
    created = 0
    for person in PEOPLE:
        user, is_new = _person(person)
        people[person.username] = user
        created += int(is_new)
    return created, load_notes(people, log)
