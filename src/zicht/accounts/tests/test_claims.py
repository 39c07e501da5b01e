"""Claiming an existing organisation: the owner (or, without owner, municipal staff) decides."""

import pytest
from django.urls import reverse

from zicht.accounts.models import Membership
from zicht.core.models import AuditEntry
from zicht.registry.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    staff_of,
)

pytestmark = pytest.mark.django_db


def _claim(client, org):
    claimant = UserFactory()
    client.force_login(claimant)
    client.post(reverse("registry:start"), {"kvk": org.kvk, "kind": "sme"})
    return Membership.objects.get(user=claimant, organisation=org)


def test_owner_approves_a_claim(client):
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role=Membership.Role.OWNER).user
    claim = _claim(client, org)
    assert claim.state == "pending"
    # the claimant cannot edit yet
    assert client.get(reverse("registry:edit", args=[org.kvk, "basics"])).status_code == 403
    client.force_login(owner)
    assert claim.user.email in client.get(reverse("accounts:dashboard")).content.decode()
    client.post(reverse("accounts:decide-claim", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.state == "active"
    assert AuditEntry.objects.filter(organisation=org, action="claim_approved").exists()


def test_staff_decide_claims_on_ownerless_organisations_in_their_municipality(client):
    org = OrganisationFactory()  # Amsterdam, no owner
    claim = _claim(client, org)
    client.force_login(staff_of("GM0599"))
    response = client.post(
        reverse("accounts:decide-claim", args=[claim.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    client.force_login(staff_of("GM0363"))
    client.post(reverse("accounts:decide-claim", args=[claim.pk]), {"decision": "decline"})
    assert not Membership.objects.filter(pk=claim.pk).exists()


def test_a_stranger_cannot_approve(client):
    org = OrganisationFactory()
    MembershipFactory(organisation=org, role=Membership.Role.OWNER)
    claim = _claim(client, org)
    client.force_login(UserFactory())
    assert (
        client.post(
            reverse("accounts:decide-claim", args=[claim.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    claim.refresh_from_db()
    assert claim.state == "pending"
