"""Target-group share and art. 2.82 eligibility, with the calculation spelled out.

Plain Python (no Django): the register, the advisor and the tests all call it.
The threshold and the groups that count are a dated rule passed in, never a constant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Rule:
    threshold: Decimal
    counted_groups: tuple[str, ...]
    valid_from: str
    source: str


@dataclass
class Eligibility:
    share: Decimal | None  # None when the total workforce is unknown or zero
    eligible: bool
    counted_fte: Decimal
    total_fte: Decimal | None
    threshold: Decimal
    steps: list[str] = field(default_factory=list)  # the calculation, in words
    rule_source: str = ""
    rule_valid_from: str = ""


def compute(figures: dict[str, Decimal], total_fte: Decimal | None, rule: Rule) -> Eligibility:
    counted = {g: Decimal(f) for g, f in figures.items() if g in rule.counted_groups and f}
    counted_fte = sum(counted.values(), Decimal(0))
    steps = [
        "Counted target groups: "
        + (", ".join(f"{g} {fte:g} FTE" for g, fte in sorted(counted.items())) or "none")
        + f" = {counted_fte:g} FTE"
    ]
    if not total_fte:
        steps.append("Total workforce unknown or zero: no share can be computed.")
        return Eligibility(
            None, False, counted_fte, total_fte, rule.threshold, steps, rule.source, rule.valid_from
        )
    share = (counted_fte / Decimal(total_fte)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    steps.append(f"Share = {counted_fte:g} / {Decimal(total_fte):g} FTE = {share * 100:.1f}%")
    eligible = share >= rule.threshold
    steps.append(
        f"{share * 100:.1f}% {'≥' if eligible else '<'} {rule.threshold * 100:.0f}% "
        f"(rule valid from {rule.valid_from}) → {'eligible' if eligible else 'not eligible'}"
    )
    return Eligibility(
        share,
        eligible,
        counted_fte,
        Decimal(total_fte),
        rule.threshold,
        steps,
        rule.source,
        rule.valid_from,
    )
