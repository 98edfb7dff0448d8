"""Language exchange: newcomers learning Chinese, locals practising English, teaching each other."""

from __future__ import annotations

from ..records import DemoNote as N

THEME = "language"

REACTIONS = ("加油！", "学到了", "你的中文很好", "Nice!", "Same!", "Go go!", "好实用", "收藏了慢慢学", "Cool",
             "发音好难", "互相学习", "💪")

NOTES = (
    N("colours-sara", "sara_paints", "Colour wheel practice 🎨 颜色怎么说？",
      "Trading art tips for Chinese lessons! Today: 红 hóng = red, 蓝 lán = blue, 黄 huáng = yellow.\n"
      "教我更多颜色的说法吧～ #语言交换 #languageexchange #art", ("colorwheel",), "Toronto",
      ("绿 lǜ = green, 紫 zǐ = purple, 粉 fěn = pink!", "Your colour wheel is so clean, what paint do you use?",
       "橙色 chéng sè 是 orange，和橙子一样"),
      "橙色 like the fruit, that's easy to remember!"),
    N("language-meimei", "meimei_cooks", "找语言交换的朋友 🇨🇳🇺🇸",
      "我教你做广东菜和说中文，你陪我练英语口语～ I'll teach you Cantonese cooking and Mandarin, "
      "you help me with English! #语言交换 #tiktokrefugee #学英语", ("coffee:cup",), "广州",
      ("I'd love to learn Cantonese cooking, my English is all yours", "语言交换加做饭，这是最好的学习方式",
       "Can we start with 叉烧? I love char siu"),
      "叉烧 is a great start! Tell me your favourite English dish"),
    N("tones-struggle", "mike_learns_zh", "妈 麻 马 骂 all sound the same to me",
      "Mom, hemp, horse, scold. Week six of tones. My teacher says I always say the third tone like "
      "a question. Any tips? #学中文 #tones #Chinese", ("cover",), "Austin, TX",
      ("第三声可以想象成先往下再往上，像点头", "Try humming the tone first, then adding the word",
       "Six weeks is still early, it gets better"),
      "Humming first actually helps, thanks!"),
    N("chinese-slang-2025", "zhang_laoshi", "2025年最火的网络用语，外国朋友必学",
      "1. 破防了 pò fáng le：情绪被击中了\n2. 绝绝子：太棒了\n3. 躺平：不努力了\n4. 泰酷辣：太酷啦\n"
      "5. 显眼包：爱出风头的人\n评论区写一个你最喜欢的！#学中文 #网络用语 #中文表达", ("cover",), "北京",
      ("显眼包 describes me at every party", "破防了 is my favourite, so expressive",
       "泰酷辣这个谐音好可爱"),
      "显眼包用得很地道 😂"),
    N("english-idioms", "amy_nyc", "美国同学每天都在说的十个英语表达",
      "in a nutshell（简单来说）、piece of cake（小菜一碟）、hit the books（开始学习）、"
      "under the weather（不舒服）……课本上没有，但每天都能听到。#学英语 #英语口语 #留学", ("cover", "page"), "New York",
      ("Under the weather is so useful for calling in sick", "小菜一碟和 piece of cake 意思完全一样！",
       "hit the books 今天就用上了"),
      "对！两个语言都用食物表达简单，好有意思"),
    N("measure-words", "tom_berlin", "Measure words are breaking my brain",
      "一只猫, 一条鱼, 一本书, 一张纸, 一把椅子. German has genders, Chinese has measure words. "
      "Why?? #学中文 #measurewords #量词", ("cover", "page:margin"), "Berlin",
      ("实在记不住就用 个，大家都能听懂", "German genders are way harder, trust me",
       "条 is for long thin things, like fish, rivers, roads"),
      "个 as an emergency option, got it 😅"),
    N("handwriting-practice", "sara_paints", "Practising 永 for all eight strokes",
      "My calligraphy teacher says 永 (forever) contains every basic stroke. Three weeks on one "
      "character. #书法 #calligraphy #学中文", ("page", "cover"), "Toronto",
      ("永字八法，老师教得很对", "Three weeks on one character is real dedication",
       "你的横写得很稳了"),
      "谢谢！横是我最喜欢的笔画"),
    N("partner-family-dinner", "tom_berlin", "Dinner with my partner's family",
      "Practised for months. Said 阿姨好 and 叔叔好. Then grandpa spoke Sichuanese and I understood "
      "nothing. Everyone laughed, kindly. #学中文 #languageexchange #成都", ("cover",), "成都",
      ("四川话和普通话差别很大，不怪你", "Grandpa's dialect is the final level",
       "你愿意学中文，家人一定很开心"),
      "Grandpa gave me a thumbs up at the end 👍"),
    N("cantonese-vs-mandarin", "suji_hk", "广东话同普通话有乜唔同？",
      "普通话：你吃饭了吗？ 广东话：你食咗饭未呀？\n好多外国朋友问点解香港人讲嘢唔同，整理咗几句日常对照 💬\n"
      "#广东话 #粤语 #学中文", ("cover",), "香港", ("食咗饭未 is how my grandma greets me!", "粤语有九个声调，太难了",
                                                   "想学粤语歌，推荐几首入门的"),
      "入门可以听陈奕迅同埋容祖儿"),
    N("hsk-study-plan", "mike_learns_zh", "My HSK 3 study plan (week 10 update)",
      "30 minutes of flashcards, one episode of a Chinese show with subtitles, 10 minutes of shadowing. "
      "600 words down, 0 days missed. #HSK #学中文 #studyplan", ("cover", "page:margin"), "Austin, TX",
      ("跟读 shadowing 是练口语最好的方法", "Zero days missed is impressive",
       "推荐你看《隐秘的角落》，语速正常"),
      "Adding it to the list, thank you!"),
    N("pinyin-keyboard", "emma_melbourne", "Typing Chinese with pinyin is magic",
      "Type 'xiexie' and 谢谢 appears. Type 'xhs' and it guesses 小红书! My phone knows more Chinese "
      "than I do. #拼音 #学中文 #pinyin", ("cover",), "Melbourne",
      ("首字母输入是中国人打字的习惯", "Initials typing is such a power move",
       "下一步可以试试手写输入"),
      ""),
    N("chinese-new-year-words", "zhang_laoshi", "春节必会的十句吉祥话",
      "新年快乐、恭喜发财、万事如意、身体健康、年年有余、心想事成……\n"
      "拜年的时候用得上，长辈听了最开心 🧧 #春节 #学中文 #吉祥话", ("cover",), "北京",
      ("恭喜发财，红包拿来! I know that one", "年年有余的余和鱼同音，所以年夜饭要有鱼",
       "Learning these before visiting my partner's family"),
      "红包拿来一定会让长辈笑出来 😄"),
    N("english-meetup", "chen_studies", "北京英语角，第一次开口说英语",
      "紧张到手心出汗，但大家都很友好。一个美国朋友教我 'no worries'，我教他 '没关系'。\n"
      "#英语角 #学英语 #语言交换", ("cover",), "北京 · 五道口",
      ("No worries and 没关系 are perfect twins", "第一次开口最难，之后就好了",
       "五道口的英语角好像每周都有"),
      "每周六下午，欢迎来玩"),
    N("duolingo-vs-tutor", "marcus_atl", "App streak vs a real tutor",
      "200-day streak in an app taught me to read menus. Two months with a tutor taught me to order "
      "and joke with the waiter. Do both. #学中文 #languagelearning", ("cover",), "Atlanta",
      ("和真人聊天进步最快", "200 days is still great, don't drop it",
       "和服务员开玩笑已经很厉害了"),
      ""),
    N("taiwanese-words", "hana_tw", "台湾用语 vs 大陆用语，外国朋友别搞混",
      "脚踏车/自行车、捷运/地铁、机车/摩托车、垃圾袋/塑料袋。\n"
      "两边都能听懂，但说对了会很亲切 😊 #台湾 #学中文 #用语对照", ("cover",), "台北",
      ("捷运 and 地铁 both mean subway? Good to know", "原来机车在台湾是摩托车的意思",
       "这种对照太有用了"),
      "对呀，捷运和地铁都是 metro"),
    N("radio-shadowing", "nora_london", "Shadowing Chinese podcasts on the train",
      "Forty minutes on the train every morning, repeating everything a podcast host says, quietly. "
      "Strangers stare. Worth it. #学中文 #shadowing #podcast", ("cover",), "London",
      ("在地铁上小声跟读，勇气可嘉", "What podcast do you use?",
       "坚持跟读三个月语感会好很多"),
      "A slow Chinese news podcast, very calm voices"),
    N("spanish-chinese-exchange", "lucia_madrid", "Intercambio: Spanish for Chinese",
      "Every Wednesday a student from Fudan teaches me Chinese and I teach her Spanish. She already "
      "rolls her R better than me. #语言交换 #西班牙语 #languageexchange", ("cover", "coffee:foam"), "上海",
      ("西班牙语的弹舌好难，羡慕", "Language swaps are the best way to make friends",
       "复旦的学生真厉害"),
      "She practised that sound for weeks 😂"),
    N("chinese-number-gestures", "kevin_sg", "Counting to ten with one hand in Chinese",
      "Six is a thumb and pinky, eight looks like a gun, ten is a fist or crossed fingers. "
      "Very useful at markets. #学中文 #手势 #culture", ("cover",), "Singapore",
      ("北方和南方的十有时候不一样", "The number eight gesture confused me for years",
       "在菜市场真的很好用"),
      ""),
    N("xhs-app-words", "xiaoyu_sz", "给新朋友的小红书黑话词典",
      "种草：被推荐想要｜拔草：不想要了｜蹲：等更新｜马住：先收藏｜绝了：太好了\n"
      "xhs就是小红书的拼音首字母！#小红书 #xhs #网络用语", ("cover",), "深圳",
      ("蹲 for waiting for an update is so cute", "xhs finally makes sense, thank you",
       "马住这个词我每天都在用"),
      "蹲后续也是一个意思！"),
    N("grandma-video-call", "bao_in_brooklyn", "Video calls with grandma in Fuzhou",
      "My Mandarin is okay, my Fuzhounese is terrible, and grandma only speaks Fuzhounese when she's "
      "excited. We use a lot of hand gestures. #福州话 #family #languageexchange", ("cover",), "Brooklyn, NY",
      ("福州话真的很难，我是福建人都听不太懂", "Hand gestures are a universal language with grandmas",
       "奶奶一定很开心你还愿意学"),
      "She sends me voice messages every morning now ❤️"),
    N("english-tongue-twisters", "linlin_xm", "英语绕口令挑战，我读了十遍",
      "She sells seashells by the seashore. 读到第五遍舌头打结了……\n"
      "外国朋友来挑战中文的：四是四，十是十！#学英语 #绕口令 #语言交换", ("cover",), "厦门",
      ("四是四十是十 is impossible for me", "She sells seashells 我也读不好",
       "The Chinese one is way harder, respect"),
      "互相伤害哈哈哈"),
)
