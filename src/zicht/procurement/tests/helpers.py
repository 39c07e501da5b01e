"""Shared set-up for the procurement page, model and API tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zicht.accounts.models import Membership
from zicht.registry.tests.factories import OrganisationFactory, member_of, municipality, staff_of

from .. import services
from ..models import Contract, Delivery

CASE = {
    "municipality": "GM0344",
    "date": "2026-03-01",
    "type": "services",
    "value_eur": "250000",
    "duration_months": "24",
    "cpv": "90910000-9",
}
START, END = dt.date(2026, 3, 1), dt.date(2028, 2, 29)


def officer(code: str = "GM0344"):
    user = staff_of(code)
    Membership.objects.filter(user=user).update(role=Membership.Role.PROCUREMENT_OFFICER)
    return user


def supplier(name: str = "Groenbedrijf Utrecht B.V.", **kwargs):
    org = OrganisationFactory(
        sme=True, legal_name=name, municipality=municipality("GM0344"), **kwargs
    )
    return org, member_of(org)


def social_enterprise(name: str = "Werkplaats Sociaal B.V."):
    return OrganisationFactory(
        kind="social_enterprise", legal_name=name, municipality=municipality("GM0344")
    )


def plan_and_contract(user, supplier_org, *, title="Groenonderhoud parken", code="GM0344"):
    case = {**CASE, "municipality": code, "value_eur": 250000, "duration_months": 24}
    case["cpv"] = [case["cpv"]]
    plan = services.create_plan(user, municipality(code), title, case)
    contract = services.create_contract(
        user,
        plan,
        supplier_org,
        {
            "value_eur": Decimal("250000"),
            "start": START,
            "end": END,
            "sroi_obligation_eur": Decimal("12500"),
            "deadline": END,
        },
    )
    return plan, contract


def log(user, contract: Contract, kind: str, **data) -> Delivery:
    return services.log_delivery(user, contract, kind, data)
