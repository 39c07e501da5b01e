"""Input checks for organisation dictionaries (JSON lines) before they reach the engine."""

from __future__ import annotations

import math
from typing import Any

from zicht.registry.facts import OrganisationFacts


def _number(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(f):
        raise ValueError(f"{name} must be finite")
    return f


def organisation_from_dict(data: dict[str, Any]) -> OrganisationFacts:
    """``OrganisationFacts.from_dict`` plus type checks of the fields matching relies on."""
    data = dict(data)
    for key in ("cpv", "regions_served", "certifications", "trade_names"):
        if data.get(key) is None:
            data.pop(key, None)
        elif not isinstance(data[key], list):
            raise ValueError(f"{key} must be a list")
    if data.get("target_groups") is not None and not isinstance(data["target_groups"], list):
        raise ValueError("target_groups must be a list (or null: unknown)")
    if data.get("sdgs") is None:
        data.pop("sdgs", None)
    elif isinstance(data["sdgs"], list):
        data["sdgs"] = {g: 1.0 for g in data["sdgs"]}
    elif not isinstance(data["sdgs"], dict):
        raise ValueError("sdgs must be an object {goal: weight}")
    for key in ("name", "description", "municipality", "kind", "tier", "kvk"):
        if key in data and data[key] is None:
            data.pop(key)
    org = OrganisationFacts.from_dict(data)
    share = _number(data.get("target_group_share"), "target_group_share")
    if share is not None and share > 1 and share <= 100:
        share = share / 100  # "42" meant 42%
    if share is not None and not 0 <= share <= 1:
        raise ValueError("target_group_share must lie between 0 and 1")
    org.target_group_share = share
    fte = _number(data.get("fte"), "fte")
    if fte is not None and fte < 0:
        raise ValueError("fte must not be negative")
    org.fte = fte
    for g in org.sdgs:
        if not 1 <= g <= 17:
            raise ValueError(f"unknown SDG {g}")
    return org
