"""What engines know about an organisation: plain data, no Django.

The register (Django models) produces these through ``zicht.registry.selectors``;
the command-line tools read them from JSON lines. The matching engine, the
procurement advisor and the supplier linkage all take this one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TIERS = ("self_declared", "verified", "certified")  # ordered: a higher index is stronger
KINDS = ("municipality", "social_enterprise", "sociale_werkplaats", "sme", "other")


@dataclass(slots=True)
class OrganisationFacts:
    id: str
    name: str
    kind: str = "other"
    kvk: str = ""
    description: str = ""
    trade_names: list[str] = field(default_factory=list)
    cpv: list[str] = field(default_factory=list)  # 8-digit CPV codes, no check digit
    sdgs: dict[int, float] = field(default_factory=dict)  # goal -> weight 0..1
    municipality: str = ""  # CBS code GMxxxx of the registered address
    regions_served: list[str] = field(default_factory=list)  # GMxxxx, AMxx, province name or "NL"
    target_group_share: float | None = None  # None = unknown (not zero!)
    tier: str = "self_declared"
    fte: float | None = None
    certifications: list[str] = field(default_factory=list)  # e.g. "code_so", "sociaal_nl", "pso"
    # Target groups the organisation employs people from (FTE > 0), names only, never
    # figures (privacy: per-group FTE is for members and reviewers). None = unknown.
    target_groups: list[str] | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OrganisationFacts:
        """Build from a JSON object; unknown keys are ignored, missing ones keep defaults."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "id" not in known:
            raise ValueError("organisation has no 'id'")
        known["id"] = str(known["id"])
        known.setdefault("name", "")
        if "cpv" in known:
            known["cpv"] = [
                "".join(ch for ch in str(c) if ch.isdigit())[:8] for c in known["cpv"] or []
            ]
        if "sdgs" in known:
            known["sdgs"] = {int(k): float(v) for k, v in (known["sdgs"] or {}).items()}
        if known.get("target_groups") is not None:
            known["target_groups"] = [str(g) for g in known["target_groups"]]
        return cls(**known)

    def tier_rank(self) -> int:
        return TIERS.index(self.tier) if self.tier in TIERS else 0
