"""Field-by-field comparison of a supplier with a register entry.

Each field gets a *level* (``exact``, ``close``, ``differ``, ``missing`` …). The
model (:mod:`zicht.spend.linkage.model`) turns levels into weights; levels named
``missing`` carry no weight, so absent data neither helps nor hurts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from .address import Address, parse_address, register_address
from .kvk import clean_kvk, kvk_distance
from .names import NameVariant, _name_variants, name_variants, register_names
from .places import normalise_city, normalise_postcode
from .records import RegisterEntry, SupplierRecord
from .text import STOPWORDS

NAME_LEVELS = ((1.0, "exact"), (0.95, "ge95"), (0.9, "ge90"), (0.8, "ge80"), (0.65, "ge65"))
HIGH_NAME_LEVELS = frozenset({"exact", "ge95", "ge90"})


@dataclass(slots=True)
class Prepared:
    """A supplier or register entry, normalised once."""

    key: str
    names: list[NameVariant]
    kvk: str
    address: Address
    postcode: str  # "1234AB", "1234" or ""
    city: str
    name_count: int = 1  # register entries sharing this core name (register side only)


def prepare_supplier(s: SupplierRecord) -> Prepared:
    return Prepared(
        key=s.supplier_id,
        names=name_variants(s.name),
        kvk=clean_kvk(s.kvk),
        address=parse_address(s.address),
        postcode=normalise_postcode(s.postcode),
        city=normalise_city(s.city),
    )


def prepare_register(r: RegisterEntry) -> Prepared:
    return Prepared(
        key=r.id,
        names=register_names(r.name, r.trade_names),
        kvk=clean_kvk(r.kvk),
        address=register_address(r.street, r.house_number),
        postcode=normalise_postcode(r.postcode),
        city=normalise_city(r.city),
    )


def _cleaned(values: list[str], fn, bulk=None) -> list:
    """``[fn(v) for v in values]``, calling ``fn`` once per distinct value (or
    ``bulk`` once on all distinct values)."""
    distinct = dict.fromkeys(values)
    if bulk is not None:
        distinct.update(zip(distinct, bulk(list(distinct)), strict=True))
    else:
        for value in distinct:
            distinct[value] = fn(value)
    return list(map(distinct.__getitem__, values))


def _names_of(name: str | None) -> tuple[NameVariant, ...]:
    return _name_variants.__wrapped__(name or "")  # no LRU cache: each name comes once


def prepare_suppliers(records: Sequence[SupplierRecord]) -> list[Prepared]:
    """``[prepare_supplier(s) for s in records]``, each distinct value cleaned once."""
    names = _cleaned([s.name for s in records], _names_of, _bulk_names)
    return list(
        map(
            Prepared,
            [s.supplier_id for s in records],
            map(list, names),  # a list of its own per record
            _cleaned([s.kvk for s in records], clean_kvk),
            _cleaned([s.address for s in records], parse_address.__wrapped__, _bulk_addresses),
            _cleaned([s.postcode for s in records], normalise_postcode, _bulk_postcodes),
            _cleaned([s.city for s in records], normalise_city.__wrapped__),
        )
    )


def _distinct(values: list, fn, bulk=None) -> tuple[list, np.ndarray]:
    """``fn`` of each distinct value (in order of first appearance) and, per value,
    the position of its result (``bulk(distinct)`` instead of ``fn`` per value, when
    given: the same results for a whole list at once)."""
    at = dict.fromkeys(values)
    distinct = list(at)
    at.update(zip(distinct, range(len(distinct)), strict=True))
    done = bulk(distinct) if bulk is not None else list(map(fn, distinct))
    return done, np.fromiter(map(at.__getitem__, values), np.int64, len(values))


BULK_MIN = 2_000  # from this many on, names and addresses are cleaned column-wise


def _bulk_names(names: list[str]) -> list[tuple[NameVariant, ...]]:
    """``[_names_of(n) for n in names]``; with pyarrow's kernels for many names."""
    if len(names) < BULK_MIN:
        return list(map(_names_of, names))
    from .names_bulk import supplier_name_variants

    return supplier_name_variants(names)


