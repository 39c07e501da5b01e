"""Writes and computations of the procurement app. Pages, API and tasks call these.

The numbers come from the framework-free engines: ``advisor.advise`` for the advice,
``sroi.value_delivery`` for each delivery and ``sroi.balance`` for the balance and forecast.
Every write is audited (``zicht.core.audit.record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zicht.core import audit
from zicht.reference.models import Municipality
from zicht.registry import selectors as registry_selectors
from zicht.registry import services as registry_services
from zicht.registry.models import Organisation, OrganisationKind, Status

from .advisor import advise
from .models import BouwblokTable, Contract, Delivery, ProcurementPlan
from .sroi import (
    BouwblokkenTable,
    DeliveryRefused,
    OtherEffort,
    Placement,
    Purchase,
    TableError,
    balance,
    default_tables,
    invoice_key,
    table_for,
    value_delivery,
)

# --- rules and tables ---------------------------------------------------------------------


def engine_tables() -> list[BouwblokkenTable]:
    """The shipped bouwblokken tables plus those an administrator added (BouwblokTable)."""
    tables = list(default_tables())
    for record in BouwblokTable.objects.all():
        try:
            tables.append(record.as_engine())
        except (TableError, ValueError, TypeError, KeyError):
            continue  # validated on save; a broken record must not stop every valuation
    return tables


def advisor_overrides(on: dt.date | None = None) -> dict[str, Any]:
    """The register's dated art. 2.82 rule, so the advisor and the register agree."""
    try:
        rule = registry_services.rule_2_82(on)
    except ValidationError:
        return {}
    return {
        "min_target_group_share": {
            "value": float(rule.threshold),
            "source": rule.source,
            "valid_from": rule.valid_from,
        }
    }


def candidate_facts(min_share: float | None):
    """Public organisations that could be eligible (the advisor decides); no drafts."""
    qs = registry_selectors.public_organisations().filter(target_group_share__isnull=False)
    if min_share is not None:
        qs = qs.filter(target_group_share__gte=Decimal(str(min_share)))
    return registry_selectors.organisation_facts(qs)


def get_advice(case: dict[str, Any], extra_overrides: dict | None = None) -> dict[str, Any]:
    """Advice for a CASE.json dict; raises ``AdviceError`` for invalid input.

    The page, the API and ``zicht procurement advise`` (without --register) all call this.
    """
    from .advisor import parse_case

    parsed = parse_case(case)
    overrides = {**advisor_overrides(parsed.date), **(extra_overrides or {})}
    share = (overrides.get("min_target_group_share") or {}).get("value")
    facts = candidate_facts(share)
    advice = advise(parsed, facts, overrides=overrides, tables=engine_tables())
    kvks = {f.id: f.kvk for f in facts}
    reservation = advice["reservation_2_82"]
    for entry in [*reservation["eligible"], *reservation["to_verify"]]:
        entry["kvk"] = kvks.get(entry["id"], "")
    return advice


def target_groups(contract: Contract) -> list[tuple[str, str]]:
    """Target groups of the table in force at the contract's start (value, label)."""
    try:
        table = table_for(contract.plan.delivery_municipality, contract.start, engine_tables())
    except TableError:
        return []
    return [(key, entry.get("label_nl", key)) for key, entry in table.placements.items()]


# --- plans and contracts ------------------------------------------------------------------


@transaction.atomic
def create_plan(
    user, municipality: Municipality, title: str, case: dict, *, reserved: bool = False
) -> ProcurementPlan:
    """Save a plan with a fresh advice snapshot (never the client's copy of the advice)."""
    advice = get_advice({**case, "municipality": municipality.code})
    c = advice["case"]
    plan = ProcurementPlan.objects.create(
        municipality=municipality,
        title=title,
        date=dt.date.fromisoformat(c["date"]),
        type=c["type"],
        value_eur=Decimal(str(c["value_eur"])),
        duration_months=c["duration_months"],
        cpv=c["cpv"],
        delivery_municipality=c["delivery_municipality"],
        reserved_2_82=reserved,
        advice=advice,
        created_by=user,
    )
    audit.record(
        actor=user, action="procurement_plan_created", obj=plan, changes={"title": [None, title]}
    )
    return plan


