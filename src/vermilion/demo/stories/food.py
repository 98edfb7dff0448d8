"""Food: hotpot, dumplings, noodles, coffee and tea, written from both sides of the table."""

from __future__ import annotations

from ..records import DemoNote as N

THEME = "food"

REACTIONS = ("看饿了", "口水流下来了", "求地址！", "好想吃😋", "马住了", "Yum!", "Want!", "Yummy", "Drool",
             "这个我爱吃", "半夜看这个太罪恶了", "😋😋")

NOTES = (
    N("latte-meimei", "meimei_cooks", "早茶之后来一杯拿铁 ☕",
      "广州老城区的小店，拿铁拉花很好看，奶味很足。\nA tiny café near my favourite dim sum place, "
      "the latte art is lovely. #咖啡 #探店 #拿铁", ("coffee", "coffee:cup"), "广州 · 荔湾",
      ("荔湾的老街区喝咖啡很有感觉", "Dim sum then latte is my ideal Sunday",
       "拉花是天鹅还是爱心？看不太清"),
      "是天鹅！店主练了两年"),
    N("chongqing-hotpot-map", "laozhou_cq", "重庆本地人私藏的火锅店 🔥",
      "不去网红店，带你去老社区里的火锅。九宫格、牛油锅底、毛肚七上八下。\n"
      "外地朋友记得点微辣，重庆的微辣也很辣 🌶️ #火锅 #重庆美食 #本地人推荐", ("cover", "brick:wall"), "重庆 · 渝中",
      ("毛肚七上八下是什么意思？", "微辣也很辣 is the most important warning on this app",
       "老社区的火锅才是灵魂，网红店都要排队两小时"),
      "夹着毛肚在锅里上下涮七八次，大概十几秒就熟了，脆！"),
    N("hotpot-first-time", "danny_la", "My first real hotpot experience 🌶️",
      "A friend from Chengdu took me to a Sichuan hot pot place in San Gabriel. Ordered the "
      "\"mild\" broth. It was not mild. Tripe was amazing though. #hotpot #火锅 #tiktokrefugee",
      ("cover", "coffee:top"), "San Gabriel, CA",
      ("欢迎来到火锅的世界！下次试试鸳鸯锅，一半辣一半不辣", "The mild broth lie gets everyone the first time",
       "San Gabriel has amazing Sichuan food, try the dan dan noodles next"),
      "鸳鸯锅 sounds like exactly what I need, thank you"),
    N("hotpot-home", "priya_cooks", "Hotpot night at home for six",
      "Split pot: tomato broth on one side, mala on the other. Thin beef, tofu, mushrooms, "
      "lotus root, and way too many fish balls. Dipping sauce: sesame paste + garlic + cilantro. "
      "#hotpot #火锅 #homecooking", ("cover",), "Vancouver",
      ("番茄锅底配麻辣锅底是最完美的组合", "Sesame paste dipping sauce is the correct choice",
       "莲藕片煮久一点更粉糯，好吃"),
      "The lotus root disappeared first!"),
    N("dumplings-nainai", "li_nainai", "奶奶教你包饺子｜白菜猪肉馅",
      "孙女说外国朋友想学包饺子，我就拍一下。馅要顺一个方向搅，皮要中间厚边上薄，捏的时候从中间往两边捏 🥟\n"
      "#饺子 #家常菜 #青岛", ("cover", "flower:center"), "青岛",
      ("奶奶好！顺一个方向搅是我妈也说过的秘诀", "Nainai, thank you! Middle thick, edges thin, got it",
       "这就是家的味道，看得想回家了"),
      "好孩子，多包几次就会了"),
    N("dumplings-brooklyn", "bao_in_brooklyn", "Sunday dumpling folding with roommates",
      "Taught four roommates to fold jiaozi today. We made 120 and ate 90. The ugly ones taste the same. "
      "Pork and chive filling, my grandma's ratio. #dumplings #饺子 #Brooklyn", ("cover", "coffee:saucer"), "Brooklyn, NY",
      ("韭菜猪肉馅是最经典的，奶奶的配方一定好吃", "Wonky dumplings taste the same, words to live by",
       "120 made and 90 eaten, the maths checks out"),
      "Grandma's ratio is 3 pork to 1 chive, don't tell her I shared it"),
    N("xian-noodles", "ruoxi_xian", "西安碳水之旅：一天吃五顿面 🍜",
      "早上油泼面，中午biangbiang面，下午肉夹馍配冰峰，晚上臊子面，夜宵凉皮……\n"
      "西安人的胃是面做的。#西安美食 #面食 #碳水快乐", ("cover", "china:eaves"), "西安 · 回民街",
      ("biangbiang 这个字我到现在都不会写", "Five noodle meals in one day is my dream trip",
       "油泼面一定要多放辣子，泼油那一下最香"),
      "biang字笔画太多了，我也是看着写的😂"),
    N("noodles-london", "nora_london", "Hand-pulled noodles in Soho",
      "Queued 40 minutes for biang biang noodles near Chinatown. Wide, chewy, chilli oil everywhere. "
      "Worth every minute. 面 miàn = noodles! #noodles #面 #London", ("cover",), "London · Soho",
      ("伦敦也能吃到biangbiang面，好羡慕", "40 minutes is nothing for hand-pulled noodles",
       "面 is right! 拉面 lā miàn = hand-pulled noodles"),
      "拉面 noted. I will be back next week"),
    N("hongkong-cha-chaan-teng", "suji_hk", "茶餐厅的早餐，香港人的日常",
      "菠萝油、奶茶、火腿通粉，三样加起来就是香港的早晨。奶茶要丝袜奶茶，茶味浓，够滑 🍞\n"
      "#茶餐厅 #香港美食 #港式奶茶", ("coffee:rim", "cover"), "香港 · 旺角",
      ("Pineapple bun with butter is the best breakfast on earth", "丝袜奶茶真的是港式早餐的灵魂",
       "火腿通粉配一杯冻柠茶也很正"),
      "冻柠茶少甜是我每日必点 😆"),
    N("hawker-laksa", "kevin_sg", "Laksa at my favourite hawker stall",
      "Coconut curry broth, thick rice noodles, cockles, tau pok soaking up the gravy. The auntie has "
      "been cooking this for 30 years. 叻沙 in Chinese! #hawker #laksa #新加坡美食", ("cover", "coffee:top"), "Singapore",
      ("叻沙这个翻译好有意思，是音译吗", "Thirty years of the same recipe, that's the magic",
       "新加坡的小贩中心是我最想去的地方"),
      "是音译！很多南洋食物的中文名都是从马来语音译的"),
    N("tea-hangzhou", "xiaoyu_hz", "明前龙井，杭州的春天在杯子里",
      "虎跑泉的水泡龙井，玻璃杯看茶叶一片片立起来。茶汤是嫩绿色的，有豆香 🍵\n"
      "#龙井 #喝茶 #杭州", ("coffee:cup", "grass:patch"), "杭州 · 西湖",
      ("How do you know when the tea leaves are ready?", "玻璃杯泡绿茶真的很好看",
       "豆香这个描述太准确了"),
      "茶叶沉下去一半就可以喝啦，水温八十度左右"),
    N("bubble-tea-taipei", "hana_tw", "台北珍珠奶茶店推荐，三家都不踩雷",
      "第一家黑糖珍珠现煮，第二家茶底很香可以选无糖，第三家芋圆和奶茶一起点。\n"
      "珍奶是台湾的骄傲 🧋 #珍珠奶茶 #台北美食 #奶茶", ("cover", "coffee:foam"), "台北",
      ("Bubble tea in Taipei is a religious experience", "黑糖珍珠现煮的最好喝，热热的",
       "无糖的茶底才能喝出茶的味道"),
      "对！选无糖才喝得出茶香"),
    N("bubble-tea-ranking", "marcus_atl", "Ranking every bubble tea I tried",
      "1. Brown sugar boba, 10/10, dessert in a cup. 2. Jasmine milk tea, light and floral. "
      "3. Taro, a fun colour, tastes like cereal milk. Learning: 奶茶 nǎi chá = milk tea. #bubbletea #奶茶",
      ("cover",), "Atlanta",
      ("芋泥奶茶推荐你加芋圆，口感更丰富", "Taro tastes like cereal milk is weirdly accurate",
       "奶茶 correct! 珍珠 zhēn zhū = the pearls"),
      "珍珠 like pearls, that makes so much sense"),
    N("pour-over-coffee", "owen_pdx", "The pour-over ratio that finally works",
      "1:16 coffee to water, 94°C, a 45-second bloom, slow spiral pour. Ethiopian beans taste "
      "like blueberries at this ratio. 手冲咖啡 = pour-over, learned that from you all. #coffee #手冲咖啡",
      ("coffee:top", "coffee:saucer"), "Portland, OR",
      ("埃塞俄比亚的豆子确实有莓果香", "1:16 is my go-to too, 1:15 for darker roasts",
       "手冲咖啡 correct! 你用什么滤杯？"),
      "V60, the classic 😄"),
    N("oat-latte-shanghai", "lucia_madrid", "Best oat latte I've had in Shanghai",
      "Tiny shop on a side street off Wukang Road. The barista spoke Spanish! We chatted in three "
      "languages. 燕麦拿铁 is now my favourite order. #咖啡 #上海 #oatlatte", ("coffee:foam", "china:roof"), "上海 · 武康路",
      ("武康路附近的咖啡店真的太多了，一天喝不完", "Three languages over one coffee, love that",
       "燕麦拿铁 pronounced yàn mài ná tiě, well done"),
      "Ná tiě! I will practise my tones"),
    N("coffee-study-spot", "chen_studies", "北京适合自习的咖啡馆｜插座多不催人",
      "考研那年泡在咖啡馆里复习，整理了三家：有插座、桌子大、中午不赶人。美式续杯还打折 ☕\n"
      "#咖啡馆 #自习 #北京", ("coffee", "page:margin"), "北京 · 海淀",
      ("Coffee shops that let you study all day are treasures", "海淀的咖啡馆一到周末就坐满考研人",
       "插座多太重要了，电脑没电就白去了"),
      ""),
    N("cantonese-dim-sum", "meimei_cooks", "广州早茶点单攻略，新手照着点不会错",
      "虾饺、烧卖、叉烧包、肠粉、凤爪、流沙包。一盅两件，慢慢饮 🫖\n"
      "Dim sum order guide for first-timers! #早茶 #广州美食 #dimsum", ("cover", "coffee:rim"), "广州",
      ("凤爪 chicken feet are the best thing there, don't be scared", "一盅两件这个说法好有老广的感觉",
       "流沙包一定要趁热吃，会流出来"),
      "流沙包小心烫嘴！"),
    N("mapo-tofu-home", "priya_cooks", "Mapo tofu, attempt number four",
      "Finally got the numbing feeling right: toasted and ground Sichuan peppercorns at the end. "
      "Doubanjiang fried until the oil turns red. 麻婆豆腐 tastes like home now. #麻婆豆腐 #cooking #川菜",
      ("cover",), "Vancouver",
      ("花椒最后撒是对的，麻味最足", "Fourth attempt and it looks perfect",
       "郫县豆瓣酱炒出红油是关键，你做对了"),
      "郫县 noted, buying that brand next time"),
    N("jianbing-breakfast", "zhang_laoshi", "北京早餐：煎饼果子怎么说",
      "煎饼果子 jiān bǐng guǒ zi：面糊摊成饼，打个鸡蛋，放薄脆和葱花，抹酱卷起来。\n"
      "Say it with me: 老板，来一套煎饼果子，不要香菜！#学中文 #北京早餐 #煎饼果子", ("cover",), "北京",
      ("不要香菜 is the most useful phrase I've learned", "我每天早上都吃，加两个蛋",
       "老板，来一套 sounds so natural"),
      "加两个蛋是正确的选择 👍"),
    N("ramen-berlin", "tom_berlin", "Found Lanzhou beef noodles in Berlin",
      "Clear broth, radish, chilli oil, coriander, and noodles pulled in front of you. The cook asked "
      "毛细还是二细 and I panicked. 兰州拉面 #noodles #面 #Berlin", ("cover", "coffee:top"), "Berlin",
      ("毛细是最细的，二细稍微粗一点，下次试试二细", "Panicking at noodle thickness choices is universal",
       "柏林也有兰州拉面，世界真小"),
      "二细 next time! Thank you for the rescue"),
    N("mooncake-bake", "bao_in_brooklyn", "Baking snow skin mooncakes with my mom",
      "No oven needed: glutinous rice dough, custard filling, a wooden mould from my grandma's kitchen. "
      "冰皮月饼 came out pastel pink. #月饼 #baking #mooncake", ("flower:petal", "cover"), "Brooklyn, NY",
      ("冰皮月饼要冷藏一下更好吃", "A wooden mould from grandma makes it extra special",
       "粉色的冰皮好少女心"),
      "Chilling overnight made them perfect"),
    N("chongqing-xiaomian", "laozhou_cq", "重庆小面，早上七点的仪式感",
      "豌杂面加煎蛋，红油、花椒、芽菜、葱花。重庆人吃面不用坐，站在路边也能吃完 🍜\n"
      "#重庆小面 #面 #重庆", ("cover", "brick:corner"), "重庆",
      ("Standing on the street eating noodles is peak city life", "豌杂面是我离开重庆最想念的",
       "早上七点就吃这么辣，胃好强"),
      "从小吃到大，不辣不舒服 😂"),
    N("taiwan-night-market", "hana_tw", "宁夏夜市必吃清单 🌙",
      "蚵仔煎、卤肉饭、大肠包小肠、花生卷冰淇淋、甘蔗汁。\n"
      "Night market must-eats for visitors! #夜市 #台北美食 #台湾", ("cover", "moon"), "台北 · 宁夏夜市",
      ("花生卷冰淇淋里面有香菜，一定要试", "Oyster omelette is the best night market food",
       "大肠包小肠这个名字外国朋友听了会很困惑"),
      "香菜加花生加冰淇淋，神奇但好吃！"),
    N("sourdough-dumpling", "owen_pdx", "Sourdough starter in bao dough?",
      "Steamed buns with sourdough: slower rise, tangy, still fluffy. Filled with char siu from a "
      "recipe in the comments last week. 包子 bāo zi. #baozi #包子 #baking", ("cover",), "Portland, OR",
      ("酵母换成老面其实很传统，北方老面馒头就是这样", "Sourdough baozi is genius",
       "叉烧包的褶子捏得好整齐"),
      "老面! So I accidentally did the traditional thing"),
    N("hotpot-chengdu-cats", "ahmao_cat", "成都火锅配冰粉，辣完吃甜的",
      "和朋友吃了三个小时火锅，最后来一碗红糖冰粉，整个人活过来了。\n#火锅 #成都美食 #冰粉",
      ("cover", "flower"), "成都 · 玉林", ("火锅后的冰粉是灵魂", "What is 冰粉? It looks refreshing",
                                        "玉林路的小馆子都好好吃"),
      "冰粉是一种植物种子做的凉凉的甜品，加红糖水和花生碎"),
    N("xiaolongbao-shanghai", "xiaolin_travel", "上海小笼包，先开窗后喝汤",
      "咬一个小口，吸汤，再蘸醋吃。排队四十分钟，一笼八个，两分钟吃完 🥟\n"
      "#小笼包 #上海美食 #soupdumplings", ("cover", "coffee:saucer"), "上海 · 豫园",
      ("Bite, sip, dip: the only correct way", "豫园附近排队的人太多了，早点去",
       "被汤烫过一次就学会先开窗了"),
      "早上八点去人最少！"),
    N("spicy-challenge", "mike_learns_zh", "I tried 变态辣 chicken wings. Mistake.",
      "My Chinese friend said 变态辣 means 'very spicy'. It means 'abnormally spicy'. "
      "I cried. I learned a new word. 辣 là = spicy. #辣 #spicy #学中文", ("cover",), "Austin, TX",
      ("变态辣确实不是开玩笑的，下次点微辣", "Crying is part of the learning process",
       "辣 is right! 特辣 is very spicy, 变态辣 is a warning"),
      "微辣 from now on. My stomach agrees"),
    N("congee-sick-day", "suji_hk", "生病的时候只想喝一碗皮蛋瘦肉粥",
      "米要先用油和盐腌一下，煲一个钟头，皮蛋切粒最后放。热辣辣一碗，出一身汗就好了。\n"
      "#粥 #广东菜 #香港", ("cover", "coffee:cup"), "香港",
      ("Congee is the universal sick-day hug", "腌米这一步很多人不知道，难怪我煮的不够绵",
       "皮蛋瘦肉粥配油条，完美"),
      "系呀，油条一定要有！"),
    N("street-food-xian", "ruoxi_xian", "肉夹馍的正确吃法，外地朋友来学",
      "白吉馍要烤得外脆里软，腊汁肉肥瘦相间，剁碎了夹进去。配一瓶冰峰汽水，西安人的标配。\n"
      "#肉夹馍 #西安美食 #roujiamo", ("cover",), "西安",
      ("Roujiamo is called the Chinese hamburger here", "冰峰配肉夹馍是灵魂组合",
       "肥瘦相间的腊汁肉太香了"),
      "叫它中国汉堡我们西安人不太服气哈哈"),
    N("breakfast-around-world", "lucia_madrid", "Breakfast in Shanghai vs Madrid",
      "Madrid: churros and hot chocolate. Shanghai: 粢饭团, soy milk, a scallion pancake. Both fried, "
      "both perfect, both eaten standing up. #breakfast #早餐 #上海", ("cover", "coffee:rim"), "上海",
      ("粢饭团里加油条和肉松才是正宗的", "Churros vs scallion pancakes, impossible choice",
       "站着吃早餐是上海打工人的日常"),
      "With 油条 and 肉松, yes! So much crunch"),
)