def _bulk_addresses(addresses: list[str]) -> list[Address]:
    """``[parse_address(a) for a in addresses]``; with pyarrow's kernels for many."""
    if len(addresses) < BULK_MIN:
        return list(map(parse_address.__wrapped__, addresses))
    from .address_bulk import parse_addresses

    return parse_addresses(addresses)


def _bulk_postcodes(values: list[str]) -> list[str]:
    """``[normalise_postcode(v) for v in values]``; with pyarrow's kernels for many."""
    if len(values) < BULK_MIN:
        return list(map(normalise_postcode, values))
    from .address_bulk import normalise_postcodes

    return normalise_postcodes(values)


def _register_addresses(records: Sequence[RegisterEntry]) -> list[Address]:
    """``[register_address(r.street, r.house_number) for r in records]``; with
    pyarrow's kernels for many records."""
    if len(records) < BULK_MIN:
        return [register_address(r.street, r.house_number) for r in records]
    from .address_bulk import register_addresses

    return register_addresses([r.street for r in records], [r.house_number for r in records])


def _register_names(records: Sequence[RegisterEntry]) -> list[list[NameVariant]]:
    """``[register_names(r.name, r.trade_names) for r in records]``; with pyarrow's
    kernels for many records."""
    if len(records) < BULK_MIN:
        return [register_names(r.name, r.trade_names) for r in records]
    from .names_bulk import register_name_variants

    return register_name_variants([r.name for r in records], [r.trade_names for r in records])


class CleanedSuppliers:
    """Suppliers cleaned column by column, each distinct value once (as
    :func:`prepare_suppliers`), kept as tables of distinct cleaned values with, per
    supplier, positions in them (``*_at``), so that the columns for comparison can be
    built per distinct value too. ``self[j]`` is the :class:`Prepared` supplier ``j``
    (the same as ``prepare_supplier(records[j])``), made on first use."""

    def __init__(self, records: Sequence[SupplierRecord]) -> None:
        records = list(records)
        self.keys = [s.supplier_id for s in records]
        self.names, self.name_at = _distinct([s.name for s in records], _names_of,
                                             _bulk_names)  # fmt: skip
        self.kvks, self.kvk_at = _distinct([s.kvk for s in records], clean_kvk)
        self.addresses, self.address_at = _distinct([s.address for s in records],
                                                    parse_address.__wrapped__,
                                                    _bulk_addresses)  # fmt: skip
        self.postcodes, self.postcode_at = _distinct([s.postcode for s in records],
                                                     normalise_postcode,
                                                     _bulk_postcodes)  # fmt: skip
        self.cities, self.city_at = _distinct([s.city for s in records],
                                              normalise_city.__wrapped__)  # fmt: skip
        self.whole = True  # every distinct value is used (not a slice)
        self._prepared: dict[int, Prepared] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, j: int) -> Prepared:
        p = self._prepared.get(j)
        if p is None:
            p = self._prepared[j] = Prepared(
                self.keys[j],
                list(self.names[self.name_at[j]]),
                self.kvks[self.kvk_at[j]],
                self.addresses[self.address_at[j]],
                self.postcodes[self.postcode_at[j]],
                self.cities[self.city_at[j]],
            )
        return p

    def __iter__(self):
        return map(self.__getitem__, range(len(self)))

    def slice(self, start: int, stop: int) -> CleanedSuppliers:
        """Suppliers ``start:stop``, sharing the tables of distinct values."""
        part = object.__new__(CleanedSuppliers)
        part.__dict__.update(self.__dict__)
        part.keys = self.keys[start:stop]
        for name in ("name_at", "kvk_at", "address_at", "postcode_at", "city_at"):
            setattr(part, name, getattr(self, name)[start:stop])
        part.whole = self.whole and start == 0 and stop >= len(self)
        part._prepared = {}
        return part


def prepare_registers(records: Sequence[RegisterEntry]) -> list[Prepared]:
    """``[prepare_register(r) for r in records]``, each distinct value cleaned once."""
    return list(
        map(
            Prepared,
            [r.id for r in records],
            _register_names(records),
            _cleaned([r.kvk for r in records], clean_kvk),
            _register_addresses(records),
            _bulk_postcodes([r.postcode for r in records]),
            _cleaned([r.city for r in records], normalise_city.__wrapped__),
        )
    )


