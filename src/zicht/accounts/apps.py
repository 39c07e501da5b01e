from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zicht.accounts"
    label = "accounts"
