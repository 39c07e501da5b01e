"""Loading the tiny demo data set into the database."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage

from zicht.accounts.models import Membership, User
from zicht.accounts.roles import Roles
from zicht.demo.generator import DEMO_PASSWORD
from zicht.demo.loader import DemoConflict, load_demo
from zicht.registry import services
from zicht.registry.models import Evidence, Organisation, Status, VerificationDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    out = io.StringIO()
    counts = load_demo("tiny", 2026, stdout=out)
    return counts, out.getvalue()


def test_tiny_loads_and_is_idempotent(loaded):
    counts, _ = loaded
    assert counts["loaded"] is True
    assert counts["municipality organisations"] == 24
    assert counts["social enterprises"] + counts["sociale werkplaatsen"] == 60
    assert counts["SMEs"] == 60
    out = io.StringIO()
    again = load_demo("tiny", 2026, stdout=out)
    assert again["loaded"] is False and "already loaded" in out.getvalue()
    assert Organisation.objects.count() == 144
    with pytest.raises(DemoConflict, match="another scale"):
        load_demo("default", 2026, stdout=io.StringIO())


def test_refuses_a_register_with_other_data():
    User.objects.create_user(email="someone@example.org", username="someone", password="x" * 12)
    with pytest.raises(DemoConflict, match="not demo data"):
        load_demo("tiny", stdout=io.StringIO())


def test_demo_users_and_roles(loaded):
    admin = User.objects.get(email="admin@zicht.example")
    assert admin.is_superuser and admin.is_staff and admin.check_password(DEMO_PASSWORD)
    expected = {
        "inkoper@utrecht.example": ("GM0344", "procurement_officer"),
        "beleid@utrecht.example": ("GM0344", "policy_officer"),
        "medewerker@amsterdam.example": ("GM0363", "staff"),
        "medewerker@rotterdam.example": ("GM0599", "staff"),
    }
    for email, (code, role) in expected.items():
        m = Membership.objects.select_related("organisation__municipality").get(user__email=email)
        assert m.role == role and m.state == Membership.State.ACTIVE
        assert m.organisation.kind == "municipality" and m.organisation.municipality.code == code
    owner = Membership.objects.get(user__email="ondernemer@groenwerkt.example")
    assert owner.role == "owner" and owner.organisation.legal_name == "Stichting Groen Werkt"
    assert owner.organisation.municipality.code == "GM0344" and owner.organisation.eligible_2_82
    sme = Membership.objects.get(user__email="mkb@bakkerij.example")
    assert sme.role == "owner" and sme.organisation.kind == "sme"
    assert all(u.email_confirmed for u in User.objects.all())


def test_utrecht_has_a_verification_queue_its_reviewer_may_review(loaded):
    queue = Organisation.objects.filter(municipality__code="GM0344", status=Status.SUBMITTED)
    assert queue.count() >= 4
    reviewer = User.objects.get(email="beleid@utrecht.example")
    assert all(Roles(reviewer).can_review(org) for org in queue)
    assert not Roles(User.objects.get(email="medewerker@amsterdam.example")).can_review(queue[0])
    evidence = Evidence.objects.filter(organisation__in=queue)
    assert all(evidence.filter(organisation=org).exists() for org in queue)
    first = evidence.first()
    assert default_storage.exists(first.file.name) and first.size > 100
    assert VerificationDecision.objects.filter(reviewer=reviewer).exists()


def test_derived_fields_match_the_register_services(loaded):
    orgs = (
        Organisation.objects.filter(kind__in=["social_enterprise", "sociale_werkplaats"])
        .select_related("se_profile")
        .prefetch_related("se_profile__workforce")
    )
    assert orgs.count() == 60
    for org in orgs:
        share, eligible, text = org.target_group_share, org.eligible_2_82, org.search_text
        services.derive(org)
        assert (org.target_group_share, org.eligible_2_82, org.search_text) == (
            share,
            eligible,
            text,
        )
        org.full_clean(exclude=["search_text"])
    assert Organisation.objects.filter(eligible_2_82=True).exists()
    assert Organisation.objects.filter(eligible_2_82=False, kind="social_enterprise").exists()
    for org in Organisation.objects.filter(kind="sme")[:10]:
        org.full_clean(exclude=["search_text"])
        assert org.target_group_share is None and not org.eligible_2_82