def _without_articles(core: str) -> str:
    return " ".join(w for w in core.split() if w not in STOPWORDS)


def name_similarity(s: NameVariant, r: NameVariant) -> float:
    """0..1; a name that may have been cut is also compared with the register prefix."""
    a, b = s.core, r.core
    if a == b:
        return 1.0
    sim = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if sim < 98 and _without_articles(a) == _without_articles(b):
        sim = 98  # "De Groene Vlinder" / "Groene Vlinder"
    if s.truncated and len(b) > len(a):
        sim = max(sim, fuzz.ratio(a, b[: len(a)]) - 1)  # -1: a prefix is a bit weaker
    return sim / 100.0


def best_name(s: Prepared, r: Prepared) -> tuple[float, NameVariant | None, NameVariant | None]:
    best, bs, br = 0.0, None, None
    for sv in s.names:
        for rv in r.names:
            sim = name_similarity(sv, rv)
            if sim > best:
                best, bs, br = sim, sv, rv
    return best, bs, br


def compare(
    s: Prepared,
    r: Prepared,
    explain: bool = True,
    name_match: tuple[float, NameVariant | None, NameVariant | None] | None = None,
) -> list[tuple[str, str, str]]:
    """``[(field, level, detail), …]`` for one supplier/register pair.

    With ``explain=False`` the details (the compared values) are left empty: faster.
    ``name_match`` is the result of :func:`best_name` when already known.
    """
    out: list[tuple[str, str, str]] = []
    # KvK
    if s.kvk and r.kvk:
        d = kvk_distance(s.kvk, r.kvk)
        level = ("exact", "close", "differ")[d]
        out.append(("kvk", level, f"{s.kvk} ~ {r.kvk}" if explain else ""))
    else:
        out.append(("kvk", "missing", ""))
    # name
    sim, sv, rv = name_match if name_match is not None else best_name(s, r)
    level = "low"
    for threshold, name in NAME_LEVELS:
        if sim >= threshold:
            level = name
            break
    if level in HIGH_NAME_LEVELS:
        level += "_common" if r.name_count > 1 else "_unique"
    detail = f"{sv.core!r} ~ {rv.core!r} {sim:.2f}" if explain and sv and rv else ""
    if explain and rv is not None and r.names and rv is not r.names[0]:
        detail += " (trade name)"
    out.append(("name", level, detail))
    # legal form
    if sv is not None and rv is not None and sv.forms and rv.forms:
        lf = "same" if sv.forms & rv.forms else "differ"
        detail = f"{sorted(sv.forms)} ~ {sorted(rv.forms)}" if explain else ""
        out.append(("legal_form", lf, detail))
    else:
        out.append(("legal_form", "missing", ""))
    # postcode
    sp, rp = s.postcode, r.postcode
    if sp and rp:
        if sp == rp:
            level = "exact" if len(sp) == 6 else "pc4"
        elif sp[:4] == rp[:4]:
            level = "pc4"
        else:
            level = "differ"
        out.append(("postcode", level, f"{sp} ~ {rp}" if explain else ""))
    else:
        out.append(("postcode", "missing", ""))
    # house number
    sa, ra = s.address, r.address
    if sa.number and ra.number:
        if sa.number != ra.number:
            level = "differ"
        elif sa.suffix == ra.suffix:
            level = "exact"
        else:
            level = "number"
        detail = f"{sa.number}{sa.suffix} ~ {ra.number}{ra.suffix}" if explain else ""
        out.append(("house_number", level, detail))
    else:
        out.append(("house_number", "missing", ""))
    # street
    if sa.street and ra.street:
        st = fuzz.ratio(sa.street, ra.street) / 100.0
        level = "exact" if st >= 0.92 else "similar" if st >= 0.75 else "differ"
        out.append(("street", level, f"{sa.street!r} ~ {ra.street!r} {st:.2f}" if explain else ""))
    else:
        out.append(("street", "missing", ""))
    # city
    if s.city and r.city:
        if s.city == r.city:
            level = "exact"
        else:
            level = "similar" if fuzz.ratio(s.city, r.city) >= 85 else "differ"
        out.append(("city", level, f"{s.city!r} ~ {r.city!r}" if explain else ""))
    else:
        out.append(("city", "missing", ""))
    return out
