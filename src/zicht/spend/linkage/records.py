"""The plain data the linkage engine takes and returns (no Django)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ACCEPTED, REVIEW, REJECTED = "accepted", "review", "rejected"
METHOD_KVK, METHOD_FUZZY, METHOD_DECISION = "kvk", "fuzzy", "decision"


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One organisation in the register (a row of REGISTER.csv)."""

    id: str
    name: str
    kvk: str = ""
    trade_names: tuple[str, ...] = ()
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""

    @classmethod
    def from_facts(cls, facts: Any) -> RegisterEntry:
        """Build from ``zicht.registry.facts.OrganisationFacts`` (or anything with those fields)."""
        return cls(
            id=str(facts.id),
            name=facts.name,
            kvk=facts.kvk or "",
            trade_names=tuple(facts.trade_names or ()),
            street=facts.street or "",
            house_number=facts.house_number or "",
            postcode=facts.postcode or "",
            city=facts.city or "",
        )


@dataclass(frozen=True, slots=True)
class SupplierRecord:
    """One creditor in a municipality's ledger (a row of SUPPLIERS.csv)."""

    supplier_id: str
    name: str
    kvk: str = ""
    address: str = ""  # one line: street and house number
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """How one field compared and what that did to the score.

    ``weight`` is the field's contribution to the log-odds of a match (natural log);
    positive is evidence for, negative against, 0 neutral (e.g. a missing value).
    """

    field: str  # "kvk", "name", "postcode", "house_number", "street", "city", "legal_form", ...
    level: str  # e.g. "exact", "close", "differ", "missing", "ge90"
    weight: float
    detail: str = ""  # the values compared, e.g. "'groene vlinder' ~ 'groene vlinderr' 0.97"


@dataclass(frozen=True, slots=True)
class Link:
    """The engine's answer for one supplier.

    ``register_id`` is ``None`` only for a supplier a person marked as not in the
    register (status ``rejected``, method ``decision``).
    """

    supplier_id: str
    register_id: str | None
    score: float  # calibrated probability that the link is right, 0..1
    method: str  # "kvk", "fuzzy" or "decision"
    status: str  # "accepted", "review" or "rejected"
    explanation: tuple[Evidence, ...] = field(default_factory=tuple)

    def explain(self) -> str:
        """One line for people: ``kvk exact (+9.1); name ge95 (+4.2); city differ (-1.3)``."""
        parts = [f"{e.field} {e.level} ({e.weight:+.1f})" for e in self.explanation]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