@transaction.atomic
def create_supplier(
    user, kvk: str, name: str, kind: str, municipality: Municipality
) -> Organisation:
    """A minimal organisation created on the fly for a contract (a draft in the register)."""
    org = Organisation(
        kind=kind,
        kvk=kvk,
        legal_form="other",
        legal_name=name,
        municipality=municipality,
        status=Status.DRAFT,
        created_by=user,
    )
    return registry_services.save_organisation(org, user)


@transaction.atomic
def create_contract(user, plan: ProcurementPlan, supplier: Organisation, data: dict) -> Contract:
    contract = Contract(plan=plan, supplier=supplier, created_by=user, **data)
    contract.full_clean()
    contract.save()
    audit.record(
        actor=user,
        action="sroi_contract_created",
        obj=contract,
        organisation=supplier,
        changes={k: [None, audit._plain(v)] for k, v in data.items()},
    )
    return contract


# --- deliveries ---------------------------------------------------------------------------

REFUSAL_FIELDS = {
    "placement": {
        "privacy": "reference",
        "outside_contract_period": "start",
        "unknown_target_group": "target_group",
    },
    "purchase": {
        "outside_contract_period": "invoice_date",
        "already_counted": "invoice_ref",
        "supplier_not_qualified": "social_enterprise",
    },
    "other_effort": {"privacy": "description", "outside_contract_period": "on"},
}


def refusal_message(code: str, engine_message: str) -> str:
    messages = {
        "privacy": _(
            "This looks like personal data, which Zicht does not store (%(why)s). "
            "Use a pseudonymous code such as KAND-0012."
        ),
        "outside_contract_period": _(
            "The date lies outside the contract period, so it cannot count (%(why)s)."
        ),
        "already_counted": _("This invoice was already counted: %(why)s. An invoice counts once."),
        "unknown_target_group": _("This target group is not in the bouwblokken table (%(why)s)."),
        "supplier_not_qualified": _(
            "Purchases from this organisation do not count under the bouwblokken table (%(why)s)."
        ),
        "not_in_table": _("The bouwblokken table of this region has no value for this (%(why)s)."),
        "no_table": _("No bouwblokken table applies to this region and date (%(why)s)."),
    }
    return messages.get(code, _("This delivery cannot be counted: %(why)s.")) % {
        "why": engine_message
    }


def where_counted(d: Delivery) -> str:
    return _(
        "%(state)s delivery #%(id)s on contract “%(plan)s” of %(municipality)s (supplier %(supplier)s)"
    ) % {
        "state": d.get_state_display().lower(),
        "id": d.pk,
        "plan": d.contract.plan.title,
        "municipality": d.contract.plan.municipality.name,
        "supplier": d.contract.supplier.display_name,
    }


def counted_invoices(social_enterprise: Organisation) -> list[tuple[str, str, str]]:
    """(supplier KvK, invoice ref, where) for every purchase invoice already counted."""
    qs = (
        Delivery.objects.filter(kind=Delivery.Kind.PURCHASE, social_enterprise=social_enterprise)
        .exclude(state=Delivery.State.REJECTED)
        .select_related("contract__plan__municipality", "contract__supplier")
    )
    return [(social_enterprise.kvk, d.invoice_ref, where_counted(d)) for d in qs]


def engine_delivery(kind: str, data: dict):
    if kind == Delivery.Kind.PLACEMENT:
        return Placement(
            reference=data["reference"],
            target_group=data["target_group"],
            start=data["start"],
            end=data["end"],
            fte=float(data["fte"]) if data.get("fte") is not None else None,
            hours_per_week=(
                float(data["hours_per_week"]) if data.get("hours_per_week") is not None else None
            ),
            contract_type=data.get("contract_type") or "temporary",
            attributes=tuple(data.get("attributes") or ()),
        )
    if kind == Delivery.Kind.PURCHASE:
        se: Organisation = data["social_enterprise"]
        return Purchase(
            supplier_id=se.kvk,
            invoice_ref=data["invoice_ref"],
            invoice_date=data["invoice_date"],
            amount_excl_vat_eur=float(data["amount_excl_vat_eur"]),
            supplier_kind=se.kind,
            supplier_certifications=tuple(sorted({c.kind for c in se.certifications.all()})),
        )
    return OtherEffort(description=data["description"], on=data["on"], hours=float(data["hours"]))


