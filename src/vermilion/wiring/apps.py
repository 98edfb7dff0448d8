from django.apps import AppConfig


class WiringConfig(AppConfig):
    """Listed after every other Vermilion app: once they are all loaded, connect every event
    subscriber and every hook answer (connections.py), in every process."""

    name = "vermilion.wiring"
    label = "wiring"

    def ready(self) -> None:
        # Django loads this class before the models exist; the list imports every app's code, so it
        # is imported here, when the registry is complete.
        from .connections import connect

        connect()
