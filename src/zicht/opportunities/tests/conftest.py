"""Fixtures for the opportunities app: a small register that matches in milliseconds."""

from __future__ import annotations

import datetime as dt

import pytest

from zicht.reference.models import CpvCode
from zicht.registry.models import Certification, Tier
from zicht.registry.tests.factories import (
    OrganisationFactory,
    add_sdg,
    add_workforce,
    member_of,
    municipality,
    staff_of,
)


@pytest.fixture
def client(client):
    """Read messages in English (the msgids); the UI is Dutch by default."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def fresh_index():
    """Every test builds its own match index (ids are reused after a rollback)."""
    from zicht.opportunities.matches import invalidate_index

    invalidate_index()
    yield
    invalidate_index()


def cpv(*codes: str) -> list[CpvCode]:
    return list(CpvCode.objects.filter(code__in=codes))


def future(days: int = 60) -> dt.date:
    return dt.date.today() + dt.timedelta(days=days)


@pytest.fixture
def world(db):
    """Utrecht (buyer), a green social enterprise with 50% target-group staff (verified),
    a cleaning social enterprise with 10% (self-declared), a green SME in Amsterdam and a
    draft organisation that must never be matched."""
    utrecht = municipality("GM0344")
    gemeente = OrganisationFactory(
        gemeente=True, municipality=utrecht, legal_name="Gemeente Utrecht", city="Utrecht"
    )
    green = OrganisationFactory(
        legal_name="Groen Werkt",
        municipality=utrecht,
        city="Utrecht",
        description_nl="Groenonderhoud van parken en plantsoenen met mensen met een afstand "
        "tot de arbeidsmarkt.",
        tier=Tier.VERIFIED,
    )
    green.cpv_codes.set(cpv("77310000"))
    add_sdg(green, 8)
    add_sdg(green, 15)
    add_workforce(green, "10", participatiewet="5")
    Certification.objects.create(organisation=green, kind="pso")
    clean = OrganisationFactory(
        legal_name="Schoon Werkt",
        municipality=utrecht,
        city="Utrecht",
        description_nl="Schoonmaak van kantoren en scholen.",
    )
    clean.cpv_codes.set(cpv("90910000"))
    add_sdg(clean, 8)
    add_workforce(clean, "10", participatiewet="1")
    sme = OrganisationFactory(
        sme=True,
        legal_name="Hovenier Jansen",
        description_nl="Hoveniersbedrijf: aanleg en onderhoud van tuinen en groen.",
    )
    sme.cpv_codes.set(cpv("77310000"))
    draft = OrganisationFactory(draft=True, legal_name="Nog Niet Openbaar", municipality=utrecht)
    draft.cpv_codes.set(cpv("77310000"))
    for org in (green, clean, sme, draft):
        org.save()  # bump updated_at, as the register's services do
    return {
        "gemeente": gemeente,
        "staff": staff_of("GM0344"),
        "green": green,
        "green_member": member_of(green),
        "clean": clean,
        "clean_member": member_of(clean),
        "sme": sme,
        "sme_member": member_of(sme),
        "draft": draft,
    }


def make_opportunity(owner, **kwargs):
    from zicht.opportunities.models import Opportunity

    codes = kwargs.pop("cpv", ["77310000"])
    defaults = {
        "kind": "tender",
        "title": "Groenonderhoud parken",
        "description": "Onderhoud van parken en plantsoenen in Utrecht.",
        "municipality": municipality("GM0344"),
        "state": "published",
        "sdgs": {"8": 1.0, "15": 1.0},
        "deadline": future(),
        "value_eur": 100000,
    }
    defaults.update(kwargs)
    if defaults["state"] != "draft":
        from django.utils import timezone

        defaults.setdefault("published_at", timezone.now())
    opp = Opportunity.objects.create(owner=owner, **defaults)
    opp.cpv_codes.set(cpv(*codes))
    return opp
