"""Bouwblokken (building-block) tables: the effort value of each kind of SROI delivery.

One JSON file per regional table in ``zicht/procurement/rules/bouwblokken/``. A table
applies to the regions in its ``region`` list (AMxx labour-market region codes, GMxxxx
municipality codes or province names) from ``valid_from`` to ``valid_to`` (inclusive).
A region's new table is a new file with a later ``valid_from``; the old one stays for
deliveries dated before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from zicht.reference import data as ref

TABLES_DIR = Path(__file__).resolve().parent.parent / "rules" / "bouwblokken"
REQUIRED = ("id", "region", "valid_from", "valid_to", "source", "source_url", "licence")


class TableError(ValueError):
    """A bouwblokken table is malformed, or none applies."""


@dataclass(frozen=True, slots=True)
class BouwblokkenTable:
    id: str
    name: str
    regions: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    source: str
    source_url: str
    licence: str
    status: str
    note: str
    fulltime_hours_per_week: float
    days_per_fte_year: float
    max_fte_per_placement: float | None
    placements: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    bonuses: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    purchases: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    other_efforts: Mapping[str, Any] | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def provenance(self) -> dict[str, Any]:
        return {
            "table_id": self.id,
            "table_name": self.name,
            "regions": list(self.regions),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "source_url": self.source_url,
            "licence": self.licence,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> BouwblokkenTable:
        missing = [k for k in REQUIRED if k not in doc]
        if missing:
            raise TableError(f"table {doc.get('id')!r} lacks {', '.join(missing)}")
        regions = doc["region"]
        regions = (regions,) if isinstance(regions, str) else tuple(regions)
        conv = doc.get("conventions") or {}
        try:
            table = cls(
                id=str(doc["id"]),
                name=str(doc.get("name", doc["id"])),
                regions=regions,
                valid_from=date.fromisoformat(doc["valid_from"]),
                valid_to=date.fromisoformat(doc["valid_to"]) if doc.get("valid_to") else None,
                source=str(doc["source"]),
                source_url=str(doc["source_url"]),
                licence=str(doc["licence"]),
                status=str(doc.get("status", "")),
                note=str(doc.get("note", "")),
                fulltime_hours_per_week=float(conv["fulltime_hours_per_week"]),
                days_per_fte_year=float(conv["days_per_fte_year"]),
                max_fte_per_placement=(
                    float(conv["max_fte_per_placement"])
                    if conv.get("max_fte_per_placement") is not None
                    else None
                ),
                placements=dict(doc.get("placements") or {}),
                bonuses=dict(doc.get("bonuses") or {}),
                purchases=dict(doc.get("purchases") or {}),
                other_efforts=doc.get("other_efforts") or None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise TableError(f"table {doc.get('id')!r} is malformed: {exc}") from exc
        for name, entry in table.placements.items():
            if float(entry["value_per_fte_year_eur"]) <= 0:
                raise TableError(f"table {table.id}: placement {name} needs a positive value")
        for name, entry in table.purchases.items():
            if not 0 < float(entry["factor"]) <= 1:
                raise TableError(f"table {table.id}: purchase factor {name} must be in (0, 1]")
        return table


def load_tables(directory: Path | str = TABLES_DIR) -> list[BouwblokkenTable]:
    tables = []
    for path in sorted(Path(directory).glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            tables.append(BouwblokkenTable.from_dict(json.load(fh)))
    return tables


@cache
def default_tables() -> tuple[BouwblokkenTable, ...]:
    return tuple(load_tables(TABLES_DIR))


def _region_keys(region: str) -> list[str]:
    """Keys for where a delivery happens: a GM code expands to its AM region and province."""
    muni = ref.municipalities().get(region)
    if muni is None:
        return [region]
    keys = [muni.code]
    keys += [
        r.code for r in ref.labour_market_regions().values() if r.name == muni.labour_market_region
    ]
    keys += [muni.labour_market_region, muni.province]
    return keys


def table_for(
    region: str, on: date, tables: Iterable[BouwblokkenTable] | None = None
) -> BouwblokkenTable:
    """The table in force on ``on`` for a municipality (GMxxxx) or region code (AMxx).

    The most specific match wins (municipality before labour-market region before
    province); among tables for the same key, the latest ``valid_from``.
    """
    keys = _region_keys(region)
    candidates = []
    for table in default_tables() if tables is None else tables:
        if not table.in_force(on):
            continue
        ranks = [keys.index(r) for r in table.regions if r in keys]
        if ranks:
            candidates.append((min(ranks), -table.valid_from.toordinal(), table.id, table))
    if not candidates:
        raise TableError(f"no bouwblokken table for {region} in force on {on.isoformat()}")
    candidates.sort(key=lambda c: c[:3])
    return candidates[0][3]
