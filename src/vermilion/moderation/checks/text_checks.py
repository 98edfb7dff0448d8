"""Cheap text checks (regular expressions and word lists): they run in well under a millisecond."""

from __future__ import annotations

import re

from . import lexicon
from .normalize import Normalised
from .signals import Signal

# Mainland mobile numbers (after numerals and separators were normalised), landlines with an area code.
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_WECHAT_WORD = r"(?:vx|v信|wx|weixin|wechat|微信|威信|薇信|徽信|卫星号|绿泡泡|v❤|v心|加v|\+v|➕v|vx号|wei xin)"
_WECHAT_ID_RE = re.compile(_WECHAT_WORD + r"\s*号?\s*[:：]?\s*[\w\-]{5,20}", re.IGNORECASE)
_WECHAT_HINT_RE = re.compile(r"(?:加微|加v|\+v|➕v|加我v|加vx|滴滴我|dd我|戳我主页|看我主页|主页有|进群|拉你进群|"
                             r"text me|add me on|whatsapp|telegram|line id)", re.IGNORECASE)
_QQ_RE = re.compile(r"(?:qq|扣扣|企鹅|q群|qq群|叩叩)\s*(?:号|群)?\s*[:：]?\s*\d{5,11}", re.IGNORECASE)
_LINK_RE = re.compile(r"https?://|www\.|\b[a-z0-9][a-z0-9-]{1,40}\.(?:com|cn|net|org|io|me|xyz|top|cc|shop|vip|link|"
                      r"ly|app|co)\b|t\.me/|wa\.me/", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.IGNORECASE)

_AD_TERMS = ("代购", "优惠码", "折扣码", "优惠券", "私信下单", "下单", "链接", "团购", "秒杀", "包邮", "到手价", "原价",
             "限时", "特价", "福利价", "品牌方", "购买", "旗舰店", "淘宝", "拼多多", "京东", "某宝",
             "亲测有效", "回购", "种草", "工厂直销",
             "promo code", "discount code", "use my code", "link in bio", "dm to order", "shop now", "buy now",
             "limited offer", "affiliate", "free shipping", "order now", "% off")
_PRICE_RE = re.compile(r"(?:¥|￥|\$|rmb)\s?\d+|\d+\s?(?:元|块|rmb|usd)", re.IGNORECASE)


def abusive_words(text: Normalised) -> list[Signal]:
    signals: list[Signal] = []
    hits = lexicon.abuse().hits(text)
    if hits:
        # One insult is held for a person to judge; several, or one aimed at "you", is rejected.
        aimed = any(word in text.folded for word in ("你", "you", "ur ", "u r ", "你们", "妳"))
        score = 0.7 if len(hits) == 1 and not aimed else 0.96
        signals.append(Signal("abuse_words", score, "insult", ", ".join(sorted(set(hits)))[:200]))
    swear = [w for w in lexicon.profanity().hits(text) if w not in hits]
    if swear:
        score = min(1.0, 0.55 + 0.15 * (len(swear) - 1))
        signals.append(Signal("profanity_words", score, "profanity", ", ".join(sorted(set(swear)))[:200]))
    return signals


def traffic_diversion(text: Normalised) -> list[Signal]:
    """Contact details that move people off the platform (RedNote forbids them)."""
    signals: list[Signal] = []
    phone = _PHONE_RE.search(text.digits)
    if phone:
        signals.append(Signal("traffic_diversion", 0.9, "phone_number", phone.group(0)))
    wechat = _WECHAT_ID_RE.search(text.folded)
    if wechat and not _LINK_RE.fullmatch(wechat.group(0)):
        signals.append(Signal("traffic_diversion", 0.9, "wechat_id", wechat.group(0)))
    qq = _QQ_RE.search(text.digits.casefold())
    if qq:
        signals.append(Signal("traffic_diversion", 0.9, "qq_number", qq.group(0)))
    email = _EMAIL_RE.search(text.folded)
    if email:
        signals.append(Signal("traffic_diversion", 0.75, "email_address", email.group(0)))
    if not signals:
        hint = _WECHAT_HINT_RE.search(text.folded)
        if hint:
            signals.append(Signal("traffic_diversion", 0.5, "contact_request", hint.group(0)))
    link = _LINK_RE.search(text.folded)
    if link:
        signals.append(Signal("external_links", 0.6, "external_link", link.group(0)))
    return signals


def undisclosed_advertising(text: Normalised, *, disclosed: bool) -> list[Signal]:
    if disclosed:
        return []
    terms = [t for t in _AD_TERMS if t in text.folded]
    prices = _PRICE_RE.findall(text.folded)
    count = len(terms) + min(len(prices), 2)
    if count < 2:
        return []
    score = min(1.0, 0.3 + 0.15 * count)
    return [Signal("undisclosed_ads", score, "commercial_terms", ", ".join([*terms, *prices[:2]])[:200])]
