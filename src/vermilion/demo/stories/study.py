"""Study notes: exam plans, notebooks and study-with-me, a large part of everyday RedNote."""

from __future__ import annotations

from ..records import DemoNote as N

THEME = "study"

REACTIONS = ("一起加油", "马住慢慢看", "太自律了", "学到了！", "Goals", "Neat!", "收藏=学会", "Go you", "Same!",
             "好整齐", "今天也要学习", "📚✨")

NOTES = (
    N("kaoyan-plan", "chen_studies", "考研上岸经验｜一年复习时间表",
      "3-6月打基础，7-9月强化，10-11月刷真题，12月背背背。每天早上六点半起，晚上十一点睡，中午一定要午睡 📚\n"
      "#考研 #学习计划 #上岸经验", ("page", "text", "cover"), "北京",
      ("Six thirty every day for a year, that's discipline", "中午午睡真的很重要，不然下午效率很低",
       "请问英语一的作文怎么准备的？"),
      "背了二十篇范文，考前默写了三遍"),
    N("vocab-50-a-day", "chen_studies", "每天背50个单词，第100天打卡",
      "方法：早上新学50个，晚上复习昨天的，周末复习一周的。遗忘曲线真的有用 📈\n"
      "#背单词 #打卡 #学英语", ("page:margin", "cover"), "北京",
      ("Spaced repetition is the secret to everything", "100天坚持下来太厉害了",
       "周末复习一周的量会不会太多"),
      "周末上午三个小时，下午就休息"),
    N("study-with-me-nyc", "amy_nyc", "Study with me｜纽约图书馆的一个下午",
      "四个小时，三杯咖啡，一篇论文写了两千字。窗外在下雪，图书馆里只有翻书的声音 ❄️\n"
      "#studywithme #留学生活 #图书馆", ("page", "coffee:cup"), "New York",
      ("The NYPL reading room is the best place to study", "下雪天在图书馆写论文好有氛围",
       "两千字好高效，我一天只能写五百"),
      "截止日期是第一生产力 😂"),
    N("pomodoro-method", "xiaoyu_sz", "番茄工作法真的救了我的拖延症",
      "25分钟专注，5分钟休息，四个番茄后休息半小时。手机放另一个房间。\n"
      "#番茄工作法 #效率 #学习方法", ("cover",), "深圳", ("Phone in another room is the real trick", "番茄钟配白噪音效果更好",
                                                         "我连25分钟都坚持不了怎么办"),
      "可以先从15分钟开始，慢慢加"),
    N("hsk-vocab-cards", "mike_learns_zh", "Handmade HSK flashcards, 200 down",
      "Writing each card by hand helps me remember the characters. Front: 汉字, back: pinyin and an "
      "example sentence. #HSK #flashcards #学中文", ("page:margin", "cover"), "Austin, TX",
      ("手写卡片比软件记得牢", "Your handwriting is neater than mine and I'm Chinese",
       "Example sentences on the back is such a good idea"),
      "Haha thank you, lots of practice"),
    N("bullet-journal-setup", "xiaomo_draws", "新的一个月，手账排版分享 ✏️",
      "月历页、习惯打卡、读书清单、心情格子。这个月的主题色是雾蓝色和奶油黄 🎨\n"
      "#手账 #bulletjournal #手帐排版", ("colorwheel:edge", "page", "cover"), "武汉",
      ("The mood grid is such a nice idea", "雾蓝配奶油黄好温柔",
       "请问用的什么笔？"),
      "樱花的针管笔0.3，涂色用的是马克笔"),
    N("english-writing-tips", "zhang_laoshi", "写英文邮件，这五个开头不要再用了",
      "不要用 I'm writing to... 太正式；不要每封都写 Hope you're well。\n"
      "直接说事情，礼貌用 Could you... 就够了。#英语写作 #职场英语 #学英语", ("cover",), "北京",
      ("Hope you're well is in every email I write 😅", "原来英文邮件也要简洁",
       "Could you 比 Can you 更礼貌吗"),
      "是的，Could you 更委婉"),
    N("lecture-notes-astronomy", "xiaolin_travel", "天文课笔记｜哈勃深空场讲了什么",
      "望远镜对着一小片看起来什么都没有的天空，拍了十天，发现了将近一万个星系。\n"
      "#天文 #学习笔记 #哈勃", ("hubble_deep_field", "cover"), "上海",
      ("The Hubble Deep Field blew my mind as a kid", "一万个星系，想想都觉得自己好渺小",
       "这门课是在哪里上的？"),
      "学校的公选课，每周三晚上"),
    N("library-taipei", "hana_tw", "台北最美图书馆，北投的木头房子",
      "整栋都是木头建的，窗外是树，坐在二楼的角落读了一整个下午。\n#图书馆 #读书 #台北", ("page", "grass"),
      "台北 · 北投", ("A wooden library in the trees sounds like a dream", "北投图书馆真的很舒服",
                      "读的什么书？"),
      "《小王子》的中英对照版"),
    N("reading-list-2025", "nora_london", "Reading in Chinese: my 2025 list",
      "Starting small: picture books, then graded readers, then one novel by December. "
      "Goal: finish 《小王子》 in Chinese. #读书 #学中文 #reading", ("page", "cover"), "London",
      ("《小王子》中文版很适合入门", "Graded readers changed everything for me",
       "Let's read it together and compare notes"),
      "Yes! A reading buddy would help so much"),
    N("gaokao-memories", "xiaoyu_sz", "高考十年后，翻出了当年的错题本",
      "满满三本错题，红笔写的批注。现在看来每一道题都记得当时有多焦虑。谢谢那个努力的自己。\n"
      "#高考 #错题本 #学习方法", ("page:margin", "cover"), "深圳",
      ("Ten years later and you kept them, that's lovely", "错题本是最有用的学习方法",
       "看到红笔批注好有感触"),
      ""),
    N("coding-notes", "xiaoyu_sz", "程序员的学习笔记：Python入门一周",
      "给想转行的朋友整理的：第一天变量和类型，第二天循环，第三天函数，后面做一个小项目。\n"
      "#Python #编程 #学习笔记", ("cover", "text"), "深圳", ("What small project do you recommend?", "一周入门好实用",
                                                           "从小项目开始是最快的学习方法"),
      "做一个记账小程序，用得上才学得快"),
    N("calligraphy-brush", "sara_paints", "My first week with a calligraphy brush",
      "Ink everywhere. Lines shaky. My teacher says the brush should stand straight and the wrist "
      "stays loose. 毛笔 máo bǐ = brush. #书法 #calligraphy #学中文", ("page", "colorwheel:edge"), "Toronto",
      ("悬腕写字一开始都会抖，多练就好", "Ink everywhere is the true calligraphy experience",
       "毛笔 correct! 墨 mò = ink"),
      "墨 noted, and there is a lot of it on my table"),
    N("exam-season-coffee", "amy_nyc", "期末周的咖啡续命指南",
      "早上冷萃，下午美式，晚上换成低因。一定要喝水！不然心跳会很快。\n#期末 #咖啡 #留学生活", ("coffee:top",),
      "New York", ("Decaf after 6pm is the real pro tip", "期末周每天三杯咖啡真实了",
                   "喝水这一点太重要了"),
      "还有不要熬通宵，效率很低"),
    N("language-study-notes", "emma_melbourne", "My Chinese notebook after two months",
      "Left page: new characters. Right page: sentences I heard in shows. Bottom: words I keep "
      "forgetting (looking at you, 已经). #学中文 #studynotes #notebook", ("page:margin", "cover"), "Melbourne",
      ("已经 yǐ jīng = already, I forget it too", "Sentences from shows are the most natural",
       "你的笔记好整齐"),
      "已经 will haunt me forever"),
    N("ielts-speaking", "chen_studies", "雅思口语7分，我的练习方法",
      "每天录音一道题，第二天自己听，把重复的词换掉。找外国朋友语言交换，每周聊一小时。\n"
      "#雅思 #英语口语 #学英语", ("cover",), "北京",
      ("Recording yourself is painful but works", "每天录音坚持下来太难了",
       "和外国朋友聊天是最好的练习"),
      "一开始听自己的录音很尴尬，后来就习惯了"),
    N("woodworking-terms", "owen_pdx", "Learning woodworking words in Chinese",
      "凿子 = chisel, 刨子 = plane, 锯 = saw, 木纹 = wood grain. My Chinese friend's dad was a "
      "carpenter and he's teaching me over video call. #木工 #woodworking #学中文", ("cover", "brick:corner"),
      "Portland, OR", ("木工的词好专业", "A carpenter teaching over video call is so wholesome",
                       "刨子的声音特别治愈"),
      "He showed me his 60-year-old plane 🪵"),
    N("history-notes-xian", "ruoxi_xian", "逛博物馆前，先做一页笔记",
      "去陕西历史博物馆前做了功课：周、秦、汉、唐各看一件镇馆之宝。带着问题去看，记得更牢 🏛️\n"
      "#博物馆 #学习笔记 #西安", ("page", "coins", "china:eaves"), "西安",
      ("Preparing before a museum visit is so smart", "陕历博的门票要提前预约",
       "唐代的展厅最好看"),
      "对，提前七天预约"),
    N("study-music", "marcus_atl", "Made a lo-fi beat for studying Chinese",
      "Sampled a guzheng, slowed it down, added rain. Listening to it while doing flashcards. "
      "古筝 gǔ zhēng. #lofi #studymusic #学中文", ("cover",), "Atlanta",
      ("古筝加lofi好有创意", "Can you share the track? I'd study to that",
       "下雨声加古筝，太治愈了"),
      "Uploading it this weekend!"),
    N("grad-school-tips", "amy_nyc", "申请美国研究生，我走过的弯路",
      "推荐信要提前三个月找老师，文书要写具体的故事，不要堆形容词。\n#留学申请 #研究生 #经验分享", ("cover", "page"),
      "New York", ("Specific stories beat adjectives every time", "推荐信提前三个月太重要了",
                   "请问语言成绩要多少？"),
      "托福一百分以上比较稳"),
)
