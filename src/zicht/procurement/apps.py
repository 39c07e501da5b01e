from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "zicht.procurement"
    label = "procurement"
