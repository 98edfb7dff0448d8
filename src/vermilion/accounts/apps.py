from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vermilion.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to the user's post_save)
