"""Every bad input of the issue: a clear field error and nothing stored."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..models import Delivery, ProcurementPlan
from .helpers import CASE, officer, plan_and_contract, social_enterprise, supplier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change, field",
    [
        ({"value_eur": "-5"}, "value_eur"),
        ({"value_eur": "99999999999"}, "value_eur"),
        ({"date": "2019-06-01"}, "date"),  # outside every threshold period
        ({"cpv": "12345678-9"}, "cpv"),
        ({"cpv": "90910000-8"}, "cpv"),  # wrong check digit
        ({"duration_months": "0"}, "duration_months"),
        ({"delivery_municipality": "GM9999"}, "delivery_municipality"),
    ],
)
def test_advice_and_plan_refuse_bad_input(client, change, field):
    client.force_login(officer())
    r = client.get(reverse("procurement:index"), {**CASE, **change})
    assert r.status_code == 200
    assert field in r.context["form"].errors, r.context["form"].errors
    assert 'aria-invalid="true"' in r.content.decode()
    r = client.post(reverse("procurement:plan_create"), {**CASE, **change, "title": "Plan"})
    assert r.status_code == 400 and field in r.context["form"].errors
    assert not ProcurementPlan.objects.exists()


@pytest.fixture
def setup(client):
    staff = officer()
    sup, sup_user = supplier()
    _, contract = plan_and_contract(staff, sup)
    client.force_login(sup_user)
    return contract


PLACEMENT = {
    "reference": "KAND-0012",
    "target_group": "participatiewet",
    "fte": "0.5",
    "start": "2026-04-01",
    "end": "2026-09-30",
    "contract_type": "temporary",
}


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"reference": "Jan Jansen"}, "reference", "personal data"),
        ({"reference": "123456782"}, "reference", "BSN"),  # passes the eleven-test
        ({"reference": "KAND-1990-05-17"}, "reference", "date"),
        ({"fte": "-1"}, "fte", ""),
        ({"fte": "5"}, "fte", ""),
        ({"fte": "", "hours_per_week": "0"}, "hours_per_week", ""),
        ({"fte": "", "hours_per_week": "200"}, "hours_per_week", ""),
        ({"fte": ""}, "fte", "FTE"),
        ({"start": "2030-01-01", "end": "2030-06-01"}, "start", "outside the contract period"),
        ({"end": "2026-01-01"}, "end", ""),
        ({"target_group": "alien"}, "target_group", ""),
    ],
)
def test_placement_bad_input(client, setup, change, field, words):
    url = reverse("procurement:delivery_create", args=[setup.pk, "plaatsing"])
    r = client.post(url, {**PLACEMENT, **change})
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Delivery.objects.exists()


def test_purchase_bad_input_and_invoice_counted_twice(client, setup):
    se = social_enterprise()
    url = reverse("procurement:delivery_create", args=[setup.pk, "inkoop"])
    ok = {
        "social_enterprise_kvk": se.kvk,
        "invoice_ref": "F-2026-001",
        "invoice_date": "2026-05-01",
        "amount_excl_vat_eur": "4000",
    }
    for change, field in [
        ({"amount_excl_vat_eur": "-10"}, "amount_excl_vat_eur"),
        ({"amount_excl_vat_eur": "0"}, "amount_excl_vat_eur"),
        ({"amount_excl_vat_eur": "50000000"}, "amount_excl_vat_eur"),
        ({"invoice_date": "2031-01-01"}, "invoice_date"),
        ({"social_enterprise_kvk": "99999998"}, "social_enterprise_kvk"),
        ({"invoice_ref": "--"}, "invoice_ref"),
    ]:
        r = client.post(url, {**ok, **change})
        assert r.status_code == 400 and field in r.context["form"].errors, (change, r.context)
    assert not Delivery.objects.exists()

    assert client.post(url, ok).status_code == 302
    # The same invoice again, written differently: refused, with where it was counted.
    r = client.post(url, {**ok, "invoice_ref": "f 2026 001"})
    assert r.status_code == 400
    message = " ".join(r.context["form"].errors["invoice_ref"])
    assert "already counted" in message and "Groenonderhoud parken" in message
    assert "Utrecht" in message
    assert Delivery.objects.count() == 1


def test_invoice_counted_once_across_contracts(client, setup):
    """A second contract (another supplier) cannot count the same invoice either."""
    se = social_enterprise()
    staff = officer()
    sup2, sup2_user = supplier("Tweede Leverancier B.V.")
    _, contract2 = plan_and_contract(staff, sup2, title="Schoonmaak stadhuis")
    data = {
        "social_enterprise_kvk": se.kvk,
        "invoice_ref": "INV-77",
        "invoice_date": "2026-05-01",
        "amount_excl_vat_eur": "1000",
    }
    assert (
        client.post(
            reverse("procurement:delivery_create", args=[setup.pk, "inkoop"]), data
        ).status_code
        == 302
    )
    client.force_login(sup2_user)
    r = client.post(reverse("procurement:delivery_create", args=[contract2.pk, "inkoop"]), data)
    assert r.status_code == 400
    assert "Groenonderhoud parken" in " ".join(r.context["form"].errors["invoice_ref"])


def test_purchase_from_an_sme_does_not_count(client, setup):
    sme = supplier("Gewoon Bedrijf B.V.")[0]
    r = client.post(
        reverse("procurement:delivery_create", args=[setup.pk, "inkoop"]),
        {
            "social_enterprise_kvk": sme.kvk,
            "invoice_ref": "A1",
            "invoice_date": "2026-05-01",
            "amount_excl_vat_eur": "100",
        },
    )
    assert (
        r.status_code == 400
        and "social_enterprise_kvk" in r.context["form"].errors
        or (r.context["form"].non_field_errors())
    )
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "-3"}, "hours"),
        ({"hours": "99999"}, "hours"),
        ({"on": "2025-01-01"}, "on"),
        ({"description": ""}, "description"),
        ({"description": "Coaching van 123456782"}, "description"),
    ],
)
def test_other_effort_bad_input(client, setup, change, field):
    url = reverse("procurement:delivery_create", args=[setup.pk, "overig"])
    r = client.post(url, {"on": "2026-06-01", "hours": "10", "description": "Workshop", **change})
    assert r.status_code == 400 and field in r.context["form"].errors, r.context["form"].errors
    assert not Delivery.objects.exists()


def test_review_needs_a_reason(client, setup):
    d = Delivery.objects.none()
    from .helpers import log

    d = log(
        setup.supplier.memberships.first().user,
        setup,
        "other_effort",
        on=setup.start,
        hours=5,
        description="Gastles",
    )
    client.force_login(officer())
    r = client.post(
        reverse("procurement:delivery_review", args=[d.pk]), {f"d{d.pk}-decision": "accepted"}
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == "submitted"
