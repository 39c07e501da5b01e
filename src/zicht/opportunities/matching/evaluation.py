"""Precision@k per opportunity kind, from stored useful / not-useful judgements.

A judgement is ``(opportunity kind, rank, useful)``: a user looked at the match at
``rank`` (1 = top) of an opportunity of that kind and marked it useful or not. Only
judged matches count (unjudged ones are neither useful nor useless), so the figure is
"judged precision": useful / judged among ranks 1..k. Administrators use it to compare
weight versions per kind (tender, request, question).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class KindPrecision:
    kind: str
    precision: float | None  # None when no judgement at rank <= k
    useful: int
    judged: int
    k: int


def precision_at_k(
    judgements: Iterable[tuple[str, int, bool]], k: int = 10
) -> dict[str, KindPrecision]:
    """Judged precision@k per opportunity kind; judgements below rank k are ignored."""
    useful: dict[str, int] = {}
    judged: dict[str, int] = {}
    for kind, rank, is_useful in judgements:
        rank = int(rank)
        if rank < 1:
            raise ValueError(f"rank must be >= 1, got {rank}")
        judged.setdefault(kind, 0)
        useful.setdefault(kind, 0)
        if rank > k:
            continue
        judged[kind] += 1
        useful[kind] += bool(is_useful)
    return {
        kind: KindPrecision(
            kind,
            useful[kind] / judged[kind] if judged[kind] else None,
            useful[kind],
            judged[kind],
            k,
        )
        for kind in sorted(judged)
    }
