"""The browser-free flow: upload → mapping → validate → import → link → review → report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zicht.registry.tests.factories import staff_of

from ..ingest import suggest_mapping
from ..models import LinkDecision, LinkStatus, SpendImport, Supplier, SupplierLink
from .helpers import register, spend_file, upload_file

pytestmark = pytest.mark.django_db
State = SpendImport.State


def upload(client, path, source="Key2Financiën", code="GM0344"):
    response = client.post(
        reverse("spend:upload"),
        {"municipality": code, "source_system": source, "file": upload_file(path)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return SpendImport.objects.latest("pk")


def map_and_validate(client, capture, imp, mapping=None):
    if mapping is None:
        headers = client.get(reverse("spend:mapping", args=[imp.pk])).context["form"].headers
        mapping = suggest_mapping(headers)
    with capture(execute=True):
        response = client.post(
            reverse("spend:mapping", args=[imp.pk]), {**mapping, "action": "save"}
        )
    assert response.status_code == 302
    imp.refresh_from_db()
    return imp


def do_import(client, capture, imp, **data):
    with capture(execute=True):
        response = client.post(
            reverse("spend:validate", args=[imp.pk]), {"action": "import", **data}
        )
    imp.refresh_from_db()
    return response


def test_full_flow(client, tmp_path, django_capture_on_commit_callbacks):
    orgs = register()
    client.force_login(staff_of("GM0344"))
    path = spend_file(tmp_path)
    imp = upload(client, path)
    page = client.get(reverse("spend:mapping", args=[imp.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The first rows as they will be read" in html
    assert "Groen Werkt BV" in html or "Stichting Werkbedrijf" in html or "2024-" in html
    imp = map_and_validate(client, django_capture_on_commit_callbacks, imp)
    assert imp.state == State.VALIDATED, imp.message
    assert imp.rows_total == 120
    page = client.get(reverse("spend:validate", args=[imp.pk]))
    assert page.status_code == 200
    do_import(client, django_capture_on_commit_callbacks, imp)
    assert imp.state == State.IMPORTED, imp.message
    assert imp.rows_imported == 120
    assert Supplier.objects.filter(municipality__code="GM0344").count() == 7
    links = {lk.supplier.kvk: lk for lk in SupplierLink.objects.select_related("supplier")}
    assert links["70000001"].organisation == orgs["se"]
    assert links["70000001"].status == LinkStatus.ACCEPTED
    status = client.get(reverse("spend:import-status", args=[imp.pk]))
    assert "Imported 120 lines" in status.content.decode()
    report = client.get(reverse("spend:report", args=["GM0344"]))
    assert report.status_code == 200
    assert "Spend at social enterprises" in report.content.decode()


def imported(client, capture, path, **data):
    imp = map_and_validate(client, capture, upload(client, path))
    if imp.state == State.VALIDATED:
        do_import(client, capture, imp, **data)
    return imp


def test_review_queue_confirm_reject_and_other(
    client, tmp_path, django_capture_on_commit_callbacks
):
    orgs = register()
    client.force_login(staff_of("GM0344"))
    imported(client, django_capture_on_commit_callbacks, spend_file(tmp_path))
    link = SupplierLink.objects.get(supplier__key="900007")
    assert (link.status, link.organisation) == (LinkStatus.REVIEW, orgs["sw"])
    page = client.get(reverse("spend:review", args=["GM0344"]))
    html = page.content.decode()
    assert "Werkbedrijf Utrecht" in html and "Why this proposal?" in html
    # a KvK that is not in the register: a clear error, nothing decided
    bad = client.post(
        reverse("spend:review", args=["GM0344"]),
        {"link": link.pk, f"l{link.pk}-action": "other", f"l{link.pk}-kvk": "12345678"},
    )
    assert "No organisation in the register has this KvK number" in bad.content.decode()
    assert not LinkDecision.objects.exists()
    client.post(
        reverse("spend:review", args=["GM0344"]), {"link": link.pk, f"l{link.pk}-action": "confirm"}
    )
    link.refresh_from_db()
    assert (link.status, link.method, link.organisation) == ("accepted", "decision", orgs["sw"])
    decision = LinkDecision.objects.get(supplier_key="900007")
    assert decision.organisation == orgs["sw"]
    from zicht.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="spend.link_confirm").exists()
    assert (
        "Nothing to review."
        in client.get(reverse("spend:review", args=["GM0344"])).content.decode()
    )
