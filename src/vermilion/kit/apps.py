from django.apps import AppConfig

from . import lookups  # noqa: F401  (registers the `__any` lookup on every field)


class KitConfig(AppConfig):
    name = "vermilion.kit"
    label = "kit"
