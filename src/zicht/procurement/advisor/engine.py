"""``advise()``: the procurement advisor for one planned procurement."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zicht.procurement.sroi.tables import BouwblokkenTable
from zicht.reference import data as ref
from zicht.registry.facts import OrganisationFacts

from . import texts
from .procedures import procedure_options, validate_bands
from .reservation import reservation_2_82
from .rules import Rule, RuleError, RuleSet, default_rules, parse_date, pick, rule_from_record
from .sroi import clause_terms, sroi_clause
from .thresholds import TYPES, NoThresholdPeriod, covered_periods, eu_threshold

TYPE_ALIASES = {
    "works": "works",
    "supplies": "supplies",
    "goods": "supplies",
    "services": "services",
    "social_services": "social_services",
    "social and other specific services": "social_services",
    "social_and_other_specific_services": "social_services",
}


class AdviceError(ValueError):
    """The case is invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Case:
    municipality: str
    date: date
    type: str
    value_eur: float
    duration_months: int
    cpv: tuple[str, ...]  # full codes with check digit, e.g. "90910000-9"
    delivery_municipality: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality,
            "municipality_name": ref.municipalities()[self.municipality].name,
            "date": self.date.isoformat(),
            "type": self.type,
            "value_eur": self.value_eur,
            "duration_months": self.duration_months,
            "cpv": list(self.cpv),
            "delivery_municipality": self.delivery_municipality,
        }


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def parse_case(data: Mapping[str, Any], rules: RuleSet | None = None) -> Case:
    """Validate a case dict (the CASE.json shape); raise AdviceError listing all problems."""
    rules = rules or default_rules()
    if not isinstance(data, Mapping):
        raise AdviceError(["the case must be a JSON object"])
    errors: list[str] = []
    munis = ref.municipalities()

    muni = data.get("municipality")
    if not isinstance(muni, str) or muni.strip().upper() not in munis:
        errors.append(f"unknown municipality {muni!r} (use a CBS code such as GM0344)")
        muni = None
    else:
        muni = muni.strip().upper()
    delivery = data.get("delivery_municipality", data.get("region")) or muni
    if isinstance(delivery, str) and delivery.strip().upper() in munis:
        delivery = delivery.strip().upper()
    elif delivery is not None:
        errors.append(f"unknown delivery municipality {delivery!r} (use a CBS code GMxxxx)")

    on = None
    try:
        on = parse_date(data.get("date"), "date")
    except RuleError as exc:
        errors.append(str(exc))

    ptype = TYPE_ALIASES.get(str(data.get("type", "")).strip().lower())
    if ptype is None:
        errors.append(f"unknown type {data.get('type')!r}; use one of {', '.join(TYPES)}")

    limits = pick(rules.limits, on or date.today()) or next(iter(rules.limits), None)
    max_value = float(limits.data["max_value_eur"]) if limits else math.inf
    max_months = int(limits.data["max_duration_months"]) if limits else 10**6

    value = _number(data.get("value_eur"))
    if value is None:
        errors.append(f"value_eur must be a number, got {data.get('value_eur')!r}")
    elif value <= 0:
        errors.append(f"value_eur must be positive, got {value:g}")
    elif value > max_value:
        errors.append(
            f"value_eur {value:g} is implausibly large (limit {max_value:g}; {limits.source})"
        )

    months = _number(data.get("duration_months"))
    if months is None or months != int(months):
        errors.append(
            f"duration_months must be a whole number, got {data.get('duration_months')!r}"
        )
    elif months <= 0:
        errors.append(f"duration_months must be at least 1, got {months:g}")
    elif months > max_months:
        errors.append(f"duration_months {months:g} is implausibly long (limit {max_months})")

    cpv_in = data.get("cpv")
    cpv: list[str] = []
    if isinstance(cpv_in, str):
        cpv_in = [cpv_in]
    if not isinstance(cpv_in, list | tuple) or not cpv_in:
        errors.append("cpv must be a non-empty list of CPV codes such as '90910000-9'")
    else:
        for code in cpv_in:
            digits = ref.cpv_digits(str(code)) if isinstance(code, str | int) else None
            if digits is None:
                errors.append(f"unknown CPV code {code!r}")
                continue
            full = ref.cpv_codes()[digits].code
            raw = str(code).strip()
            if "-" in raw and raw.replace(" ", "") != full:
                errors.append(f"CPV code {code!r} has a wrong check digit (expected {full})")
                continue
            if full not in cpv:
                cpv.append(full)

    if on is not None and ptype is not None:
        try:
            eu_threshold(rules.thresholds, on, ptype, value or 0)
        except NoThresholdPeriod:
            periods = ", ".join(
                f"{a.isoformat()}..{b.isoformat() if b else 'open'}"
                for a, b in covered_periods(rules.thresholds)
            )
            errors.append(
                f"date {on.isoformat()} lies outside every EU threshold period ({periods})"
            )
    if errors:
        raise AdviceError(errors)
    return Case(muni, on, ptype, value, int(months), tuple(cpv), delivery)


