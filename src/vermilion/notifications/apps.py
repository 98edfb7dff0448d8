from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vermilion.notifications"
    label = "notifications"
