from __future__ import annotations

from django.conf import settings
from django.db import models

from vermilion.kit.ids import new_id

from . import states
from .visibility import CommentQuerySet, NoteQuerySet


class Topic(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    # How it was first written ("TikTokRefugee"); `key` is the folded form that makes one topic.
    name = models.CharField(max_length=40)
    key = models.CharField(max_length=80, unique=True)
    notes_count = models.PositiveIntegerField(default=0)
    views_count = models.PositiveBigIntegerField(default=0)
    discussions_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)


class Note(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image"
        VIDEO = "video"

    Status = states.Lifecycle  # the moves between states: states.py

    class Visibility(models.TextChoices):
        PUBLIC = "public"
        FOLLOWERS = "followers"
        PRIVATE = "private"

    Moderation = states.Moderation

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    title = models.CharField(max_length=100)
    body = models.TextField(blank=True, default="")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.IMAGE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    failure_reason = models.CharField(max_length=200, blank=True, default="")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.OK)
    location = models.CharField(max_length=60, blank=True, default="")
    language = models.CharField(max_length=8, blank=True, default="")
    ip_region = models.CharField(max_length=8, blank=True, default="")
    topics: models.ManyToManyField[Topic, NoteTopic] = models.ManyToManyField(
        Topic, through="NoteTopic", related_name="notes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    likes_count = models.PositiveIntegerField(default=0)
    collects_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    views_count = models.PositiveBigIntegerField(default=0)
    # Labels readers see: set by the author (paid or gifted; made with AI), or `sponsored` by screening
    # when it found commercial content the author had not marked (labelled_by_screening).
    sponsored = models.BooleanField(default=False)
    ai_generated = models.BooleanField(default=False)
    labelled_by_screening = models.BooleanField(default=False)
    # Client-chosen idempotency key: a retried or double-clicked publish finds the first note.
    client_token = models.CharField(max_length=64, blank=True, default="")

    objects = NoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], condition=~models.Q(client_token=""), name="notes_client_token_once"
            )
        ]
        indexes = [
            models.Index(fields=["author", "status", "-id"]),
            models.Index(fields=["status", "visibility", "-id"]),
        ]


class NoteMedia(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="media_links")
    media = models.ForeignKey("media.Media", on_delete=models.PROTECT, related_name="note_links")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["note", "position"], name="notes_media_position_unique"),
            models.UniqueConstraint(fields=["note", "media"], name="notes_media_once"),
        ]


class NoteTopic(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["note", "topic"], name="notes_topic_once")]


class Mention(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="notes_mention_once")]


class Like(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="notes_like_once")]
        indexes = [models.Index(fields=["user", "-id"])]


class Board(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boards")
    # The default board has no stored name: it is shown as "Collects" in the reader's language.
    name = models.CharField(max_length=40, blank=True, default="")
    description = models.CharField(max_length=200, blank=True, default="")
    private = models.BooleanField(default=False)
    is_default = models.BooleanField(default=False)
    notes_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(is_default=True), name="notes_one_default_board"
            ),
            models.UniqueConstraint(
                fields=["owner", "name"], condition=models.Q(is_default=False), name="notes_board_name_unique"
            ),
        ]


class Collect(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collects")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="collects")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="collects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # One collect per person and note; moving it changes the board, never adds a second one.
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="notes_collect_once")]
        indexes = [models.Index(fields=["board", "-id"]), models.Index(fields=["user", "-id"])]


class Comment(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    # Two levels: a reply's parent is always a top-level comment; reply_to names whom it answers.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    reply_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True, default="")
    media = models.ForeignKey("media.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=8, blank=True, default="")
    ip_region = models.CharField(max_length=8, blank=True, default="")
    likes_count = models.PositiveIntegerField(default=0)
    replies_count = models.PositiveIntegerField(default=0)
    # Same states as Note.moderation: held and removed comments are visible only to their author.
    moderation = models.CharField(max_length=10, choices=Note.Moderation.choices, default=Note.Moderation.OK)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["note", "parent", "-id"])]


class CommentLike(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "comment"], name="notes_comment_like_once")]
