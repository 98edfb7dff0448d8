from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class SignupIn(Schema):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    email: str | None = Field(default=None, max_length=254)
    language: str | None = Field(default=None, max_length=16)
    interests: list[str] = Field(default_factory=list, max_length=50)


class LoginIn(Schema):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class ProfilePatch(Schema):
    display_name: str | None = Field(default=None, max_length=200)
    bio: str | None = Field(default=None, max_length=2000)
    languages: list[str] | None = Field(default=None, max_length=50)
    learning_languages: list[str] | None = Field(default=None, max_length=50)
    interests: list[str] | None = Field(default=None, max_length=50)
    ui_language: str | None = Field(default=None, max_length=16)
    avatar_media_id: str | None = Field(default=None, max_length=32)
    likes_public: bool | None = None
    collects_public: bool | None = None


class Counts(Schema):
    following: int
    followers: int
    likes_and_collects: int
    notes: int


class ProfileOut(Schema):
    id: str
    username: str
    display_name: str
    bio: str
    avatar: dict[str, str] | None
    ip_region: str
    ip_region_code: str | None
    languages: list[str]
    learning_languages: list[str]
    interests: list[str]
    counts: Counts
    joined_at: datetime
    viewer: dict[str, bool] | None = None


class MeOut(ProfileOut):
    email: str
    ui_language: str
    likes_public: bool
    collects_public: bool


class SignInNotice(Schema):
    """Wrong passwords tried for the account since its owner last signed in (accounts/signin.py)."""

    failed_sign_ins: int
    last_failed_at: datetime


class AuthOut(Schema):
    user: MeOut
    token: str
    notice: SignInNotice | None = None


class OkOut(Schema):
    ok: bool = True


class PasswordIn(Schema):
    old_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)
