from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "zicht.spend"
    label = "spend"
