"""Saving a description suggests SDGs with evidence; the member confirms, removes or adds."""

import pytest
from django.urls import reverse

from zicht.registry.models import OrganisationSdg

from .factories import OrganisationFactory, add_sdg, member_of

pytestmark = pytest.mark.django_db
TEXT = (
    "Wij plaatsen zonnepanelen en isoleren woningen van huishoudens met energiearmoede. "
    "Ons team bestaat uit mensen met een afstand tot de arbeidsmarkt die bij ons een vak leren."
)


def _post(client, org, **data):
    payload = {"description_nl": TEXT, "description_en": "", "cpv": "", **data}
    return client.post(reverse("registry:edit", args=[org.kvk, "activities"]), payload)


def test_description_gets_sdg_suggestions_with_evidence(client):
    org = OrganisationFactory()
    client.force_login(member_of(org))
    response = _post(client, org)
    assert response.status_code == 302 and response["Location"].endswith("/activities")
    suggestions = {s.goal.number: s for s in org.sdgs.filter(confirmed=False)}
    assert 7 in suggestions, suggestions
    assert suggestions[7].source == OrganisationSdg.Source.SUGGESTED and suggestions[7].evidence
    page = client.get(reverse("registry:edit", args=[org.kvk, "activities"])).content.decode()
    assert "zicht-suggestions" in page
    public = client.get(org.get_absolute_url()).content.decode()
    assert "Suggested by Zicht" in public or "Voorgesteld door Zicht" in public


def test_member_confirms_one_removes_another_and_adds_a_third(client):
    org = OrganisationFactory(description_nl=TEXT)
    add_sdg(org, 7, confirmed=False)
    add_sdg(org, 1, confirmed=False)
    client.force_login(member_of(org))
    _post(client, org, sdgs=["7", "17"], dismiss=["1"])
    by_goal = {s.goal.number: s for s in org.sdgs.all()}
    assert by_goal[7].confirmed and by_goal[17].confirmed
    assert by_goal[17].source == OrganisationSdg.Source.MANUAL
    assert by_goal[1].dismissed and not by_goal[1].confirmed
    # a changed description re-runs the engine, but removed and confirmed goals stay as they are
    _post(client, org, description_nl=TEXT + " Ook voor gezinnen in armoede.", sdgs=["7", "17"])
    by_goal = {s.goal.number: s for s in org.sdgs.all()}
    assert by_goal[1].dismissed and not by_goal[1].confirmed
    assert by_goal[7].confirmed
    # un-ticking a confirmed goal removes it for good
    _post(client, org, sdgs=["17"])
    assert org.sdgs.get(goal__number=7).dismissed
