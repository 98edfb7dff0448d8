"""Signals other apps listen to, so notifications never import them. Sent after the row committed.

notification_created carries notification_id and recipient_id; messaging pushes it to open tabs.
"""

from django.dispatch import Signal

notification_created = Signal()
