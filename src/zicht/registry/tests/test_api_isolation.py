"""Non-public data through the API: staff see only their own municipality.

Staff of GM0363 (Amsterdam) must not list or read GM0599's (Rotterdam) verification
requests or audit trails, and must not learn that they exist (404, not 403).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .factories import (
    OrganisationFactory,
    UserFactory,
    forget_throttling,
    member_of,
    municipality,
    staff_of,
)

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/verification-requests"


@pytest.fixture(autouse=True)
def _no_throttle_history():
    forget_throttling()


@pytest.fixture
def amsterdam_request():
    return OrganisationFactory(submitted=True, legal_name="Amsterdams Atelier")


@pytest.fixture
def rotterdam_request():
    return OrganisationFactory(
        submitted=True, legal_name="Rotterdamse Rederij", municipality=municipality("GM0599")
    )


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def listed(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["kvk"] for item in response.json()["results"]]


def test_staff_of_gm0363_list_only_their_own_municipality(amsterdam_request, rotterdam_request):
    client = client_for(staff_of("GM0363"))
    assert listed(client.get(REQUESTS)) == [amsterdam_request.kvk]
    item = client.get(f"{REQUESTS}/{amsterdam_request.kvk}")
    assert item.status_code == 200
    assert item.json()["municipality"]["code"] == "GM0363"
    assert "evidence" in item.json() and "decisions" in item.json()


def test_staff_of_gm0363_cannot_read_gm0599s_request(amsterdam_request, rotterdam_request):
    client = client_for(staff_of("GM0363"))
    response = client.get(f"{REQUESTS}/{rotterdam_request.kvk}")
    assert response.status_code == 404  # not 403: existence does not leak
    assert "Rotterdam" not in response.content.decode()
    audit = client.get(f"/api/v1/organisations/{rotterdam_request.kvk}/audit-trail")
    assert audit.status_code == 403
    assert "results" not in audit.json()


def test_staff_of_gm0599_see_theirs_and_not_amsterdams(amsterdam_request, rotterdam_request):
    client = client_for(staff_of("GM0599"))
    assert listed(client.get(REQUESTS)) == [rotterdam_request.kvk]
    assert client.get(f"{REQUESTS}/{amsterdam_request.kvk}").status_code == 404


def test_drafts_elsewhere_do_not_leak_through_the_organisation_endpoints():
    draft = OrganisationFactory(draft=True, municipality=municipality("GM0599"))
    client = client_for(staff_of("GM0363"))
    assert client.get(f"/api/v1/organisations/{draft.kvk}").status_code == 404
    assert client.get(f"/api/v1/organisations/{draft.kvk}/audit-trail").status_code == 404


def test_reviewers_and_members_read_the_audit_trail(amsterdam_request):
    member = member_of(amsterdam_request)
    client_for(member).patch(
        f"/api/v1/organisations/{amsterdam_request.kvk}", {"city": "Diemen"}, format="json"
    )
    for user in (member, staff_of("GM0363")):
        response = client_for(user).get(
            f"/api/v1/organisations/{amsterdam_request.kvk}/audit-trail"
        )
        entries = response.json()["results"]
        assert entries[0]["action"] == "profile_changed"
        assert entries[0]["changes"]["city"] == ["Amsterdam", "Diemen"]


def test_members_of_organisations_and_the_public_get_403(amsterdam_request):
    assert APIClient().get(REQUESTS).status_code in (401, 403)
    assert APIClient().get(f"{REQUESTS}/{amsterdam_request.kvk}").status_code in (401, 403)
    member = client_for(member_of(amsterdam_request))
    assert member.get(REQUESTS).status_code == 403
    assert member.get(f"{REQUESTS}/{amsterdam_request.kvk}").status_code == 403


def test_administrators_see_every_municipality(amsterdam_request, rotterdam_request):
    admin = client_for(UserFactory(is_superuser=True, is_staff=True))
    assert set(listed(admin.get(REQUESTS))) == {amsterdam_request.kvk, rotterdam_request.kvk}


def test_only_submitted_profiles_are_requests(amsterdam_request):
    OrganisationFactory(draft=True)
    OrganisationFactory()  # accepted
    assert listed(client_for(staff_of("GM0363")).get(REQUESTS)) == [amsterdam_request.kvk]
