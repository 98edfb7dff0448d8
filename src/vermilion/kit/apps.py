from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "vermilion.kit"
    label = "kit"
