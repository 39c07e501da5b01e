"""Imports: idempotent re-upload, overlapping periods, broken files, decisions reused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zicht.registry.tests.factories import staff_of

from ..models import LinkDecision, LinkStatus, SpendImport, Supplier, SupplierLink
from ..reports import store
from ..services import decide
from .helpers import register, spend_file, upload_file
from .test_pages_flow import do_import, imported, map_and_validate, upload

pytestmark = pytest.mark.django_db
State = SpendImport.State


@pytest.fixture
def staff(client):
    user = staff_of("GM0344")
    client.force_login(user)
    return user


def lines_in_store(code="GM0344") -> int:
    return sum(r.rows for r in store().imports(code))


def test_reupload_adds_nothing(client, staff, tmp_path, django_capture_on_commit_callbacks):
    register()
    path = spend_file(tmp_path)
    first = imported(client, django_capture_on_commit_callbacks, path)
    assert first.state == State.IMPORTED
    again = imported(client, django_capture_on_commit_callbacks, path)
    assert again.state == State.DUPLICATE
    assert lines_in_store() == 120 and len(store().imports("GM0344")) == 1
    page = client.get(reverse("spend:import-status", args=[again.pk])).content.decode()
    assert "This file was imported before; nothing changed." in page


def test_overlap_replace(client, staff, tmp_path, django_capture_on_commit_callbacks):
    register()
    capture = django_capture_on_commit_callbacks
    imported(client, capture, spend_file(tmp_path, "h1.csv"))  # Jan-Jun 2024
    later = spend_file(tmp_path, "q2q3.csv", lines=60, seed=2,
                       start=dt.date(2024, 4, 1), end=dt.date(2024, 9, 30))  # fmt: skip
    imp = map_and_validate(client, capture, upload(client, later))
    assert imp.state == State.VALIDATED and imp.overlaps
    page = client.get(reverse("spend:validate", args=[imp.pk])).content.decode()
    assert "Overlapping period" in page and "h1.csv" in page
    # no choice made: the form asks again, nothing changes
    response = do_import(client, capture, imp)
    assert response.status_code == 200 and imp.state == State.VALIDATED
    assert lines_in_store() == 120
    do_import(client, capture, imp, overlap="replace")
    assert imp.state == State.IMPORTED
    records = store().imports("GM0344")
    kept = next(r for r in records if r.file == "h1.csv")
    assert kept.period_to < "2024-04-01"
    assert lines_in_store() == kept.rows + 60


def test_overlap_cancel(client, staff, tmp_path, django_capture_on_commit_callbacks):
    register()
    capture = django_capture_on_commit_callbacks
    imported(client, capture, spend_file(tmp_path, "h1.csv"))
    imp = map_and_validate(client, capture, upload(client, spend_file(tmp_path, "b.csv", seed=3)))
    response = client.post(
        reverse("spend:validate", args=[imp.pk]), {"action": "import", "overlap": "cancel"}
    )
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.state == State.CANCELLED
    assert lines_in_store() == 120 and len(store().imports("GM0344")) == 1
    assert not list((store().dir("GM0344") / ".staging").iterdir())


def test_bad_files_give_clear_messages_and_keep_data(
    client, staff, tmp_path, django_capture_on_commit_callbacks
):
    register()
    capture = django_capture_on_commit_callbacks
    imported(client, capture, spend_file(tmp_path))
    before = store().imports("GM0344")
    # not a CSV/XLSX at all
    pdf = tmp_path / "facturen.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    response = client.post(
        reverse("spend:upload"),
        {"municipality": "GM0344", "source_system": "X", "file": upload_file(pdf)},
    )
    assert "is not a CSV or XLSX file" in response.content.decode()
    # a renamed binary
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip at all")
    response = client.post(
        reverse("spend:upload"),
        {"municipality": "GM0344", "source_system": "X", "file": upload_file(fake)},
    )
    assert "is not a real XLSX file" in response.content.decode()
    # no amount column: the mapping says so, nothing stored
    broken = tmp_path / "broken.csv"
    broken.write_text("Naam crediteur;Factuurdatum\nBakker;01-02-2024\n", encoding="utf-8")
    imp = upload(client, broken)
    response = client.post(
        reverse("spend:mapping", args=[imp.pk]),
        {"supplier_name": "Naam crediteur", "invoice_date": "Factuurdatum", "action": "save"},
    )
    assert response.status_code == 200
    assert "no column for" in response.content.decode()
    # rows with bad amounts: the report names row and column; accepting imports the rest
    bad = spend_file(
        tmp_path,
        "bad.csv",
        lines=30,
        seed=5,
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 3, 31),
        bad_rows=2,
    )
    imp = map_and_validate(client, capture, upload(client, bad))
    assert imp.state == State.VALIDATED and imp.rows_rejected == 2
    page = client.get(reverse("spend:validate", args=[imp.pk])).content.decode()
    assert "Bedrag excl. BTW" in page and ">2<" in page and "twaalf" in page
    assert store().imports("GM0344") == before
    response = do_import(client, capture, imp)  # not accepted explicitly
    assert response.status_code == 200 and imp.state == State.VALIDATED
    do_import(client, capture, imp, accept_valid="on")
    assert imp.state == State.IMPORTED and imp.rows_imported == 28
    assert lines_in_store() == 148


def test_decisions_are_reused_by_a_later_import(
    client, staff, tmp_path, django_capture_on_commit_callbacks
):
    orgs = register()
    capture = django_capture_on_commit_callbacks
    imported(client, capture, spend_file(tmp_path))
    decide(SupplierLink.objects.get(supplier__key="900007"), staff, "reject")
    decide(SupplierLink.objects.get(supplier__key="900001"), staff, "other", orgs["sw"])
    later = spend_file(
        tmp_path, "2025.csv", seed=7, start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31)
    )
    imp = imported(client, capture, later)
    assert imp.state == State.IMPORTED
    assert LinkDecision.objects.count() == 2
    rejected = SupplierLink.objects.get(supplier__key="900007")
    assert (rejected.status, rejected.method, rejected.organisation) == (
        LinkStatus.REJECTED,
        "decision",
        None,
    )
    other = SupplierLink.objects.get(supplier__key="900001")
    assert (other.status, other.method, other.organisation) == (
        LinkStatus.ACCEPTED,
        "decision",
        orgs["sw"],
    )
    assert Supplier.objects.get(key="900001").lines > 120 // 7  # totals cover both imports
