"""Art. 2.82 Aanbestedingswet 2012: is reserving the contract viable?

Eligible organisation = all of
  * target_group_share known and >= the dated minimum share (30% since the 2016
    amendment, 50% before; ``rules/reservation_rules.json``);
  * register tier in the accepted tiers (verified/certified by default): a
    self-declared share is listed as a candidate to verify, never counted;
  * not a municipality;
  * serves the delivery municipality (see :func:`serves`);
  * supplies one of the CPV codes (see :func:`cpv_match`).

Reserving is not a direct award: there must still be competition among the eligible
bidders, so the advisor warns when fewer than the configured minimum (3) exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from zicht.reference import data as ref
from zicht.registry.facts import OrganisationFacts

from .rules import Rule, RuleError, RuleSet

CPV_LEVEL_DIGITS = {"division": 2, "group": 3, "class": 4}


def significant_prefix(digits: str) -> str:
    """The hierarchy prefix of an 8-digit CPV code: its digits without trailing zeros, >= 2."""
    level = ref.cpv_codes()[digits].level if digits in ref.cpv_codes() else "category"
    if level in CPV_LEVEL_DIGITS:
        return digits[: CPV_LEVEL_DIGITS[level]]
    stripped = digits.rstrip("0")
    return stripped if len(stripped) >= 5 else digits[:5]


def cpv_match(org_code: str, tender_code: str) -> str | None:
    """How an organisation's CPV code relates to a tender's CPV code.

    * ``"exact"``: the same code;
    * ``"parent"``: the organisation's code is an ancestor of the tender code (its
      division, group, class or a broader category), e.g. 90900000 (cleaning and
      sanitation services, group) covers tender 90910000 (cleaning services);
    * ``"child"``: the organisation's code is more specific than the tender code and
      lies under it, e.g. 90911200 (building-cleaning services) under 90910000;
    * ``None``: no hierarchy relation (siblings such as 90920000 do not match).
    """
    o, t = org_code[:8], tender_code[:8]
    if o == t:
        return "exact"
    op, tp = significant_prefix(o), significant_prefix(t)
    if len(op) < len(tp) and tp.startswith(op):
        return "parent"
    if len(tp) < len(op) and op.startswith(tp):
        return "child"
    return None


def region_terms(municipality_code: str) -> set[str]:
    """Strings in ``regions_served`` that cover a municipality (compared case-insensitively)."""
    muni = ref.municipalities()[municipality_code]
    terms = {muni.code, muni.labour_market_region, muni.province, "NL"}
    for lmr in ref.labour_market_regions().values():
        if lmr.name == muni.labour_market_region:
            terms.add(lmr.code)
    return {t.casefold() for t in terms}


def serves(org: OrganisationFacts, municipality_code: str) -> str | None:
    """Why an organisation serves the delivery municipality, or None.

    It serves it when ``regions_served`` contains the municipality code (GMxxxx), its
    labour-market region code (AMxx) or name, its province name, or "NL". When
    ``regions_served`` is empty, an organisation located in the same labour-market
    region (by its own ``municipality``) serves it.
    """
    if org.regions_served:
        terms = region_terms(municipality_code)
        for served in org.regions_served:
            if str(served).strip().casefold() in terms:
                return f"regions_served contains {served}"
        return None
    home = ref.municipalities().get(org.municipality)
    target = ref.municipalities()[municipality_code]
    if home is not None and home.labour_market_region == target.labour_market_region:
        return f"located in the same labour-market region ({home.labour_market_region})"
    return None


def _cpv_matches(org: OrganisationFacts, tender_cpv: Sequence[str]) -> list[dict[str, str]]:
    found = []
    for t in tender_cpv:
        for o in org.cpv:
            kind = cpv_match(o, t)
            if kind:
                found.append({"organisation_cpv": o, "tender_cpv": t, "match": kind})
    return found


def reservation_2_82(
    rules: RuleSet,
    on: date,
    municipality_code: str,
    tender_cpv: Sequence[str],
    organisations: Iterable[OrganisationFacts],
    share_rule: Rule | None = None,
) -> dict[str, Any]:
    """Eligible organisations for a reservation; ``share_rule`` overrides the dated 30% rule."""
    share_rule = share_rule or rules.reservation_rule(
        "min_target_group_share", on, municipality_code
    )
    if not 0 < float(share_rule.data.get("value", -1)) <= 1:
        raise RuleError(f"rule {share_rule.id}: the minimum share must be in (0, 1]")
    tiers_rule = rules.reservation_rule("accepted_tiers", on, municipality_code)
    min_rule = rules.reservation_rule("min_eligible_for_competition", on, municipality_code)
    min_share = float(share_rule.data["value"])
    tiers = set(tiers_rule.data["value"])
    minimum = int(min_rule.data["value"])

    eligible, to_verify = [], []
    for org in organisations:
        if org.kind == "municipality" or org.target_group_share is None:
            continue
        if org.target_group_share < min_share:
            continue
        why_region = serves(org, municipality_code)
        if not why_region:
            continue
        matches = _cpv_matches(org, tender_cpv)
        if not matches:
            continue
        entry = {
            "id": org.id,
            "name": org.name,
            "kind": org.kind,
            "tier": org.tier,
            "target_group_share": org.target_group_share,
            "serves_because": why_region,
            "cpv_matches": matches,
        }
        (eligible if org.tier in tiers else to_verify).append(entry)
    eligible.sort(key=lambda e: (-e["target_group_share"], e["name"], e["id"]))
    to_verify.sort(key=lambda e: (e["name"], e["id"]))

    count = len(eligible)
    notes = [
        "Voorbehouden (art. 2.82 Aw 2012) is geen gunning uit de hand: er moet nog steeds "
        "mededinging zijn tussen de organisaties die aan de voorwaarde voldoen.",
        f"Voorwaarde: ten minste {min_share:.0%} van de werknemers behoort tot de doelgroep "
        f"(geldig vanaf {share_rule.valid_from.isoformat()}; bron: {share_rule.source}).",
        "Toets de actuele wettekst op wetten.overheid.nl voordat u deze tekst citeert.",
    ]
    warnings = []
    if count < minimum:
        warnings.append(
            f"Minder dan {minimum} geverifieerde organisaties in het register voldoen "
            f"({count}); voorbehouden geeft dan te weinig concurrentie. "
            "Doe eerst een marktverkenning."
        )
    if to_verify:
        warnings.append(
            f"{len(to_verify)} organisatie(s) voldoen op basis van een niet-geverifieerd "
            "doelgroepaandeel; zij tellen niet mee tot verificatie."
        )
    return {
        "viable": count >= minimum,
        "eligible_count": count,
        "eligible": eligible,
        "to_verify": to_verify,
        "min_target_group_share": min_share,
        "min_eligible_for_competition": minimum,
        "accepted_tiers": sorted(tiers),
        "warnings": warnings,
        "notes": notes,
        "rules": [
            {"key": r.data["key"], "value": r.data["value"], **r.provenance()}
            for r in (share_rule, tiers_rule, min_rule)
        ],
        "matching": (
            "CPV: same code, or the organisation's code is an ancestor (division/group/"
            "class) of the tender code, or it is a more specific code under it. "
            "Region: regions_served "
            "contains the municipality, its labour-market region (code or name), its province "
            "or NL; empty regions_served means the organisation's own labour-market region."
        ),
    }
