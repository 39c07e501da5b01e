"""Tunable weights of the matching engine: data, not code.

Defaults ship in ``default_weights.json`` (with source and rationale); a platform
administrator stores another version and passes it in as a dict or a JSON file.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_WEIGHTS_FILE = Path(__file__).resolve().parent / "default_weights.json"
PARTS = ("cpv", "text", "geo", "sdg", "size")
CPV_LEVELS = ("exact", "class", "group", "division")


@cache
def _default_data() -> dict[str, Any]:
    return json.loads(DEFAULT_WEIGHTS_FILE.read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass(frozen=True)
class Weights:
    parts: dict[str, float]
    cpv_levels: dict[str, float]
    text_saturation: float
    geo_same_municipality: float
    geo_serves_region: float
    geo_same_region: float
    geo_distance_half_km: float
    size_revenue_per_fte_eur: float
    size_ratio_low: float
    size_ratio_high: float
    size_decades: float
    reserved_min_share: float
    reserved_unknown_share: str
    target_groups_mode: str
    target_groups_unknown: str
    min_available_weight: float
    excluded_kinds: tuple[str, ...]
    min_score: float
    version: str = ""
    source: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def default(cls) -> Weights:
        return cls.from_dict({})

    @classmethod
    def load(cls, path: str | Path) -> Weights:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def coerce(cls, value: Weights | dict[str, Any] | str | Path | None) -> Weights:
        if value is None:
            return cls.default()
        if isinstance(value, Weights):
            return value
        if isinstance(value, dict):
            return cls.from_dict(value)
        return cls.load(value)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Weights:
        """Defaults overridden by ``data`` (a partial dict is fine); validated."""
        d = _merge(_default_data(), data)
        parts = {p: float(d["parts"].get(p, 0.0)) for p in PARTS}
        levels = {lv: float(d["cpv_levels"][lv]) for lv in CPV_LEVELS}
        w = cls(
            parts=parts,
            cpv_levels=levels,
            text_saturation=float(d["text"]["saturation"]),
            geo_same_municipality=float(d["geo"]["same_municipality"]),
            geo_serves_region=float(d["geo"]["serves_region"]),
            geo_same_region=float(d["geo"]["same_labour_market_region"]),
            geo_distance_half_km=float(d["geo"]["distance_half_km"]),
            size_revenue_per_fte_eur=float(d["size"]["revenue_per_fte_eur"]),
            size_ratio_low=float(d["size"]["ratio_low"]),
            size_ratio_high=float(d["size"]["ratio_high"]),
            size_decades=float(d["size"]["decades"]),
            reserved_min_share=float(d["requirements"]["reserved_min_target_group_share"]),
            reserved_unknown_share=str(d["requirements"]["reserved_unknown_share"]),
            target_groups_mode=str(d["requirements"].get("target_groups", "any")),
            target_groups_unknown=str(d["requirements"].get("target_groups_unknown", "flag")),
            min_available_weight=float(d["evidence"]["min_available_weight"]),
            excluded_kinds=tuple(d.get("excluded_kinds") or ()),
            min_score=float(d.get("min_score", 0.0)),
            version=str(d.get("version", "")),
            source=str(d.get("source", "")),
            raw=d,
        )
        w.validate()
        return w

    def validate(self) -> None:
        problems = []
        if any(v < 0 for v in self.parts.values()) or sum(self.parts.values()) <= 0:
            problems.append("part weights must be >= 0 and sum to more than 0")
        lv = [self.cpv_levels[k] for k in CPV_LEVELS]
        if any(a < b for a, b in zip(lv, lv[1:], strict=False)) or lv[-1] < 0 or lv[0] > 1:
            problems.append("cpv_levels must satisfy 1 >= exact >= class >= group >= division >= 0")
        for name in ("geo_same_municipality", "geo_serves_region", "geo_same_region"):
            if not 0 <= getattr(self, name) <= 1:
                problems.append(f"{name} must lie in [0, 1]")
        if self.text_saturation <= 0 or self.geo_distance_half_km <= 0:
            problems.append("text.saturation and geo.distance_half_km must be > 0")
        if self.size_revenue_per_fte_eur <= 0 or self.size_decades <= 0:
            problems.append("size.revenue_per_fte_eur and size.decades must be > 0")
        if not 0 < self.size_ratio_low <= self.size_ratio_high:
            problems.append("size ratios must satisfy 0 < ratio_low <= ratio_high")
        if self.reserved_unknown_share not in ("flag", "exclude"):
            problems.append("requirements.reserved_unknown_share must be 'flag' or 'exclude'")
        if self.target_groups_mode not in ("any", "all"):
            problems.append("requirements.target_groups must be 'any' or 'all'")
        if self.target_groups_unknown not in ("flag", "exclude"):
            problems.append("requirements.target_groups_unknown must be 'flag' or 'exclude'")
        if not 0 <= self.min_available_weight <= 1:
            problems.append("evidence.min_available_weight must lie in [0, 1]")
        if problems:
            raise ValueError("invalid matching weights: " + "; ".join(problems))

    @property
    def total(self) -> float:
        return sum(self.parts.values())

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.raw)
