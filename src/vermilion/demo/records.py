"""The shapes of the demo's hand-written content: people, their notes and the talk under them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    bio: str
    ui_language: str
    languages: tuple[str, ...]
    learning: tuple[str, ...]
    interests: tuple[str, ...]
    region: str
    # The avatar: a photo region ("chelsea:face", see photos.py) or "" for a drawn initial.
    avatar: str = ""


@dataclass(frozen=True)
class DemoNote:
    """One note. `photos` name base photos ("coffee", "chelsea:face") or "cover" (the title drawn on
    a card, as many RedNote posts open); photos.py turns each into a picture of its own.

    `comments` were written for this note; a Chinese one is posted by someone who reads Chinese, an
    English one by someone who reads English. `reply` is the author's answer to the first comment.
    """

    slug: str
    author: str
    title: str
    body: str
    photos: tuple[str, ...]
    location: str = ""
    comments: tuple[str, ...] = ()
    reply: str = ""
    theme: str = ""
