"""From sign-up to a verified profile, through the real pages, with the audit trail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from zicht.core.models import AuditEntry
from zicht.registry.models import Organisation, VerificationDecision

from .factories import staff_of

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord-2026"


def test_entrepreneur_to_verified_profile(client):
    # sign up; the confirmation mail carries the link
    response = client.post(
        reverse("accounts:signup"),
        {
            "first_name": "Fatima",
            "last_name": "B",
            "email": "fatima@groen.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200 and len(mail.outbox) == 1
    link = re.search(r"/account/bevestigen/\S+", mail.outbox[0].body).group(0)

    # cannot log in before confirming
    login = {"username": "fatima@groen.example", "password": PASSWORD}
    response = client.post(reverse("accounts:login"), login)
    assert (
        "Confirm your e-mail" in response.content.decode()
        or "Bevestig" in response.content.decode()
    )
    client.get(link)
    assert client.post(reverse("accounts:login"), login).status_code == 302

    # create the organisation and fill the steps
    response = client.post(
        reverse("registry:start"),
        {
            "kvk": "12345678",
            "kind": "social_enterprise",
            "legal_name": "Groen Werkt",
            "municipality": "GM0344",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(kvk="12345678")
    steps = {
        "basics": {
            "kind": "social_enterprise",
            "legal_form": "stichting",
            "legal_name": "Stichting Groen Werkt",
            "trade_names": "Groen Werkt\nGroenwerkt Utrecht",
            "website": "https://groenwerkt.example",
        },
        "address": {
            "street": "Oudegracht",
            "house_number": "1",
            "postcode": "3511 AA",
            "city": "Utrecht",
            "municipality": "GM0344",
            "serves_nationally": "",
        },
        "activities": {
            "description_nl": "Groenonderhoud met mensen met een afstand tot de arbeidsmarkt.",
            "description_en": "",
            "cpv": "77310000-6",
            "sdgs": ["8", "15"],
        },
        "workforce": {
            "total_fte": "20",
            "fte_participatiewet": "5",
            "fte_wsw": "3",
            "fte_none": "12",
            "revenue_share_trade": "85",
            "impact_work_integration": "on",
        },
    }
    for step, data in steps.items():
        response = client.post(reverse("registry:edit", args=[org.kvk, step]), data)
        assert response.status_code == 302, (
            step,
            response.context and response.context["form"].errors,
        )
    client.post(reverse("registry:edit", args=[org.kvk, "submit"]))
    org.refresh_from_db()
    assert org.status == "submitted"
    assert org.eligible_2_82 and float(org.target_group_share) == 0.4
    assert sorted(s.goal.number for s in org.sdgs.all()) == [8, 15]

    # public page shows the derived share and its calculation, and JSON-LD
    client.logout()
    page = client.get(org.get_absolute_url()).content.decode()
    assert (
        "40%" in page
        and "application/ld+json" in page
        and '"legalName": "Stichting Groen Werkt"' in page
    )

    # staff of Utrecht decide
    client.force_login(staff_of("GM0344"))
    assert org.display_name in client.get(reverse("registry:queue")).content.decode()
    response = client.post(
        reverse("registry:review", args=[org.kvk]),
        {"decision": "verify", "reason": "Loonadministratie gecontroleerd."},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.tier == "verified" and org.status == "accepted" and org.tier_expires
    decision = VerificationDecision.objects.get(organisation=org)
    assert decision.reason == "Loonadministratie gecontroleerd."

    actions = list(AuditEntry.objects.filter(organisation=org).values_list("action", flat=True))
    for expected in (
        "organisation_created",
        "profile_changed",
        "workforce_changed",
        "submitted_for_verification",
        "verification_verify",
    ):
        assert expected in actions
    change = AuditEntry.objects.filter(organisation=org, action="profile_changed").first()
    assert change.actor.email == "fatima@groen.example"


def test_decision_needs_a_reason(client):
    from .factories import OrganisationFactory

    org = OrganisationFactory(submitted=True)
    client.force_login(staff_of("GM0363"))
    response = client.post(
        reverse("registry:review", args=[org.kvk]), {"decision": "reject", "reason": ""}
    )
    assert response.status_code == 200
    org.refresh_from_db()
    assert org.status == "submitted"


def test_login_is_locked_after_repeated_failures(client):
    from .factories import UserFactory

    UserFactory(email="doelwit@example.org")
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": "doelwit@example.org", "password": "fout"}
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "doelwit@example.org", "password": "correct horse battery"},
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
