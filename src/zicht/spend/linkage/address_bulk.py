"""Address cleaning for whole columns with pyarrow's compute kernels.

Gives exactly what :mod:`zicht.spend.linkage.address` gives value by value (a test
compares both on generated data and on awkward cases): the house-number patterns
run as RE2 expressions over the whole array (the same submatches as Python's ``re``
for ASCII text), the street words are folded with numpy and their abbreviations
looked up per word with ``index_in``. Values that are not plain ASCII (or hold
control characters, where Python's ``\\s`` knows more whitespace) go through the
per-value functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

from .address import (
    _NUMBER,
    SUFFIX_ABBREVIATIONS,
    WORD_ABBREVIATIONS,
    Address,
    normalise_street,
    parse_address,
    register_address,
)
from .names_bulk import _fold_ascii

# abbreviations of one word (those of two words never match a single word)
_WORDS = [w for w in WORD_ABBREVIATIONS if " " not in w]
_SUFFIXES = list(SUFFIX_ABBREVIATIONS)
_GLUED = rf"^(?P<stem>.*?[a-z])(?P<end>{'|'.join(_SUFFIXES)})$"  # as address._GLUED
_NUMBER_RE2 = (r"(?i)^(?P<s>.*?)[\s,]*\b(?P<n>\d{1,5})\s*[-/ ]?\s*"
               r"(?P<x>[a-z]{1,3}|\d{1,3}|[a-z]+\d*)?\s*$")  # fmt: skip
assert _NUMBER_RE2.replace("?P<s>", "").replace("?P<n>", "").replace("?P<x>", "") == (
    "(?i)" + _NUMBER.pattern
)
_HOUSE = r"^\s*(?P<n>\d{1,5})\s*[-/ ]?\s*(?P<x>[A-Za-z0-9]{0,4})\s*$"  # split_house_number
_PLAIN = r"^[\x20-\x7e]*$"  # printable ASCII
assert _NUMBER.flags & 2  # re.I


def _objects(cls, columns: list[list]) -> list:
    """``list(map(cls, *columns))`` for a frozen, slotted dataclass, through its slots."""
    fields = cls.__slots__
    out = list(map(object.__new__, repeat(cls, len(columns[0]))))
    for name, column in zip(fields, columns, strict=True):
        any(map(getattr(cls, name).__set__, out, column))
    return out


def _plain(arr) -> np.ndarray:
    import pyarrow.compute as pc

    return pc.match_substring_regex(arr, _PLAIN).to_numpy(zero_copy_only=False)


def normalise_streets(streets: Sequence[str]) -> list[str]:
    """``[normalise_street(s) for s in streets]`` for a whole column (each distinct
    street once)."""
    at = dict.fromkeys(x or "" for x in streets)
    distinct = list(at)
    at.update(zip(distinct, _normalise_distinct(distinct), strict=True))
    return [at[x or ""] for x in streets]


def _normalise_distinct(streets: list[str]) -> list[str]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if not streets:
        return []
    arr = pa.array(streets, pa.string())
    plain = _plain(arr)
    folded = _fold_ascii(arr)
    words = pc.split_pattern(folded, " ")
    flat = pc.list_flatten(words)
    offsets = np.asarray(words.offsets, dtype=np.int64)
    is_last = np.zeros(len(flat), dtype=bool)
    is_last[offsets[1:] - 1] = True  # every street has a word, maybe ""
    out = flat.to_pylist()
    word = pc.fill_null(pc.index_in(flat, value_set=pa.array(_WORDS)), -1).to_numpy()
    end = pc.fill_null(pc.index_in(flat, value_set=pa.array(_SUFFIXES)), -1).to_numpy()
    for i in np.flatnonzero(is_last & (end >= 0)).tolist():
        out[i] = SUFFIX_ABBREVIATIONS[out[i]]
    for i in np.flatnonzero(~is_last & (word >= 0)).tolist():
        out[i] = WORD_ABBREVIATIONS[out[i]]
    glued = is_last & (end < 0) & (pc.utf8_length(flat).to_numpy(zero_copy_only=False) > 4)
    rows = np.flatnonzero(glued)
    if len(rows):
        hit = pc.extract_regex(flat.take(pa.array(rows)), _GLUED)
        ok = pc.is_valid(hit).to_numpy(zero_copy_only=False)
        stems = hit.field("stem").to_pylist()
        ends = hit.field("end").to_pylist()
        for i, good, stem, e in zip(rows.tolist(), ok.tolist(), stems, ends, strict=True):
            if good:
                out[i] = stem + SUFFIX_ABBREVIATIONS[e]
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)),
                                                     pa.array(out, pa.string())), " ")  # fmt: skip
    result = joined.to_pylist()
    for i in np.flatnonzero(~plain).tolist():
        result[i] = normalise_street.__wrapped__(streets[i])
    return result


def _numbers(digits, ok) -> list[str]:
    """``str(int(d))`` where ``ok``, else ``""`` (ASCII digits: leading zeros off)."""
    import pyarrow.compute as pc

    trimmed = pc.utf8_ltrim(pc.fill_null(digits, ""), "0")
    trimmed = pc.if_else(pc.equal(trimmed, ""), "0", trimmed)
    return pc.if_else(ok, trimmed, "").to_pylist()


def parse_addresses(addresses: Sequence[str | None]) -> list[Address]:
    """``[parse_address(a) for a in addresses]`` for a whole column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = [a or "" for a in addresses]
    if not values:
        return []
    arr = pa.array(values, pa.string())
    plain = _plain(arr)
    text = pc.utf8_trim(arr, " ")  # printable ASCII: the only whitespace is " "
    hit = pc.extract_regex(text, _NUMBER_RE2)
    ok = pc.is_valid(hit).to_numpy(zero_copy_only=False)
    street_part = pc.if_else(pc.is_valid(hit), hit.field("s"), text)
    # a number only when something is left before it
    ok &= pc.not_equal(pc.utf8_trim(street_part, " "), "").to_numpy(zero_copy_only=False)
    street_part = pc.if_else(pa.array(ok), street_part, text)
    streets = normalise_streets(street_part.to_pylist())
    okay = pa.array(ok)
    numbers = _numbers(hit.field("n"), okay)
    suffixes = pc.if_else(okay, pc.fill_null(pc.utf8_lower(hit.field("x")), ""), "").to_pylist()
    out = _objects(Address, [streets, numbers, suffixes])
    for i in np.flatnonzero(~plain).tolist():
        out[i] = parse_address.__wrapped__(values[i])
    return out


