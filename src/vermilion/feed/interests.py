"""Which topics belong to each sign-up interest, in both languages, so a first feed is personal.

Keys are folded topic keys (kit.text.topic_key): lower-case, Simplified.
"""

from __future__ import annotations

INTEREST_TOPICS: dict[str, frozenset[str]] = {
    "food": frozenset({"food", "美食", "探店", "做饭", "家常菜", "火锅", "hotpot", "recipe", "cooking", "食谱",
                       "咖啡", "coffee", "拿铁", "甜品", "烘焙", "baking"}),
    "travel": frozenset({"travel", "旅行", "旅游", "攻略", "citywalk", "周末去哪儿", "酒店", "trip"}),
    "fashion": frozenset({"ootd", "fashion", "穿搭", "今日穿搭", "outfit", "时尚"}),
    "beauty": frozenset({"beauty", "makeup", "美妆", "护肤", "skincare", "化妆"}),
    "pets": frozenset({"cat", "cats", "dog", "dogs", "pets", "cattax", "猫税", "猫", "猫咪", "狗", "宠物", "萌宠", "铲屎官"}),
    "language": frozenset({"语言交换", "languageexchange", "learnchinese", "学英语", "学中文", "english", "中文",
                           "tiktokrefugee", "chinese"}),
    "fitness": frozenset({"fitness", "gym", "健身", "减脂", "workout", "瑜伽", "yoga", "跑步", "running"}),
    "outdoors": frozenset({"hiking", "徒步", "露营", "camping", "outdoors", "户外", "爬山"}),
    "photography": frozenset({"photography", "摄影", "拍照", "相机", "胶片", "film"}),
    "home": frozenset({"home", "家居", "装修", "收纳", "interior", "租房改造"}),
    "books": frozenset({"books", "读书", "书单", "reading", "booktok"}),
    "music": frozenset({"music", "音乐", "歌单", "吉他", "guitar", "kpop"}),
    "movies": frozenset({"movies", "电影", "追剧", "电视剧", "tv", "netflix"}),
    "tech": frozenset({"tech", "数码", "科技", "iphone", "编程", "coding", "ai"}),
    "study": frozenset({"study", "学习", "考研", "留学", "职场", "career", "studywithme"}),
    "parenting": frozenset({"parenting", "育儿", "宝宝", "亲子", "baby"}),
    "art": frozenset({"art", "drawing", "绘画", "插画", "手工", "diy", "illustration"}),
    "gaming": frozenset({"gaming", "游戏", "原神", "switch", "steam"}),
    "cars": frozenset({"cars", "汽车", "新能源", "ev", "自驾"}),
    "culture": frozenset({"culture", "文化", "博物馆", "museum", "历史", "history", "春节"}),
}


def topics_for_interests(interests: list[str]) -> set[str]:
    keys: set[str] = set()
    for interest in interests:
        keys |= INTEREST_TOPICS.get(interest, frozenset())
    return keys
