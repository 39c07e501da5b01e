"""Precision, recall and F1 of links against ground truth."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(predicted: Mapping[str, str] | Iterable[tuple[str, str]],
             truth: Mapping[str, str | None]) -> Scores:  # fmt: skip
    """Compare predicted ``supplier_id -> register_id`` with the truth.

    A true positive is a predicted link equal to the true one; a predicted link that
    is wrong (or for a supplier not in the register) is a false positive; a supplier
    in the register without its right link is a false negative (a wrong link counts
    both as a false positive and a false negative).
    """
    pred = dict(predicted.items() if isinstance(predicted, Mapping) else predicted)
    tp = sum(1 for s, r in pred.items() if truth.get(s) == r)
    fp = len(pred) - tp
    positives = sum(1 for r in truth.values() if r is not None)
    return Scores(tp, fp, positives - tp)
