"""A small bilingual lexicon of everyday lifestyle words, for matching a search across languages.

Each line pairs Chinese forms with English forms ("/" separates synonyms). A query word found on
one side also matches notes that use a word of the other side (crosslingual.py), so `coffee`
finds 咖啡 and 火锅 finds "hotpot". Only words whose translation is unambiguous in a lifestyle
community are listed: a short, hand-checked list beats a dictionary's every sense. Meaning beyond
these words is the multilingual encoder's job.

A Chinese form marked "~" is one character that also lives inside unrelated words (面 in 见面 and
面试, 湖 in 湖南): searching it finds the English words, but an English search does not look for it.
"""

from __future__ import annotations

from dataclasses import dataclass

PAIRS = """
# food and drink
咖啡 | coffee
拿铁 | latte
美式 / 美式咖啡 | americano
卡布奇诺 | cappuccino
手冲 / 手冲咖啡 | pour over / pourover
冷萃 | cold brew
咖啡馆 / 咖啡店 | cafe / coffee shop
奶茶 | milk tea / bubble tea / boba
珍珠奶茶 / 珍奶 | bubble tea / boba
茶 | tea
绿茶 | green tea
红茶 | black tea
乌龙 / 乌龙茶 | oolong
龙井 | longjing
普洱 | pu erh / puer
抹茶 | matcha
茶馆 | teahouse
火锅 | hotpot / hot pot
麻辣烫 | malatang
烧烤 / 烤串 | bbq / barbecue / skewers
饺子 / 水饺 | dumpling
小笼包 | soup dumpling / xiaolongbao
包子 | bao / bun
馒头 | steamed bun
~面 / 面条 / 面馆 / 拉面 / 小面 / 面食 | noodle
拉面 | hand pulled noodle / lamian
米粉 / 米线 | rice noodle
粥 | congee / porridge
米饭 | rice
炒饭 | fried rice
早茶 / 点心 | dim sum
早餐 / 早饭 | breakfast
午餐 / 午饭 | lunch
晚餐 / 晚饭 | dinner
夜宵 | late night snack
甜品 / 甜点 | dessert
蛋糕 | cake
面包 | bread
冰淇淋 | ice cream
月饼 | mooncake
汤圆 | tangyuan
豆腐 | tofu
麻婆豆腐 | mapo tofu
煎饼 / 煎饼果子 | jianbing
肉夹馍 | roujiamo
烤鸭 | roast duck / peking duck
寿司 | sushi
披萨 | pizza
汉堡 | burger / hamburger
沙拉 | salad
水果 | fruit
西瓜 | watermelon
草莓 | strawberry
芒果 | mango
牛奶 | milk
酸奶 | yogurt
啤酒 | beer
红酒 / 葡萄酒 | wine
鸡尾酒 | cocktail
果汁 | juice
辣 | spicy
甜 | sweet
素食 | vegetarian / vegan
美食 | food
小吃 | street food / snack
夜市 | night market
餐厅 / 饭店 | restaurant
食谱 / 菜谱 | recipe
做饭 / 下厨 | cooking / cook
烘焙 | baking
家常菜 | home cooking
川菜 | sichuan food
粤菜 / 广东菜 | cantonese food
探店 | food review
# animals
猫 / 猫咪 / 小猫 / 喵星人 | cat / kitty / kitten
猫税 | cat tax
橘猫 | orange cat / ginger cat
狗 / 狗狗 / 小狗 | dog / puppy
熊猫 | panda
兔子 | rabbit / bunny
鸟 | bird
鱼 | fish
宠物 | pet
萌宠 | cute pet
领养 | adopt / adoption
# places in a city
地铁 | subway / metro / underground
公交 / 公交车 | bus
火车 / 高铁 | train
机场 | airport
酒店 | hotel
民宿 | guesthouse / homestay / bnb
公园 | park
博物馆 | museum
美术馆 | art gallery / gallery
图书馆 | library
书店 | bookstore / bookshop
超市 | supermarket
菜市场 / 市场 | market
商场 | mall
海边 / 海滩 | beach / seaside
~湖 / 湖边 | lake
~山 / 爬山 | mountain
~河 / 河边 | river
寺 / 寺庙 | temple
胡同 | hutong
古镇 | old town
老街 | old street
城墙 | city wall
夜景 | night view
日落 | sunset
日出 | sunrise
月亮 | moon
星空 | starry sky / stars
~雪 / 下雪 / 雪景 | snow
~雨 / 下雨 / 雨天 | rain
樱花 | cherry blossom / sakura
~花 / 鲜花 / 花朵 | flower
# getting around
城市漫步 / 漫步 | citywalk / city walk
散步 | walk / stroll
徒步 / 登山 / 行山 | hiking / hike
骑行 / 骑车 | cycling / bike ride
跑步 / 夜跑 | running / run
自驾 | road trip
旅行 / 旅游 | travel / trip
攻略 | guide / itinerary
周末 | weekend
露营 | camping
# study and language
学习 | study / learning
学习笔记 / 笔记 | study notes / notes
考研 | grad school exam / postgraduate exam
高考 | gaokao
考试 | exam
雅思 | ielts
托福 | toefl
单词 | vocabulary / words
背单词 | memorize words / vocabulary
语言交换 | language exchange
学中文 / 中文学习 | learn chinese / learning chinese
学英语 | learn english / learning english
中文 / 汉语 / 普通话 | chinese / mandarin
英语 / 英文 | english
粤语 / 广东话 | cantonese
拼音 | pinyin
汉字 | chinese character / hanzi
声调 | tone
书法 | calligraphy
读书 | reading
~书 / 书籍 | book
手账 | journal / bullet journal
文具 | stationery
图书 | books
大学 | university / college
留学 | study abroad
作业 | homework
自习 | self study
# crafts and hobbies
手工 / 手作 | handmade / craft / diy
织毛衣 / 编织 | knitting
钩针 | crochet
毛线 | yarn
刺绣 | embroidery
扎染 | tie dye
陶瓷 / 陶艺 | pottery / ceramics
木工 | woodworking
剪纸 | paper cutting
画画 / 绘画 | painting / drawing
水彩 | watercolor / watercolour
插画 | illustration
素描 | sketch
写生 | sketching
摄影 | photography
胶片 | film photography / film
相机 | camera
照片 | photo
手机摄影 | phone photography
音乐 | music
吉他 | guitar
钢琴 | piano
唱歌 | singing
跳舞 | dance
健身 | fitness / workout / gym
瑜伽 | yoga
游泳 | swimming
# everyday life
穿搭 | outfit / ootd
护肤 | skincare
化妆 / 彩妆 | makeup
发型 | hairstyle
香水 | perfume
家居 | home decor
租房 | renting / apartment
装修 | renovation
植物 | plant
绿植 | houseplant
阳台 | balcony
厨房 | kitchen
咖啡机 | coffee machine
生日 | birthday
礼物 | gift / present
婚礼 | wedding
春节 / 新年 | chinese new year / lunar new year / spring festival
中秋 / 中秋节 | mid autumn
圣诞 / 圣诞节 | christmas
红包 | red envelope
朋友 | friend
家人 / 家庭 | family
奶奶 / 外婆 | grandma
宝宝 | baby
工作 | work / job
打工人 | office worker
程序员 | programmer / developer
上班 | commute
下班 | after work
省钱 | budget / saving money
日常 | daily life / everyday
# platform words
小红书 | rednote / xiaohongshu / little red book
新人 / 新手 | newcomer / beginner
推荐 | recommendation
# places
北京 | beijing
上海 | shanghai
广州 | guangzhou
深圳 | shenzhen
成都 | chengdu
重庆 | chongqing
杭州 | hangzhou
西湖 | west lake
南京 | nanjing
西安 | xian
武汉 | wuhan
厦门 | xiamen
青岛 | qingdao
苏州 | suzhou
长沙 | changsha
大理 | dali
丽江 | lijiang
云南 | yunnan
四川 | sichuan
新疆 | xinjiang
桂林 | guilin
香港 | hong kong
台北 | taipei
台湾 | taiwan
新加坡 | singapore
东京 | tokyo
京都 | kyoto
纽约 | new york / nyc
洛杉矶 | los angeles
旧金山 | san francisco
伦敦 | london
巴黎 | paris
柏林 | berlin
马德里 | madrid
多伦多 | toronto
温哥华 | vancouver
墨尔本 | melbourne
悉尼 | sydney
美国 | america / usa
英国 | uk / britain
中国 | china
日本 | japan
韩国 | korea
故宫 | forbidden city
外滩 | bund
长城 | great wall
兵马俑 | terracotta warriors
"""


@dataclass(frozen=True)
class Entry:
    chinese: tuple[str, ...]  # matched both ways
    english: tuple[str, ...]
    query_only: tuple[str, ...] = ()  # Chinese forms that find the English words, not the other way


def parse(text: str = PAIRS) -> list[Entry]:
    """One entry per line; comments and blank lines skipped."""
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        chinese, _, english = line.partition("|")
        forms = [w.strip() for w in chinese.split("/") if w.strip()]
        en = tuple(w.strip().lower() for w in english.split("/") if w.strip())
        both = tuple(w for w in forms if not w.startswith("~"))
        only = tuple(w[1:] for w in forms if w.startswith("~"))
        if (both or only) and en:
            entries.append(Entry(both, en, only))
    return entries
