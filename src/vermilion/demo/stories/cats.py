"""Cat tax: the first thing many newcomers posted in January 2025, and the welcome they got."""

from __future__ import annotations

from ..records import DemoNote as N

THEME = "cats"

# Short reactions anyone may leave under any cat photo (short enough that repeating them is natural).
REACTIONS = ("太可爱了吧😭", "猫税已收到", "想rua", "好乖啊", "眼睛好漂亮", "Cute!", "Omg 😭", "Awww", "Kitty!",
             "小猫咪！", "救命好萌", "🥺🥺")

NOTES = (
    N("cat-tax-ahmao", "ahmao_cat", "今天的猫税 🐱 三只里最凶的那只",
      "平时谁都不让摸，今天居然主动过来蹭我 🥹\n欢迎新来的朋友们，猫税已交！#猫税 #CatTax #萌宠",
      ("chelsea", "chelsea:face", "chelsea:flip"), "成都",
      ("最凶的猫主动撒娇的时候最让人受宠若惊", "Welcome tax received! What's her name?",
       "三只猫的家一定很热闹吧，求另外两只的猫税"),
      "她叫豆豆，另外两只明天交税 😂"),
    N("cat-tax-jake", "jake_in_ohio", "Paying my cat tax 🐈",
      "First post here! As promised, my cat tax. 你好 from Ohio 👋 Teach me one Chinese word in the "
      "comments? #CatTax #tiktokrefugee #猫税", ("chelsea:warm",), "Columbus, Ohio",
      ("教你一个词：猫咪 māo mī，就是 kitty 的意思", "Ohio cat looks exactly like Chengdu cats, cats are universal",
       "欢迎欢迎！你家猫叫什么名字呀？"),
      "猫咪! Got it. His name is Biscuit 🍪"),
    N("orange-cat-diet", "qiqi_orange", "橘猫减肥第七天，失败了",
      "兽医说大橘要减两斤，我把猫粮换成了定量喂食。结果今天发现它在偷吃妹妹的饭……\n"
      "有没有养多猫的朋友，怎么分开喂？#橘猫 #猫咪减肥 #萌宠日常", ("chelsea:belly", "cover"), "上海",
      ("我家是用带芯片识别的喂食器，只有对应的猫能打开", "Ten orange cats share one brain cell and it's used for food",
       "橘猫的减肥计划从来没有成功过哈哈"),
      "芯片喂食器是个好主意，明天去看看"),
    N("biscuit-window", "jake_in_ohio", "Biscuit discovered the bird feeder",
      "Put a bird feeder outside the kitchen window. Biscuit has not moved in three hours. "
      "Is there a Chinese word for 'cat TV'? #CatTax #猫税 #catsofvermilion", ("chelsea:eyes",), "Columbus, Ohio",
      ("我们会说这是猫咪的电视节目，猫片 māo piàn", "My cat makes that chattering sound at birds, does Biscuit?",
       "Three hours is dedication. Respect."),
      "He absolutely chatters. 猫片 is perfect, thank you!"),
    N("cat-sleeps-laptop", "xiaoyu_sz", "程序员的猫只睡在键盘上",
      "刚想写代码，它就趴在键盘上了。提交记录里多了一行 jjjjjjjjjjjjjj ……\n"
      "#猫税 #程序员日常 #打工人", ("chelsea:nose",), "深圳 · 南山",
      ("我家猫会专门踩在回车键上发消息", "This is the most relatable post on this app",
       "代码审查的时候看到一行j，同事会以为你崩溃了"),
      "同事真的来问我是不是被盗号了🤣"),
    N("emma-two-cats", "emma_melbourne", "Meet Miso and Tofu 🐾",
      "Two rescue sisters from Melbourne. Miso is the brave one, Tofu hides under the bed when the "
      "doorbell rings. Learning: 猫 māo = cat, 两只猫 = two cats! #CatTax #猫税 #学中文",
      ("chelsea:left", "chelsea:bw"), "Melbourne",
      ("Miso 和 Tofu 这两个名字好可爱，都是吃的", "两只猫 is correct! 量词 只 is used for most animals",
       "Rescue sisters staying together is the best"),
      "Food names are a family tradition, my dog is called Noodle 🍜"),
    N("cat-chinese-names", "ahmao_cat", "给外国朋友科普：中国猫的名字",
      "评论区好多朋友问中国人给猫起什么名字，整理了一下：\n"
      "🍊 橘子、大橘（橘猫专用）\n🍞 馒头、包子、汤圆（吃货系列）\n🐯 老虎、煤球、雪球\n"
      "你家猫叫什么？#猫税 #CatTax #中文学习", ("cover", "chelsea:ear"), "成都",
      ("My cat is called Dumpling so I guess she is 饺子 now", "我家猫叫煤球，因为全身黑得发亮",
       "汤圆 is so cute, does it mean the sweet rice ball?"),
      "对！汤圆就是元宵节吃的甜甜的糯米球"),
    N("tanya-cat-yarn", "tanya_knits", "The cat approves of the new yarn",
      "Bought merino for a sweater. The cat has claimed it. I am now knitting a smaller sweater. "
      "For the cat. #CatTax #knitting #猫税", ("chelsea:right",), "Minneapolis",
      ("给猫织毛衣！求成品照片", "Every knitter has lost one skein to a cat",
       "毛线球对猫来说就是最好的玩具"),
      "成品照片 coming soon, if she lets me measure her"),
    N("qiqi-sunbath", "qiqi_orange", "冬天的阳台，两只橘猫在晒太阳",
      "上海冬天难得的大太阳，两只猫一动不动摊成了两张饼 ☀️\n#橘猫 #晒太阳 #猫税", ("chelsea:warm", "chelsea:top"),
      "上海 · 徐汇", ("摊成饼这个形容太准确了", "Orange cats in sunlight are basically solar panels",
                    "我家猫也是跟着阳光在地板上移动"),
      ""),
    N("vet-visit-en", "emma_melbourne", "Vet day: Tofu was very brave",
      "Annual check-up done. Vet says she is healthy, slightly chubby, and very dramatic. "
      "How do you say 'vet' in Chinese? #CatTax #猫税", ("chelsea:face",), "Melbourne",
      ("兽医 shòu yī 就是 vet，宠物医院是 pet hospital", "Slightly chubby and very dramatic describes every cat",
       "Give her an extra treat for being brave"),
      "兽医! Adding it to my flashcards"),
    N("cat-tax-london", "nora_london", "A London cat on a rainy windowsill",
      "My neighbour's cat visits every afternoon and watches the rain with me. Not my cat, but "
      "I'm told I still owe the tax. #CatTax #London #猫税", ("chelsea:bw",), "London",
      ("蹭饭的邻居猫也算数，税收成功", "Borrowed cats are the best cats, no vet bills",
       "伦敦的雨配上猫，好有电影感"),
      "She has a name tag that says Pudding 🍮"),
    N("cat-hotpot-table", "laozhou_cq", "吃火锅的时候猫一直盯着我",
      "在家煮了个小火锅，猫蹲在椅子上看了全程，毛肚都不敢放下筷子 😂 当然没给它吃，辣的！\n"
      "#猫税 #火锅 #重庆", ("chelsea:eyes", "cover"), "重庆 · 渝中",
      ("猫：我就看看，我不吃", "Hotpot with a supervisor, classic",
       "重庆的猫是不是也能吃辣哈哈哈"),
      "它闻了一下辣油就跑了，还是不行"),
    N("adopt-dont-shop", "ahmao_cat", "领养代替购买｜三只猫都是救助来的",
      "老大是小区里的流浪猫，老二老三是救助站领养的。每只猫都会找到爱它的人 🧡\n"
      "想领养的朋友可以问我成都本地的救助站。#领养代替购买 #猫税 #成都", ("chelsea:left", "cover"), "成都",
      ("Adopt don't shop works in every language ❤️", "我家也是领养的，性格特别亲人",
       "成都的救助站可以推荐一下吗？"),
      "可以关注本地救助站的公众号，周末有领养日"),
    N("cat-language-game", "mike_learns_zh", "My cat only responds to Chinese now",
      "Been practising tones out loud and my cat started coming when I say 过来 guò lái. "
      "She ignores 'come here'. I think she is learning faster than me. #学中文 #CatTax",
      ("chelsea:flip",), "Austin, TX",
      ("哈哈哈猫咪的中文比英文好", "Tones are for cats too apparently",
       "再教她一个：吃饭了 chī fàn le，保证学得最快"),
      "吃饭了 worked instantly. She's fluent in food"),
    N("sleeping-positions", "qiqi_orange", "橘猫睡姿大赏，第三张笑出声",
      "攒了一个月的睡姿：揣手、摊平、翻肚皮、挂在沙发边上……\n你家猫最离谱的睡姿是什么？#橘猫 #猫咪睡姿 #猫税",
      ("chelsea:top", "chelsea:belly", "chelsea:right"), "上海",
      ("揣手手的样子像个小面包", "Belly up means total trust!",
       "我家猫会把头塞进纸巾盒里睡"),
      ""),
    N("cat-cafe-taipei", "hana_tw", "台北猫咪咖啡厅，一杯拿铁换一小时撸猫",
      "店里有十二只猫，每只都有名牌。点一杯拿铁就可以坐一下午，店长会提醒你不要抱猫 🐱☕\n"
      "#猫咖 #台北 #猫税", ("chelsea:warm", "coffee:foam"), "台北 · 大安",
      ("The perfect combination: coffee and cats", "十二只猫也太幸福了吧，拿铁好喝吗",
       "不能抱猫是对的，让它们自己来找你"),
      "拿铁很普通，但是猫很可爱所以值得"),
    N("first-snow-cat", "tanya_knits", "First snow and the cat is offended",
      "Opened the back door, she put one paw in the snow, looked at me like I did this personally. "
      "#CatTax #winter #猫税", ("chelsea:bw",), "Minneapolis",
      ("猫咪：这是什么冰冷的东西", "The betrayal on her face must have been priceless",
       "成都很少下雪，我家猫一辈子没见过雪"),
      ""),
    N("cat-toys-diy", "xiaoyu_sz", "用快递盒给猫做了个两层小别墅",
      "周末用三个纸箱做了个猫爬架，开了窗户和楼梯，猫在里面待了一整天。零成本快乐 📦\n"
      "#猫税 #手工 #DIY", ("cover", "chelsea:right"), "深圳",
      ("Cardboard castles are the best cat toys ever made", "纸箱永远比买的猫窝受欢迎",
       "可以出个教程吗？想给我家猫也做一个"),
      "下周发教程，记得先把胶带都撕干净"),
    N("cat-tax-atlanta", "marcus_atl", "Studio cat supervising the session",
      "She sits on the mixing desk every night. Apparently the bass is too loud. "
      "First cat tax from Atlanta 🎧 #CatTax #猫税 #music", ("chelsea:face",), "Atlanta",
      ("音乐人的猫耳朵都很挑剔", "Every studio needs a quality control cat",
       "她坐在调音台上不会碰到推子吗"),
      "She has muted the vocals twice this week"),
    N("old-cat-love", "ahmao_cat", "老大今年十四岁了",
      "走路慢了，睡得多了，但还是每天晚上陪我看书。谢谢你陪了我这么多年 🧡\n#猫税 #老猫 #陪伴",
      ("chelsea:bw", "chelsea:warm"), "成都",
      ("Fourteen years of love, give her a gentle scratch from me", "看哭了，老猫真的是家人",
       "祝老大健健康康，再陪你很多年"),
      "谢谢大家，她今天多吃了半碗饭"),
    N("cat-words-quiz", "zhang_laoshi", "和猫有关的中文表达，你知道几个？",
      "1. 猫腻 māo nì：见不得人的小秘密\n2. 夜猫子：晚睡的人\n3. 三脚猫：什么都会一点但不精\n"
      "4. 猫哭耗子：假慈悲\n评论区造句！#学中文 #中文表达 #猫税", ("cover", "chelsea:nose"), "北京",
      ("I am definitely a 夜猫子, it's 2am here", "三脚猫功夫说的就是我的英语",
       "猫腻 is my new favourite word, thank you teacher"),
      "夜猫子用得很对！早点睡哦"),
    N("cat-scale-weigh", "emma_melbourne", "How to weigh a cat: a guide",
      "Step 1: weigh yourself. Step 2: weigh yourself holding the cat. Step 3: subtract. "
      "Step 4: bandage the scratch. 体重 tǐ zhòng = weight. #CatTax #猫税 #学中文", ("chelsea:belly",), "Melbourne",
      ("Step 4 is the most important step", "我们家都是这么称猫的，一模一样",
       "体重 learned, also 抓伤 zhuā shāng = scratch"),
      "抓伤 added to the list, sadly a useful word"),
)
