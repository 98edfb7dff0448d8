"""Travel: trips inside China and abroad, and first visits planned in the comments."""

from __future__ import annotations

from ..records import DemoNote as N

THEME = "travel"

REACTIONS = ("好想去", "出片了", "旅行的意义", "马住攻略", "Wow!", "Dream", "Epic", "Want!", "风景好美", "羡慕了",
             "下次一起去", "🤩")

NOTES = (
    N("rocket-jake", "jake_in_ohio", "Watched a launch this weekend 🚀",
      "Still can't believe how loud it was. Does anyone here follow 航天 news? #space #航天",
      ("rocket", "rocket:top"), "Florida",
      ("航天迷报到！文昌发射场也可以现场看", "The sound hits your chest before you hear it",
       "How far away were you standing?"),
      "About six miles, and it still shook the ground"),
    N("hubble-xiaolin", "xiaolin_travel", "周末天文馆｜哈勃深空场",
      "一张照片里有上万个星系，每个光点都是一个星系 ✨ 推荐带小朋友去 #周末去哪儿 #天文",
      ("hubble_deep_field", "hubble_deep_field:zoom"), "上海天文馆",
      ("上海天文馆的建筑本身就很好看", "Every dot is a galaxy, my brain can't handle it",
       "周末带孩子去要提前预约吗"),
      "要提前在小程序上预约"),
    N("astronaut-museum", "danny_la", "Space museum day with my niece",
      "She wants to be an astronaut now. Tried to teach her 宇航员 yǔ háng yuán. She said 'astronaut' "
      "is easier. Fair. #space #航天 #travel", ("astronaut", "rocket:plume"), "Los Angeles",
      ("宇航员 is a long word for a kid", "Future astronaut in the making 🚀",
       "中国的宇航员也叫航天员"),
      "航天员, even longer! She's sticking with astronaut"),
    N("dali-erhai", "ahua_dali", "洱海边骑车，一天看完日出和日落",
      "早上在双廊看日出，中午在喜洲吃破酥粑粑，傍晚骑到才村看日落。大理的风是自由的 🌅\n"
      "#大理 #洱海 #云南旅行", ("grass:patch", "moon", "cover"), "大理 · 洱海",
      ("Sunrise and sunset by the same lake in one day, perfect", "喜洲的破酥粑粑太好吃了",
       "大理的风是自由的，这句话好美"),
      "欢迎来大理找我喝茶"),
    N("beijing-forbidden-city", "nora_london", "First time at the Forbidden City",
      "Got there at opening, walked the central axis, then lost myself in the side courtyards where "
      "nobody goes. 故宫 gù gōng. #北京 #故宫 #travel", ("china", "china:roof"), "北京 · 故宫",
      ("东西六宫人少，好逛又好拍", "The side courtyards are the real treasure",
       "故宫 correct! 紫禁城 is the old name"),
      "紫禁城 sounds so poetic"),
    N("yunnan-tea-mountain", "xiaoyu_hz", "去云南找普洱茶的源头",
      "在茶山住了三天，跟着茶农采茶、杀青、揉捻。晚上喝的是他们家自己的古树茶，特别甜。\n"
      "#普洱 #云南 #茶山", ("grass", "coffee:cup"), "云南 · 西双版纳",
      ("Three days on a tea mountain sounds like heaven", "古树茶回甘真的很明显",
       "杀青是什么意思？"),
      "就是用高温锅炒新鲜茶叶，让它不再发酵"),
    N("chongqing-first-visit", "danny_la", "Chongqing felt like a sci-fi movie",
      "A train goes through a building. Streets are stacked. Hotpot at midnight. Everyone was so kind "
      "when I got lost. 重庆 is unreal. #重庆 #Chongqing #travel", ("cover", "brick:wall"), "重庆",
      ("重庆欢迎你！下次来带你吃本地火锅", "The train through the building is iconic",
       "半夜的火锅是重庆的灵魂"),
      "Deal, I'm coming back next year!"),
    N("shanghai-weekend-guide", "xiaolin_travel", "外国朋友来上海，48小时怎么玩",
      "第一天：外滩、南京路、豫园小笼包。第二天：武康路citywalk、西岸美术馆、晚上坐轮渡看夜景。\n"
      "#上海 #旅行攻略 #travel", ("china:sky", "moon", "cover"), "上海",
      ("This is the perfect first-timer itinerary", "轮渡看夜景是我最推荐的",
       "西岸美术馆最近有什么展"),
      "现在有一个很好看的摄影展"),
    N("tokyo-by-train", "nora_london", "Tokyo to Kyoto by slow train",
      "Skipped the bullet train and took local lines for a day. Tiny stations, rice fields, a bento "
      "from a station kiosk. 慢 màn = slow. #travel #Japan #slowtravel", ("grass:path", "cover"), "Kyoto",
      ("慢慢走才能看到风景", "Local trains in Japan are the best way to see the countryside",
       "车站便当是日本旅行的乐趣"),
      "The bento had a tiny fish-shaped soy sauce bottle 🐟"),
    N("hong-kong-ferry", "suji_hk", "天星小轮，五分钟的维港",
      "由尖沙咀坐去中环，海风吹到面，对面系成个香港岛。最平嘅观光船 ⛴️\n#香港 #天星小轮 #维港",
      ("moon", "china:sky"), "香港 · 尖沙咀", ("The Star Ferry is the best value ride in the world", "维港夜景太靓",
                                              "五分钟好短，想多坐几次"),
      "来回坐都得，好多游客咁做"),
    N("xiamen-gulangyu", "linlin_xm", "鼓浪屿，避开人潮的小路",
      "不走主街，从内厝澳码头上岛，沿着小路走，老别墅和三角梅，几乎没有游客 🌺\n#鼓浪屿 #厦门 #旅行",
      ("flower", "camera:lens"), "厦门 · 鼓浪屿", ("Taking the back route is the best tip", "三角梅开的时候最美",
                                                   "内厝澳码头人确实少"),
      "早上第一班船最舒服"),
    N("toronto-to-chengdu", "sara_paints", "Sketching my way through Chengdu",
      "Two weeks in Chengdu with a sketchbook: teahouses, pandas, old men playing mahjong. People kept "
      "stopping to watch me draw and teach me words. #成都 #sketching #travel", ("colorwheel:center", "cover"),
      "成都", ("人民公园的茶馆最适合画速写", "Teaching words to someone drawing, so lovely",
                "熊猫画了吗？求看"),
      "Panda sketches coming in the next post 🐼"),
    N("singapore-gardens", "kevin_sg", "Gardens by the Bay, locals' timing",
      "Go at 7:45 pm for the light show, stay for the second one at 8:45 when the crowd leaves. Free. "
      "滨海湾花园 in Chinese. #Singapore #新加坡 #travel", ("flower", "moon"), "Singapore",
      ("Staying for the second show is genius", "滨海湾花园的超级树太好看了",
       "新加坡的夜景很美"),
      ""),
    N("xinjiang-roadtrip", "wangjie_nj", "北疆自驾十天，路线和注意事项",
      "乌鲁木齐—赛里木湖—那拉提—巴音布鲁克—独库公路。路况好但距离长，加油站要提前规划。\n"
      "#新疆 #自驾 #旅行攻略", ("motorcycle", "grass:path", "cover"), "新疆",
      ("The Duku Highway is on my dream list", "赛里木湖真的像眼泪一样蓝", "十天够吗？"),
      "十天刚好，再多几天更从容"),
    N("xian-terracotta", "ruoxi_xian", "兵马俑怎么看不踩雷",
      "一定要请讲解或者租讲解器，不然只是看一排排的陶人。先看三号坑，再看二号坑，最后一号坑最震撼。\n"
      "#兵马俑 #西安 #旅行攻略", ("cover", "china:eaves"), "西安 · 临潼",
      ("Pit 1 last is the perfect order", "讲解器真的很有必要",
       "Every face is different, it's incredible"),
      "对，每一个兵马俑的脸都不一样"),
    N("la-to-taipei", "danny_la", "Taipei in four days, mostly eating",
      "Beef noodle soup, night markets, Elephant Mountain at sunset, hot springs in Beitou. "
      "Everyone switched to English to help me, I tried my 谢谢 everywhere. #台北 #Taipei #travel",
      ("cover", "motorcycle:tank", "moon"), "台北", ("象山看日落是必须的", "Beef noodle soup in Taipei is life-changing",
                                  "谢谢说得越多越自然"),
      "Elephant Mountain stairs nearly ended me but worth it"),
    N("berlin-to-shanghai-train", "tom_berlin", "Berlin to Shanghai by train?",
      "Has anyone done it? Moscow, then the Trans-Mongolian to Beijing, then a fast train south. "
      "Two weeks, maybe three. #travel #火车 #slowtravel", ("cover", "grass:path"), "Berlin",
      ("我有朋友坐过，风景非常壮观", "The Trans-Mongolian is a dream trip",
       "北京到上海的高铁只要四个半小时"),
      "Four and a half hours for the last leg, that's the easy part"),
    N("guilin-river", "meimei_cooks", "桂林漓江，二十元人民币背面的风景",
      "坐竹筏从杨堤到兴坪，真的和人民币背面一模一样。早上有雾的时候最美 🏞️\n#桂林 #漓江 #旅行",
      ("grass", "cover"), "桂林 · 阳朔", ("The view from the banknote, that's amazing", "兴坪古镇也很值得逛",
                                          "竹筏要提前订吗"),
      "节假日一定要提前订"),
    N("madrid-to-shanghai", "lucia_madrid", "One month in Shanghai: what surprised me",
      "Paying for everything with my phone. Metro so clean. Dinner at 6 pm (in Madrid we eat at 10!). "
      "Strangers helping me with directions every day. #上海 #留学 #travel", ("cover", "china:sky"), "上海",
      ("晚上十点吃晚饭，西班牙人太会生活了", "The metro cleanliness surprises everyone",
       "上海人其实很热情的"),
      "Very friendly, yes! Especially the aunties in the park"),
    N("lijiang-old-town", "ahua_dali", "丽江古城的清晨，和晚上完全是两个地方",
      "晚上是酒吧和人潮，早上七点是扫街的阿姨、卖早点的纳西奶奶和流水声。\n#丽江 #云南 #古城",
      ("brick:corner", "china:eaves"), "丽江", ("Old towns at dawn are a different world", "早上的丽江才是真的丽江",
                                               "纳西粑粑好吃吗"),
      "好吃！咸甜都有"),
    N("moon-festival-travel", "kevin_sg", "Mid-Autumn lanterns in Chinatown",
      "Lanterns everywhere, mooncakes in every shop, and a full moon over the shophouses. "
      "中秋节快乐 to everyone here! #中秋 #mooncake #Singapore", ("moon", "cover"), "Singapore · Chinatown",
      ("中秋节快乐！新加坡的灯笼好漂亮", "Happy Mid-Autumn from Ohio 🥮",
       "月饼吃的什么口味"),
      "Durian snow skin, very Singaporean"),
)
