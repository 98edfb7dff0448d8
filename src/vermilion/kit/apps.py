from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "vermilion.kit"
    label = "kit"

    def ready(self) -> None:
        from . import lookups  # noqa: F401  (registers `__any`)
