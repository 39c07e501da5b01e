"""PATCH /api/v1/organisations/{kvk}: members edit only their own organisation."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from zicht.core.models import AuditEntry
from zicht.reference.models import CpvCode

from .factories import (
    OrganisationFactory,
    UserFactory,
    add_sdg,
    forget_throttling,
    member_of,
    staff_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle_history():
    forget_throttling()


def url(org) -> str:
    return f"/api/v1/organisations/{org.kvk}"


@pytest.fixture
def org_a():
    return OrganisationFactory(legal_name="Organisatie A", description_nl="Oud")


@pytest.fixture
def org_b():
    return OrganisationFactory(legal_name="Organisatie B", description_nl="Van B")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_member_changes_their_organisation_and_it_is_audited(org_a):
    user = member_of(org_a)
    response = client_for(user).patch(
        url(org_a),
        {
            "descriptionNl": "Wij maken fietsen",
            "tradeNames": ["Fietsfabriek A"],
            "postcode": "1011ab",
            "website": "https://a.example.nl",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["descriptionNl"] == "Wij maken fietsen"
    assert body["name"] == "Fietsfabriek A"
    assert body["postcode"] == "1011 AB"
    org_a.refresh_from_db()
    assert org_a.description_nl == "Wij maken fietsen"
    assert "fietsen" in org_a.search_text  # derived fields recomputed by the service
    entry = AuditEntry.objects.get(organisation=org_a, action="profile_changed")
    assert entry.actor == user
    assert entry.changes["description_nl"] == ["Oud", "Wij maken fietsen"]


def test_a_member_sets_cpv_codes_and_confirms_sdgs(org_a):
    add_sdg(org_a, 12, confirmed=False)
    add_sdg(org_a, 3, confirmed=False)
    add_sdg(org_a, 1)
    codes = list(CpvCode.objects.order_by("code").values_list("code", flat=True)[:2])
    response = client_for(member_of(org_a)).patch(
        url(org_a), {"cpvCodes": codes, "sdgs": [8, 12]}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [c["code"] for c in body["cpvCodes"]] == codes
    assert [s["number"] for s in body["sdgs"]["confirmed"]] == [8, 12]
    assert [s["number"] for s in body["sdgs"]["suggested"]] == [3]
    entry = AuditEntry.objects.get(organisation=org_a, action="profile_changed")
    assert entry.changes["cpv_codes"] == [[], codes]
    assert entry.changes["sdgs"] == [[1], [8, 12]]


def test_a_member_of_a_cannot_change_b(org_a, org_b):
    response = client_for(member_of(org_a)).patch(
        url(org_b), {"descriptionNl": "Overgenomen"}, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    org_b.refresh_from_db()
    assert org_b.description_nl == "Van B"
    assert not AuditEntry.objects.filter(organisation=org_b).exists()


def test_a_pending_claim_is_no_membership(org_b):
    from zicht.accounts.models import Membership

    user = member_of(org_b, state=Membership.State.PENDING)
    response = client_for(user).patch(url(org_b), {"descriptionNl": "x"}, format="json")
    assert response.status_code == 403


def test_a_member_of_a_cannot_even_see_bs_draft(org_a):
    draft = OrganisationFactory(draft=True, description_nl="Geheim")
    response = client_for(member_of(org_a)).patch(url(draft), {"descriptionNl": "x"}, format="json")
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.description_nl == "Geheim"


def test_municipal_staff_cannot_edit_organisations(org_a):
    response = client_for(staff_of("GM0363")).patch(url(org_a), {"city": "Diemen"}, format="json")
    assert response.status_code == 403


def test_anonymous_cannot_change_anything(org_b):
    response = APIClient().patch(url(org_b), {"descriptionNl": "x"}, format="json")
    assert response.status_code in (401, 403)
    org_b.refresh_from_db()
    assert org_b.description_nl == "Van B"


def test_an_administrator_may_change_any_organisation(org_b):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = client_for(admin).patch(url(org_b), {"city": "Diemen"}, format="json")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"descriptionNl": "Hallo <script>alert(1)</script>"}, "descriptionNl"),
        ({"descriptionEn": "<b>bold</b>"}, "descriptionEn"),
        ({"tradeNames": ["<i>x</i>"]}, "tradeNames[0]"),
        ({"postcode": "0123 AB"}, "postcode"),
        ({"website": "not a url"}, "website"),
        ({"cpvCodes": ["99999999"]}, "cpvCodes"),
        ({"sdgs": [18]}, "sdgs[0]"),
        ({"descriptionNl": "x" * 5001}, "descriptionNl"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field_and_nothing_changes(org_a, payload, field):
    response = client_for(member_of(org_a)).patch(url(org_a), payload, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in [p["name"] for p in response.json()["invalidParams"]]
    org_a.refresh_from_db()
    assert org_a.description_nl == "Oud"
    assert not AuditEntry.objects.filter(organisation=org_a).exists()


def test_read_only_fields_are_ignored(org_a):
    response = client_for(member_of(org_a)).patch(
        url(org_a), {"tier": "certified", "status": "accepted", "kvk": "12345678"}, format="json"
    )
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.tier == "self_declared"
    assert org_a.kvk != "12345678"


def test_put_and_post_are_not_offered(org_a):
    client = client_for(member_of(org_a))
    assert client.put(url(org_a), {}, format="json").status_code == 405
    assert client.post("/api/v1/organisations", {}, format="json").status_code == 405
