from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vermilion.demo"
    label = "demo"
