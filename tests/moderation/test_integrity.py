"""Fake and coordinated accounts are flagged into the console with evidence and throttled; rate
limits scale with account age and standing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import ApiClient
from vermilion.moderation.models import Case

pytestmark = pytest.mark.django_db(transaction=True)


def _signup(username: str, address: str) -> int:
    response = ApiClient(remote_addr=address).post("/api/v1/auth/signup", {"username": username, "password": "correct-horse-9"})
    assert response.status_code == 201, response.content
    return response.status_code


def test_signup_velocity_per_network_is_flagged(settings):
    settings.VERMILION_RATE_LIMITS = {**settings.VERMILION_RATE_LIMITS, "signup_network": (3, 3600)}
    for i, name in enumerate(["alpha", "bravo", "charlie", "delta"]):
        _signup(name, f"203.0.113.{10 + i}")  # one /24
    _signup("echo", "198.51.100.7")  # another network: not flagged
    flagged = Case.objects.filter(kind="accounts", state="open")
    assert flagged.count() == 4
    evidence = flagged.first().evidence
    assert evidence["finding"] == "signup_velocity" and evidence["signups_last_hour"] == 4
    assert "alpha" in evidence["accounts"] and "echo" not in evidence["accounts"]


def test_lookalike_accounts_are_flagged(make_moderator, client_for):
    for i, address in enumerate(["192.0.2.1", "198.51.100.2", "203.0.113.3"]):
        _signup(f"shop_girl_{i:02d}", address)
    case = Case.objects.filter(kind="accounts").order_by("opened_at").last()
    assert case.evidence["finding"] == "lookalike_accounts" and case.evidence["stem"] == "shop_girl"
    listed = client_for(make_moderator()).get("/api/v1/moderation/cases?kind=accounts").json()["items"]
    assert len(listed) == 3


def test_engagement_rings_are_flagged(make_user, post_note, client_for):
    from vermilion.moderation.integrity import find_engagement_rings

    ring = [make_user() for _ in range(3)]
    outsider = make_user()
    notes = {u.pk: [post_note(u, title=f"n{i}", body=f"第{i}篇")["id"] for i in range(3)] for u in ring}
    for liker in ring:
        for author in ring:
            if liker != author:
                for note_id in notes[author.pk]:
                    client_for(liker).post(f"/api/v1/notes/{note_id}/like")
    client_for(outsider).post(f"/api/v1/notes/{notes[ring[0].pk][0]}/like")
    assert find_engagement_rings() == [sorted(u.pk for u in ring)]
    assert Case.objects.filter(kind="accounts", target_id__in=[u.pk for u in ring]).count() == 3
    assert not Case.objects.filter(target_id=outsider.pk).exists()


@pytest.mark.redis
def test_rate_limits_scale_with_age_and_standing(make_user, client_for, settings, ready_image):
    from vermilion.moderation.cases import open_case

    settings.VERMILION_RATE_LIMITS = {**settings.VERMILION_RATE_LIMITS, "comment": (8, 3600)}
    old = make_user(date_joined=timezone.now() - timedelta(days=60))
    new = make_user()
    flagged = make_user(date_joined=timezone.now() - timedelta(days=60))
    open_case("user", flagged.pk, kind="accounts", author_id=flagged.pk, automated=True)
    note = client_for(old).post("/api/v1/notes", {"title": "t", "body": "b", "media_ids": [str(ready_image(old).pk)]}).json()

    def allowed(user) -> int:  # type: ignore[no-untyped-def]
        api = client_for(user)
        return sum(api.post(f"/api/v1/notes/{note['id']}/comments", {"body": f"好看 {i}"}).status_code == 201
                   for i in range(20))

    assert (allowed(old), allowed(new), allowed(flagged)) == (16, 2, 1)
    refused = client_for(new).post(f"/api/v1/notes/{note['id']}/comments", {"body": "再来"})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