def log_delivery(user, contract: Contract, kind: str, data: dict) -> Delivery:
    """Value and store one delivery. Raises ValidationError {field: message}; stores nothing then."""
    counted = (
        counted_invoices(data["social_enterprise"]) if kind == Delivery.Kind.PURCHASE else None
    )
    try:
        valuation = value_delivery(
            engine_delivery(kind, data),
            contract.engine_contract(),
            tables=engine_tables(),
            counted=counted,
        )
    except DeliveryRefused as exc:
        name = REFUSAL_FIELDS.get(kind, {}).get(exc.code)
        raise ValidationError({name or "__all__": refusal_message(exc.code, str(exc))}) from exc
    delivery = Delivery(
        contract=contract,
        kind=kind,
        created_by=user,
        value_eur=Decimal(str(valuation.value_eur)),
        valuation=valuation.as_dict(),
        **{k: v for k, v in data.items()},
    )
    if kind == Delivery.Kind.PURCHASE:
        delivery.invoice_key = invoice_key(data["social_enterprise"].kvk, data["invoice_ref"])[1]
    try:
        with transaction.atomic():
            delivery.save()
            audit.record(
                actor=user,
                action="sroi_delivery_logged",
                obj=delivery,
                organisation=contract.supplier,
                changes={"value_eur": [None, str(delivery.value_eur)], "kind": [None, kind]},
            )
    except IntegrityError as exc:  # a concurrent first use of the same invoice
        where = counted_invoices(data["social_enterprise"])
        raise ValidationError(
            {"invoice_ref": refusal_message("already_counted", where[0][2] if where else "")}
        ) from exc
    return delivery


@transaction.atomic
def review_delivery(
    reviewer, delivery: Delivery, decision: str, reason: str, evidence=None
) -> Delivery:
    if decision not in (Delivery.State.ACCEPTED, Delivery.State.REJECTED):
        raise ValidationError({"decision": _("Choose accept or reject.")})
    if delivery.state != Delivery.State.SUBMITTED:
        raise ValidationError(_("This delivery has already been reviewed."))
    before = delivery.state
    delivery.state = decision
    delivery.reason = reason
    delivery.reviewer = reviewer
    delivery.reviewed_at = timezone.now()
    if evidence:
        delivery.evidence = evidence
    delivery.save()
    audit.record(
        actor=reviewer,
        action=f"sroi_delivery_{decision}",
        obj=delivery,
        organisation=delivery.contract.supplier,
        changes={"state": [before, decision]},
        reason=reason,
    )
    return delivery


# --- balance, status, overview ------------------------------------------------------------

STATUS_LABELS = {
    "met": (gettext_noop("Met"), "success"),
    "on_track": (gettext_noop("On track"), "active"),
    "behind": (gettext_noop("Behind"), "warning"),
    "overdue": (gettext_noop("Overdue"), "error"),
    "closed": (gettext_noop("Closed"), "neutral"),
}


def contract_balance(contract: Contract, as_of: dt.date | None = None, deliveries=None) -> dict:
    """The engine's balance and forecast for a contract, plus its status."""
    as_of = as_of or timezone.localdate()
    deliveries = list(contract.deliveries.all()) if deliveries is None else deliveries
    accepted = [d.engine_valuation() for d in deliveries if d.state == Delivery.State.ACCEPTED]
    planned = [d.engine_valuation() for d in deliveries if d.state == Delivery.State.SUBMITTED]
    result = balance(contract.engine_contract(), accepted, as_of, planned)
    if result["fulfilled"]:
        status = "met"
    elif contract.status == Contract.Status.CLOSED:
        status = "closed"
    elif as_of > contract.deadline:
        status = "overdue"
    elif not result["on_track"]:
        status = "behind"
    else:
        status = "on_track"
    result["status"] = status
    result["days_to_deadline"] = (contract.deadline - as_of).days
    return result


def status_label(status: str) -> tuple[str, str]:
    label, badge = STATUS_LABELS[status]
    return _(label), badge


@dataclass
class Totals:
    label: str
    contracts: int = 0
    obligation: float = 0.0
    delivered: float = 0.0
    planned: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, b: dict) -> None:
        self.contracts += 1
        self.obligation += b["obligation_eur"]
        self.delivered += min(b["delivered_eur"], b["obligation_eur"]) if b["obligation_eur"] else 0
        self.planned += b["planned_eur"]
        self.statuses[b["status"]] = self.statuses.get(b["status"], 0) + 1

    @property
    def percent(self) -> float | None:
        return round(100 * self.delivered / self.obligation, 1) if self.obligation else None


