"""Comparing many candidate pairs at once (numpy arrays + ``rapidfuzz.process.cpdist``).

Gives exactly the levels :func:`zicht.spend.linkage.compare.compare` gives one pair
at a time (a test checks this on thousands of pairs); the per-pair function stays
for explanations, where the compared values are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, filterfalse, repeat

import numpy as np
from rapidfuzz import fuzz, process

from .candidates import unique_ints
from .compare import NAME_LEVELS, CleanedSuppliers, Prepared
from .legal_forms import LEGAL_FORMS

LEVELS: dict[str, tuple[str, ...]] = {
    "kvk": ("missing", "exact", "close", "differ"),
    "name": ("low", "ge65", "ge80", "ge90_unique", "ge90_common", "ge95_unique", "ge95_common",
             "exact_unique", "exact_common"),
    "legal_form": ("missing", "same", "differ"),
    "postcode": ("missing", "exact", "pc4", "differ"),
    "house_number": ("missing", "exact", "number", "differ"),
    "street": ("missing", "exact", "similar", "differ"),
    "city": ("missing", "exact", "similar", "differ"),
}  # fmt: skip
FIELDS = tuple(LEVELS)
_FORM_BIT = {form: 1 << k for k, form in enumerate(LEGAL_FORMS)}
_NAME_CODE = {level: k for k, level in enumerate(LEVELS["name"])}


class Codes:
    """Shared string -> int codes, so both sides compare as integers (one table per kind
    of value: ``codes.table(kind)`` maps strings to codes, ``""`` to -1)."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, int]] = {}

    def table(self, kind: str) -> dict[str, int]:
        table = self.tables.get(kind)
        if table is None:
            table = self.tables[kind] = {"": -1}
        return table

    def names(self, kind: str) -> list[str]:
        """The strings of one kind, by code."""
        out = [""] * (len(self.table(kind)) - 1)
        for value, code in self.table(kind).items():
            if code >= 0:
                out[code] = value
        return out

    def __call__(self, value: str, kind: str = "") -> int:
        table = self.table(kind)
        code = table.get(value)
        if code is None:
            code = table[value] = len(table) - 1
        return code


def _encode(values: list[str], table: dict[str, int]) -> np.ndarray:
    """Codes of ``values`` in ``table`` (new values get new codes in order of first
    appearance; ``""`` is -1). The loops run in C: the new distinct values are
    added to the table in one ``update``, then every value is looked up."""
    new = list(filterfalse(table.__contains__, dict.fromkeys(values)))
    if new:
        table.update(zip(new, range(len(table) - 1, len(table) - 1 + len(new)), strict=True))
    return np.fromiter(map(table.__getitem__, values), np.int64, len(values))


UNKNOWN = -2  # a value the other side does not have (see Columns: ``grow=False``)


def _lookup(values: list[str], table: dict[str, int]) -> np.ndarray:
    """Codes of ``values`` in ``table`` without adding any: ``UNKNOWN`` if absent."""
    return np.fromiter(map(table.get, values, repeat(UNKNOWN)), np.int64, len(values))


def _codes(values: list[str], table: dict[str, int]) -> np.ndarray:
    """Like :func:`_encode`, through the distinct values (most values repeat)."""
    distinct = list(dict.fromkeys(values))
    lookup = dict(zip(distinct, _encode(distinct, table).tolist(), strict=True))
    return np.fromiter(map(lookup.__getitem__, values), np.int64, len(values))


