from django.apps import AppConfig


class SdgConfig(AppConfig):
    name = "zicht.sdg"
    label = "sdg"
