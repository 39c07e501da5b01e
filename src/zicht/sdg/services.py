"""SDG steering: which verified social enterprises contribute to a municipality's priorities."""

from __future__ import annotations

from django.db.models import Q

from zicht.reference.models import Municipality, SdgGoal
from zicht.registry.models import Tier
from zicht.registry.selectors import public_organisations

from .models import SdgPriority

CONTRIBUTOR_KINDS = ("social_enterprise", "sociale_werkplaats")
VERIFIED = (Tier.VERIFIED, Tier.CERTIFIED)


def contributors(municipality: Municipality, goal_numbers: list[int]) -> dict[int, dict]:
    """Per goal: verified social enterprises in the municipality and in its labour-market region
    that confirmed the goal in their profile (counts and a short list)."""
    base = public_organisations().filter(kind__in=CONTRIBUTOR_KINDS, tier__in=VERIFIED)
    region = base.filter(municipality__region_id=municipality.region_id)
    result = {}
    for number in goal_numbers:
        with_goal = Q(sdgs__goal__number=number, sdgs__confirmed=True)
        in_region = region.filter(with_goal).distinct()
        result[number] = {
            "municipality": in_region.filter(municipality=municipality).count(),
            "region": in_region.count(),
            "organisations": list(
                in_region.select_related("municipality").order_by("-tier", "legal_name")[:20]
            ),
        }
    return result


def chart_spec(municipality: Municipality, counts: dict[int, dict]) -> dict:
    """Vega-Lite bar chart: contributors per priority SDG, municipality vs region."""
    goals = {g.number: g for g in SdgGoal.objects.filter(number__in=counts)}
    values = []
    for number, c in counts.items():
        label = f"{number}. {goals[number].short_title}"
        values.append({"sdg": label, "where": municipality.name, "count": c["municipality"]})
        values.append({"sdg": label, "where": municipality.region.name, "count": c["region"]})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": "Verified social enterprises per priority SDG",
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "sdg", "type": "nominal", "title": None, "sort": None},
            "yOffset": {"field": "where"},
            "x": {"field": "count", "type": "quantitative", "title": "Organisations"},
            "color": {
                "field": "where",
                "type": "nominal",
                "title": None,
                "scale": {"range": ["#01689b", "#8fcae7"]},
            },
        },
        "width": "container",
    }


def priorities(municipality: Municipality) -> list[SdgPriority]:
    return list(SdgPriority.objects.filter(municipality=municipality).select_related("goal"))