def overview(contracts: Iterable[Contract], as_of: dt.date | None = None) -> dict:
    """Each contract with its balance and status; totals per supplier and per municipality.

    Totals count delivered value up to each contract's obligation (a surplus on one contract
    does not make up for another).
    """
    rows, per_supplier, per_municipality = [], {}, {}
    for c in contracts:
        b = contract_balance(c, as_of, list(c.deliveries.all()))
        rows.append((c, b))
        per_supplier.setdefault(c.supplier_id, Totals(c.supplier.display_name)).add(b)
        per_municipality.setdefault(c.plan.municipality_id, Totals(c.plan.municipality.name)).add(b)
    return {
        "rows": rows,
        "per_supplier": sorted(per_supplier.values(), key=lambda t: t.label),
        "per_municipality": sorted(per_municipality.values(), key=lambda t: t.label),
    }


# --- reminders ----------------------------------------------------------------------------


def supplier_emails(org: Organisation) -> list[str]:
    from zicht.accounts.models import Membership

    return sorted(
        Membership.objects.filter(organisation=org, state=Membership.State.ACTIVE)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def send_reminders(
    days_before: int = 30, as_of: dt.date | None = None, base_url: str = ""
) -> list[int]:
    """E-mail the supplier of each active contract whose SROI deadline is within
    ``days_before`` days while the accepted value is short of the obligation. One reminder
    per contract per ``days_before`` window. Returns the ids of the contracts reminded."""
    as_of = as_of or timezone.localdate()
    window_end = as_of + dt.timedelta(days=days_before)
    qs = (
        Contract.objects.filter(
            status=Contract.Status.ACTIVE, deadline__gte=as_of, deadline__lte=window_end
        )
        .select_related("plan__municipality", "supplier")
        .prefetch_related("deliveries")
    )
    sent = []
    for contract in qs:
        if (
            contract.last_reminder_on
            and contract.last_reminder_on >= contract.deadline - dt.timedelta(days=days_before)
        ):
            continue
        b = contract_balance(contract, as_of, list(contract.deliveries.all()))
        if b["fulfilled"]:
            continue
        recipients = supplier_emails(contract.supplier)
        if not recipients:
            continue
        url = base_url + reverse("procurement:contract", kwargs={"pk": contract.pk})
        subject = _("SROI deadline %(deadline)s: € %(remaining)s still to deliver") % {
            "deadline": contract.deadline.isoformat(),
            "remaining": f"{b['remaining_eur']:,.2f}",
        }
        body = _(
            "Contract “%(plan)s” with %(municipality)s has an SROI obligation of € %(obligation)s "
            "with deadline %(deadline)s. Accepted so far: € %(delivered)s; waiting for review: "
            "€ %(planned)s; still to deliver: € %(remaining)s.\n\nLog your deliveries at %(url)s"
        ) % {
            "plan": contract.plan.title,
            "municipality": contract.plan.municipality.name,
            "obligation": f"{b['obligation_eur']:,.2f}",
            "deadline": contract.deadline.isoformat(),
            "delivered": f"{b['delivered_eur']:,.2f}",
            "planned": f"{b['planned_eur']:,.2f}",
            "remaining": f"{b['remaining_eur']:,.2f}",
            "url": url,
        }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        contract.last_reminder_on = as_of
        contract.save(update_fields=["last_reminder_on"])
        audit.record(
            actor=None,
            action="sroi_reminder_sent",
            obj=contract,
            organisation=contract.supplier,
            changes={"remaining_eur": [None, b["remaining_eur"]]},
        )
        sent.append(contract.pk)
    return sent


SUPPLIER_KINDS = [
    (OrganisationKind.SME, OrganisationKind.SME.label),
    (OrganisationKind.SOCIAL_ENTERPRISE, OrganisationKind.SOCIAL_ENTERPRISE.label),
    (OrganisationKind.SOCIALE_WERKPLAATS, OrganisationKind.SOCIALE_WERKPLAATS.label),
    (OrganisationKind.OTHER, OrganisationKind.OTHER.label),
]
