"""Valuing SROI deliveries with the region's bouwblokken table.

Three kinds of delivery, each valued with the table in force on its date (a placement:
its first day inside the contract period) for the contract's delivery region:

* :class:`Placement`: pseudonymous reference, target group, FTE (or hours per week),
  start and end date. FTE-years = FTE x days inside the contract period / the table's
  days per FTE-year. Value = FTE-years x the target group's value, plus FTE-years x
  each bonus the table has (permanent contract, 50+, 55+, statushouder, ...).
* :class:`Purchase`: an invoice (excl. VAT) of a supplier that qualifies for one of
  the table's purchase categories; value = amount x the category's factor (the best
  one the supplier qualifies for). An invoice already counted elsewhere is refused.
* :class:`OtherEffort`: hours x the table's hourly value.

A delivery wholly outside the contract period is refused; a placement that is partly
outside counts only its days inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .privacy import PrivacyError, check_free_text, check_reference
from .tables import BouwblokkenTable, TableError, table_for

ATTRIBUTE_ALIASES = {
    "50+": "age_50_plus",
    "55+": "age_55_plus",
    "age_50_plus": "age_50_plus",
    "age_55_plus": "age_55_plus",
    "statushouder": "statushouder",
}
CONTRACT_TYPES = ("temporary", "permanent")


class DeliveryRefused(ValueError):
    """A delivery cannot be counted; ``code`` says why, ``details`` has the facts."""

    def __init__(self, code: str, message: str, **details: Any):
        super().__init__(message)
        self.code = code
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self), **self.details}


@dataclass(frozen=True, slots=True)
class Contract:
    """What the valuation needs to know about the contract with the SROI obligation."""

    id: str
    start: date
    end: date  # inclusive
    region: str  # delivery municipality GMxxxx (or a region code AMxx)
    obligation_eur: float = 0.0

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"contract {self.id}: end {self.end} before start {self.start}")
        if self.obligation_eur < 0:
            raise ValueError(f"contract {self.id}: obligation must be >= 0")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Placement:
    reference: str  # pseudonymous only
    target_group: str
    start: date
    end: date  # inclusive
    fte: float | None = None
    hours_per_week: float | None = None
    contract_type: str = "temporary"
    attributes: tuple[str, ...] = ()

    kind = "placement"


@dataclass(frozen=True, slots=True)
class Purchase:
    supplier_id: str  # KvK number or Zicht organisation id
    invoice_ref: str
    invoice_date: date
    amount_excl_vat_eur: float
    supplier_kind: str = ""
    supplier_certifications: tuple[str, ...] = ()

    kind = "purchase"


@dataclass(frozen=True, slots=True)
class OtherEffort:
    description: str
    on: date
    hours: float

    kind = "other_effort"


Delivery = Placement | Purchase | OtherEffort


@dataclass(frozen=True, slots=True)
class Valuation:
    kind: str
    value_eur: float
    date: date  # the date the table was chosen for
    parts: list[dict[str, Any]]
    table: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    key: tuple[str, str] | None = None  # (supplier, invoice) for purchases

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value_eur": self.value_eur,
            "date": self.date.isoformat(),
            "parts": self.parts,
            "table": self.table,
            "notes": self.notes,
            "key": list(self.key) if self.key else None,
        }


# --- double counting -------------------------------------------------------------------


def invoice_key(supplier_id: str, invoice_ref: str) -> tuple[str, str]:
    """Normalised (supplier, invoice) key: case, spaces and separators do not matter."""

    def norm(s: str) -> str:
        return "".join(ch for ch in str(s).casefold() if ch.isalnum())

    return norm(supplier_id), norm(invoice_ref)


def find_double_count(
    supplier_id: str,
    invoice_ref: str,
    counted: Mapping[tuple[str, str], Any] | Iterable[tuple[str, str, Any]],
) -> Any | None:
    """Where an invoice was already counted, or None.

    ``counted`` maps (supplier KvK/org id, invoice ref) to where it was counted (for
    example ``"PSO indirect contribution 2026"`` or ``{"contract": "C-12"}``), or is
    an iterable of ``(supplier, invoice_ref, where)`` triples.
    """
    key = invoice_key(supplier_id, invoice_ref)
    items = (
        counted.items() if isinstance(counted, Mapping) else (((s, r), w) for s, r, w in counted)
    )
    for (s, r), where in items:
        if invoice_key(s, r) == key:
            return where
    return None


# --- valuation --------------------------------------------------------------------------


def _table(contract: Contract, on: date, tables: Iterable[BouwblokkenTable] | None):
    try:
        return table_for(contract.region, on, tables)
    except TableError as exc:
        raise DeliveryRefused(
            "no_table", str(exc), region=contract.region, date=on.isoformat()
        ) from exc


def _in_period(contract: Contract, on: date, what: str) -> None:
    if not contract.start <= on <= contract.end:
        raise DeliveryRefused(
            "outside_contract_period",
            f"{what} dated {on.isoformat()} lies outside the contract period "
            f"{contract.start.isoformat()}..{contract.end.isoformat()}",
            contract=contract.id,
        )


def value_placement(
    p: Placement, contract: Contract, tables: Iterable[BouwblokkenTable] | None = None
) -> Valuation:
    try:
        check_reference(p.reference)
    except PrivacyError as exc:
        raise DeliveryRefused("privacy", str(exc)) from exc
    if p.end < p.start:
        raise DeliveryRefused("invalid", "placement ends before it starts")
    start, end = max(p.start, contract.start), min(p.end, contract.end)
    if end < start:
        raise DeliveryRefused(
            "outside_contract_period",
            f"placement {p.start.isoformat()}..{p.end.isoformat()} lies outside the contract "
            f"period {contract.start.isoformat()}..{contract.end.isoformat()}",
            contract=contract.id,
        )
    table = _table(contract, start, tables)
    group = table.placements.get(p.target_group)
    if group is None:
        raise DeliveryRefused(
            "unknown_target_group",
            f"target group {p.target_group!r} is not in table {table.id} "
            f"(known: {', '.join(sorted(table.placements)) or 'none'})",
            table=table.id,
        )
    if p.contract_type not in CONTRACT_TYPES:
        raise DeliveryRefused("invalid", f"contract_type must be one of {CONTRACT_TYPES}")
    notes: list[str] = []
    if (p.fte is None) == (p.hours_per_week is None):
        raise DeliveryRefused("invalid", "give either fte or hours_per_week")
    if p.fte is not None:
        fte = float(p.fte)
        basis = f"{fte:g} FTE"
    else:
        fte = float(p.hours_per_week) / table.fulltime_hours_per_week
        basis = f"{p.hours_per_week:g} h/week / {table.fulltime_hours_per_week:g} h full time"
    if fte <= 0:
        raise DeliveryRefused("invalid", "the placement needs a positive FTE or hours per week")
    if table.max_fte_per_placement is not None and fte > table.max_fte_per_placement:
        notes.append(f"FTE {fte:.3f} capped at {table.max_fte_per_placement:g} per placement")
        fte = table.max_fte_per_placement
    days = (end - start).days + 1
    if (start, end) != (p.start, p.end):
        notes.append(
            f"only {start.isoformat()}..{end.isoformat()} lies inside the contract period and counts"
        )
    fte_years = fte * days / table.days_per_fte_year
    parts = [
        {
            "what": f"placement {p.target_group}",
            "fte_years": round(fte_years, 6),
            "basis": f"{basis} x {days} days / {table.days_per_fte_year:g}",
            "rate_eur": float(group["value_per_fte_year_eur"]),
            "value_eur": round(fte_years * float(group["value_per_fte_year_eur"]), 2),
        }
    ]
    bonuses = [ATTRIBUTE_ALIASES.get(str(a).strip().lower(), str(a)) for a in p.attributes]
    if p.contract_type == "permanent":
        bonuses.append("permanent_contract")
    for bonus in dict.fromkeys(bonuses):  # unique, in order
        entry = table.bonuses.get(bonus)
        if entry is None:
            notes.append(f"bonus {bonus!r} is not in table {table.id}: not counted")
            continue
        rate = float(entry["value_per_fte_year_eur"])
        parts.append(
            {
                "what": f"bonus {bonus}",
                "fte_years": round(fte_years, 6),
                "basis": "per FTE-year of the placement",
                "rate_eur": rate,
                "value_eur": round(fte_years * rate, 2),
            }
        )
    if table.valid_to is not None and end > table.valid_to:
        notes.append(
            f"the placement runs past the end of table {table.id} ({table.valid_to.isoformat()}); "
            "it is valued with the table in force on its first counted day"
        )
    return Valuation(
        kind="placement",
        value_eur=round(sum(part["value_eur"] for part in parts), 2),
        date=start,
        parts=parts,
        table=table.provenance(),
        notes=notes,
    )


def _purchase_category(table: BouwblokkenTable, kind: str, certifications: Iterable[str]):
    certs = set(certifications)
    best = None
    for name, entry in table.purchases.items():
        for cond in entry.get("qualifies", []):
            ok = ("kind" not in cond or cond["kind"] == kind) and (
                "certification" not in cond or cond["certification"] in certs
            )
            if ok and (best is None or float(entry["factor"]) > float(best[1]["factor"])):
                best = (name, entry)
    return best


def value_purchase(
    p: Purchase,
    contract: Contract,
    tables: Iterable[BouwblokkenTable] | None = None,
    counted: Mapping[tuple[str, str], Any] | Iterable[tuple[str, str, Any]] | None = None,
) -> Valuation:
    if not str(p.supplier_id).strip() or not str(p.invoice_ref).strip():
        raise DeliveryRefused(
            "invalid", "a purchase needs the supplier id and the invoice reference"
        )
    if not p.amount_excl_vat_eur > 0:
        raise DeliveryRefused("invalid", "the invoice amount excl. VAT must be positive")
    _in_period(contract, p.invoice_date, "invoice")
    if counted is not None:
        where = find_double_count(p.supplier_id, p.invoice_ref, counted)
        if where is not None:
            raise DeliveryRefused(
                "already_counted",
                f"invoice {p.invoice_ref} of {p.supplier_id} was already counted: {where}",
                where=where,
            )
    table = _table(contract, p.invoice_date, tables)
    best = _purchase_category(table, p.supplier_kind, p.supplier_certifications)
    if best is None:
        raise DeliveryRefused(
            "supplier_not_qualified",
            f"supplier {p.supplier_id} (kind {p.supplier_kind or 'unknown'}, certifications "
            f"{', '.join(p.supplier_certifications) or 'none'}) qualifies for no purchase "
            f"category of table {table.id}",
            table=table.id,
        )
    name, entry = best
    factor = float(entry["factor"])
    value = round(p.amount_excl_vat_eur * factor, 2)
    return Valuation(
        kind="purchase",
        value_eur=value,
        date=p.invoice_date,
        parts=[
            {
                "what": f"purchase {name}",
                "amount_excl_vat_eur": p.amount_excl_vat_eur,
                "factor": factor,
                "value_eur": value,
            }
        ],
        table=table.provenance(),
        key=invoice_key(p.supplier_id, p.invoice_ref),
    )


def value_other_effort(
    e: OtherEffort, contract: Contract, tables: Iterable[BouwblokkenTable] | None = None
) -> Valuation:
    try:
        check_free_text(e.description)
    except PrivacyError as exc:
        raise DeliveryRefused("privacy", str(exc)) from exc
    if not e.hours > 0:
        raise DeliveryRefused("invalid", "hours must be positive")
    _in_period(contract, e.on, "effort")
    table = _table(contract, e.on, tables)
    if not table.other_efforts:
        raise DeliveryRefused(
            "not_in_table", f"table {table.id} has no value for other efforts", table=table.id
        )
    rate = float(table.other_efforts["hourly_value_eur"])
    value = round(e.hours * rate, 2)
    return Valuation(
        kind="other_effort",
        value_eur=value,
        date=e.on,
        parts=[{"what": "other effort", "hours": e.hours, "rate_eur": rate, "value_eur": value}],
        table=table.provenance(),
    )


def value_delivery(
    delivery: Delivery,
    contract: Contract,
    *,
    tables: Iterable[BouwblokkenTable] | None = None,
    counted: Mapping[tuple[str, str], Any] | Iterable[tuple[str, str, Any]] | None = None,
) -> Valuation:
    """Value one delivery; raise :class:`DeliveryRefused` when it cannot count."""
    if isinstance(delivery, Placement):
        return value_placement(delivery, contract, tables)
    if isinstance(delivery, Purchase):
        return value_purchase(delivery, contract, tables, counted)
    if isinstance(delivery, OtherEffort):
        return value_other_effort(delivery, contract, tables)
    raise TypeError(f"not a delivery: {delivery!r}")


__all__ = [
    "Contract",
    "Delivery",
    "DeliveryRefused",
    "OtherEffort",
    "Placement",
    "Purchase",
    "Valuation",
    "find_double_count",
    "invoice_key",
    "value_delivery",
]
