from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "vermilion.notes"
    label = "notes"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to media_ready / media_failed)
