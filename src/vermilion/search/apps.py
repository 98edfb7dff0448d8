from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "vermilion.search"
    label = "search"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (indexes notes on note_published / note_edited, people on save)
