"""Who acts on what: every subscriber of every domain event, and who answers every hook.

This is the one place that connects the apps to each other's changes (kit/events.py, kit/hooks.py).
An action emits an event and knows nothing of what follows; read down this file to see all that
follows. `durable` work is a task row written in the same transaction as the change (it survives a
crash after the commit and is retried if it raises); `local` work runs in the process once the
change committed (forgetting cached answers, pushing to open tabs), and is handed to the worker
to retry if it raises. The wiring app's `ready` (apps.py) calls `connect()` once, in every process.

docs/architecture.md has this list as a table, with the layers and where new code goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vermilion.accounts import standing
from vermilion.accounts.events import AccountChanged, AccountCreated, SignedOut
from vermilion.feed import subscribers as feed
from vermilion.feed.events import ReaderPreferencesChanged
from vermilion.graph.events import BlockChanged, FollowChanged, MuteChanged
from vermilion.kit.events import Event, subscribe
from vermilion.media.events import MediaChanged, MediaProcessed
from vermilion.messaging import notify as messaging_push
from vermilion.messaging import rules as messaging_rules
from vermilion.messaging import subscribers as messaging
from vermilion.messaging.events import MessageRequestReported, MessageSent
from vermilion.moderation import queries as moderation_queries
from vermilion.moderation import regional, screening, throttle
from vermilion.moderation import subscribers as moderation
from vermilion.moderation.events import AccountRestricted, ModerationDecided
from vermilion.notes import subscribers as notes
from vermilion.notes import visibility
from vermilion.notes.events import CommentPosted, NoteChanged, NotePublished, NoteRemoved, ReactionChanged
from vermilion.notifications import subscribers as notifications
from vermilion.notifications.events import NotificationCreated
from vermilion.search import subscribers as search
from vermilion.serving import hotcache, invalidation
from vermilion.serving.note_page import NotePageCheck

Handler = Callable[[Any], object]

DURABLE, LOCAL = "durable", "local"

# (event, [(kind, subscriber), ...]) — in the order they are told.
SUBSCRIBERS: list[tuple[type[Event], list[tuple[str, Handler]]]] = [
    # accounts
    (AccountCreated, [
        (DURABLE, moderation.check_signup),          # sign-up velocity, look-alike names
        (DURABLE, search.index_person),              # people search and suggestions
    ]),
    (AccountChanged, [
        (LOCAL, invalidation.reader_changed),        # replayed answers for this reader
        (LOCAL, messaging.close_changed_account),    # a new password or a ban closes open sockets
        (DURABLE, search.index_person),              # when a name or is_active changed
        (DURABLE, moderation.screen_profile),        # when a name, bio or avatar changed
    ]),
    (SignedOut, [
        (LOCAL, invalidation.reader_changed),
        (LOCAL, messaging.close_signed_out),         # the sockets of that token, session, or all
    ]),
    # graph
    (FollowChanged, [
        (LOCAL, invalidation.reader_changed),        # the follower's Following feed
        (LOCAL, feed.ranking_choice),                # the follower's Discover is ranked again
        (DURABLE, notifications.on_follow),
    ]),
    (BlockChanged, [
        (LOCAL, invalidation.reader_changed),        # both sides stop seeing each other
        (LOCAL, feed.ranking_signal),                # their Discover rankings are rebuilt soon
    ]),
    (MuteChanged, [
        (LOCAL, invalidation.reader_changed),
        (LOCAL, feed.ranking_signal),
    ]),
    # media
    (MediaProcessed, [
        (DURABLE, notes.publish_waiting_notes),      # a note waiting for its video publishes, or fails
    ]),
    (MediaChanged, [
        (LOCAL, notes.forget_photo_captions),        # a note's page keeps its photos cached
    ]),
    # notes
    (NotePublished, [
        (LOCAL, invalidation.reader_changed),        # the author's own pages
        (DURABLE, search.index_note),
        (DURABLE, feed.embed_note),
        (DURABLE, feed.fan_out_note),                # followers' Following timelines (Redis)
        (DURABLE, moderation.screen_note),
        (DURABLE, notifications.on_note_published),  # the people it mentions
    ]),
    (NoteChanged, [
        (LOCAL, invalidation.site_changed),          # every reader may hold the old text or audience
        (DURABLE, search.index_note),
        (DURABLE, feed.embed_note),                  # when published
        (DURABLE, moderation.screen_note),           # when published
        (DURABLE, notifications.on_note_changed),    # people newly mentioned
    ]),
    (NoteRemoved, [
        (LOCAL, invalidation.site_changed),
        (DURABLE, search.forget_note),
    ]),
    (CommentPosted, [
        (LOCAL, feed.ranking_signal),                # the commenter's taste moved
        (DURABLE, moderation.screen_comment),
        (DURABLE, notifications.on_comment),
    ]),
    (ReactionChanged, [
        (LOCAL, invalidation.reader_reacted),        # the reader's like or collect on cached pages
        (LOCAL, feed.ranking_signal),                # their Discover is rebuilt once signals settle
        (DURABLE, notifications.on_reaction),
    ]),
    # feed
    (ReaderPreferencesChanged, [
        (LOCAL, invalidation.reader_changed),        # "not interested", muted words, discovery
        (LOCAL, feed.ranking_choice),                # Discover is ranked again at once
    ]),
    # notifications
    (NotificationCreated, [
        (LOCAL, messaging_push.push_notification),   # the recipient's open tabs
    ]),
    # messaging
    (MessageSent, [
        (DURABLE, moderation.screen_message),
    ]),
    (MessageRequestReported, [
        (DURABLE, moderation.file_request_report),   # a report on the sender's account
    ]),
    # moderation
    (ModerationDecided, [
        (LOCAL, invalidation.site_changed),          # content held, removed or hidden in a region
    ]),
    (AccountRestricted, [
        (LOCAL, messaging.close_restricted),         # open sessions start over
    ]),
]


def connect_hooks() -> None:
    """The questions lower apps ask before they write, and who answers them."""
    standing.check_may_post.answer_with(moderation_queries.check_may_post)
    standing.rate_factor.answer_with(throttle.standing_factor)
    visibility.hidden_in_region.answer_with(regional.hidden_notes)
    messaging_rules.check_words.answer_with(screening.check_message_text)
    # The serving layer's check of a note's page shared by its readers (kit/replay.py).
    hotcache.shared_checks["note"] = NotePageCheck()


def connect() -> None:
    for event, subscribers in SUBSCRIBERS:
        for kind, handler in subscribers:
            subscribe(event, handler, local=kind == LOCAL)
    connect_hooks()
