"""Loading dated rules from the JSON/CSV files in ``zicht/procurement/rules``.

Every rule record carries ``valid_from``, ``valid_to`` (inclusive, or empty/null for
open-ended), ``region``, ``source``, ``source_url``, ``licence`` and ``status``. Code
never holds the figures themselves: a new threshold period, a municipality's own bands
or a new SROI percentage is a new record in a file (or an override passed in by the
Django app), not a code change.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from zicht.reference import data as ref

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

SOURCE_FIELDS = ("valid_from", "valid_to", "region", "source", "source_url", "licence")


class RuleError(ValueError):
    """A rules file is malformed or no rule applies."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One dated, sourced rule record; ``data`` holds the rest of the record."""

    id: str
    region: str
    valid_from: date
    valid_to: date | None
    source: str
    source_url: str
    licence: str
    status: str
    note: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def provenance(self) -> dict[str, Any]:
        """The fields a UI shows next to a figure computed from this rule."""
        return {
            "rule_id": self.id,
            "region": self.region,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "source_url": self.source_url,
            "licence": self.licence,
            "status": self.status,
        }


def parse_date(value: Any, what: str = "date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise RuleError(f"{what} is not an ISO date (YYYY-MM-DD): {value!r}") from None


def rule_from_record(record: Mapping[str, Any], default_id: str = "") -> Rule:
    missing = [f for f in SOURCE_FIELDS if f not in record]
    if missing:
        raise RuleError(f"rule {record.get('id', default_id)!r} lacks {', '.join(missing)}")
    if not str(record.get("source", "")).strip():
        raise RuleError(f"rule {record.get('id', default_id)!r} has an empty source")
    valid_to = record.get("valid_to")
    rule = Rule(
        id=str(record.get("id") or default_id),
        region=str(record["region"]),
        valid_from=parse_date(record["valid_from"], "valid_from"),
        valid_to=parse_date(valid_to, "valid_to") if valid_to not in (None, "") else None,
        source=str(record["source"]),
        source_url=str(record["source_url"]),
        licence=str(record["licence"]),
        status=str(record.get("status", "")),
        note=str(record.get("note", "")),
        data={k: v for k, v in record.items() if k not in SOURCE_FIELDS},
    )
    if rule.valid_to is not None and rule.valid_to < rule.valid_from:
        raise RuleError(f"rule {rule.id!r} ends before it starts")
    return rule


def load_json_rules(path: Path) -> list[Rule]:
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    records = doc["rules"] if isinstance(doc, dict) and "rules" in doc else [doc]
    return [rule_from_record(r, f"{path.stem}-{i}") for i, r in enumerate(records)]


def load_csv_rules(path: Path) -> list[Rule]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [rule_from_record(r, f"{path.stem}-{i + 2}") for i, r in enumerate(rows)]


def region_keys(municipality_code: str) -> list[str]:
    """Region keys of a municipality, most specific first (default last).

    GMxxxx, then its labour-market region code (AMxx) and name, then its province
    name, then "NL" and "default". Used to pick the most specific rule.
    """
    muni = ref.municipalities().get(municipality_code)
    if muni is None:
        return ["NL", "default"]
    keys = [muni.code]
    for lmr in ref.labour_market_regions().values():
        if lmr.name == muni.labour_market_region:
            keys.append(lmr.code)
    keys += [muni.labour_market_region, muni.province, "NL", "default"]
    return keys


def pick(rules: Iterable[Rule], on: date, municipality_code: str | None = None) -> Rule | None:
    """The rule in force on ``on`` for the most specific region of the municipality.

    Among rules for the same region the one with the latest ``valid_from`` wins.
    """
    keys = region_keys(municipality_code) if municipality_code else ["NL", "default", "EU"]
    ranked = []
    for rule in rules:
        if not rule.in_force(on):
            continue
        regions = rule.region.split("|")
        ranks = [keys.index(r) for r in regions if r in keys]
        if rule.region == "EU":
            ranks.append(len(keys))
        if ranks:
            ranked.append((min(ranks), -rule.valid_from.toordinal(), rule.id, rule))
    if not ranked:
        return None
    ranked.sort(key=lambda t: t[:3])
    return ranked[0][3]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All advisor rules, loaded from a directory (the shipped one by default)."""

    thresholds: tuple[Rule, ...]
    procedure_bands: tuple[Rule, ...]
    sroi_clauses: tuple[Rule, ...]
    reservation: tuple[Rule, ...]
    limits: tuple[Rule, ...]

    @classmethod
    def from_dir(cls, directory: Path | str = RULES_DIR) -> RuleSet:
        d = Path(directory)
        return cls(
            thresholds=tuple(load_csv_rules(d / "eu_thresholds.csv")),
            procedure_bands=tuple(load_json_rules(d / "procedure_bands.json")),
            sroi_clauses=tuple(load_json_rules(d / "sroi_clause_rules.json")),
            reservation=tuple(load_json_rules(d / "reservation_rules.json")),
            limits=tuple(load_json_rules(d / "advisor_limits.json")),
        )

    def reservation_rule(self, key: str, on: date, municipality_code: str | None) -> Rule:
        rule = pick(
            (r for r in self.reservation if r.data.get("key") == key), on, municipality_code
        )
        if rule is None:
            raise RuleError(f"no reservation rule {key!r} in force on {on.isoformat()}")
        return rule


@cache
def default_rules() -> RuleSet:
    return RuleSet.from_dir(RULES_DIR)
