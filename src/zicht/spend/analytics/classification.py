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
        seen: set[str] = set()
        cols: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
        for row in self.rows:
            key = str(row.get("supplier_key") or row.get("key") or "").strip()
            if not key or key in seen:
                continue
            published = _bool(row.get("published", True))
            if published_only and not published:
                continue
            seen.add(key)
            cols["supplier_key"].append(key)
            cols["register_id"].append(str(row.get("register_id") or "") or None)
            cols["kind"].append(str(row.get("kind") or "other"))
            cols["tier"].append(str(row.get("tier") or "") or None)
            cols["eligible_2_82"].append(_bool(row.get("eligible_2_82")))
            cols["published"].append(published)
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
