"""Relevance ranking of directory searches with words (selectors.relevance)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from zicht.registry.models import Organisation, build_name_text
from zicht.registry.selectors import DirectoryQuery, effective_sort, search_organisations
from zicht.registry.services import save_organisation

from .factories import OrganisationFactory, forget_throttling
from .test_migrations_search import assert_search_indexes_intact

pytestmark = pytest.mark.django_db


def ranked(q, sort=""):
    return [o.legal_name for o in search_organisations(DirectoryQuery(q=q, sort=sort))]


@pytest.fixture
def groen():
    """One organisation per rank for the query "groen", created in no helpful order."""
    OrganisationFactory(legal_name="Aardappel Groenten BV", description_nl="Groente en fruit")
    OrganisationFactory(legal_name="Aardewerk Stichting", description_nl="Groen dak, potten")
    OrganisationFactory(legal_name="Buurtbedrijf Het Groen", description_nl="Tuinen")
    OrganisationFactory(legal_name="Groenland Catering", description_nl="Lunches")
    OrganisationFactory(legal_name="Zorgboerderij De Linde", trade_names=["Groen"])
    OrganisationFactory(legal_name="Groen", description_nl="Hoveniers")
    OrganisationFactory(legal_name="Straatgroen Utrecht B.V.", description_nl="Onderhoud")


def test_best_matches_first_with_ties_by_legal_name(groen):
    assert ranked("groen") == [
        "Groen",  # equals (legal name)
        "Zorgboerderij De Linde",  # equals (trade name)
        "Groenland Catering",  # starts with the word
        "Buurtbedrijf Het Groen",  # whole word
        "Aardappel Groenten BV",  # substring of a name word
        "Straatgroen Utrecht B.V.",
        "Aardewerk Stichting",  # description only
    ]


def test_several_words_accents_and_case_folded():
    OrganisationFactory(legal_name="Werkt Groen Samen", description_nl="")
    OrganisationFactory(legal_name="Groen Werkt", description_nl="")
    OrganisationFactory(legal_name="Anders BV", description_nl="Groen werkt hier")
    OrganisationFactory(legal_name="Groenwerkt", description_nl="")
    OrganisationFactory(legal_name="Coöperatie Schoon U.A.", description_nl="")
    OrganisationFactory(legal_name="Schoonmaak Coöperatief", description_nl="")
    OrganisationFactory(legal_name="Bakkerij", description_nl="Een cooperatie van bakkers")
    assert ranked("GROEN werkt") == [
        "Groen Werkt",  # equals, whatever the case
        "Groenwerkt",  # starts with the first word
        "Werkt Groen Samen",  # both whole words
        "Anders BV",
    ]
    assert ranked("cooperatie schoon u.a.") == [
        "Coöperatie Schoon U.A.",  # equals, dots and accents aside
        "Schoonmaak Coöperatief",  # both words inside name words
    ]
    assert ranked("cooperatie") == [
        "Coöperatie Schoon U.A.",  # starts with it, accents ignored
        "Schoonmaak Coöperatief",  # part of a word of the name
        "Bakkerij",  # description only
    ]
    assert ranked("Coöperatie") == ranked("cooperatie")


def test_words_in_the_like_pattern_are_literal():
    OrganisationFactory(legal_name="Abcxdef", description_nl="abc_def")  # "_" is no wildcard
    OrganisationFactory(legal_name="Zz abc_def", description_nl="")
    assert ranked("abc_def") == ["Zz abc_def", "Abcxdef"]


def test_default_sort_is_relevance_with_words_name_without_explicit_sort_wins(groen):
    assert effective_sort("groen", "") == "relevance"
    assert effective_sort("", "") == "name"
    assert effective_sort("a", "") == "name"  # no word of two letters or more
    assert effective_sort("", "relevance") == "name"
    assert effective_sort("groen", "name") == "name"
    assert effective_sort("groen", "-updated") == "-updated"
    by_name = sorted(ranked("groen"))
    assert ranked("groen", sort="name") == by_name
    assert ranked("groen", sort="relevance")[0] == "Groen"
    everyone = sorted(Organisation.objects.values_list("legal_name", flat=True))
    assert ranked("") == everyone
    assert ranked("", sort="relevance") == everyone


def test_renamed_organisation_is_ranked_by_its_new_name():
    org = OrganisationFactory(legal_name="Oud", description_nl="groen")
    OrganisationFactory(legal_name="Groen Dak", description_nl="")
    assert ranked("groen") == ["Groen Dak", "Oud"]
    org.legal_name = "Groen"
    save_organisation(org, actor=None)
    assert org.name_text == "| groen |"
    assert ranked("groen") == ["Groen", "Groen Dak"]
    org.trade_names = ["De Zon"]
    org.save(update_fields=["trade_names"])
    org.refresh_from_db()
    assert org.name_text == "| groen | de zon |"


def test_name_text_form():
    assert build_name_text("Groen-Werkt B.V.", ["'t Groene Hart", ""]) == (
        "| groen werkt b v | t groene hart |"
    )
    assert build_name_text("", []) == ""


def order_in(content: bytes, orgs) -> list[str]:
    text = content.decode()
    found = [(text.find(f'href="{o.get_absolute_url()}"'), o.legal_name) for o in orgs]
    assert all(pos >= 0 for pos, _ in found)
    return [name for _, name in sorted(found)]


def test_page_shows_and_uses_relevance(client, groen):
    orgs = list(Organisation.objects.all())
    r = client.get("/organisaties", {"q": "groen"})
    assert r.status_code == 200
    assert order_in(r.content, orgs)[:2] == ["Groen", "Zorgboerderij De Linde"]
    assert b'<option value="relevance" selected>Relevance</option>' in r.content
    r = client.get("/organisaties", {"q": "groen", "sort": "name"})
    assert order_in(r.content, orgs) == sorted(o.legal_name for o in orgs)
    assert b'<option value="name" selected>' in r.content
    for params in ({"q": "", "sort": "relevance"}, {"q": ""}):
        r = client.get("/organisaties", params)
        assert r.status_code == 200
        assert order_in(r.content, orgs) == sorted(o.legal_name for o in orgs)
        assert b'<option value="name" selected>' in r.content


def test_api_sort_relevance_default_with_words():
    forget_throttling()
    api = APIClient()
    OrganisationFactory(legal_name="Aardappel Groenten BV", description_nl="")
    OrganisationFactory(legal_name="Groen", description_nl="")

    def names(params):
        r = api.get("/api/v1/organisations", params)
        assert r.status_code == 200, r.content
        return [item["legalName"] for item in r.json()["results"]]

    assert names({"q": "groen"}) == ["Groen", "Aardappel Groenten BV"]
    assert names({"q": "groen", "sort": "relevance"}) == ["Groen", "Aardappel Groenten BV"]
    assert names({"q": "groen", "sort": "name"}) == ["Aardappel Groenten BV", "Groen"]
    assert names({"sort": "relevance"}) == ["Aardappel Groenten BV", "Groen"]
    r = api.get("/api/v1/organisations", {"sort": "best"})
    assert r.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_upgrade_fills_name_text_and_keeps_the_indexes_whole():
    before = [("registry", "0006_search_text_and_facets_together")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Old = old.get_model("registry", "Organisation")
    place = old.get_model("reference", "Municipality").objects.get(code="GM0344")
    for n, name in enumerate(["Aardappel Groenten BV", "Groen"]):
        Old.objects.create(
            kind="social_enterprise",
            kvk=f"{71000000 + n}",
            legal_form="bv",
            legal_name=name,
            municipality=place,
            status="accepted",
            tier="verified",
            search_text=name.lower(),
            facets="pub",
            trade_names=[],
        )
    call_command("migrate", "registry", verbosity=0)
    assert ranked("groen") == ["Groen", "Aardappel Groenten BV"]
    org = Organisation.objects.get(legal_name="Groen")
    org.description_nl = "Kringloop"
    save_organisation(org, actor=None)  # the re-created triggers index the change
    assert ranked("kringloop") == ["Groen"]
    assert_search_indexes_intact()
