"""SDG steering page: staff suggest SDGs from policy text, confirm priorities, and see which
verified social enterprises in the municipality and its region contribute."""

import pytest
from django.urls import reverse

from zicht.registry.tests.factories import OrganisationFactory, add_sdg, municipality, staff_of
from zicht.sdg.models import SdgPriority

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_staff_suggest_confirm_and_see_contributors(client):
    utrecht = municipality("GM0344")
    near = municipality("GM0310")  # De Bilt, same labour-market region (Midden-Utrecht)
    assert near.region_id == utrecht.region_id
    in_town = OrganisationFactory(municipality=utrecht, tier="verified", legal_name="Zon Werkt")
    in_region = OrganisationFactory(municipality=near, tier="certified", legal_name="Bilt Energie")
    unverified = OrganisationFactory(municipality=utrecht, legal_name="Nog Niet Gecheckt")
    elsewhere = OrganisationFactory(
        municipality=municipality("GM0599"), tier="verified", legal_name="Maas Zon"
    )
    for org in (in_town, in_region, unverified, elsewhere):
        add_sdg(org, 7)

    client.force_login(staff_of("GM0344"))
    url = reverse("sdg:steering", args=["GM0344"])
    response = client.post(
        url, {"text": "We willen energiearmoede bestrijden met zonnepanelen en isolatie."}
    )
    assert response.status_code == 200
    assert 7 in response.context["result"]["sdgs"]
    assert "energiearmoede" in response.content.decode()

    response = client.post(url, {"goals": ["7"]})
    assert response.status_code == 302
    assert list(
        SdgPriority.objects.filter(municipality=utrecht).values_list("goal__number", flat=True)
    ) == [7]

    page = client.get(url)
    counts = dict((p.goal.number, c) for p, c in page.context["rows"])[7]
    assert counts["municipality"] == 1 and counts["region"] == 2
    html = page.content.decode()
    assert "Zon Werkt" in html and "Bilt Energie" in html
    assert "Nog Niet Gecheckt" not in html and "Maas Zon" not in html
    assert page.context["chart"]["mark"] == "bar"


def test_public_can_read_but_not_change(client):
    url = reverse("sdg:steering", args=["GM0344"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"goals": ["7"]}).status_code == 403
    assert not SdgPriority.objects.exists()


def test_staff_of_another_municipality_cannot_change(client):
    client.force_login(staff_of("GM0363"))
    response = client.post(reverse("sdg:steering", args=["GM0344"]), {"goals": ["7"]})
    assert response.status_code == 403
    assert not SdgPriority.objects.exists()


def test_index_sends_staff_to_their_municipality(client):
    client.force_login(staff_of("GM0363"))
    response = client.get(reverse("sdg:index"))
    assert response.status_code == 302 and response["Location"].endswith("/GM0363")
