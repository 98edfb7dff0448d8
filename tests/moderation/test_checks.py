"""The text checks on their own: evasions are caught, everyday lifestyle words are not."""

from __future__ import annotations

import pytest

from vermilion.moderation.screening import screen_text

pytestmark = pytest.mark.django_db


def _checks(text: str) -> set[str]:
    return {s["check"] for s in screen_text(text, with_duplicates=False).signals}


@pytest.mark.parametrize("text", [
    "你就是个傻逼", "你是個傻 * 逼", "你是个ＳＢ吧", "nmsl", "f u c k you", "you are a b1tch", "fuuuuck off idiot",
    "去死吧你这个废物东西",
])
def test_insults_and_their_evasions_are_found(text: str) -> None:
    assert "abuse_words" in _checks(text)


@pytest.mark.parametrize("text,code", [
    ("想要同款的加我 vx: cutegirl_2024", "wechat_id"),
    ("电话 138 1234 5678 随时联系", "phone_number"),
    ("电话 壹叁捌一二三四五六七八 随时联系", "phone_number"),
    ("有问题加QQ 123456789", "qq_number"),
    ("全部链接都在 www.example-shop.com", "external_link"),
])
def test_traffic_diversion_is_found(text: str, code: str) -> None:
    assert code in {s["code"] for s in screen_text(text, with_duplicates=False).signals}


@pytest.mark.parametrize("text", [
    "今天的奶茶性价比超高，三分糖刚刚好", "周末去死皮了，手感超好", "健身第30天，屁股终于练出来了",
    "a classic glass of wine in class",
    "我家猫今天又在打滚", "Shoes from my grandma, still lovely after ten years", "这家店的乳酪蛋糕好好吃",
])
def test_everyday_posts_pass(text: str) -> None:
    assert screen_text(text, with_duplicates=False).verdict == "publish"


def test_verdict_follows_policy_rows_in_the_database() -> None:
    from vermilion.moderation import policy
    from vermilion.moderation.models import Policy

    assert screen_text("你就是个傻逼", with_duplicates=False).verdict == "reject"
    Policy.objects.filter(name="abuse_words").update(reject_at=None)
    policy.forget()
    assert screen_text("你就是个傻逼", with_duplicates=False).verdict == "hold"
    Policy.objects.filter(name="abuse_words").update(enabled=False)
    policy.forget()
    assert screen_text("你就是个傻逼", with_duplicates=False).verdict == "publish"
