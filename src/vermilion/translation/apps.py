from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "vermilion.translation"
    label = "translation"
