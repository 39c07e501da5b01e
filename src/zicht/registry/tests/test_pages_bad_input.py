"""Bad input gets a clear, field-level error and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from zicht.core.models import AuditEntry
from zicht.registry.models import Certification, Evidence, Organisation, WorkforceFigure

from .factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _errors(response) -> dict:
    form = response.context["form"]
    return {k: " ".join(v) for k, v in form.errors.items()}


@pytest.fixture
def member(client):
    org = OrganisationFactory(legal_name="Stichting Goed Werk", kind="social_enterprise")
    client.force_login(member_of(org))
    return org


@pytest.mark.parametrize(
    ("kvk", "message"),
    [("1234567", "8 digits"), ("1234567A", "8 digits"), ("123456789", "8 digits")],
)
def test_kvk_of_wrong_length_or_with_letters(client, member, kvk, message):
    before = Organisation.objects.count()
    response = client.post(
        reverse("registry:start"),
        {"kvk": kvk, "kind": "sme", "legal_name": "X", "municipality": "GM0344"},
    )
    assert response.status_code == 200
    assert message in _errors(response)["kvk"]
    assert Organisation.objects.count() == before


def test_existing_kvk_becomes_a_claim_not_a_duplicate(client, member):
    other = OrganisationFactory()
    response = client.post(reverse("registry:start"), {"kvk": other.kvk, "kind": "sme"})
    assert response.status_code == 302
    assert Organisation.objects.filter(kvk=other.kvk).count() == 1
    membership = other.memberships.get()
    assert membership.state == "pending"


def test_invalid_postcode(client, member):
    url = reverse("registry:edit", args=[member.kvk, "address"])
    response = client.post(
        url,
        {
            "street": "Kerkstraat",
            "house_number": "1",
            "postcode": "0123 AB",
            "city": "Utrecht",
            "municipality": "GM0344",
        },
    )
    assert "Dutch postcode" in _errors(response)["postcode"]
    member.refresh_from_db()
    assert member.postcode == ""


def test_postcode_is_normalised(client, member):
    url = reverse("registry:edit", args=[member.kvk, "address"])
    response = client.post(
        url,
        {
            "street": "Kerkstraat",
            "house_number": "12a",
            "postcode": "3511ab",
            "city": "Utrecht",
            "municipality": "GM0344",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.postcode == "3511 AB" and member.municipality.code == "GM0344"


def _workforce(client, org, **fields):
    data = {"total_fte": "10", "revenue_share_trade": "80", **fields}
    return client.post(reverse("registry:edit", args=[org.kvk, "workforce"]), data)


def test_target_group_fte_larger_than_total(client, member):
    response = _workforce(client, member, fte_wsw="6", fte_wajong="5")
    assert "11" in _errors(response)["total_fte"] and "10" in _errors(response)["total_fte"]
    assert not WorkforceFigure.objects.filter(profile__organisation=member).exists()


def test_negative_numbers(client, member):
    response = _workforce(client, member, total_fte="-1", fte_wsw="-2")
    errors = _errors(response)
    assert "total_fte" in errors and "fte_wsw" in errors
    assert not WorkforceFigure.objects.filter(profile__organisation=member).exists()


def test_valid_workforce_derives_share_and_is_audited(client, member):
    response = _workforce(client, member, fte_wsw="2", fte_wajong="1.5", fte_none="6.5")
    assert response.status_code == 302
    member.refresh_from_db()
    assert float(member.target_group_share) == pytest.approx(0.35)
    assert member.eligible_2_82
    entry = AuditEntry.objects.filter(organisation=member, action="workforce_changed").get()
    assert "workforce" in entry.changes


def _activities(client, org, **fields):
    data = {"description_nl": "", "description_en": "", "cpv": "", **fields}
    return client.post(reverse("registry:edit", args=[org.kvk, "activities"]), data)


def test_html_in_description_is_refused(client, member):
    response = _activities(client, member, description_nl="Wij <script>alert(1)</script> werken")
    assert "HTML" in _errors(response)["description_nl"]
    member.refresh_from_db()
    assert member.description_nl == ""


def test_over_long_description_is_refused(client, member):
    response = _activities(client, member, description_en="x" * 5001)
    assert "5000" in _errors(response)["description_en"].replace(".", "").replace(",", "")


def test_unknown_cpv_code_is_named(client, member):
    response = _activities(client, member, cpv="90910000-9, 99999999")
    assert "99999999" in _errors(response)["cpv"]
    assert not member.cpv_codes.exists()


def test_text_is_rendered_escaped(client, member):
    member.description_nl = "Wij maken 5 > 3 & meer"
    member.save()
    page = client.get(member.get_absolute_url()).content.decode()
    assert "5 &gt; 3 &amp; meer" in page


@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_evidence_too_large(client, member):
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    response = client.post(
        reverse("registry:edit", args=[member.kvk, "certifications"]),
        {"kind": "code_so", "evidence_file": upload, "evidence_description": "Inschrijving"},
    )
    assert "limit" in _errors(response)["evidence_file"]
    assert not Evidence.objects.exists() and not Certification.objects.exists()


def test_evidence_of_a_type_not_allowed(client, member):
    upload = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("registry:edit", args=[member.kvk, "certifications"]),
        {"kind": "code_so", "evidence_file": upload, "evidence_description": "Inschrijving"},
    )
    assert "PDF, PNG or JPEG" in _errors(response)["evidence_file"]
    assert not Evidence.objects.exists()


def test_pso_needs_level_and_expiry(client, member):
    response = client.post(
        reverse("registry:edit", args=[member.kvk, "certifications"]), {"kind": "pso"}
    )
    errors = _errors(response)
    assert "pso_level" in errors and "valid_until" in errors
