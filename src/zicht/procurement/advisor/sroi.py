"""The SROI clause for a planned procurement and ways to fulfil it (bouwblokken)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from zicht.procurement.sroi.tables import BouwblokkenTable, TableError, table_for

from .rules import Rule, RuleError


def _eur(x: float) -> str:
    """Dutch euro notation without cents: 40000 -> '€ 40.000'."""
    return "€ " + f"{x:,.0f}".replace(",", ".")


def _num(x: float, decimals: int = 2) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def clause_terms(rule: Rule, procurement_type: str) -> Mapping[str, Any] | None:
    by_type = rule.data.get("by_type") or {}
    terms = by_type.get(procurement_type)
    if terms is None:
        return None
    pct = terms.get("percentage")
    if not isinstance(pct, int | float) or not 0 < pct <= 100:
        raise RuleError(
            f"SROI rule {rule.id}: percentage for {procurement_type} must be in (0, 100]"
        )
    if not isinstance(terms.get("min_value_eur"), int | float) or terms["min_value_eur"] < 0:
        raise RuleError(f"SROI rule {rule.id}: min_value_eur for {procurement_type} must be >= 0")
    return terms


def ways_to_fulfil(obligation_eur: float, table: BouwblokkenTable) -> list[dict[str, Any]]:
    """How much of each kind of delivery covers the obligation on its own."""
    ways: list[dict[str, Any]] = []
    basis = {
        "table_id": table.id,
        "valid_from": table.valid_from.isoformat(),
        "source": table.source,
    }
    for group, entry in table.placements.items():
        value = float(entry["value_per_fte_year_eur"])
        fte_years = obligation_eur / value
        ways.append(
            {
                "kind": "placement",
                "target_group": group,
                "value_per_fte_year_eur": value,
                "fte_years": round(fte_years, 4),
                "text_nl": (
                    f"1 FTE-jaar plaatsing {entry.get('label_nl', group)} = {_eur(value)} "
                    f"→ {_num(fte_years)} FTE-jaar dekt de verplichting"
                ),
                **basis,
            }
        )
    for bonus, entry in table.bonuses.items():
        ways.append(
            {
                "kind": "bonus",
                "attribute": bonus,
                "value_per_fte_year_eur": float(entry["value_per_fte_year_eur"]),
                "text_nl": (
                    f"Extra {_eur(float(entry['value_per_fte_year_eur']))} per FTE-jaar voor "
                    f"{entry.get('label_nl', bonus)} (bovenop de plaatsing)"
                ),
                **basis,
            }
        )
    for category, entry in table.purchases.items():
        factor = float(entry["factor"])
        amount = obligation_eur / factor
        ways.append(
            {
                "kind": "purchase",
                "category": category,
                "factor": factor,
                "amount_excl_vat_eur": round(amount, 2),
                "text_nl": (
                    f"{entry.get('label_nl', category)} telt voor {factor:.0%} "
                    f"→ {_eur(amount)} excl. btw aan facturen dekt de verplichting"
                ),
                **basis,
            }
        )
    if table.other_efforts:
        hourly = float(table.other_efforts["hourly_value_eur"])
        hours = obligation_eur / hourly
        ways.append(
            {
                "kind": "other_effort",
                "hourly_value_eur": hourly,
                "hours": round(hours, 2),
                "text_nl": (
                    f"{table.other_efforts.get('label_nl', 'Overige inzet')}: "
                    f"{_eur(hourly)} per uur "
                    f"→ {_num(hours, 0)} uur dekt de verplichting"
                ),
                **basis,
            }
        )
    return ways


def sroi_clause(
    rule: Rule,
    procurement_type: str,
    value_eur: float,
    duration_months: int,
    on: date,
    delivery_municipality: str,
    tables: Iterable[BouwblokkenTable] | None = None,
) -> dict[str, Any]:
    terms = clause_terms(rule, procurement_type)
    result: dict[str, Any] = {
        "applies": False,
        "percentage": None,
        "min_value_eur": None,
        "obligation_eur": 0.0,
        "rule_source": rule.source,
        "rule": rule.provenance(),
        "reason": "",
        "ways": [],
        "bouwblokken_table": None,
        "notes": [],
    }
    if terms is None:
        result["reason"] = f"The SROI rule has no clause for {procurement_type}."
        return result
    result["percentage"] = float(terms["percentage"])
    result["min_value_eur"] = float(terms["min_value_eur"])
    min_months = terms.get("min_duration_months")
    if value_eur < terms["min_value_eur"]:
        result["reason"] = (
            f"Value {value_eur:.2f} is below the rule's minimum of {terms['min_value_eur']:.2f}."
        )
        return result
    if min_months is not None and duration_months < min_months:
        result["reason"] = (
            f"Duration {duration_months} months is below the minimum of {min_months}."
        )
        return result
    obligation = round(value_eur * terms["percentage"] / 100, 2)
    result.update(
        applies=True,
        obligation_eur=obligation,
        reason=(
            f"{terms['percentage']:g}% of the contract value excl. VAT from "
            f"{terms['min_value_eur']:.0f} EUR"
        ),
    )
    try:
        table = table_for(delivery_municipality, on, tables)
    except TableError as exc:
        result["notes"].append(
            f"{exc}. Add the region's bouwblokken table as data to show ways to fulfil it."
        )
        return result
    result["bouwblokken_table"] = table.provenance()
    result["ways"] = ways_to_fulfil(obligation, table)
    result["notes"].append(
        "Deliveries are valued with the table in force on the delivery date; "
        "these ways use the table in force on the publication date."
    )
    return result
