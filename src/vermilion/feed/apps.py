from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "vermilion.feed"
    label = "feed"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to note_published / note_edited)
