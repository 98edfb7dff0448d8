from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "vermilion.feed"
    label = "feed"
