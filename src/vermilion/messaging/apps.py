from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "vermilion.messaging"
    label = "messaging"