def register_addresses(streets: Sequence[str], house_numbers: Sequence[str]) -> list[Address]:
    """``[register_address(s, h) for s, h in zip(streets, house_numbers)]``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not streets:
        return []
    hn = [h or "" for h in house_numbers]
    arr = pa.array(hn, pa.string())
    hit = pc.extract_regex(arr, _HOUSE)
    ok = pc.is_valid(hit).to_numpy(zero_copy_only=False) & _plain(arr)
    okay = pa.array(ok)
    suffixes = pc.if_else(okay, pc.fill_null(pc.utf8_lower(hit.field("x")), ""), "")
    out = _objects(Address, [normalise_streets(streets), _numbers(hit.field("n"), okay),
                             suffixes.to_pylist()])  # fmt: skip
    ok = ok.tolist()
    for i, good in enumerate(ok):
        if not good and hn[i]:  # odd forms ("12 bis"): as register_address does
            out[i] = register_address(streets[i], house_numbers[i])
    return out


_POSTCODE_COMMON = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"  # normalise_postcode's fast path


def normalise_postcodes(values: Sequence[str | None]) -> list[str]:
    """``[normalise_postcode(v) for v in values]`` for a whole column: the common
    ``1234AB`` / ``1234 ab`` with pyarrow, anything else value by value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .places import normalise_postcode

    texts = [(v or "").strip() for v in values]
    if not texts:
        return []
    arr = pa.array(texts, pa.string())
    common = pc.match_substring_regex(arr, _POSTCODE_COMMON)
    done = pc.ascii_upper(pc.replace_substring(arr, " ", ""))
    out = pc.if_else(common, done, "").to_pylist()
    for i in np.flatnonzero(~common.to_numpy(zero_copy_only=False)).tolist():
        out[i] = normalise_postcode(texts[i])
    return out
