from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "zicht.reference"
    label = "reference"
