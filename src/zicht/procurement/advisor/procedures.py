"""Procedure options from the municipality's purchasing-policy bands.

Bands are data (``rules/procedure_bands.json``, region ``default`` or a municipality's
own GMxxxx/AMxx record) or an override passed in by the caller. Below the EU threshold
the band the value falls in is recommended and every heavier procedure is allowed
(a municipality may always choose more competition, with reasons); lighter ones are
not. At or above the threshold only the European procedure is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .rules import Rule, RuleError
from .thresholds import ThresholdResult

# Heaviness order of procedures; used to say which alternatives are allowed.
ORDER = ("single_quote", "multiple_quotes", "national", "european")
LABELS_NL = {
    "single_quote": "Enkelvoudig onderhands (één offerte)",
    "multiple_quotes": "Meervoudig onderhands (meerdere offertes)",
    "national": "Nationale aanbesteding (openbaar of niet-openbaar)",
    "european": "Europese aanbesteding",
}
LABELS_NL_SOCIAL_EU = (
    "Europese aanbesteding, verlicht regime (sociale en andere specifieke diensten)"
)


def validate_bands(bands: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    for ptype, seq in bands.items():
        if seq is None:
            continue
        last = 0.0
        for i, band in enumerate(seq):
            proc = band.get("procedure")
            if proc not in ORDER or proc == "european":
                raise RuleError(f"band {ptype}[{i}]: unknown or EU procedure {proc!r}")
            up_to = band.get("up_to_eur")
            if up_to is None:
                if i != len(seq) - 1:
                    raise RuleError(f"band {ptype}[{i}]: only the last band may be open-ended")
                continue
            if not isinstance(up_to, int | float) or up_to <= last:
                raise RuleError(f"band {ptype}[{i}]: up_to_eur must increase, got {up_to!r}")
            last = float(up_to)


def procedure_options(
    bands_rule: Rule,
    procurement_type: str,
    value_eur: float,
    threshold: ThresholdResult,
) -> list[dict[str, Any]]:
    """All procedures with status recommended / allowed / not_allowed, recommended first."""
    bands = bands_rule.data.get("bands") or {}
    validate_bands(bands)
    seq = bands.get(procurement_type)
    if not seq:
        raise RuleError(
            f"no purchasing-policy bands for {procurement_type!r} in rule {bands_rule.id!r}"
        )
    provenance = {
        "rule_id": bands_rule.id,
        "source": bands_rule.source,
        "valid_from": bands_rule.valid_from.isoformat(),
        "status": bands_rule.status,
    }
    # Turn bands into [from, up_to) intervals capped at the EU threshold.
    intervals: dict[str, tuple[float, float]] = {}
    lower = 0.0
    for band in seq:
        up = band["up_to_eur"]
        upper = float(threshold.value_eur) if up is None else min(float(up), threshold.value_eur)
        if upper > lower:
            intervals[band["procedure"]] = (lower, upper)
        lower = max(lower, upper)
    if lower < threshold.value_eur:  # bands stop short of the threshold: national fills the gap
        start = intervals.get("national", (lower, lower))[0]
        intervals["national"] = (min(start, lower), float(threshold.value_eur))
    intervals["european"] = (float(threshold.value_eur), float("inf"))

    if threshold.above:
        recommended = "european"
    else:
        recommended = next(p for p, (lo, hi) in intervals.items() if lo <= value_eur < hi)
    rec_index = ORDER.index(recommended)
    options = []
    for proc in ORDER:
        idx = ORDER.index(proc)
        if proc == recommended:
            status = "recommended"
        elif threshold.above:
            status = "not_allowed"
        else:
            status = "allowed" if idx > rec_index else "not_allowed"
        lo, hi = intervals.get(proc, (None, None))
        label = LABELS_NL[proc]
        if proc == "european" and procurement_type == "social_services":
            label = LABELS_NL_SOCIAL_EU
        options.append(
            {
                "procedure": proc,
                "label_nl": label,
                "status": status,
                "band_from_eur": lo,
                "band_up_to_eur": None if hi in (None, float("inf")) else hi,
                "basis": (
                    {
                        "source": threshold.rule.source,
                        "valid_from": threshold.rule.valid_from.isoformat(),
                    }
                    if proc == "european"
                    else provenance
                ),
            }
        )
    rank = {"recommended": 0, "allowed": 1, "not_allowed": 2}
    options.sort(key=lambda o: (rank[o["status"]], ORDER.index(o["procedure"])))
    return options
