from django.apps import AppConfig


class GraphConfig(AppConfig):
    name = "vermilion.graph"
    label = "graph"
