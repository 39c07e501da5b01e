"""The whole flow in the browser's shoes (test client): advice → plan → contract →
deliveries → accept/reject → balance; exports; isolation between municipalities and
suppliers."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from zicht.core.models import AuditEntry

from ..models import Contract, Delivery, ProcurementPlan
from ..ocds import validate_package
from .helpers import CASE, officer, plan_and_contract, social_enterprise, supplier

pytestmark = pytest.mark.django_db


def test_main_nav_shows_procurement(client):
    html = client.get("/").content.decode()
    assert reverse("procurement:index") in html


def test_full_flow(client):
    staff = officer()
    sup, sup_user = supplier()
    se = social_enterprise()

    # 1. advice
    client.force_login(staff)
    r = client.get(reverse("procurement:index"), CASE)
    assert r.status_code == 200
    html = r.content.decode()
    assert "12.500,00" in html  # 5% of € 250,000
    assert "2026-01-01" in html  # valid-from of the EU threshold
    assert "eu_threshold_eur" in html and "Bouwblokkenmethode Utrecht" in html

    # 2. save as plan
    r = client.post(reverse("procurement:plan_create"), {**CASE, "title": "Groenonderhoud"})
    plan = ProcurementPlan.objects.get()
    assert r.status_code == 302 and r.url == plan.get_absolute_url()
    assert plan.advice["sroi"]["obligation_eur"] == 12500
    assert plan.municipality.code == "GM0344" and plan.cpv == ["90910000-9"]
    assert client.get(plan.get_absolute_url()).status_code == 200

    # 3. contract with a supplier from the register
    r = client.post(
        reverse("procurement:contract_create", args=[plan.pk]),
        {
            "supplier_kvk": sup.kvk,
            "value_eur": "250000",
            "start": "2026-03-01",
            "end": "2028-02-29",
            "sroi_obligation_eur": "12500",
            "deadline": "2028-02-29",
        },
    )
    contract = Contract.objects.get()
    assert r.status_code == 302 and contract.supplier == sup

    # 4. the supplier logs three deliveries
    client.force_login(sup_user)
    url = lambda kind: reverse("procurement:delivery_create", args=[contract.pk, kind])  # noqa: E731
    r = client.post(
        url("plaatsing"),
        {
            "reference": "KAND-0012",
            "target_group": "participatiewet",
            "fte": "0.1",
            "start": "2026-03-01",
            "end": "2027-02-28",
            "contract_type": "permanent",
            "attributes": ["50+"],
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    placement = Delivery.objects.get(kind="placement")
    # 0.1 FTE x 365/365 x (40,000 + 10,000 permanent + 10,000 50+) = 6,000
    assert float(placement.value_eur) == 6000.0
    r = client.post(
        url("inkoop"),
        {
            "social_enterprise_kvk": se.kvk,
            "invoice_ref": "F-2026-001",
            "invoice_date": "2026-05-01",
            "amount_excl_vat_eur": "4000",
        },
    )
    assert r.status_code == 302
    r = client.post(url("overig"), {"on": "2026-06-01", "hours": "10", "description": "Workshop"})
    assert r.status_code == 302
    assert Delivery.objects.filter(state="submitted").count() == 3
    # the supplier cannot review
    purchase = Delivery.objects.get(kind="purchase")
    r = client.post(reverse("procurement:delivery_review", args=[purchase.pk]), {})
    assert r.status_code == 403

    # 5. staff accept two, reject one with a reason
    client.force_login(staff)
    review = lambda d, decision, reason: client.post(  # noqa: E731
        reverse("procurement:delivery_review", args=[d.pk]),
        {f"d{d.pk}-decision": decision, f"d{d.pk}-reason": reason},
    )
    assert review(placement, "accepted", "Contract seen").status_code == 302
    assert review(purchase, "accepted", "Invoice checked").status_code == 302
    other = Delivery.objects.get(kind="other_effort")
    assert review(other, "rejected", "No evidence of the hours").status_code == 302
    other.refresh_from_db()
    assert other.state == "rejected" and other.reason == "No evidence of the hours"
    assert AuditEntry.objects.filter(action="sroi_delivery_rejected").exists()

    # 6. balance
    r = client.get(contract.get_absolute_url())
    html = r.content.decode()
    assert r.status_code == 200
    assert "10.000,00" in html  # 6,000 + 4,000 accepted
    assert "2.500,00" in html  # still to deliver
    r = client.get(reverse("procurement:overview"))
    assert "Groenonderhoud" in r.content.decode()


def test_exports(client):
    staff = officer()
    sup, _ = supplier()
    plan, contract = plan_and_contract(staff, sup)
    client.force_login(staff)
    pdf = client.get(reverse("procurement:plan_export", args=[plan.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("procurement:plan_export", args=[plan.pk, "docx"]))
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        assert "word/document.xml" in z.namelist()
        assert "Groenonderhoud" in z.read("word/document.xml").decode()
    ocds = client.get(reverse("procurement:plan_export", args=[plan.pk, "ocds"]))
    package = json.loads(ocds.content)
    assert validate_package(package) == []
    assert [r["tag"] for r in package["releases"]] == [["planning"], ["award", "contract"]]
    c = json.loads(client.get(reverse("procurement:contract_ocds", args=[contract.pk])).content)
    assert validate_package(c) == []
    assert client.get(reverse("procurement:plan_export", args=[plan.pk, "xls"])).status_code == 404


def test_contract_with_new_supplier_on_the_fly(client):
    staff = officer()
    plan, _ = plan_and_contract(staff, supplier()[0])
    client.force_login(staff)
    data = {
        "supplier_kvk": "87654321",
        "value_eur": "100000",
        "start": "2026-03-01",
        "end": "2027-02-28",
        "sroi_obligation_eur": "5000",
        "deadline": "2027-02-28",
    }
    r = client.post(reverse("procurement:contract_create", args=[plan.pk]), data)
    assert r.status_code == 200 and "new_supplier_name" in r.content.decode()
    r = client.post(
        reverse("procurement:contract_create", args=[plan.pk]),
        {**data, "new_supplier_name": "Nieuw Hoveniers B.V.", "new_supplier_kind": "sme"},
    )
    assert r.status_code == 302
    contract = Contract.objects.get(supplier__kvk="87654321")
    assert contract.supplier.status == "draft" and contract.supplier.legal_name.startswith("Nieuw")


def test_contract_form_errors(client):
    staff = officer()
    plan, _ = plan_and_contract(staff, supplier()[0])
    client.force_login(staff)
    before = Contract.objects.count()
    r = client.post(
        reverse("procurement:contract_create", args=[plan.pk]),
        {
            "supplier_kvk": "12ab",
            "value_eur": "-5",
            "start": "2026-03-01",
            "end": "2026-01-01",
            "sroi_obligation_eur": "5000",
            "deadline": "2025-01-01",
        },
    )
    form = r.context["form"]
    assert set(form.errors) >= {"supplier_kvk", "value_eur", "end", "deadline"}
    assert Contract.objects.count() == before


def test_isolation_between_municipalities_and_suppliers(client):
    utrecht = officer("GM0344")
    rotterdam = officer("GM0599")
    sup_a, user_a = supplier("Leverancier A B.V.")
    sup_b, user_b = supplier("Leverancier B B.V.")
    plan_u, contract_u = plan_and_contract(utrecht, sup_a, title="Utrecht-plan")
    plan_r, contract_r = plan_and_contract(rotterdam, sup_b, title="Rotterdam-plan", code="GM0599")

    client.force_login(rotterdam)
    assert client.get(plan_u.get_absolute_url()).status_code == 404
    assert client.get(contract_u.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("procurement:plan_export", args=[plan_u.pk, "pdf"])).status_code == 404
    )
    assert client.get(reverse("procurement:contract_create", args=[plan_u.pk])).status_code == 404
    html = client.get(reverse("procurement:overview")).content.decode()
    assert "Rotterdam-plan" in html and "Utrecht-plan" not in html
    # Rotterdam staff cannot save a plan for Utrecht
    r = client.post(reverse("procurement:plan_create"), {**CASE, "title": "Sneaky"})
    assert r.status_code == 400 and not ProcurementPlan.objects.filter(title="Sneaky").exists()

    client.force_login(user_a)
    assert client.get(contract_u.get_absolute_url()).status_code == 200
    assert client.get(plan_u.get_absolute_url()).status_code == 404  # plans are internal
    assert client.get(contract_r.get_absolute_url()).status_code == 404
    r = client.post(
        reverse("procurement:delivery_create", args=[contract_r.pk, "overig"]),
        {"on": "2026-06-01", "hours": "10", "description": "x"},
    )
    assert r.status_code == 404
    assert not Delivery.objects.exists()
    html = client.get(reverse("procurement:overview")).content.decode()
    assert "Utrecht-plan" in html and "Rotterdam-plan" not in html


def test_anonymous_gets_advice_but_cannot_save(client):
    r = client.get(reverse("procurement:index"), CASE)
    assert r.status_code == 200 and "Save as plan" not in r.content.decode()
    r = client.post(reverse("procurement:plan_create"), {**CASE, "title": "x"})
    assert r.status_code == 302 and "inloggen" in r.url or "login" in r.url


def test_change_the_purchase_shows_the_form_with_the_values(client):
    r = client.get(reverse("procurement:index"), {**CASE, "edit": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and "Get advice" in html and 'value="90910000-9"' in html
