from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_rules(sender, **kwargs):
    from .services import load_rules

    load_rules()


class RegistryConfig(AppConfig):
    name = "zicht.registry"
    label = "registry"
    verbose_name = "Register"

    def ready(self):
        # Dated rules ship as data and are loaded on migrate; admins edit them afterwards.
        post_migrate.connect(_load_rules, sender=self)
        from . import signals

        signals.connect()
