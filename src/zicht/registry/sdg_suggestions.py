"""SDG suggestions for an organisation's profile, from its own descriptions.

The engine (``zicht.sdg.engine``) proposes; a person confirms, removes or adds. Confirmed
and dismissed entries are never overwritten by a new suggestion.
"""

from __future__ import annotations

from decimal import Decimal

from zicht.reference.models import SdgGoal

from .models import Organisation, OrganisationSdg


def suggest(org: Organisation) -> list[OrganisationSdg]:
    """Re-run the SDG engine on the descriptions and store its suggestions."""
    from zicht.sdg.engine import SDGEngineError, classify

    text = "\n\n".join(t for t in (org.description_nl, org.description_en) if t.strip())
    existing = {s.goal.number: s for s in org.sdgs.select_related("goal")}
    stale = [s.pk for s in existing.values() if not s.confirmed and not s.dismissed]
    result = None
    if text:
        try:
            result = classify(text)
        except SDGEngineError:
            result = None
    OrganisationSdg.objects.filter(pk__in=stale).delete()
    if result is None:
        return []
    goals = {g.number: g for g in SdgGoal.objects.filter(number__in=result.sdgs)}
    created = []
    for number in result.sdgs:
        entry = existing.get(number)
        if entry is not None and (entry.confirmed or entry.dismissed):
            continue
        created.append(
            OrganisationSdg(
                organisation=org,
                goal=goals[number],
                weight=Decimal(str(round(result.scores[number], 2))),
                source=OrganisationSdg.Source.SUGGESTED,
                confirmed=False,
                evidence=result.evidence.get(number, [])[:8],
            )
        )
    OrganisationSdg.objects.bulk_create(created)
    return created
