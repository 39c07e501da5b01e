"""Linking ledger suppliers to register organisations.

``link(register, suppliers, decisions)`` returns at most one :class:`Link` per
supplier:

1. Remembered decisions win: ``decisions[supplier_id]`` is a register id (accepted,
   method ``decision``) or ``"rejected"`` (not in the register).
2. Candidates come from the KvK number (exact and one typing error away), postcode,
   postcode digits + house number, name words + city, and a TF-IDF name search
   (:mod:`.candidates`).
3. Each candidate pair is compared field by field, all pairs at once
   (:mod:`.pairs`; :mod:`.compare` does one pair, with details, for explanations); the
   model turns the levels into log-odds (:mod:`.model`).
4. Candidates of one supplier compete: at most one of them is the supplier, so a
   candidate's share is ``odds_i / (1 + sum of odds)``; an isotonic mapping stored
   with the model turns the share into a calibrated score.
5. The best candidate is ``accepted`` at or above ``upper``, goes to ``review``
   between ``lower`` and ``upper``, and is dropped below ``lower``.

``method`` is ``kvk`` when the KvK numbers agree exactly on the accepted pair,
``fuzzy`` otherwise.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from operator import attrgetter

import numpy as np

from .candidates import NameIndex, unique_ints
from .compare import CleanedSuppliers, Prepared, compare, prepare_register, prepare_registers
from .gcpause import paused_gc
from .model import Model, load_model, sigmoid
from .names import NameVariant
from .pairs import FIELDS, LEVELS, Codes, Columns, compare_pairs, logits, weight_table
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
MIN_PER_WORKER = 5000  # fewer suppliers per process: not worth forking
MAX_BLOCK = 60  # a blocking key shared by more register entries than this is not used


_POWERS = 10 ** np.arange(7, -1, -1, dtype=np.int64)


def default_workers() -> int:
    """The number of processes ``zicht link`` uses unless told otherwise: 2 where
    processes can be forked, there are at least 2 CPUs and one of them is free (the
    load average of the last minute is at most the number of CPUs - 1); else 1.
    ``link`` itself still uses one process for fewer than ``2 * MIN_PER_WORKER``
    suppliers. (A second process costs about 15% more CPU time in all; on a machine
    busy with other work that costs more wall time than it saves.)"""
    cpus = os.cpu_count() or 1
    if cpus < 2 or not _can_fork():
        return 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return 2 if load <= cpus - 1 else 1


def _can_fork() -> bool:
    """POSIX fork is available and this is not a daemonic process (a pool worker,
    which may not have children of its own)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _expand(owner: np.ndarray, start: np.ndarray, length: np.ndarray, values: np.ndarray):
    """For each i, ``owner[i]`` paired with ``values[start[i] : start[i] + length[i]]``."""
    total = int(length.sum())
    if not total:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ends = np.cumsum(length)
    offsets = np.arange(total) - np.repeat(ends - length - start, length)
    return np.repeat(owner, length), values[offsets]


_TYPE_SHIFT, _A_SHIFT = 61, 31


def _block_keys(c: Columns) -> tuple[np.ndarray, np.ndarray]:
    """Blocking keys as int64 (record position, key): the postcode; the four postcode
    digits with the house number; per name, its first two words with the place; and
    the whole name (words without articles). Built from the shared string codes, so
    equal keys on both sides are equal integers."""
    n = len(c.kvk)
    rec = np.arange(n, dtype=np.int64)
    parts_rec, parts_key = [], []

    def add(kind: int, where: np.ndarray, owner: np.ndarray, a: np.ndarray, b) -> None:
        parts_rec.append(owner[where])
        b_part = b[where] if isinstance(b, np.ndarray) else b
        parts_key.append((kind << _TYPE_SHIFT) | (a[where] << _A_SHIFT) | b_part)

    # (a code < 0 is an empty value or, on the supplier side, one the register lacks)
    add(0, c.pc6 & (c.postcode >= 0), rec, c.postcode, 0)
    add(1, (c.pc4 >= 0) & (c.number >= 0), rec, c.pc4 * 100_000 + c.number, 0)
    v_city = c.city[c.v_owner]
    add(2, (c.v_tok2 >= 0) & (v_city >= 0), c.v_owner, c.v_tok2, v_city)
    add(3, c.v_noart >= 0, c.v_owner, c.v_noart, 0)
    return np.concatenate(parts_rec), np.concatenate(parts_key)


