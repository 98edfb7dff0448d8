from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "vermilion.kit"
    label = "kit"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import lookups  # noqa: F401  (registers `__any`)
        from .dbpool import use_for_pools

        connection_created.connect(use_for_pools, dispatch_uid="vermilion.kit.dbpool")
