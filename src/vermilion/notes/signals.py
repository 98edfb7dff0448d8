"""Signals other apps listen to, so notes never import them. Sent after the note's row committed.

note_published and note_edited carry note_id; the feed and (later) search re-index from them.
"""

from django.dispatch import Signal

note_published = Signal()
note_edited = Signal()
