"""GET /api/v1/opportunities, /{id}, /{id}/matches: visibility, filters, owner-only matches."""

from __future__ import annotations

import pytest

from zicht.registry.tests.factories import forget_throttling

from .conftest import make_opportunity

pytestmark = pytest.mark.django_db
API = "/api/v1/opportunities"


@pytest.fixture(autouse=True)
def _no_throttle_history():
    forget_throttling()


def test_list_is_camel_case_and_hides_members_only_from_anonymous(client, world):
    public = make_opportunity(world["gemeente"], title="Openbaar", reserved_2_82=True)
    make_opportunity(world["gemeente"], title="Alleen leden", visibility="members")
    make_opportunity(world["gemeente"], title="Concept", state="draft")
    body = client.get(API).json()
    assert [o["title"] for o in body["results"]] == ["Openbaar"]
    item = body["results"][0]
    assert item["id"] == public.pk and item["kind"] == "tender"
    assert item["placeOfDelivery"]["code"] == "GM0344"
    assert item["cpvCodes"][0]["code"] == "77310000"
    assert item["requirements"]["reserved282"] is True
    assert item["sdgs"] == [8, 15]
    assert item["links"]["self"].endswith(f"{API}/{public.pk}")
    assert "matches" not in item["links"]
    client.force_login(world["clean_member"])
    titles = {o["title"] for o in client.get(API).json()["results"]}
    assert titles == {"Openbaar", "Alleen leden"}


def test_filters_and_bad_parameters(client, world):
    make_opportunity(world["gemeente"], title="Groen")
    make_opportunity(world["gemeente"], title="Vraag", kind="question", cpv=["90910000"])
    assert [o["title"] for o in client.get(API, {"kind": "question"}).json()["results"]] == [
        "Vraag"
    ]
    assert [o["title"] for o in client.get(API, {"cpvDivision": "77"}).json()["results"]] == [
        "Groen"
    ]
    response = client.get(API, {"cpvDivision": "7", "sdg": "18"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"cpvDivision", "sdg"}


def test_detail_and_404_for_what_you_may_not_see(client, world):
    hidden = make_opportunity(world["gemeente"], visibility="members")
    response = client.get(f"{API}/{hidden.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    client.force_login(world["green_member"])
    assert client.get(f"{API}/{hidden.pk}").json()["id"] == hidden.pk


def test_matches_are_for_the_owner_only_and_explained(client, world):
    opp = make_opportunity(world["gemeente"])
    url = f"{API}/{opp.pk}/matches"
    assert client.get(url).status_code == 403  # not logged in
    client.force_login(world["green_member"])
    response = client.get(url)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    client.force_login(world["staff"])
    assert client.get(f"{API}/{opp.pk}").json()["links"]["matches"].endswith(url)
    body = client.get(url).json()
    top = body["matches"][0]
    assert top["rank"] == 1 and top["organisation"]["kvk"] == world["green"].kvk
    assert set(top["parts"]) == {"cpv", "text", "geo", "sdg", "size"}
    assert top["parts"]["cpv"] == 1.0
    assert abs(sum(top["weights"].values()) - 1.0) < 1e-6
    assert top["reasonsNl"] and top["reasonsEn"]
    assert body["weightsVersion"] and body["noticesEn"] == []


def test_matches_of_impossible_requirements_say_why(client, world):
    opp = make_opportunity(world["gemeente"], min_tier="certified", certifications=["code_so"])
    client.force_login(world["staff"])
    body = client.get(f"{API}/{opp.pk}/matches").json()
    assert body["matches"] == []
    assert "No organisation meets all hard requirements" in " ".join(body["noticesEn"])
