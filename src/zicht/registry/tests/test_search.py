"""Directory search: accent-folded substrings, all words must match, index kept current."""

import pytest

from zicht.registry.selectors import DirectoryQuery, search_organisations
from zicht.registry.services import save_organisation

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def names(q):
    return sorted(o.legal_name for o in search_organisations(DirectoryQuery(q=q)))


def test_words_match_inside_compounds_accents_folded_and_all_must_match():
    OrganisationFactory(
        legal_name="Coöperatie Schoon U.A.", description_nl="Schoonmaakdiensten in Utrecht"
    )
    OrganisationFactory(legal_name="Groen Werkt", description_nl="Groenvoorziening en hoveniers")
    OrganisationFactory(
        legal_name="Drukkerij Anders", trade_names=["Papier & Co"], description_en="Printing"
    )
    assert names("schoonmaak") == ["Coöperatie Schoon U.A."]
    assert names("cooperatie") == ["Coöperatie Schoon U.A."]
    assert names("COÖPERATIE") == ["Coöperatie Schoon U.A."]
    assert names("groen hovenier") == ["Groen Werkt"]
    assert names("groen drukkerij") == []
    assert names("papier") == ["Drukkerij Anders"]
    assert names("co") == ["Coöperatie Schoon U.A.", "Drukkerij Anders"]  # 2 letters: LIKE path
    assert names("") == ["Coöperatie Schoon U.A.", "Drukkerij Anders", "Groen Werkt"]


def test_the_index_follows_changes(django_user_model):
    org = OrganisationFactory(legal_name="Oud Bedrijf", description_nl="Fietsenmakerij")
    assert names("fietsen") == ["Oud Bedrijf"]
    org.description_nl = "Kringloopwinkel"
    save_organisation(org, actor=None)
    assert names("fietsen") == [] and names("kringloop") == ["Oud Bedrijf"]
    org.delete()
    assert names("kringloop") == []


def test_indexed_filters_give_the_same_answer_as_plain_sql():
    """The facet index (FTS5 / tsvector) against the plain SQL filters, over many queries."""
    import itertools

    from zicht.reference.models import CpvCode
    from zicht.registry.selectors import _sql_filters, public_organisations

    from .factories import add_sdg, add_workforce, municipality

    cleaning = CpvCode.objects.get(code="90910000")
    builders = CpvCode.objects.get(code="45000000")
    specs = [
        ("GM0363", "social_enterprise", "verified", [8], cleaning, {"wsw": "4", "none": "6"}),
        ("GM0599", "social_enterprise", "self_declared", [8, 12], builders, {"none": "10"}),
        ("GM0344", "sme", "self_declared", [], cleaning, None),
        ("GM0310", "sociale_werkplaats", "certified", [10], None, {"wajong": "9", "none": "1"}),
    ]
    for code, kind, tier, sdgs, cpv, workforce in specs:
        org = OrganisationFactory(municipality=municipality(code), kind=kind, tier=tier)
        for n in sdgs:
            add_sdg(org, n)
        if cpv:
            org.cpv_codes.add(cpv)
        if workforce:
            add_workforce(org, "10", **workforce)
    OrganisationFactory(draft=True)  # never public
    options = {
        "q": ["", "organisatie", "amsterdam bv"],
        "kind": [[], ["sme"], ["social_enterprise", "sociale_werkplaats"]],
        "sdg": [[], [8], [10, 12]],
        "cpv_division": ["", "90", "45"],
        "region": ["", municipality("GM0344").region.code],
        "tier": [[], ["verified", "certified"]],
        "eligible_2_82": [None, True, False],
        "target_group": [[], ["wsw"], ["wajong", "ww"]],
    }
    keys = list(options)
    for values in itertools.product(*(options[k] for k in keys)):
        query = DirectoryQuery(**dict(zip(keys, values, strict=True)))
        indexed = set(search_organisations(query).values_list("kvk", flat=True))
        plain_qs = public_organisations()
        for word in query.q.split():
            plain_qs = plain_qs.filter(search_text__contains=word)
        plain = set(_sql_filters(plain_qs, query).values_list("kvk", flat=True))
        assert indexed == plain, query


def test_organisation_facts_carry_the_register_data():
    from zicht.reference.models import CpvCode, LabourMarketRegion
    from zicht.registry.models import Certification
    from zicht.registry.selectors import organisation_facts

    from .factories import add_sdg, add_workforce

    org = OrganisationFactory(
        legal_name="Schoon B.V.", trade_names=["Schoon!"], serves_nationally=True
    )
    add_sdg(org, 8)
    add_sdg(org, 12, confirmed=False)  # suggestions are not facts
    org.cpv_codes.add(CpvCode.objects.get(code="90910000"))
    org.served_regions.add(LabourMarketRegion.objects.get(code="AM13"))
    add_workforce(org, "20", wsw="8", none="12")
    Certification.objects.create(organisation=org, kind="pso")
    (facts,) = organisation_facts()
    assert facts.id == str(org.pk) and facts.name == "Schoon!" and facts.kvk == org.kvk
    assert facts.cpv == ["90910000"] and facts.sdgs == {8: 1.0}
    assert facts.municipality == "GM0363" and set(facts.regions_served) == {"AM13", "NL"}
    assert facts.target_group_share == 0.4 and facts.fte == 20.0
    assert facts.certifications == ["pso"] and facts.tier == "self_declared"


def test_sdg_facet_counts_use_confirmed_sdgs_and_optionally_suggestions(client):
    from django.core.cache import cache

    from .factories import add_sdg

    cache.clear()
    a, b = OrganisationFactory(legal_name="Een"), OrganisationFactory(legal_name="Twee")
    add_sdg(a, 8)
    add_sdg(b, 8)
    add_sdg(b, 13, confirmed=False)
    page = client.get("/organisaties/sdg-tellingen", HTTP_HX_REQUEST="true")
    rows = {r["goal"].number: r["count"] for r in page.context["rows"]}
    assert rows[8] == 2 and rows[13] == 0
    assert "<html" not in page.content.decode()  # a fragment for htmx
    rows = {
        r["goal"].number: r["count"]
        for r in client.get("/organisaties/sdg-tellingen?suggested=on").context["rows"]
    }
    assert rows[13] == 1
    rows = {
        r["goal"].number: r["count"]
        for r in client.get("/organisaties/sdg-tellingen?q=twee").context["rows"]
    }
    assert rows[8] == 1
