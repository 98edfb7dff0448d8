"""Signals other apps listen to, so media never imports them. Sent after the media row committed."""

from django.dispatch import Signal

# Both are sent with sender=Media and media=<the Media instance>.
media_ready = Signal()
media_failed = Signal()
