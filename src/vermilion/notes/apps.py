from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "vermilion.notes"
    label = "notes"
