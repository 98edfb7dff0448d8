"""Conversations between two people, each person's view of one, and the messages in it, and who
sees which: every read path goes through the two `visible_to` querysets below.

A conversation's messages are numbered 1, 2, 3… by `seq`, taken from the conversation row under
its write lock: the order is the commit order, never two messages with one number, and a client
that knows the last number it saw can ask for exactly what came after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from vermilion.graph.queries import block_between_q
from vermilion.kit.ids import new_id
from vermilion.notes import states

if TYPE_CHECKING:
    from vermilion.accounts.models import User

# A person sees their own side of a conversation unless a block stands between the two (either
# way): the blocked person cannot read the thread or learn it goes on. A message is visible to the
# two participants, unless the viewer deleted it for themselves.


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.pk if viewer is not None and viewer.is_authenticated else None


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def visible_to(self, viewer: User | None) -> ParticipantQuerySet:
        viewer_id = _viewer_id(viewer)
        if viewer_id is None:
            return self.none()
        return self.filter(user_id=viewer_id).exclude(block_between_q(viewer_id, "other"))


class MessageQuerySet(models.QuerySet["Message"]):
    def visible_to(self, viewer: User | None) -> MessageQuerySet:
        viewer_id = _viewer_id(viewer)
        if viewer_id is None:
            return self.none()
        sides = Participant.objects.visible_to(viewer).values("conversation_id")
        hidden = HiddenMessage.objects.filter(message=OuterRef("pk"), user_id=viewer_id)
        # Held or removed by screening: only the sender still sees it (as "under review").
        return (self.filter(conversation_id__in=sides).exclude(Exists(hidden))
                .filter(Q(moderation=states.OK) | Q(sender_id=viewer_id)))


class Conversation(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    # The pair in id order, so one pair of people has exactly one conversation.
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seq = models.PositiveBigIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="messaging_one_conversation_per_pair"),
            models.CheckConstraint(condition=models.Q(user_low__lt=models.F("user_high")), name="messaging_pair_ordered"),
        ]


class Participant(models.Model):
    """One person's side of a conversation: which box it is in, what they read, whether it is muted."""

    class State(models.TextChoices):
        ACCEPTED = "accepted"  # in the inbox
        REQUEST = "request"  # from someone they do not follow: waits in the requests inbox
        IGNORED = "ignored"  # a request they dismissed: hidden, never notifies

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_sides")
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACCEPTED)
    muted = models.BooleanField(default=False)
    last_read_seq = models.PositiveBigIntegerField(default=0)
    # Messages from the other side since last_read_seq; changed only with F() by the actions.
    unread_count = models.PositiveIntegerField(default=0)
    # Copied from the conversation on every message so a person's list is one index scan, newest first.
    last_message_id = models.BigIntegerField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="messaging_one_side_per_user")]
        indexes = [models.Index(fields=["user", "state", "-last_message_id"])]


class Message(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text"
        IMAGE = "image"
        NOTE = "note"  # a shared note, shown as a card

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(blank=True, default="")
    # Detected language of the body ("zh", "en", another code, or "" for none): the reader is
    # offered a translation when it differs from theirs.
    language = models.CharField(max_length=8, blank=True, default="")
    media = models.ForeignKey("media.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.ForeignKey("notes.Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Client-chosen idempotency key: a retried send finds the first message instead of making a second.
    client_token = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by screening (moderation app): held or removed messages are shown to their sender only.
    moderation = models.CharField(max_length=10, choices=states.Moderation.choices, default=states.OK)

    objects = MessageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="messaging_seq_once"),
            models.UniqueConstraint(fields=["sender", "client_token"], condition=~models.Q(client_token=""),
                                    name="messaging_client_token_once"),
        ]
        indexes = [models.Index(fields=["conversation", "sender"])]


class HiddenMessage(models.Model):
    """"Delete for me": the message stays for the other person."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="hidden_for")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="messaging_hide_once")]


class MessagingSettings(models.Model):
    """Who may message a person. No row means the default: everyone."""

    class Policy(models.TextChoices):
        EVERYONE = "everyone"
        FOLLOWING = "following"  # only people I follow
        NOBODY = "nobody"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="messaging_settings")
    who_can_message = models.CharField(max_length=10, choices=Policy.choices, default=Policy.EVERYONE)


class RequestReport(models.Model):
    """A message request reported from the requests inbox. Minimal on purpose: the moderation app
    (not built yet) will take these over; until then staff see them in the admin."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reported = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reporter", "conversation"], name="messaging_report_once")]
