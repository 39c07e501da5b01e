from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load(sender, **kwargs):
    from . import data
    from .loader import load_reference_data
    from .models import CpvCode, Municipality, SdgTarget

    complete = (
        Municipality.objects.count() == len(data.municipalities())
        and SdgTarget.objects.count() == len(data.sdg_targets())
        and CpvCode.objects.count() == len(data.cpv_codes())
    )
    if not complete:
        load_reference_data()


class ReferenceConfig(AppConfig):
    name = "zicht.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self):
        # Reference data is part of the schema's meaning: load it on every migrate.
        post_migrate.connect(_load, sender=self)
