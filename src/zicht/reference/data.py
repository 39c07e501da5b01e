"""Reference data shipped with Zicht, read without Django.

Engines (SDG, linkage, matching, procurement rules) import this module directly;
the Django ``reference`` app loads the same files into the database. Sources and
licences: ``data/SOURCES.md`` next to this file.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str  # CBS code, e.g. "GM0344"
    name: str
    province: str
    labour_market_region: str  # region name, e.g. "Midden-Utrecht"
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class LabourMarketRegion:
    code: str  # "AM01"
    name: str
    municipality_count: int


@dataclass(frozen=True, slots=True)
class SdgGoal:
    number: int
    short_title_en: str
    title_en: str
    short_title_nl: str
    title_nl: str
    colour: str


@dataclass(frozen=True, slots=True)
class SdgTarget:
    code: str  # "8.5"
    goal: int
    text_en: str
    text_nl: str


@dataclass(frozen=True, slots=True)
class CpvCode:
    code: str  # "90910000-9" (8 digits, dash, check digit)
    label_en: str
    label_nl: str
    level: str  # division / group / class / category

    @property
    def digits(self) -> str:
        return self.code[:8]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def municipalities() -> dict[str, Municipality]:
    return {
        r["gemeentecode"]: Municipality(
            code=r["gemeentecode"],
            name=r["name"],
            province=r["province"],
            labour_market_region=r["arbeidsmarktregio"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
        )
        for r in _rows("gemeenten.csv")
    }


@cache
def labour_market_regions() -> dict[str, LabourMarketRegion]:
    return {
        r["code"]: LabourMarketRegion(r["code"], r["name"], int(r["gemeenten_count"]))
        for r in _rows("arbeidsmarktregios_2025.csv")
    }


@cache
def provinces() -> tuple[str, ...]:
    return tuple(sorted({m.province for m in municipalities().values()}))


@cache
def sdg_goals() -> dict[int, SdgGoal]:
    return {
        int(r["goal"]): SdgGoal(
            int(r["goal"]),
            r["short_title_en"],
            r["title_en"],
            r["short_title_nl"],
            r["title_nl"],
            r["colour_hex"],
        )
        for r in _rows("sdg_goals.csv")
    }


@cache
def sdg_targets() -> dict[str, SdgTarget]:
    return {
        r["target"]: SdgTarget(r["target"], int(r["goal"]), r["text_en"], r["text_nl"])
        for r in _rows("sdg_targets.csv")
    }


@cache
def cpv_codes() -> dict[str, CpvCode]:
    """CPV 2008 main vocabulary keyed by the 8-digit code (without check digit)."""
    return {
        r["code"][:8]: CpvCode(r["code"], r["label_en"], r["label_nl"], r["level"])
        for r in _rows("cpv_2008.csv")
    }


def cpv_digits(code: str) -> str | None:
    """Normalise '90910000-9', '90910000' or ' 9091 0000 ' to '90910000'; None if unknown."""
    digits = "".join(ch for ch in code if ch.isdigit())[:8]
    return digits if digits in cpv_codes() else None


def cpv_prefix(digits: str, level: str) -> str:
    """The significant prefix of a CPV code at a hierarchy level.

    division = 2 digits, group = 3, class = 4, category = 5+ (CPV 2008 structure).
    """
    return digits[: {"division": 2, "group": 3, "class": 4, "category": 8}[level]]


def distance_km(a: Municipality, b: Municipality) -> float:
    """Great-circle distance between two municipality centroids (haversine)."""
    r = 6371.0
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))