class Columns:
    """Prepared records as columns (built in one pass over the records).

    The register side is built with ``grow=True`` (every value gets a code); the
    supplier side with ``grow=False``: names, name keys and postcodes the register
    does not have get the code ``UNKNOWN`` (-2) instead of a code of their own, since
    they are only ever compared with register values (``-1`` still means empty)."""

    def __init__(self, prepared: Sequence[Prepared], codes: Codes, grow: bool = True) -> None:
        n = len(prepared)
        self.prepared = prepared
        kvk = [int(p.kvk) if p.kvk else -1 for p in prepared]
        postcode = [p.postcode for p in prepared]
        addresses = [p.address for p in prepared]
        number = [int(a.number) if a.number else -1 for a in addresses]
        suffix = ["#" + a.suffix for a in addresses]
        street = [a.street for a in addresses]
        city = [p.city for p in prepared]
        common = [p.name_count > 1 for p in prepared]
        counts = [len(p.names) for p in prepared]
        variants = [v for p in prepared for v in p.names]
        self.kvk = np.array(kvk, dtype=np.int64)
        powers = 10 ** np.arange(7, -1, -1, dtype=np.int64)
        self.kvk_digits = (np.maximum(self.kvk, 0)[:, None] // powers[None, :]) % 10
        encode = _encode if grow else _lookup
        self.postcode = (_codes if grow else _lookup)(postcode, codes.table("postcode"))
        pc4 = [pc[:4] for pc in postcode]
        self.pc4 = np.array([int(x) if x else -1 for x in pc4], dtype=np.int64)
        self.pc6 = np.array([len(pc) == 6 for pc in postcode], dtype=bool)
        self.number = np.array(number, dtype=np.int64)
        # the empty suffix is a value here (12 and 12 compare as equal suffixes)
        suffix_table = codes.table("suffix")
        self.suffix = _codes(suffix, suffix_table)
        self.codes = codes
        self.street = street
        self.street_obj = np.array(street, dtype=object)
        self.street_code = _codes(street, codes.table("street"))
        self.city = _codes(city, codes.table("city"))
        self.common = np.array(common, dtype=bool)
        self.v_count = np.array(counts, dtype=np.int64)
        self.v_start = np.concatenate(([0], np.cumsum(self.v_count)[:-1])) if n else self.v_count
        self.variants = variants
        self.v_core = [v.core for v in variants]
        self.v_core_obj = np.array(self.v_core, dtype=object)
        self.v_sorted_obj = np.array(
            [" ".join(sorted(c.split())) if " " in c else c for c in self.v_core], dtype=object
        )
        self.v_is_sorted = self.v_sorted_obj == self.v_core_obj
        self.v_code = encode(self.v_core, codes.table("name"))
        tokens = [v.tokens for v in variants]
        noart = list(map(" ".join, tokens))
        self.v_noart = encode(noart, codes.table("noart"))
        tok2 = [a if len(t) < 3 else f"{t[0]} {t[1]}" for a, t in zip(noart, tokens, strict=True)]
        self.v_tok2 = encode(tok2, codes.table("tok2"))
        self.v_owner = np.repeat(np.arange(n, dtype=np.int64), self.v_count)
        self.v_trunc = np.array([v.truncated for v in variants], dtype=bool)
        self.v_len = np.array([len(c) for c in self.v_core], dtype=np.int64)
        forms = [v.forms for v in variants]
        bits = {f: _forms_bits(f) for f in set(forms)}  # a few distinct sets
        self.v_forms = np.fromiter(map(bits.__getitem__, forms), np.int64, len(forms))

    @classmethod
    def from_cleaned(cls, sup: CleanedSuppliers, codes: Codes) -> Columns:
        """The columns of ``Columns(list(sup), codes, grow=False)``, worked out per
        distinct cleaned value and spread over the suppliers with numpy (most
        addresses, and many names and postcodes, come more than once)."""
        self = cls.__new__(cls)
        n = len(sup)
        self.prepared = None
        self.codes = codes
        # KvK
        kvks, at = _used(sup.kvks, sup.kvk_at, sup.whole)
        self.kvk = np.array([int(k) if k else -1 for k in kvks], dtype=np.int64)[at]
        powers = 10 ** np.arange(7, -1, -1, dtype=np.int64)
        self.kvk_digits = (np.maximum(self.kvk, 0)[:, None] // powers[None, :]) % 10
        # postcode
        pcs, at = _used(sup.postcodes, sup.postcode_at, sup.whole)
        self.postcode = _lookup(pcs, codes.table("postcode"))[at]
        self.pc4 = np.array([int(pc[:4]) if pc else -1 for pc in pcs], dtype=np.int64)[at]
        self.pc6 = np.array([len(pc) == 6 for pc in pcs], dtype=bool)[at]
        # address
        adds, at = _used(sup.addresses, sup.address_at, sup.whole)
        self.number = np.array([int(a.number) if a.number else -1 for a in adds],
                               dtype=np.int64)[at]  # fmt: skip
        self.suffix = _codes(["#" + a.suffix for a in adds], codes.table("suffix"))[at]
        streets = [a.street for a in adds]
        self.street_obj = np.array(streets, dtype=object)[at]
        self.street = self.street_obj.tolist()
        self.street_code = _codes(streets, codes.table("street"))[at]
        # place
        cities, at = _used(sup.cities, sup.city_at, sup.whole)
        self.city = _codes(cities, codes.table("city"))[at]
        self.common = np.zeros(n, dtype=bool)  # a supplier's name_count is 1
        # names: the variants of each distinct name, then per supplier its block
        names, at = _used(sup.names, sup.name_at, sup.whole)
        d_count = np.fromiter(map(len, names), np.int64, len(names))
        d_start = np.cumsum(d_count) - d_count
        flat = list(chain.from_iterable(names))
        self.v_count = d_count[at]
        self.v_start = np.concatenate(([0], np.cumsum(self.v_count)[:-1])) if n else self.v_count
        total = int(self.v_count.sum())
        v = (np.arange(total, dtype=np.int64)
             - np.repeat(self.v_start - d_start[at], self.v_count))  # fmt: skip
        self.v_owner = np.repeat(np.arange(n, dtype=np.int64), self.v_count)
        self.variants = list(map(flat.__getitem__, v.tolist()))
        core = [x.core for x in flat]
        core_obj = np.array(core, dtype=object)
        sorted_obj = np.array(
            [" ".join(sorted(c.split())) if " " in c else c for c in core], dtype=object
        )
        self.v_core_obj = core_obj[v]
        self.v_core = self.v_core_obj.tolist()
        self.v_sorted_obj = sorted_obj[v]
        self.v_is_sorted = (sorted_obj == core_obj)[v]
        self.v_code = _lookup(core, codes.table("name"))[v]
        tokens = [x.tokens for x in flat]
        noart = list(map(" ".join, tokens))
        self.v_noart = _lookup(noart, codes.table("noart"))[v]
        tok2 = [a if len(t) < 3 else f"{t[0]} {t[1]}" for a, t in zip(noart, tokens, strict=True)]
        self.v_tok2 = _lookup(tok2, codes.table("tok2"))[v]
        self.v_trunc = np.array([x.truncated for x in flat], dtype=bool)[v]
        self.v_len = np.array([len(c) for c in core], dtype=np.int64)[v]
        forms = [x.forms for x in flat]
        bits = {f: _forms_bits(f) for f in set(forms)}
        self.v_forms = np.fromiter(map(bits.__getitem__, forms), np.int64, len(forms))[v]
        return self

    def __getstate__(self) -> dict:
        """Pickled without the record objects (``prepared``, ``variants``: ``None``)
        and without the string lists that repeat the object arrays."""
        return {**self.__dict__, "prepared": None, "variants": None, "street": None,
                "v_core": None}  # fmt: skip

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.street = self.street_obj.tolist()
        self.v_core = self.v_core_obj.tolist()


def _used(values: list, at: np.ndarray, whole: bool) -> tuple[list, np.ndarray]:
    """The distinct values ``at`` points to, and ``at`` as positions in that list (all
    of ``values`` when ``whole``: every value is used)."""
    if whole:
        return values, at
    used = unique_ints(at)
    return [values[k] for k in used.tolist()], np.searchsorted(used, at)


def _forms_bits(forms: frozenset[str]) -> int:
    bits = 0
    for f in forms:
        bits |= _FORM_BIT.get(f, 0)
    return bits


def _ratio(a: list[str], b: list[str], scorer=fuzz.ratio) -> np.ndarray:
    if not a:
        return np.zeros(0, dtype=np.float64)
    return process.cpdist(a, b, scorer=scorer, dtype=np.float64, workers=1)


def compare_pairs(
    s: Columns, r: Columns, si: np.ndarray, ri: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """Level codes (index into ``LEVELS[field]``) per field for pairs (si[k], ri[k]).

    Also returns the name similarity and the best supplier / register name variant
    of each pair (-1 when no name was similar at all).
    """
    m = len(si)
    out: dict[str, np.ndarray] = {}
    # KvK
    ks, kr = s.kvk[si], r.kvk[ri]
    both = (ks >= 0) & (kr >= 0)
    kvk = np.where(both, np.where(ks == kr, 1, 3), 0).astype(np.int8)
    idx = np.nonzero(both & (ks != kr))[0]  # digits compared only where they differ
    if len(idx):
        da, db = s.kvk_digits[si[idx]], r.kvk_digits[ri[idx]]
        diff = da != db
        n_diff = diff.sum(axis=1)
        first = diff.argmax(axis=1)
        nxt = np.minimum(first + 1, 7)
        rows = np.arange(len(idx))
        swap = (
            (n_diff == 2)
            & diff[rows, nxt]
            & (da[rows, first] == db[rows, nxt])
            & (da[rows, nxt] == db[rows, first])
        )
        kvk[idx] = np.where((n_diff == 1) | swap, 2, 3)
    out["kvk"] = kvk
    # name: best over all variant pairs, first best wins (as in compare.best_name)
    best = np.zeros(m, dtype=np.float64)
    best_sv = np.full(m, -1, dtype=np.int64)
    best_rv = np.full(m, -1, dtype=np.int64)
    s_count, r_count = s.v_count[si], r.v_count[ri]
    for a in range(int(s_count.max()) if m else 0):
        for b in range(int(r_count.max())):
            idx = np.nonzero((s_count > a) & (r_count > b))[0]
            if not len(idx):
                continue
            sv = s.v_start[si[idx]] + a
            rv = r.v_start[ri[idx]] + b
            # equal names score 100 whatever the rest says: only compare the others
            exact = s.v_code[sv] == r.v_code[rv]
            sim = np.full(len(idx), 100.0)
            todo = np.nonzero(~exact)[0]
            if len(todo):
                tsv, trv = sv[todo], rv[todo]
                a_str = s.v_core_obj[tsv].tolist()
                b_str = r.v_core_obj[trv].tolist()
                part = _ratio(a_str, b_str)
                # token_sort_ratio is the ratio of the names with their words sorted
                # (precomputed per name); equal to the ratio when both are sorted already
                unsorted = np.nonzero(~(s.v_is_sorted[tsv] & r.v_is_sorted[trv]))[0]
                if len(unsorted):
                    tsr = _ratio(s.v_sorted_obj[tsv[unsorted]].tolist(),
                                 r.v_sorted_obj[trv[unsorted]].tolist())  # fmt: skip
                    part[unsorted] = np.maximum(part[unsorted], tsr)
                part = np.where((part < 98) & (s.v_noart[tsv] == r.v_noart[trv]), 98.0, part)
                cut = np.nonzero(s.v_trunc[tsv] & (r.v_len[trv] > s.v_len[tsv]))[0]
                if len(cut):
                    pref = _ratio([a_str[k] for k in cut],
                                  [b_str[k][: len(a_str[k])] for k in cut]) - 1  # fmt: skip
                    part[cut] = np.maximum(part[cut], pref)
                sim[todo] = part
            sim /= 100.0
            better = sim > best[idx]
            upd = idx[better]
            best[upd] = sim[better]
            best_sv[upd] = sv[better]
            best_rv[upd] = rv[better]
    level = np.zeros(m, dtype=np.int8)  # low
    common = r.common[ri]
    for threshold, name in reversed(NAME_LEVELS):  # ascending: later (higher) wins
        hit = best >= threshold
        if name in ("exact", "ge95", "ge90"):
            code = np.where(common, _NAME_CODE[name + "_common"], _NAME_CODE[name + "_unique"])
        else:
            code = _NAME_CODE[name]
        level = np.where(hit, code, level).astype(np.int8)
    out["name"] = level
    # legal form of the best-matching names
    has = best_sv >= 0
    fs = np.where(has, s.v_forms[np.maximum(best_sv, 0)], 0)
    fr = np.where(has, r.v_forms[np.maximum(best_rv, 0)], 0)
    out["legal_form"] = np.where((fs > 0) & (fr > 0), np.where(fs & fr, 1, 2), 0).astype(np.int8)
    # postcode
    ps, pr = s.postcode[si], r.postcode[ri]
    both = (ps != -1) & (pr != -1)  # present (UNKNOWN is a postcode the register lacks)
    pc = np.where(ps == pr, np.where(s.pc6[si], 1, 2), np.where(s.pc4[si] == r.pc4[ri], 2, 3))
    out["postcode"] = np.where(both, pc, 0).astype(np.int8)
    # house number
    ns, nr = s.number[si], r.number[ri]
    both = (ns >= 0) & (nr >= 0)
    hn = np.where(ns != nr, 3, np.where(s.suffix[si] == r.suffix[ri], 1, 2))
    out["house_number"] = np.where(both, hn, 0).astype(np.int8)
    # street
    street = np.zeros(m, dtype=np.int8)
    ss, rs = s.street_code[si], r.street_code[ri]
    street[(ss >= 0) & (ss == rs)] = 1  # the same street: ratio 1.0
    idx = np.nonzero((ss >= 0) & (rs >= 0) & (ss != rs))[0]
    if len(idx):
        st = _ratio(s.street_obj[si[idx]].tolist(), r.street_obj[ri[idx]].tolist()) / 100.0
        street[idx] = np.where(st >= 0.92, 1, np.where(st >= 0.75, 2, 3))
    out["street"] = street
    # city
    cs, cr = s.city[si], r.city[ri]
    city = np.where((cs >= 0) & (cr >= 0), np.where(cs == cr, 1, 3), 0).astype(np.int8)
    idx = np.nonzero(city == 3)[0]
    if len(idx):
        # few distinct pairs of places: compare each pair of codes once
        width = int(max(cs.max(initial=0), cr.max(initial=0))) + 1
        pair, back = np.unique(cs[idx] * width + cr[idx], return_inverse=True)
        names = s.codes.names("city")
        sim = _ratio([names[k] for k in (pair // width).tolist()],
                     [names[k] for k in (pair % width).tolist()])  # fmt: skip
        city[idx] = np.where(sim[back] >= 85, 2, 3)
    out["city"] = city
    return out, best, best_sv, best_rv


def weight_table(model) -> dict[str, np.ndarray]:
    """Per field, the model weight of each level code."""
    return {f: np.array([model.weight(f, lv) for lv in LEVELS[f]]) for f in FIELDS}


def logits(model, levels: dict[str, np.ndarray]) -> np.ndarray:
    table = weight_table(model)
    z = np.full(len(levels["kvk"]), model.intercept, dtype=np.float64)
    for f in FIELDS:
        z += table[f][levels[f]]
    return z