class _Blocks:
    """Blocking keys of the register, sorted, with the register entries of each."""

    def __init__(self, columns: Columns) -> None:
        rec, key = _block_keys(columns)
        order = np.lexsort((rec, key))
        rec, key = rec[order], key[order]
        # one row per (key, entry)
        new = np.ones(len(key), dtype=bool)
        new[1:] = (key[1:] != key[:-1]) | (rec[1:] != rec[:-1])
        rec, key = rec[new], key[new]
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if len(key) else (
            np.zeros(0, np.int64))  # fmt: skip
        self.keys = key[starts]
        self.starts = starts.astype(np.int64)
        self.counts = np.diff(np.append(self.starts, len(key))).astype(np.int64)
        self.entries = rec

    def pairs(self, columns: Columns) -> tuple[np.ndarray, np.ndarray]:
        """(supplier position, register position) for every usable key they share."""
        pos, key = _block_keys(columns)
        if not len(self.keys):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        at = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        use = (self.keys[at] == key) & (self.counts[at] <= MAX_BLOCK)
        at = at[use]
        return _expand(pos[use], self.starts[at], self.counts[at], self.entries)


class _Index:
    def __init__(self, prepared: Sequence[Prepared]) -> None:
        variants = list(chain.from_iterable(map(attrgetter("names"), prepared)))
        names = list(map(attrgetter("core"), variants))
        counts = np.fromiter(map(len, map(attrgetter("names"), prepared)), np.int64,
                             len(prepared))  # fmt: skip
        owners = np.repeat(np.arange(len(prepared), dtype=np.int64), counts)
        tokens = list(map(attrgetter("tokens"), variants))
        # the core names of one entry are distinct, so this counts entries per name
        core_count = Counter(names)
        for p in prepared:
            if len(p.names) == 1:
                p.name_count = core_count[p.names[0].core]
            else:
                p.name_count = max((core_count[v.core] for v in p.names), default=1)
        self.name_count = np.fromiter((p.name_count for p in prepared), np.int64, len(prepared))
        self.names = NameIndex(names, owners, tokens)
        self.codes = Codes()
        self.columns = Columns(prepared, self.codes)
        self.blocks = _Blocks(self.columns)
        self.kvk_order = np.argsort(self.columns.kvk, kind="stable")
        self.kvk_sorted = self.columns.kvk[self.kvk_order]
        self._kvk_blanked: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def kvk_blanked(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per register KvK number, its 8 "digit blanked" keys (sorted), with the first
        holder and the number itself; built on first use."""
        if self._kvk_blanked is None:
            numbers, first = np.unique(self.kvk_sorted, return_index=True)
            holder = self.kvk_order[first][numbers >= 0]
            numbers = numbers[numbers >= 0]
            keys = _blanked(numbers)  # (n, 8)
            order = np.argsort(keys.ravel(), kind="stable")
            self._kvk_blanked = (keys.ravel()[order], np.repeat(holder, 8)[order],
                                 np.repeat(numbers, 8)[order])  # fmt: skip
        return self._kvk_blanked

    def complete(self) -> _Index:
        """Build the parts otherwise built on first use (before sharing the index with
        several processes, so that each does not build them again)."""
        self.kvk_blanked()
        self.names.delete_keys()
        return self

    def kvk_exact(self, sup_kvk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(supplier position, register position) for equal KvK numbers."""
        ask = np.nonzero(sup_kvk >= 0)[0]
        left = np.searchsorted(self.kvk_sorted, sup_kvk[ask], side="left")
        right = np.searchsorted(self.kvk_sorted, sup_kvk[ask], side="right")
        return _expand(ask, left, right - left, self.kvk_order)

    def kvk_typos(self, sup_kvk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(supplier position, register position) for suppliers whose KvK number is not
        in the register but one typing error away from a number that is (one digit
        replaced, or two adjacent digits swapped); the first holder of each number.

        Replaced digits: both sides get one key per digit position (the number with
        that digit blanked); equal keys differ in at most that digit. Swaps: the
        supplier's number with two adjacent digits swapped, looked up exactly."""
        at = np.minimum(np.searchsorted(self.kvk_sorted, sup_kvk), len(self.kvk_sorted) - 1)
        known = self.kvk_sorted[at] == sup_kvk if len(self.kvk_sorted) else sup_kvk < -1
        ask = np.nonzero((sup_kvk >= 0) & ~known)[0]
        if not len(ask) or not len(self.kvk_sorted):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        b_keys, b_holder, b_number = self.kvk_blanked()
        numbers = sup_kvk[ask]
        # the order of the pairs does not matter (the caller sorts them), and sorted
        # queries make ``searchsorted`` several times faster: sort (key, owner) as one
        # int64 (keys < 9 * 10**8 < 2**30, owners < 2**32)
        packed = np.sort((_blanked(numbers).ravel() << 32) | np.repeat(ask, 8))
        keys, owner = packed >> 32, packed & 0xFFFFFFFF
        left = np.searchsorted(b_keys, keys, side="left")
        right = np.searchsorted(b_keys, keys, side="right")
        s_sub, k_sub = _expand(owner, left, right - left, np.arange(len(b_keys)))
        # the supplier's own number cannot be in the register (not asked otherwise)
        s_parts, r_parts = [s_sub], [b_holder[k_sub]]
        digits = (numbers[:, None] // _POWERS[None, :]) % 10
        swaps = (
            numbers[:, None]
            + (digits[:, 1:] - digits[:, :-1]) * _POWERS[None, :-1]
            + (digits[:, :-1] - digits[:, 1:]) * _POWERS[None, 1:]
        ).ravel()  # (n * 7): equal to the number where the two digits are equal
        swap_owner = np.repeat(ask, 7)
        hit = np.minimum(np.searchsorted(self.kvk_sorted, swaps), len(self.kvk_sorted) - 1)
        found = (self.kvk_sorted[hit] == swaps) & (swaps != np.repeat(numbers, 7))
        s_parts.append(swap_owner[found])
        r_parts.append(self.kvk_order[hit[found]])
        return np.concatenate(s_parts), np.concatenate(r_parts)


def _blanked(numbers: np.ndarray) -> np.ndarray:
    """Per 8-digit number, 8 keys: position * 10**8 + the number with that digit zeroed."""
    digits = (numbers[:, None] // _POWERS[None, :]) % 10
    rest = numbers[:, None] - digits * _POWERS[None, :]
    return np.arange(8, dtype=np.int64)[None, :] * 10**8 + rest


def _candidates(
    index: _Index, sup: Sequence[Prepared], cols: Columns
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (supplier position, register position), sorted, no duplicates."""
    # one query per name variant (the columns list them supplier by supplier)
    q_rows, name_hits = index.names.search_tokens(
        list(map(attrgetter("tokens"), cols.variants)), cols.v_trunc
    )
    si_parts = [cols.v_owner[q_rows]]
    ri_parts = [name_hits]
    sup_kvk = cols.kvk
    for s_part, r_part in (
        index.blocks.pairs(cols),
        index.kvk_exact(sup_kvk),
        index.kvk_typos(sup_kvk),
    ):
        si_parts.append(s_part)
        ri_parts.append(r_part)
    si, ri = np.concatenate(si_parts), np.concatenate(ri_parts)
    width = max(len(index.columns.kvk), 1)
    key = unique_ints(si * width + ri)
    return key // width, key % width


class Scored:
    """All candidate pairs of a batch of suppliers with levels, log-odds and the best one."""

    def __init__(
        self, index: _Index, sup: CleanedSuppliers | Sequence[Prepared], model: Model
    ) -> None:
        self.sup = sup
        if isinstance(sup, CleanedSuppliers):
            self.cols = Columns.from_cleaned(sup, index.codes)
        else:
            self.cols = Columns(sup, index.codes, grow=False)
        self.si, self.ri = _candidates(index, sup, self.cols)
        self.levels, self.name_sim, self.best_sv, self.best_rv = compare_pairs(
            self.cols, index.columns, self.si, self.ri
        )
        self.score(model)

    def score(self, model: Model) -> None:
        """Log-odds per pair; per supplier the best pair, its share and its rivals."""
        self.z = logits(model, self.levels)
        n = len(self.sup)
        # best candidate per supplier (ties: lowest register position) and its share:
        # at most one candidate is the supplier, so share = odds / (1 + sum of odds)
        order = np.lexsort((-self.z, self.si))
        ordered = self.si[order]
        first = (
            order[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(order) else order
        )
        odds = np.exp(np.minimum(self.z, 50.0))
        total = np.bincount(self.si, weights=odds, minlength=n)
        plausible = np.bincount(self.si, weights=(odds > 0.05).astype(float), minlength=n)
        self.best = np.full(n, -1, dtype=np.int64)  # pair index of the best candidate
        self.best[self.si[first]] = first
        self.share = np.zeros(n)
        self.rivals = np.zeros(n, dtype=np.int64)
        has = self.best >= 0
        b = self.best[has]
        self.share[has] = odds[b] / (1.0 + total[has])
        self.rivals[has] = (plausible[has] - (odds[b] > 0.05)).astype(np.int64)


def candidate_pairs(
    register: Sequence[RegisterEntry], suppliers: Sequence[SupplierRecord], model: Model
) -> tuple[list[Prepared], Scored]:
    """Prepared register and every candidate pair with its levels (for training)."""
    reg = prepare_registers(register)
    index = _Index(reg)
    return reg, Scored(index, CleanedSuppliers(suppliers), model)


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
    explain: bool = True,
) -> list[Link]:
    """Link suppliers to register entries; see the module docstring.

    ``decisions`` maps a supplier id to a register id or ``"rejected"`` (decisions a
    person made earlier for this municipality). ``upper`` / ``lower`` default to the
    model's thresholds. Returns links in supplier order: accepted and review links,
    decision links (including ``rejected`` ones, with ``register_id=None``).
    Suppliers whose best candidate scores below ``lower`` get no link.

    ``workers > 1`` (POSIX only; one process elsewhere, and for fewer than
    ``2 * MIN_PER_WORKER`` suppliers) forks: the register index is built in a child
    process while this one cleans the suppliers, then the suppliers are split over
    ``workers`` processes. The result is the same. :func:`default_workers` gives what
    the command line uses (2 on a machine with 2 or more CPUs when one of them is
    free). Forking is left to the caller's choice because a multi-threaded host
    process (a web server) may not want it. ``explain=False`` leaves
    ``Link.explanation`` empty (faster for bulk runs that only need the links).
    """
    model = model or load_model()
    upper = model.upper if upper is None else upper
    lower = model.lower if lower is None else lower
    if not 0.0 <= lower <= upper <= 1.0:
        raise ValueError(f"need 0 <= lower <= upper <= 1, got lower={lower} upper={upper}")
    with paused_gc():
        return _link(register, suppliers, decisions, upper, lower, model, progress, workers,
                     explain)  # fmt: skip


def _link(register, suppliers, decisions, upper, lower, model, progress, workers, explain):
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    suppliers = list(suppliers)
    n = len(suppliers)
    workers = max(1, min(workers, n // MIN_PER_WORKER or 1))
    if workers > 1 and not _can_fork():
        workers = 1
    if workers > 1:
        # the register index is built in a forked process while this one cleans the
        # suppliers; the index comes back without its record objects (the few
        # register entries an explanation needs are cleaned again, see _Job.entry)
        index, sup = _index_beside(register, lambda: CleanedSuppliers(suppliers))
        reg = None
    else:
        reg = prepare_registers(register)
        index, sup = _Index(reg), None
    say(f"indexed {len(register)} register entries ({time.perf_counter() - t0:.1f}s)")
    t0 = time.perf_counter()
    job = _Job(index, reg, register, suppliers, sup, dict(decisions or {}), model, upper, lower,
               explain)  # fmt: skip
    if workers > 1:
        bounds = [(k * n // workers, (k + 1) * n // workers) for k in range(workers)]
        links = _run_parallel(job, bounds)
    else:
        links = []
        step = 25_000
        for start in range(0, n, step):
            links.extend(job.run(start, min(n, start + step)))
            if n > step:
                say(f"linked {min(n, start + step)}/{n} suppliers")
    say(f"linked {n} suppliers in {workers} process{'es' if workers > 1 else ''} "
        f"({time.perf_counter() - t0:.1f}s)")  # fmt: skip
    return links


def _index_beside(
    register, work: Callable[[], CleanedSuppliers]
) -> tuple[_Index, CleanedSuppliers]:
    """``_Index(prepare_registers(register))`` in a forked process, and ``work()`` here
    meanwhile; the index is sent back pickled (arrays and strings only)."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_build_index, args=(register, send), daemon=True)
    proc.start()
    send.close()
    try:
        done = work()
        ok, result = receive.recv()
        if not ok:
            raise RuntimeError(f"linking worker failed:\n{result}")
    finally:
        receive.close()
        _reap(proc)
    return result, done


def _build_index(register, send) -> None:
    try:
        result = (True, _Index(prepare_registers(register)).complete())
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        result = (False, traceback.format_exc())
    send.send(result)
    send.close()


def _reap(proc) -> None:
    proc.join(timeout=5)
    if proc.is_alive():
        proc.kill()
        proc.join()


class _Job:
    """Everything needed to link a range of suppliers (shared with forked workers).

    ``reg`` is the list of prepared register entries, or ``None`` when the index was
    built in another process: then the entries an explanation or a decision needs are
    prepared again from ``register`` (the same cleaning, one entry at a time).
    ``sup`` holds the cleaned suppliers (:class:`CleanedSuppliers`) when they were
    cleaned already; a supplier's :class:`Prepared` record is only made when an
    explanation or a decision needs it."""

    def __init__(self, index, reg, register, suppliers, sup, decisions, model, upper, lower,
                 explain) -> None:  # fmt: skip
        self.index, self.reg, self.suppliers, self.sup = index, reg, suppliers, sup
        self.register = register
        self.decisions, self.model, self.upper, self.lower = decisions, model, upper, lower
        self.explain = explain
        self.reg_keys = [p.key for p in reg] if reg is not None else [r.id for r in register]
        self.reg_pos = {key: i for i, key in enumerate(self.reg_keys)}
        self.weights = weight_table(model)
        self._entries: dict[int, Prepared] = {}

    def entry(self, i: int) -> Prepared:
        """The prepared register entry at position ``i``."""
        if self.reg is not None:
            return self.reg[i]
        p = self._entries.get(i)
        if p is None:
            p = self._entries[i] = prepare_register(self.register[i])
            p.name_count = int(self.index.name_count[i])
        return p

    def reg_variant(self, rv: int) -> NameVariant:
        """Register name variant ``rv`` (a position in the index's variant columns)."""
        cols = self.index.columns
        if cols.variants is not None:
            return cols.variants[rv]
        i = int(cols.v_owner[rv])
        return self.entry(i).names[rv - int(cols.v_start[i])]

    def run(self, start: int, stop: int) -> list[Link]:
        if self.sup is not None:
            sup = self.sup.slice(start, stop)
        else:
            sup = CleanedSuppliers(self.suppliers[start:stop])
        batch = Scored(self.index, sup, self.model)
        scores = np.round(_calibrate(self.model, batch.share), 4)
        # suppliers with a candidate at or above ``lower``, and those with a decision
        linked = np.flatnonzero((batch.best >= 0) & (scores >= self.lower))
        todo = linked.tolist()
        if self.decisions:
            decided_at = [j for j, key in enumerate(sup.keys) if key in self.decisions]
            todo = sorted(set(todo).union(decided_at))
        is_linked = set(linked.tolist())
        k_of = batch.best.tolist()
        score_of = scores.tolist()
        out: list[Link] = []
        keys = sup.keys
        for j in todo:
            key = keys[j]
            decided = self.decisions.get(key)
            stale: list[Evidence] = []
            if decided is not None:
                if decided == REJECTED_DECISION:
                    ev = (Evidence("decision", "rejected", 0.0, "remembered decision"),)
                    out.append(Link(key, None, 0.0, METHOD_DECISION, REJECTED, ev))
                    continue
                if decided in self.reg_pos:
                    found = compare(sup[j], self.entry(self.reg_pos[decided]))
                    _, evs = _evidence(self.model, found)
                    evs.append(Evidence("decision", "accepted", 0.0, "remembered decision"))
                    out.append(Link(key, decided, 1.0, METHOD_DECISION, ACCEPTED, tuple(evs)))
                    continue
                stale = [Evidence("decision", "stale", 0.0, f"register id {decided!r} is gone")]
            if j not in is_linked:
                continue
            out.append(self._link(sup, key, batch, j, k_of[j], score_of[j], stale))
        return out

    def _link(self, sup, key: str, batch: Scored, j: int, k: int, score: float, stale) -> Link:
        i = int(batch.ri[k])
        kvk_exact = LEVELS["kvk"][int(batch.levels["kvk"][k])] == "exact"
        method = METHOD_KVK if kvk_exact else METHOD_FUZZY
        status = ACCEPTED if score >= self.upper else REVIEW
        if not self.explain:
            return Link(key, self.reg_keys[i], score, method, status, tuple(stale))
        s = sup[j]
        sv, rv = int(batch.best_sv[k]), int(batch.best_rv[k])
        match = (
            float(batch.name_sim[k]),
            batch.cols.variants[sv] if sv >= 0 else None,
            self.reg_variant(rv) if rv >= 0 else None,
        )
        details = {f: d for f, _, d in compare(s, self.entry(i), True, match)}
        evs = []
        for f in FIELDS:
            code = int(batch.levels[f][k])
            evs.append(Evidence(f, LEVELS[f][code], round(float(self.weights[f][code]), 3),
                                details.get(f, "")))  # fmt: skip
        if batch.rivals[j]:
            shift = _logit(float(batch.share[j])) - _logit(sigmoid(float(batch.z[k])))
            evs.append(Evidence("competition", f"{batch.rivals[j]}_rivals", round(shift, 3),
                                "other register entries are also plausible"))  # fmt: skip
        return Link(key, self.reg_keys[i], score, method, status, tuple(evs + stale))


def _calibrate(model: Model, share: np.ndarray) -> np.ndarray:
    if model.calibration_x:
        return np.interp(share, model.calibration_x, model.calibration_y)
    return np.array([model.calibrate(float(p)) for p in share])


def _run_parallel(job: _Job, bounds: list[tuple[int, int]]) -> list[Link]:
    """``job.run`` on each range: the first in this process, the others in forked
    children (which share the register index with this process copy-on-write and
    send back only their links)."""
    ctx = multiprocessing.get_context("fork")
    children = []
    for b in bounds[1:]:
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_run_forked, args=(job, b, send), daemon=True)
        proc.start()
        send.close()
        children.append((proc, receive))
    try:
        links = job.run(*bounds[0])
        for _proc, receive in children:
            ok, result = receive.recv()
            if not ok:
                raise RuntimeError(f"linking worker failed:\n{result}")
            links.extend(result)
    finally:
        for proc, receive in children:
            receive.close()
            _reap(proc)
    return links


def _run_forked(job: _Job, bounds: tuple[int, int], send) -> None:
    try:
        result = (True, job.run(*bounds))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        result = (False, traceback.format_exc())
    send.send(result)
    send.close()


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))
