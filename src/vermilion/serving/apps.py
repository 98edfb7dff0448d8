from django.apps import AppConfig
from django.db.backends.signals import connection_created

from .dbpool import use_for_pools


class ServingConfig(AppConfig):
    name = "vermilion.serving"
    label = "serving"

    def ready(self) -> None:
        connection_created.connect(use_for_pools, dispatch_uid="vermilion.serving.dbpool")
