"""Members edit only their own organisation; staff see only their own municipality's
non-public data. Checked through the pages (the API has its own tests)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from zicht.registry.models import Evidence, Organisation

from .factories import OrganisationFactory, member_of, municipality, staff_of

pytestmark = pytest.mark.django_db


def test_member_of_a_cannot_change_b(client):
    a, b = OrganisationFactory(), OrganisationFactory(legal_name="Anders B.V.")
    client.force_login(member_of(a))
    url = reverse("registry:edit", kwargs={"kvk": b.kvk, "step": "basics"})
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": "sme", "legal_form": "bv", "legal_name": "Gekaapt"})
    assert response.status_code == 403
    b.refresh_from_db()
    assert b.legal_name == "Anders B.V."
    # ...while their own organisation is editable
    own = reverse("registry:edit", kwargs={"kvk": a.kvk, "step": "basics"})
    assert client.get(own).status_code == 200


def test_anonymous_cannot_edit(client):
    org = OrganisationFactory()
    url = reverse("registry:edit", kwargs={"kvk": org.kvk, "step": "basics"})
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def _submitted_with_evidence(code):
    org = OrganisationFactory(submitted=True, municipality=municipality(code), city="X")
    evidence = Evidence.objects.create(
        organisation=org, description="Loonstrookoverzicht", content_type="application/pdf", size=8
    )
    evidence.file.save("e.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return org, evidence


def test_staff_of_amsterdam_cannot_read_rotterdam_private_data(client):
    rotterdam_org, rotterdam_evidence = _submitted_with_evidence("GM0599")
    amsterdam_org, amsterdam_evidence = _submitted_with_evidence("GM0363")
    client.force_login(staff_of("GM0363"))

    queue = client.get(reverse("registry:queue")).content.decode()
    assert amsterdam_org.display_name in queue
    assert rotterdam_org.display_name not in queue

    assert client.get(reverse("registry:review", args=[rotterdam_org.kvk])).status_code == 404
    evidence_url = reverse("registry:evidence", args=[rotterdam_org.kvk, rotterdam_evidence.pk])
    assert client.get(evidence_url).status_code == 404
    page = client.get(rotterdam_org.get_absolute_url()).content.decode()
    assert "Loonstrookoverzicht" not in page

    # their own municipality's evidence is readable
    own = reverse("registry:evidence", args=[amsterdam_org.kvk, amsterdam_evidence.pk])
    response = client.get(own)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_staff_cannot_decide_on_another_municipality(client):
    org, _evidence = _submitted_with_evidence("GM0599")
    client.force_login(staff_of("GM0363"))
    response = client.post(
        reverse("registry:review", args=[org.kvk]), {"decision": "verify", "reason": "ok"}
    )
    assert response.status_code == 404
    org.refresh_from_db()
    assert org.status == "submitted" and org.tier == "self_declared"


def test_drafts_are_not_public(client):
    draft = OrganisationFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member_of(draft))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_queue_is_for_municipal_staff_only(client):
    client.force_login(member_of(OrganisationFactory()))
    assert client.get(reverse("registry:queue")).status_code == 403
    assert Organisation.objects.count() == 1