def _override_rule(record: Mapping[str, Any], kind: str, on: date, region: str) -> Rule:
    """Turn a caller's override (a municipality's own setting) into a Rule with provenance."""
    full = {
        "id": f"override-{kind}",
        "region": region,
        "valid_from": on.isoformat(),
        "valid_to": None,
        "source": "municipality override (no source given)",
        "source_url": "",
        "licence": "",
        "status": "override",
        **record,
    }
    return rule_from_record(full)


def advise(
    case: Mapping[str, Any] | Case,
    organisations: Iterable[OrganisationFacts] = (),
    *,
    rules: RuleSet | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    tables: Iterable[BouwblokkenTable] | None = None,
) -> dict[str, Any]:
    """Advice for a planned procurement.

    ``case``: the CASE.json dict (or a parsed :class:`Case`). ``organisations``: the
    register as OrganisationFacts. ``overrides``: optional municipality settings that
    win over the shipped rules, ``{"procedure_bands": {"bands": {...}, "source": ...},
    "sroi": {"by_type": {...}, "source": ...},
    "min_target_group_share": {"value": 0.3, "source": ..., "valid_from": ...}}``.
    ``tables``: bouwblokken tables (the shipped ones by default). Raises
    :class:`AdviceError` for an invalid case.
    """
    rules = rules or default_rules()
    c = case if isinstance(case, Case) else parse_case(case, rules)
    overrides = overrides or {}

    threshold = eu_threshold(rules.thresholds, c.date, c.type, c.value_eur)

    if "procedure_bands" in overrides:
        bands_rule = _override_rule(overrides["procedure_bands"], "bands", c.date, c.municipality)
        validate_bands(bands_rule.data.get("bands") or {})
    else:
        bands_rule = pick(rules.procedure_bands, c.date, c.municipality)
    if bands_rule is None:
        raise RuleError(f"no purchasing-policy bands in force on {c.date.isoformat()}")
    procedures = procedure_options(bands_rule, c.type, c.value_eur, threshold)

    share_rule = None
    if "min_target_group_share" in overrides:  # e.g. the register's own dated 2.82 rule
        record = {"key": "min_target_group_share", **overrides["min_target_group_share"]}
        share_rule = _override_rule(record, "min_target_group_share", c.date, "NL")
    reservation = reservation_2_82(
        rules, c.date, c.delivery_municipality, c.cpv, organisations, share_rule
    )

    if "sroi" in overrides:
        sroi_rule = _override_rule(overrides["sroi"], "sroi", c.date, c.municipality)
        for ptype in TYPES:
            clause_terms(sroi_rule, ptype)  # validates
    else:
        sroi_rule = pick(rules.sroi_clauses, c.date, c.municipality)
    if sroi_rule is None:
        raise RuleError(f"no SROI clause rule in force on {c.date.isoformat()}")
    sroi = sroi_clause(
        sroi_rule, c.type, c.value_eur, c.duration_months, c.date, c.delivery_municipality, tables
    )

    advice: dict[str, Any] = {
        "case": c.as_dict(),
        "eu_threshold": threshold.as_dict(),
        "procedures": procedures,
        "reservation_2_82": reservation,
        "sroi": sroi,
    }
    advice["text_nl"] = texts.text_block_nl(advice)
    advice["checklist"] = texts.checklist_nl(advice)
    advice["figures"] = figures(advice, threshold.rule, bands_rule, sroi_rule)
    return advice


def figures(
    advice: dict[str, Any], thr: Rule, bands: Rule, sroi_rule: Rule
) -> list[dict[str, Any]]:
    """Every figure used in the advice with its source and valid-from date."""
    out = [
        {
            "figure": "eu_threshold_eur",
            "value": advice["eu_threshold"]["value_eur"],
            "source": thr.source,
            "valid_from": thr.valid_from.isoformat(),
            "status": thr.status,
        }
    ]
    for proc in advice["procedures"]:
        if proc["procedure"] != "european" and proc["band_up_to_eur"] is not None:
            out.append(
                {
                    "figure": f"band_{proc['procedure']}_up_to_eur",
                    "value": proc["band_up_to_eur"],
                    "source": bands.source,
                    "valid_from": bands.valid_from.isoformat(),
                    "status": bands.status,
                }
            )
    for rule in advice["reservation_2_82"]["rules"]:
        out.append(
            {
                "figure": rule["key"],
                "value": rule["value"],
                "source": rule["source"],
                "valid_from": rule["valid_from"],
                "status": rule["status"],
            }
        )
    sroi = advice["sroi"]
    if sroi["percentage"] is not None:
        for name in ("percentage", "min_value_eur"):
            out.append(
                {
                    "figure": f"sroi_{name}",
                    "value": sroi[name],
                    "source": sroi_rule.source,
                    "valid_from": sroi_rule.valid_from.isoformat(),
                    "status": sroi_rule.status,
                }
            )
    for way in sroi["ways"]:
        key = way.get("target_group") or way.get("attribute") or way.get("category") or "hourly"
        value = way.get("value_per_fte_year_eur", way.get("factor", way.get("hourly_value_eur")))
        out.append(
            {
                "figure": f"bouwblok_{way['kind']}_{key}",
                "value": value,
                "source": way["source"],
                "valid_from": way["valid_from"],
                "status": (sroi["bouwblokken_table"] or {}).get("status"),
            }
        )
    return out
