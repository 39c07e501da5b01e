"""GET /api/v1/organisations: listing, filters, pagination, sorting, detail, errors."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from zicht.reference.models import CpvCode

from .factories import (
    OrganisationFactory,
    add_sdg,
    add_workforce,
    forget_throttling,
    member_of,
    municipality,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations"


@pytest.fixture(autouse=True)
def _no_throttle_history():
    forget_throttling()


@pytest.fixture
def client():
    return APIClient()


def kvks(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["kvk"] for item in response.json()["results"]]


def test_it_lists_public_organisations_only(client):
    public = OrganisationFactory(legal_name="Buurtbakkerij")
    OrganisationFactory(draft=True, legal_name="Nog niet klaar")
    OrganisationFactory(gemeente=True, legal_name="Gemeente Amsterdam")
    response = client.get(LIST)
    assert kvks(response) == [public.kvk]
    assert response.json()["count"] == 1
    assert response["API-Version"] == "1.0.0"


def test_an_item_links_to_itself_and_explains_its_derived_fields(client):
    org = OrganisationFactory(legal_name="Groen Werk")
    add_workforce(org, "10", participatiewet="4", none="6")
    add_sdg(org, 8)
    add_sdg(org, 12, confirmed=False)
    item = client.get(LIST).json()["results"][0]
    assert item["_links"]["self"]["href"] == f"http://testserver/api/v1/organisations/{org.kvk}"
    assert item["targetGroupShare"] == 0.4
    assert item["eligible282"]["eligible"] is True
    assert item["eligible282"]["share"] == 0.4
    assert any(step.startswith("Share = 4") for step in item["eligible282"]["explanation"])
    assert [s["number"] for s in item["sdgs"]["confirmed"]] == [8]
    assert [s["number"] for s in item["sdgs"]["suggested"]] == [12]
    assert item["municipality"]["code"] == "GM0363"
    assert item["impactModels"] == ["work_integration"]
    # Public endpoint: nothing non-public.
    for private in ("evidence", "auditTrail", "workforce", "decisions", "certifications"):
        assert private not in item
    assert "auditTrail" not in item["_links"]


def test_filters_share_the_directory_semantics(client):
    amsterdam = OrganisationFactory(legal_name="Fietsenmaker Oost", description_nl="Fietsen")
    rotterdam = OrganisationFactory(
        legal_name="Havenschoonmaak", municipality=municipality("GM0599"), city="Rotterdam"
    )
    sme = OrganisationFactory(sme=True, legal_name="Coöperatie Schoon")
    add_sdg(amsterdam, 8)
    add_sdg(rotterdam, 12, confirmed=False)
    add_workforce(rotterdam, "10", participatiewet="5")
    rotterdam.cpv_codes.add(CpvCode.objects.filter(code__startswith="90").first())

    assert kvks(client.get(LIST, {"q": "fiets"})) == [amsterdam.kvk]
    assert kvks(client.get(LIST, {"q": "cooperatie"})) == [sme.kvk]  # accents folded
    assert kvks(client.get(LIST, {"kind": "sme"})) == [sme.kvk]
    assert kvks(client.get(LIST, {"sdg": [8, 12]})) == [amsterdam.kvk]
    both = kvks(client.get(LIST, {"sdg": [8, 12], "includeSuggestedSdgs": "true"}))
    assert set(both) == {amsterdam.kvk, rotterdam.kvk}
    assert kvks(client.get(LIST, {"municipality": "GM0599"})) == [rotterdam.kvk]
    assert kvks(client.get(LIST, {"province": "Zuid-Holland"})) == [rotterdam.kvk]
    region = municipality("GM0599").region.code
    assert kvks(client.get(LIST, {"region": region})) == [rotterdam.kvk]
    assert kvks(client.get(LIST, {"cpvDivision": "90"})) == [rotterdam.kvk]
    assert kvks(client.get(LIST, {"targetGroup": "participatiewet"})) == [rotterdam.kvk]
    assert kvks(client.get(LIST, {"impactModel": "work_integration"})) == [rotterdam.kvk]
    assert kvks(client.get(LIST, {"eligible282": "true"})) == [rotterdam.kvk]
    assert rotterdam.kvk not in kvks(client.get(LIST, {"eligible282": "false"}))
    assert len(kvks(client.get(LIST, {"tier": "self_declared"}))) == 3
    assert kvks(client.get(LIST, {"tier": "verified"})) == []


def test_it_paginates_and_sorts(client):
    for name in ["Cee", "Aa", "Bee"]:
        OrganisationFactory(legal_name=name)
    first = client.get(LIST, {"pageSize": 2}).json()
    assert first["count"] == 3
    assert [i["legalName"] for i in first["results"]] == ["Aa", "Bee"]
    assert first["next"].endswith("page=2&pageSize=2")
    second = client.get(first["next"]).json()
    assert [i["legalName"] for i in second["results"]] == ["Cee"]
    assert client.get(LIST, {"page": 9}).status_code == 404


def test_it_sorts(client):
    low, high = OrganisationFactory(legal_name="Aa"), OrganisationFactory(legal_name="Zz")
    add_workforce(low, "10", wajong="1")
    add_workforce(high, "10", wajong="9")
    rotterdam = OrganisationFactory(legal_name="Mm", municipality=municipality("GM0599"))
    assert kvks(client.get(LIST)) == [low.kvk, rotterdam.kvk, high.kvk]
    assert kvks(client.get(LIST, {"sort": "-share"}))[:2] == [high.kvk, low.kvk]
    assert kvks(client.get(LIST, {"sort": "municipality"})) == [low.kvk, high.kvk, rotterdam.kvk]
    rotterdam.save()  # the most recently updated
    assert kvks(client.get(LIST, {"sort": "-updated"}))[0] == rotterdam.kvk


@pytest.mark.parametrize(
    "params, name",
    [
        ({"sdg": "18"}, "sdg"),
        ({"sdg": "acht"}, "sdg"),
        ({"kind": "municipality"}, "kind"),
        ({"tier": "gold"}, "tier"),
        ({"eligible282": "maybe"}, "eligible282"),
        ({"includeSuggestedSdgs": "ja?"}, "includeSuggestedSdgs"),
        ({"municipality": "Amsterdam"}, "municipality"),
        ({"municipality": "GM9999"}, "municipality"),
        ({"region": "AM99"}, "region"),
        ({"province": "Atlantis"}, "province"),
        ({"cpvDivision": "4"}, "cpvDivision"),
        ({"targetGroup": "students"}, "targetGroup"),
        ({"impactModel": "vibes"}, "impactModel"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_an_invalid_filter_is_a_400_naming_the_parameter(client, params, name):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert [p["name"] for p in body["invalidParams"]] == [name]
    assert name in body["detail"]


def test_several_bad_parameters_are_all_named(client):
    body = client.get(LIST, {"sdg": "0", "tier": "x"}).json()
    assert {p["name"] for p in body["invalidParams"]} == {"sdg", "tier"}


def test_detail(client):
    org = OrganisationFactory(legal_name="Kringloop", trade_names=["De Kringloop"])
    response = client.get(f"{LIST}/{org.kvk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "De Kringloop"
    assert body["eligible282"]["explanation"]
    assert response["API-Version"] == "1.0.0"


def test_detail_hides_drafts_from_the_public_but_not_from_members(client):
    draft = OrganisationFactory(draft=True)
    assert client.get(f"{LIST}/{draft.kvk}").status_code == 404
    assert client.get(f"{LIST}/00000000").status_code == 404
    client.force_login(member_of(draft))
    response = client.get(f"{LIST}/{draft.kvk}")
    assert response.status_code == 200
    assert response.json()["_links"]["auditTrail"]["href"].endswith(
        f"/organisations/{draft.kvk}/audit-trail"
    )


def test_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(10):
        add_sdg(OrganisationFactory(), 8)
    with django_assert_max_num_queries(12):
        assert len(kvks(client.get(LIST))) == 10
