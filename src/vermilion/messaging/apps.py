from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "vermilion.messaging"
    label = "messaging"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (pushes new notifications to open tabs)
