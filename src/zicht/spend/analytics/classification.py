"""What the reports know about suppliers: an input table, not a database query.

One row per supplier key (see ``zicht.spend.ingest.supplier_key``)::

    {"supplier_key": "100234", "register_id": "org-17", "kind": "social_enterprise",
     "tier": "verified", "eligible_2_82": true, "published": true}

``kind`` is one of ``zicht.registry.facts.KINDS`` (social_enterprise, sociale_werkplaats,
sme, ...); ``tier`` one of self_declared / verified / certified. The Django app builds
this from accepted supplier links; the command line reads it from CSV or JSON.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

SCHEMA = pa.schema(
    [
        ("supplier_key", pa.string()),
        ("register_id", pa.string()),
        ("kind", pa.string()),
        ("tier", pa.string()),
        ("eligible_2_82", pa.bool_()),
        ("published", pa.bool_()),
    ]
)
TRUE = {"1", "true", "yes", "ja", "y", "t", "waar"}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in TRUE


@dataclass
class Classification:
    rows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(
        cls, data: Classification | pa.Table | Iterable[Mapping[str, Any]] | None
    ) -> Classification:
        if data is None:
            return cls()
        if isinstance(data, Classification):
            return data
        if isinstance(data, pa.Table):
            return cls(data.to_pylist())
        return cls([dict(r) for r in data])

    def to_arrow(self, published_only: bool = False) -> pa.Table:
        rows: dict[str, Mapping[str, Any]] = {}
        for row in self.rows:  # the first (published, if only those count) row of a key
            key = str(row.get("supplier_key") or row.get("key") or "").strip()
            if not key or key in rows:
                continue
            if published_only and not _bool(row.get("published", True)):
                continue
            rows[key] = row
        values = rows.values()
        cols: dict[str, list[Any]] = {  # column by column: no per-row appends
            "supplier_key": list(rows),
            "register_id": [str(r.get("register_id") or "") or None for r in values],
            "kind": [str(r.get("kind") or "other") for r in values],
            "tier": [str(r.get("tier") or "") or None for r in values],
            "eligible_2_82": [_bool(r.get("eligible_2_82")) for r in values],
            "published": [_bool(r.get("published", True)) for r in values],
        }
        return pa.table(cols, schema=SCHEMA)


def load_classification(path: str | Path) -> Classification:
    """Read a classification from JSON (a list of objects, or JSON lines) or CSV."""
    path = Path(path)
    text = path.read_text("utf-8-sig")
    if path.suffix.lower() in (".json", ".jsonl"):
        stripped = text.strip()
        if stripped.startswith("["):
            return Classification(json.loads(stripped))
        return Classification([json.loads(line) for line in stripped.splitlines() if line.strip()])
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return Classification(list(csv.DictReader(text.splitlines(), dialect=dialect)))
