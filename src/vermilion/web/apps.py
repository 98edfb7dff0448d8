from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vermilion.web"
    label = "web"
