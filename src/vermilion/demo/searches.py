"""What the demo's people searched for when they arrived: trending searches and recent searches
exist from the first minute, recorded by the same actions a real search records them with."""

from __future__ import annotations

import random

from django.db import transaction

from vermilion.accounts.models import User
from vermilion.search.actions import do_record_search, do_remember_search, searcher_key

from .people import PEOPLE

# (query, at least how many people searched it): each finds demo notes (tests/demo checks it).
SEARCHES = (
    ("猫税", 9), ("火锅", 8), ("citywalk", 7), ("咖啡", 6), ("hotpot", 6), ("语言交换", 5), ("考研", 5),
    ("cat tax", 5), ("饺子", 4), ("dumplings", 4), ("大理", 4), ("奶茶", 3), ("小红书", 3), ("learn Chinese", 3),
)


def plan() -> dict[str, list[str]]:
    """Username → the queries that person searched, in the order they searched them."""
    rng = random.Random(88)
    chinese = [p.username for p in PEOPLE if "zh" in p.languages]
    learners = [p.username for p in PEOPLE if "en" in p.languages or "en" in p.learning]
    searched: dict[str, list[str]] = {p.username: [] for p in PEOPLE}
    for query, count in SEARCHES:
        pool = chinese if any("\u4e00" <= ch <= "\u9fff" for ch in query) else learners
        for username in rng.sample(pool, min(count, len(pool))):
            searched[username].append(query)
    # Everyone searched something when they arrived, so everyone's box has a recent search.
    for person in PEOPLE:
        if not searched[person.username]:
            mine = [q for q, _count in SEARCHES if person.username in (chinese if any("\u4e00" <= ch <= "\u9fff" for ch in q)
                                                                       else learners)]
            searched[person.username].append(rng.choice(mine))
    return searched


def record_searches(people: dict[str, User], new: list[User]) -> int:
    """Record the planned searches of the people just created; returns how many were counted."""
    counted = 0
    searched = plan()
    for user in new:
        with transaction.atomic():
            for query in searched.get(user.username, []):
                counted += do_record_search(query, searcher_key(user.pk, ""), found=True)
                do_remember_search(user, query)
    return counted
