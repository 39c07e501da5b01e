"""OCDS release packages for procurement plans and contracts (plain dicts, no Django).

Social procurement is expressed with two OCDS extensions:

* ``tender.otherRequirements.reservedParticipation``: ``["shelteredWorkshop"]`` for a
  contract reserved under art. 2.82 Aanbestedingswet 2012 (code from the OCDS
  reservedParticipation codelist, ``zicht/reference/data/ocds_reservedParticipation.csv``);
* ``tender.sustainability``: goal ``social.disadvantagedEmploymentOpportunities`` with
  strategy ``reservedParticipation`` (reserved contract) and/or
  ``contractPerformanceConditions`` (an SROI clause), from the sustainability
  extension's codelists.

A package declares only the extensions its releases use.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from functools import cache
from typing import Any

from zicht.procurement.advisor.texts import eur
from zicht.reference import data as ref

from .schema import EXTENSIONS

CATEGORY = {
    "works": "works",
    "supplies": "goods",
    "services": "services",
    "social_services": "services",
}
# Advisor procedure -> OCDS procurementMethod (closed codelist: open/selective/limited/direct).
METHOD = {
    "single_quote": "direct",
    "multiple_quotes": "limited",
    "national": "open",
    "european": "open",
}
METHOD_DETAILS = {
    "single_quote": "Enkelvoudig onderhands",
    "multiple_quotes": "Meervoudig onderhands",
    "national": "Nationale aanbesteding",
    "european": "Europese aanbesteding",
}
RESERVED_282 = "shelteredWorkshop"
SOCIAL_GOAL = "social.disadvantagedEmploymentOpportunities"


class OcdsError(ValueError):
    pass


@cache
def codelist(name: str) -> frozenset[str]:
    """Codes of an OCDS codelist shipped in zicht/reference/data (e.g. 'reservedParticipation')."""
    with (ref.DATA_DIR / f"ocds_{name}.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(row["Code"] for row in csv.DictReader(fh))


@dataclass(frozen=True, slots=True)
class Party:
    id: str  # Zicht id, used to build the OCDS party id
    name: str
    kvk: str = ""  # 8-digit KvK number when known
    municipality: str = ""  # GMxxxx

    def ocds_id(self) -> str:
        return f"NL-KVK-{self.kvk}" if self.kvk else f"zicht-{self.id}"

    def as_party(self, roles: Sequence[str]) -> dict[str, Any]:
        party: dict[str, Any] = {"id": self.ocds_id(), "name": self.name, "roles": list(roles)}
        if self.kvk:
            party["identifier"] = {"scheme": "NL-KVK", "id": self.kvk, "legalName": self.name}
        muni = ref.municipalities().get(self.municipality)
        if muni is not None:
            party["address"] = {
                "locality": muni.name,
                "region": muni.province,
                "countryName": "Nederland",
            }
        return party


@dataclass(frozen=True, slots=True)
class SocialTerms:
    """The social side of a procurement, as decided (e.g. from the advisor's advice)."""

    reserved_2_82: bool = False
    sroi_percentage: float | None = None
    sroi_obligation_eur: float | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    id: str  # Zicht's id of the planned procurement
    title: str
    buyer: Party
    type: str  # works / supplies / services / social_services
    value_eur: float
    cpv: Sequence[str]
    planned_publication: date
    duration_months: int | None = None
    procedure: str | None = None  # advisor procedure code
    description: str = ""
    social: SocialTerms = field(default_factory=SocialTerms)


@dataclass(frozen=True, slots=True)
class AwardedContract:
    id: str
    plan: Plan
    supplier: Party
    value_eur: float
    start: date
    end: date
    signed: date
    award_date: date | None = None


def _dt(d: date | datetime) -> str:
    if isinstance(d, datetime):
        dt = d if d.tzinfo else d.replace(tzinfo=timezone.utc)  # noqa: UP017
    else:
        dt = datetime.combine(d, time(0, 0), tzinfo=timezone.utc)  # noqa: UP017
    return dt.isoformat().replace("+00:00", "Z")


def _value(amount: float) -> dict[str, Any]:
    if not amount >= 0:
        raise OcdsError(f"amount must be >= 0, got {amount!r}")
    return {"amount": round(float(amount), 2), "currency": "EUR"}


def _items(cpv: Iterable[str]) -> list[dict[str, Any]]:
    items = []
    for i, code in enumerate(cpv, 1):
        digits = ref.cpv_digits(str(code))
        if digits is None:
            raise OcdsError(f"unknown CPV code {code!r}")
        entry = ref.cpv_codes()[digits]
        items.append(
            {
                "id": str(i),
                "description": entry.label_nl or entry.label_en,
                "classification": {"scheme": "CPV", "id": digits, "description": entry.label_en},
            }
        )
    if not items:
        raise OcdsError("a plan needs at least one CPV code")
    return items


def social_fields(social: SocialTerms) -> dict[str, Any]:
    """tender.otherRequirements and tender.sustainability for the social terms (may be empty)."""
    out: dict[str, Any] = {}
    strategies = []
    texts = []
    if social.reserved_2_82:
        if RESERVED_282 not in codelist("reservedParticipation"):
            raise OcdsError(f"{RESERVED_282} is not in the reservedParticipation codelist")
        out["otherRequirements"] = {"reservedParticipation": [RESERVED_282]}
        strategies.append("reservedParticipation")
        texts.append("Voorbehouden opdracht (art. 2.82 Aanbestedingswet 2012).")
    if social.sroi_percentage:
        strategies.append("contractPerformanceConditions")
        obligation = f" = {eur(social.sroi_obligation_eur)}" if social.sroi_obligation_eur else ""
        texts.append(
            f"Social return: {social.sroi_percentage:g}% van de opdrachtwaarde{obligation}."
        )
    if strategies:
        bad = set(strategies) - codelist("sustainabilityStrategy")
        if bad or SOCIAL_GOAL not in codelist("sustainabilityGoal"):
            raise OcdsError(f"codes not in the sustainability codelists: {sorted(bad)}")
        description = " ".join([*texts, social.description]).strip()
        out["sustainability"] = [
            {"goal": SOCIAL_GOAL, "strategies": strategies, "description": description}
        ]
    return out


def _tender(plan: Plan, status: str) -> dict[str, Any]:
    if plan.type not in CATEGORY:
        raise OcdsError(f"unknown procurement type {plan.type!r}")
    tender: dict[str, Any] = {
        "id": plan.id,
        "title": plan.title,
        "status": status,
        "mainProcurementCategory": CATEGORY[plan.type],
        "value": _value(plan.value_eur),
        "items": _items(plan.cpv),
        "procuringEntity": {"id": plan.buyer.ocds_id(), "name": plan.buyer.name},
        "tenderPeriod": {"startDate": _dt(plan.planned_publication)},
    }
    if plan.description:
        tender["description"] = plan.description
    if plan.procedure:
        if plan.procedure not in METHOD:
            raise OcdsError(f"unknown procedure {plan.procedure!r}")
        tender["procurementMethod"] = METHOD[plan.procedure]
        tender["procurementMethodDetails"] = METHOD_DETAILS[plan.procedure]
    if plan.duration_months:
        tender["contractPeriod"] = {"durationInDays": round(plan.duration_months * 365 / 12)}
    tender.update(social_fields(plan.social))
    return tender


def ocid(prefix: str, local_id: str) -> str:
    if not prefix.startswith("ocds-") or len(prefix) != 11:
        raise OcdsError(f"OCID prefix must look like 'ocds-' + 6 characters, got {prefix!r}")
    return f"{prefix}-{local_id}"


def build_plan_release(plan: Plan, *, ocid_prefix: str, release_date: date | datetime) -> dict:
    """A 'planning' release for a planned procurement (tender.status 'planned')."""
    oc = ocid(ocid_prefix, plan.id)
    return {
        "ocid": oc,
        "id": f"{oc}-planning-{_dt(release_date)}",
        "date": _dt(release_date),
        "tag": ["planning"],
        "initiationType": "tender",
        "parties": [plan.buyer.as_party(["buyer", "procuringEntity"])],
        "buyer": {"id": plan.buyer.ocds_id(), "name": plan.buyer.name},
        "planning": {"budget": {"amount": _value(plan.value_eur)}},
        "tender": _tender(plan, "planned"),
        "language": "nl",
    }


def build_contract_release(
    contract: AwardedContract, *, ocid_prefix: str, release_date: date | datetime
) -> dict:
    """An 'award' + 'contract' release for a signed contract."""
    if contract.end < contract.start:
        raise OcdsError("contract ends before it starts")
    plan = contract.plan
    oc = ocid(ocid_prefix, plan.id)
    award_id = f"{contract.id}-award"
    supplier_ref = {"id": contract.supplier.ocds_id(), "name": contract.supplier.name}
    return {
        "ocid": oc,
        "id": f"{oc}-contract-{contract.id}-{_dt(release_date)}",
        "date": _dt(release_date),
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "parties": [
            plan.buyer.as_party(["buyer", "procuringEntity"]),
            contract.supplier.as_party(["supplier"]),
        ],
        "buyer": {"id": plan.buyer.ocds_id(), "name": plan.buyer.name},
        "tender": _tender(plan, "complete"),
        "awards": [
            {
                "id": award_id,
                "status": "active",
                "date": _dt(contract.award_date or contract.signed),
                "value": _value(contract.value_eur),
                "suppliers": [supplier_ref],
            }
        ],
        "contracts": [
            {
                "id": contract.id,
                "awardID": award_id,
                "status": "active",
                "value": _value(contract.value_eur),
                "period": {"startDate": _dt(contract.start), "endDate": _dt(contract.end)},
                "dateSigned": _dt(contract.signed),
            }
        ],
        "language": "nl",
    }


def _uses(release: dict, field_name: str) -> bool:
    return field_name in (release.get("tender") or {})


def build_release_package(
    releases: Sequence[dict],
    *,
    uri: str,
    publisher_name: str,
    published_date: date | datetime,
    license_url: str = "https://creativecommons.org/publicdomain/zero/1.0/",
    publication_policy: str | None = None,
) -> dict[str, Any]:
    """A release package; declares the extensions the releases use."""
    if not releases:
        raise OcdsError("a release package needs at least one release")
    extensions = [
        EXTENSIONS[name][0] for name in EXTENSIONS if any(_uses(r, name) for r in releases)
    ]
    package: dict[str, Any] = {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _dt(published_date),
        "publisher": {"name": publisher_name},
        "license": license_url,
        "releases": list(releases),
    }
    if extensions:
        package["extensions"] = extensions
    if publication_policy:
        package["publicationPolicy"] = publication_policy
    return package
