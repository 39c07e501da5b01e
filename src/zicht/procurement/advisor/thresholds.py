"""EU procurement thresholds by date, authority and procurement type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .rules import Rule, RuleError

# Procurement types the advisor understands (the four).
TYPES = ("works", "supplies", "services", "social_services")
# A municipality is a sub-central contracting authority (Directive 2014/24/EU art. 2(1)(3)).
MUNICIPALITY_AUTHORITY = "sub_central"


class NoThresholdPeriod(RuleError):
    """The date lies outside every threshold period in the rules data."""


@dataclass(frozen=True, slots=True)
class ThresholdResult:
    value_eur: int
    above: bool  # True when value >= threshold ("equal to or greater than", art. 4 Dir. 2014/24)
    rule: Rule

    def as_dict(self) -> dict[str, Any]:
        return {
            "value_eur": self.value_eur,
            "above": self.above,
            "valid_from": self.rule.valid_from.isoformat(),
            "valid_to": self.rule.valid_to.isoformat() if self.rule.valid_to else None,
            "source": self.rule.source,
            "source_url": self.rule.source_url,
            "status": self.rule.status,
            "note": self.rule.note,
            "comparison": "estimated value excl. VAT >= threshold means European procedure",
        }


def threshold_rule(
    rules: Iterable[Rule], on: date, procurement_type: str, authority: str = MUNICIPALITY_AUTHORITY
) -> Rule:
    if procurement_type not in TYPES:
        raise RuleError(f"unknown procurement type {procurement_type!r}; use one of {TYPES}")
    matches = [
        r
        for r in rules
        if r.in_force(on)
        and r.data.get("contract_type") == procurement_type
        and r.data.get("authority") == authority
    ]
    if not matches:
        raise NoThresholdPeriod(
            f"no EU threshold for {procurement_type} ({authority}) on {on.isoformat()}: "
            "the date lies outside every threshold period in the rules data"
        )
    if len(matches) > 1:
        raise RuleError(
            f"overlapping threshold rules for {procurement_type} on {on.isoformat()}: "
            + ", ".join(r.id for r in matches)
        )
    return matches[0]


def covered_periods(rules: Iterable[Rule]) -> list[tuple[date, date | None]]:
    return sorted({(r.valid_from, r.valid_to) for r in rules})


def eu_threshold(
    rules: Iterable[Rule],
    on: date,
    procurement_type: str,
    value_eur: float,
    authority: str = MUNICIPALITY_AUTHORITY,
) -> ThresholdResult:
    rule = threshold_rule(rules, on, procurement_type, authority)
    threshold = int(rule.data["value_eur"])
    return ThresholdResult(value_eur=threshold, above=value_eur >= threshold, rule=rule)
