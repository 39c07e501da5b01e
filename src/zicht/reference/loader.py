"""Load the shipped reference files into the database; idempotent (update or create)."""

from __future__ import annotations

from django.db import transaction

from . import data
from .models import CpvCode, LabourMarketRegion, Municipality, Province, SdgGoal, SdgTarget


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    regions = {}
    for r in data.labour_market_regions().values():
        regions[r.name], _ = LabourMarketRegion.objects.update_or_create(
            code=r.code, defaults={"name": r.name}
        )
    provinces = {name: Province.objects.get_or_create(name=name)[0] for name in data.provinces()}
    for m in data.municipalities().values():
        Municipality.objects.update_or_create(
            code=m.code,
            defaults={
                "name": m.name,
                "province": provinces[m.province],
                "region": regions[m.labour_market_region],
                "lat": m.lat,
                "lon": m.lon,
            },
        )
    goals = {}
    for g in data.sdg_goals().values():
        goals[g.number], _ = SdgGoal.objects.update_or_create(
            number=g.number,
            defaults={
                "short_title_en": g.short_title_en,
                "title_en": g.title_en,
                "short_title_nl": g.short_title_nl,
                "title_nl": g.title_nl,
                "colour": g.colour,
            },
        )
    for t in data.sdg_targets().values():
        SdgTarget.objects.update_or_create(
            code=t.code,
            defaults={"goal": goals[t.goal], "text_en": t.text_en, "text_nl": t.text_nl},
        )
    existing = set(CpvCode.objects.values_list("code", flat=True))
    CpvCode.objects.bulk_create(
        [
            CpvCode(
                code=c.digits,
                check_digit=c.code[-1],
                label_en=c.label_en,
                label_nl=c.label_nl,
                level=c.level,
            )
            for c in data.cpv_codes().values()
            if c.digits not in existing
        ],
        batch_size=2000,
    )
    return {
        "municipalities": Municipality.objects.count(),
        "regions": LabourMarketRegion.objects.count(),
        "provinces": Province.objects.count(),
        "sdg_goals": SdgGoal.objects.count(),
        "sdg_targets": SdgTarget.objects.count(),
        "cpv_codes": CpvCode.objects.count(),
    }
