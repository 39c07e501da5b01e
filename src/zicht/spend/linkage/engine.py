"""Linking ledger suppliers to register organisations.

``link(register, suppliers, decisions)`` returns at most one :class:`Link` per
supplier:

1. Remembered decisions win: ``decisions[supplier_id]`` is a register id (accepted,
   method ``decision``) or ``"rejected"`` (not in the register).
2. Candidates come from the KvK number (exact and one typing error away), postcode,
   postcode digits + house number, name words + city, and a TF-IDF name search
   (:mod:`.candidates`).
3. Each candidate pair is compared field by field (:mod:`.compare`); the model turns
   the levels into a match probability (:mod:`.model`).
4. Candidates of one supplier compete: at most one of them is the supplier, so a
   candidate's share is ``odds_i / (1 + sum of odds)``; a final Platt step calibrates.
5. The best candidate is ``accepted`` at or above ``upper``, goes to ``review``
   between ``lower`` and ``upper``, and is dropped below ``lower``.

``method`` is ``kvk`` when the KvK numbers agree exactly on the accepted pair,
``fuzzy`` otherwise.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from .candidates import NameIndex, words
from .compare import Prepared, compare, prepare_register, prepare_supplier
from .model import Model, load_model, sigmoid
from .records import (
    ACCEPTED,
    METHOD_DECISION,
    METHOD_FUZZY,
    METHOD_KVK,
    REJECTED,
    REVIEW,
    Evidence,
    Link,
    RegisterEntry,
    SupplierRecord,
)

REJECTED_DECISION = "rejected"
MAX_BLOCK = 60  # a blocking key shared by more register entries than this is not used


def _kvk_wildcards(kvk: str) -> list[str]:
    """Keys that two numbers differing in one digit share: ``1234?678`` …"""
    return [kvk[:i] + "?" + kvk[i + 1 :] for i in range(8)]


def _kvk_swaps(kvk: str) -> list[str]:
    """Numbers with two adjacent digits swapped."""
    return [kvk[:i] + kvk[i + 1] + kvk[i] + kvk[i + 2 :] for i in range(7) if kvk[i] != kvk[i + 1]]


def _block_keys(p: Prepared) -> list[str]:
    keys: list[str] = []
    if len(p.postcode) == 6:
        keys.append("p:" + p.postcode)
    if p.postcode and p.address.number:
        keys.append(f"n:{p.postcode[:4]}:{p.address.number}")
    for v in p.names:
        toks = words(v.core)
        if toks and p.city:
            keys.append(f"c:{' '.join(toks[:2])}:{p.city}")
        if toks:
            keys.append("e:" + " ".join(toks))
    return keys


class _Index:
    def __init__(self, prepared: Sequence[Prepared]) -> None:
        self.by_kvk: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        names: list[str] = []
        owners: list[int] = []
        core_count: Counter[str] = Counter()
        for i, p in enumerate(prepared):
            if p.kvk:
                self.by_kvk[p.kvk].append(i)
                for key in _kvk_wildcards(p.kvk):
                    self.by_kvk[key].append(i)
            for key in set(_block_keys(p)):
                self.by_key[key].append(i)
            for v in p.names:
                names.append(v.core)
                owners.append(i)
            core_count.update({v.core for v in p.names})
        for p in prepared:
            p.name_count = max((core_count[v.core] for v in p.names), default=1)
        self.names = NameIndex(names, owners)

    def blocked(self, s: Prepared) -> set[int]:
        out: set[int] = set()
        if s.kvk:
            by_kvk = self.by_kvk
            for key in (s.kvk, *_kvk_wildcards(s.kvk), *_kvk_swaps(s.kvk)):
                hits = by_kvk.get(key)
                if hits and len(hits) <= MAX_BLOCK:
                    out.update(hits)
        for key in _block_keys(s):
            hits = self.by_key.get(key)
            if hits and len(hits) <= MAX_BLOCK:
                out.update(hits)
        return out


def _compare_chunk(
    index: _Index, reg: Sequence[Prepared], sup: Sequence[Prepared]
) -> list[list[tuple[int, list[tuple[str, str, str]]]]]:
    """Candidates and their comparison levels for each supplier of a chunk."""
    queries: list[tuple[str, bool]] = []
    owners: list[int] = []
    for j, s in enumerate(sup):
        for v in s.names:
            queries.append((v.core, v.truncated))
            owners.append(j)
    by_supplier: list[set[int]] = [set() for _ in sup]
    for j, hits in zip(owners, index.names.search(queries), strict=True):
        by_supplier[j].update(i for i, _ in hits)
    pairs = []
    for j, s in enumerate(sup):
        cands = by_supplier[j] | index.blocked(s)
        pairs.append([(i, compare(s, reg[i], explain=False)) for i in sorted(cands)])
    return pairs


def candidate_pairs(
    register: Sequence[RegisterEntry],
    suppliers: Sequence[SupplierRecord],
) -> tuple[list[Prepared], list[Prepared], list[list[tuple[int, list[tuple[str, str, str]]]]]]:
    """Prepare both sides and compare each supplier with its candidates (for training).

    Returns (prepared register, prepared suppliers, per supplier a list of
    (register index, comparison levels)).
    """
    reg = [prepare_register(r) for r in register]
    sup = [prepare_supplier(s) for s in suppliers]
    index = _Index(reg)
    return reg, sup, _compare_chunk(index, reg, sup)


def _evidence(model: Model, levels: list[tuple[str, str, str]]) -> tuple[float, list[Evidence]]:
    z = model.intercept
    ev: list[Evidence] = []
    for field_name, level, detail in levels:
        w = model.weight(field_name, level)
        z += w
        ev.append(Evidence(field_name, level, round(w, 3), detail))
    return z, ev


def link(
    register: Sequence[RegisterEntry],
    suppliers: Sequence[SupplierRecord],
    decisions: Mapping[str, str] | None = None,
    upper: float | None = None,
    lower: float | None = None,
    *,
    model: Model | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
) -> list[Link]:
    """Link suppliers to register entries; see the module docstring.

    ``decisions`` maps a supplier id to a register id or ``"rejected"`` (decisions a
    person made earlier for this municipality). ``upper`` / ``lower`` default to the
    model's thresholds. Returns links in supplier order: accepted and review links,
    decision links (including ``rejected`` ones, with ``register_id=None``).
    Suppliers whose best candidate scores below ``lower`` get no link.

    ``workers > 1`` splits the suppliers over that many forked processes (POSIX
    only; falls back to one process elsewhere). Results are identical.
    """
    model = model or load_model()
    upper = model.upper if upper is None else upper
    lower = model.lower if lower is None else lower
    if not 0.0 <= lower <= upper <= 1.0:
        raise ValueError(f"need 0 <= lower <= upper <= 1, got lower={lower} upper={upper}")
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    reg = [prepare_register(r) for r in register]
    index = _Index(reg)
    say(f"indexed {len(reg)} register entries ({time.perf_counter() - t0:.1f}s)")
    t0 = time.perf_counter()
    job = _Job(index, reg, list(suppliers), dict(decisions or {}), model, upper, lower)
    n = len(job.suppliers)
    workers = max(1, min(workers, n // 2000 or 1))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        bounds = [(k * n // workers, (k + 1) * n // workers) for k in range(workers)]
        global _JOB
        _JOB = job
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_run_forked, bounds)
        finally:
            _JOB = None
        links = [lk for part in parts for lk in part]
    else:
        links = []
        step = 10_000
        for start in range(0, n, step):
            links.extend(job.run(start, min(n, start + step)))
            if n > step:
                say(f"linked {min(n, start + step)}/{n} suppliers")
    say(f"linked {n} suppliers in {workers} process{'es' if workers > 1 else ''} "
        f"({time.perf_counter() - t0:.1f}s)")  # fmt: skip
    return links


class _Job:
    """Everything needed to link a range of suppliers (shared with forked workers)."""

    def __init__(self, index, reg, suppliers, decisions, model, upper, lower) -> None:
        self.index, self.reg, self.suppliers = index, reg, suppliers
        self.decisions, self.model, self.upper, self.lower = decisions, model, upper, lower
        self.reg_pos = {p.key: i for i, p in enumerate(reg)}

    def run(self, start: int, stop: int) -> list[Link]:
        sup = [prepare_supplier(s) for s in self.suppliers[start:stop]]
        pairs = _compare_chunk(self.index, self.reg, sup)
        return [lk for s, row in zip(sup, pairs, strict=True) if (lk := self.decide(s, row))]

    def decide(self, s: Prepared, row) -> Link | None:
        model, reg = self.model, self.reg
        decided = self.decisions.get(s.key)
        stale: list[Evidence] = []
        if decided is not None:
            if decided == REJECTED_DECISION:
                ev = (Evidence("decision", "rejected", 0.0, "remembered decision"),)
                return Link(s.key, None, 0.0, METHOD_DECISION, REJECTED, ev)
            if decided in self.reg_pos:
                _, evs = _evidence(model, compare(s, reg[self.reg_pos[decided]]))
                evs.append(Evidence("decision", "accepted", 0.0, "remembered decision"))
                return Link(s.key, decided, 1.0, METHOD_DECISION, ACCEPTED, tuple(evs))
            stale = [Evidence("decision", "stale", 0.0, f"register id {decided!r} is gone")]
        best = score_candidates(model, row, lambda i: compare(s, reg[i]))
        if best is None:
            return None
        i, score, evs = best
        score = round(score, 4)  # the status follows the score as written
        if score < self.lower:
            return None
        kvk_exact = any(e.field == "kvk" and e.level == "exact" for e in evs)
        return Link(
            supplier_id=s.key,
            register_id=reg[i].key,
            score=score,
            method=METHOD_KVK if kvk_exact else METHOD_FUZZY,
            status=ACCEPTED if score >= self.upper else REVIEW,
            explanation=tuple(evs + stale),
        )


_JOB: _Job | None = None


def _run_forked(bounds: tuple[int, int]) -> list[Link]:
    assert _JOB is not None
    return _JOB.run(*bounds)


def score_candidates(
    model: Model,
    row: list[tuple[int, list[tuple[str, str, str]]]],
    explain: Callable[[int], list[tuple[str, str, str]]] | None = None,
) -> tuple[int, float, list[Evidence]] | None:
    """Best candidate of one supplier: (register index, calibrated score, evidence).

    ``explain(i)`` recomputes the comparison with details for the evidence.
    """
    if not row:
        return None
    scored = sorted(((model.logit(levels), i, levels) for i, levels in row), key=lambda t: -t[0])
    z_best, i_best, levels = scored[0]
    # odds of each candidate; at most one candidate is the supplier
    odds = [math.exp(min(z, 50.0)) for z, _, _ in scored]
    share = odds[0] / (1.0 + sum(odds))
    _, ev = _evidence(model, explain(i_best) if explain else levels)
    rivals = sum(1 for o in odds[1:] if o > 0.05)
    if rivals:
        shift = _logit(share) - _logit(sigmoid(z_best))
        ev.append(Evidence("competition", f"{rivals}_rivals", round(shift, 3),
                           "other register entries are also plausible"))  # fmt: skip
    return i_best, model.calibrate(share), ev


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))
