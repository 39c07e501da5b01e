"""What the matching engine knows about an opportunity: plain data, no Django.

Organisations come in as :class:`zicht.registry.facts.OrganisationFacts`; opportunities
(tenders, requests, questions) as :class:`OpportunityFacts`, built the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

OPPORTUNITY_KINDS = ("tender", "request", "question", "other")


def _cpv_list(values: Any) -> list[str]:
    return ["".join(ch for ch in str(c) if ch.isdigit())[:8] for c in values or []]


def _sdg_dict(values: Any) -> dict[int, float]:
    if isinstance(values, list | tuple):  # [7, 8] means weight 1.0 each
        return {int(g): 1.0 for g in values}
    return {int(k): float(v) for k, v in (values or {}).items()}


@dataclass(slots=True)
class OpportunityFacts:
    id: str
    title: str = ""
    description: str = ""
    kind: str = "tender"  # tender / request / question / other (precision is kept per kind)
    buyer_id: str = ""  # the organisation that publishes it (never matched to itself)
    cpv: list[str] = field(default_factory=list)  # 8-digit CPV codes, no check digit
    sdgs: dict[int, float] = field(default_factory=dict)  # goal -> weight 0..1
    municipality: str = ""  # CBS code GMxxxx where the work is done
    value_eur: float | None = None  # estimated contract value excl. VAT; None = unknown
    reserved_2_82: bool = False  # reserved under art. 2.82 Aanbestedingswet 2012
    min_tier: str = ""  # "", "self_declared", "verified" or "certified"
    certifications: list[str] = field(default_factory=list)  # all required
    # Target groups the work should involve (weights: requirements.target_groups any / all)
    target_groups: list[str] = field(default_factory=list)
    deadline: str = ""  # ISO date (YYYY-MM-DD); "" = none

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OpportunityFacts:
        """Build from a JSON object; unknown keys are ignored, missing ones keep defaults."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "id" not in known or known["id"] in (None, ""):
            raise ValueError("opportunity has no 'id'")
        known["id"] = str(known["id"])
        for key in ("title", "description", "kind", "buyer_id", "municipality", "min_tier"):
            if key in known:
                known[key] = "" if known[key] is None else str(known[key])
        if "cpv" in known:
            known["cpv"] = _cpv_list(known["cpv"])
        if "sdgs" in known:
            known["sdgs"] = _sdg_dict(known["sdgs"])
        if known.get("value_eur") is not None:
            known["value_eur"] = float(known["value_eur"])
        if "reserved_2_82" in known:
            known["reserved_2_82"] = bool(known["reserved_2_82"])
        if "certifications" in known:
            known["certifications"] = [str(c) for c in known["certifications"] or []]
        if "target_groups" in known:
            known["target_groups"] = [str(g) for g in known["target_groups"] or []]
        if known.get("deadline"):
            known["deadline"] = dt.date.fromisoformat(str(known["deadline"])[:10]).isoformat()
        else:
            known["deadline"] = ""
        return cls(**known)

    def deadline_passed(self, today: dt.date | None = None) -> bool:
        if not self.deadline:
            return False
        return dt.date.fromisoformat(self.deadline) < (today or dt.date.today())
