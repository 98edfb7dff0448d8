from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vermilion.accounts"
    label = "accounts"
