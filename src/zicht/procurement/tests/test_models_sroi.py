"""Models and services: the invoice constraint, administrator tables, balance status,
reminders, the 2.82 rule from the register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from zicht.registry.models import EligibilityRule

from .. import services
from ..models import BouwblokTable, Delivery
from .helpers import END, START, log, officer, plan_and_contract, social_enterprise, supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    sup, user = supplier()
    _, c = plan_and_contract(officer(), sup)
    c.supplier_user = user
    return c


def test_db_constraint_counts_an_invoice_once(contract):
    se = social_enterprise()
    d = log(
        contract.supplier_user,
        contract,
        "purchase",
        social_enterprise=se,
        invoice_ref="F-1",
        invoice_date=START,
        amount_excl_vat_eur=Decimal("100"),
    )
    twin = Delivery(
        contract=contract,
        kind="purchase",
        social_enterprise=se,
        invoice_ref="f1",
        invoice_key=d.invoice_key,
        value_eur=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # Once rejected, the invoice may be counted elsewhere.
    d.state = "rejected"
    d.save()
    twin.save()


def test_administrator_table_is_used_from_its_valid_from(contract):
    body = {
        "conventions": {"fulltime_hours_per_week": 36, "days_per_fte_year": 365},
        "placements": {"participatiewet": {"value_per_fte_year_eur": 80000}},
        "other_efforts": {"hourly_value_eur": 200},
    }
    table = BouwblokTable(
        name="Utrecht 2027",
        region="GM0344",
        valid_from=dt.date(2027, 1, 1),
        source="Test",
        values=body,
    )
    table.full_clean()
    table.save()
    user = contract.supplier_user
    before = log(user, contract, "other_effort", on=dt.date(2026, 12, 31), hours=1, description="x")
    after = log(user, contract, "other_effort", on=dt.date(2027, 1, 2), hours=1, description="x")
    assert float(before.value_eur) == 100 and float(after.value_eur) == 200
    assert after.valuation["table"]["table_name"] == "Utrecht 2027"


def test_administrator_table_is_validated():
    table = BouwblokTable(
        name="Broken",
        region="AM13",
        valid_from=dt.date(2027, 1, 1),
        source="Test",
        values={"placements": {}},
    )
    with pytest.raises(ValidationError) as exc:
        table.full_clean()
    assert "values" in exc.value.message_dict


def test_status_met_behind_overdue(contract):
    b = services.contract_balance(contract, as_of=dt.date(2027, 3, 1))
    assert b["status"] == "behind" and b["delivered_eur"] == 0
    assert services.contract_balance(contract, as_of=START - dt.timedelta(days=1))["status"] == (
        "on_track"
    )
    assert services.contract_balance(contract, as_of=END + dt.timedelta(days=1))["status"] == (
        "overdue"
    )
    d = log(
        contract.supplier_user,
        contract,
        "placement",
        reference="KAND-1",
        target_group="doelgroepregister",
        fte=Decimal("1"),
        start=START,
        end=dt.date(2027, 2, 28),
        contract_type="temporary",
        attributes=[],
    )
    services.review_delivery(officer(), d, "accepted", "ok")
    b = services.contract_balance(contract, as_of=dt.date(2027, 3, 1))
    assert b["status"] == "met" and b["delivered_eur"] == 50000.0
    with pytest.raises(ValidationError):
        services.review_delivery(officer(), d, "rejected", "twice")


def test_reminders_before_the_deadline(contract):
    as_of = END - dt.timedelta(days=20)
    assert services.send_reminders(10, as_of) == []  # deadline not within 10 days
    call_command("sroi_reminders", "--days", "30", "--as-of", as_of.isoformat())
    assert len(mail.outbox) == 1
    assert contract.supplier_user.email in mail.outbox[0].to
    assert "12,500.00" in mail.outbox[0].body
    assert services.send_reminders(30, as_of) == []  # once per window
    contract.refresh_from_db()
    assert contract.last_reminder_on == as_of


def test_reminder_task_enqueues(contract):
    from ..tasks import send_sroi_reminders

    result = send_sroi_reminders.enqueue(30, (END - dt.timedelta(days=5)).isoformat())
    assert result.return_value == [contract.pk]


def test_advice_uses_the_registers_2_82_rule():
    from zicht.registry.services import RULE_KEY_2_82

    assert EligibilityRule.objects.filter(key=RULE_KEY_2_82).update(threshold=Decimal("0.4"))
    advice = services.get_advice(
        {
            "municipality": "GM0344",
            "date": "2026-03-01",
            "type": "services",
            "value_eur": 250000,
            "duration_months": 24,
            "cpv": ["90910000-9"],
        }
    )
    rule = next(
        r for r in advice["reservation_2_82"]["rules"] if r["key"] == "min_target_group_share"
    )
    assert rule["status"] == "override"
    assert advice["reservation_2_82"]["min_target_group_share"] == pytest.approx(0.4)
