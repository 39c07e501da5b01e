"""Balance and forecast of an SROI obligation from accepted deliveries.

* delivered = the sum of the accepted valuations (a purchase key counted twice is
  reported under ``duplicates`` and counted once);
* expected by ``as_of`` = obligation x the elapsed share of the contract period
  (linear: the pace at which an on-track supplier would deliver);
* forecast at the end = delivered / elapsed share (the current pace continued), and
  delivered + planned (deliveries agreed but not yet accepted).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .valuation import Contract, Valuation


def balance(
    contract: Contract,
    accepted: Iterable[Valuation],
    as_of: date,
    planned: Iterable[Valuation] = (),
    obligation_eur: float | None = None,
) -> dict[str, Any]:
    obligation = contract.obligation_eur if obligation_eur is None else float(obligation_eur)
    if obligation < 0:
        raise ValueError("obligation must be >= 0")
    seen: set[tuple[str, str]] = set()
    duplicates: list[list[str]] = []
    by_kind: dict[str, float] = {}
    delivered = 0.0
    for v in accepted:
        if v.key is not None:
            if v.key in seen:
                duplicates.append(list(v.key))
                continue
            seen.add(v.key)
        delivered += v.value_eur
        by_kind[v.kind] = by_kind.get(v.kind, 0.0) + v.value_eur
    planned_total = 0.0
    for v in planned:
        if v.key is not None and v.key in seen:
            duplicates.append(list(v.key))
            continue
        planned_total += v.value_eur

    if as_of < contract.start:
        elapsed = 0.0
    elif as_of >= contract.end:
        elapsed = 1.0
    else:
        elapsed = ((as_of - contract.start).days + 1) / contract.days
    expected = obligation * elapsed
    forecast_pace = delivered / elapsed if elapsed > 0 else None
    remaining = max(0.0, obligation - delivered)
    return {
        "contract": contract.id,
        "as_of": as_of.isoformat(),
        "obligation_eur": round(obligation, 2),
        "delivered_eur": round(delivered, 2),
        "remaining_eur": round(remaining, 2),
        "fulfilled": delivered >= obligation,
        "percent_delivered": round(100 * delivered / obligation, 1) if obligation else None,
        "by_kind_eur": {k: round(v, 2) for k, v in sorted(by_kind.items())},
        "elapsed_share": round(elapsed, 4),
        "expected_by_now_eur": round(expected, 2),
        "on_track": delivered >= expected,
        "forecast_at_current_pace_eur": None if forecast_pace is None else round(forecast_pace, 2),
        "forecast_with_planned_eur": round(delivered + planned_total, 2),
        "planned_eur": round(planned_total, 2),
        "duplicates": duplicates,
        "method": (
            "expected = obligation x elapsed share of the contract period; forecast at current "
            "pace = delivered / elapsed share; forecast with planned = delivered + planned"
        ),
    }
