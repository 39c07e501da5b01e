"""Demo data for procurement: Utrecht's catering plan, a contract with Bakkerij De Vries and
three SROI deliveries (accepted, submitted, rejected). Call after the register demo is
loaded: ``load_procurement_demo(as_of)``. Idempotent; does nothing without the demo users."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import Membership, User
from zicht.reference.models import Municipality

from . import services
from .models import ProcurementPlan

TITLE = "Catering stadskantoor Utrecht"
OFFICER = "inkoper@utrecht.example"
REVIEWER = "beleid@utrecht.example"
SUPPLIER_USER = "mkb@bakkerij.example"  # owner of Bakkerij De Vries (SME, Utrecht)
SOCIAL_ENTERPRISE_USER = "ondernemer@groenwerkt.example"  # owner of Groen Werkt


def _organisation_of(email: str):
    m = Membership.objects.filter(user__email=email).select_related("organisation").first()
    return m.organisation if m else None


def _in_threshold_periods(day: dt.date) -> dt.date:
    """The advisor knows EU thresholds for 2024-2027: keep the demo inside them."""
    return min(max(day, dt.date(2024, 2, 1)), dt.date(2027, 6, 30))


@transaction.atomic
def load_procurement_demo(as_of: dt.date | None = None, stdout=None) -> dict:
    out = stdout or sys.stdout
    if ProcurementPlan.objects.filter(title=TITLE, municipality__code="GM0344").exists():
        out.write("Procurement demo is already loaded: nothing to do.\n")
        return {"loaded": False}
    officer = User.objects.filter(email=OFFICER).first()
    reviewer = User.objects.filter(email=REVIEWER).first() or officer
    supplier_user = User.objects.filter(email=SUPPLIER_USER).first()
    supplier = _organisation_of(SUPPLIER_USER)
    social_enterprise = _organisation_of(SOCIAL_ENTERPRISE_USER)
    if not (officer and supplier_user and supplier and social_enterprise):
        out.write("Procurement demo skipped: load the register demo (zicht demo) first.\n")
        return {"loaded": False}

    as_of = as_of or timezone.localdate()
    published = _in_threshold_periods(as_of - dt.timedelta(days=240))
    plan = services.create_plan(
        officer,
        Municipality.objects.get(code="GM0344"),
        TITLE,
        {
            "date": published.isoformat(),
            "type": "services",
            "value_eur": 180000,
            "duration_months": 24,
            "cpv": ["55520000-1"],
        },
    )
    start = published + dt.timedelta(days=45)
    end = start.replace(year=start.year + 2) - dt.timedelta(days=1)
    contract = services.create_contract(
        officer,
        plan,
        supplier,
        {
            "value_eur": Decimal("176500"),
            "start": start,
            "end": end,
            "sroi_obligation_eur": Decimal(str(plan.sroi_obligation_eur or 8825)),
            "deadline": end,
        },
    )
    placement = services.log_delivery(
        supplier_user,
        contract,
        "placement",
        {
            "reference": "KAND-0001",
            "target_group": "participatiewet",
            "fte": Decimal("0.25"),
            "start": start,
            "end": start + dt.timedelta(days=181),
            "contract_type": "temporary",
            "attributes": ["50+"],
        },
    )
    services.review_delivery(
        reviewer, placement, "accepted", "Arbeidsovereenkomst en loonstroken gezien."
    )
    services.log_delivery(
        supplier_user,
        contract,
        "purchase",
        {
            "social_enterprise": social_enterprise,
            "invoice_ref": "GW-2026-014",
            "invoice_date": start + dt.timedelta(days=60),
            "amount_excl_vat_eur": Decimal("3500"),
        },
    )
    other = services.log_delivery(
        supplier_user,
        contract,
        "other_effort",
        {
            "on": start + dt.timedelta(days=90),
            "hours": Decimal("12"),
            "description": "Gastlessen bakken op de praktijkschool",
        },
    )
    services.review_delivery(
        reviewer, other, "rejected", "Geen presentielijst of bevestiging van de school bijgevoegd."
    )
    out.write(f"Procurement demo: plan {plan.pk}, contract {contract.pk}, 3 deliveries.\n")
    return {"loaded": True, "plan": plan.pk, "contract": contract.pk, "deliveries": 3}
