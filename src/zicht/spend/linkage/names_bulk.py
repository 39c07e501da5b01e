"""Name cleaning for whole columns of names with pyarrow's compute kernels.

Gives exactly what :mod:`zicht.spend.linkage.names` gives name by name (a test
compares both on generated data and on awkward cases), with the per-name Python steps
(folding, legal forms at either end, stopwords) done by C++ kernels over the whole
array:

* folding: ASCII names with ``ascii_lower`` and three replacements (``&`` ->
  ``" en "``, ``'`` dropped, every other character than ``a-z0-9`` a space); other
  names are folded in Python (:func:`fold_words`, a translation table) and join the
  rest of the path;
* legal forms: one regular expression for a spelling at the end (the longest that
  leaves a word), repeated while any name still matches, then one for the start
  (not before ``St. Jan`` and the other saints), the same order as
  :func:`split_legal_form_tokens`;
* stopwords: removed from the space-padded core with a replacement repeated until
  none is left.

Names the kernels cannot take as they are go through the per-name functions: a
``h.o.d.n.`` (or ``handelend``, ``h/o``) hint, a ``h.`` near the end of a name that
may be cut, control characters (Python's ``strip`` knows more whitespace).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat

import numpy as np

from .legal_forms import _NO_FORMS, _SAINTS, _SPELLING_TO_FORM, LEGAL_FORMS
from .names import (
    LEDGER_NAME_LENGTH,
    NameVariant,
    _name_variants,
    register_names,
)
from .text import STOPWORDS, fold_words

_FORMS = list(LEGAL_FORMS)
_SPELLINGS = sorted(_SPELLING_TO_FORM, key=lambda s: -len(s.split()))  # longest first
_SPELLING_FORM = np.array([_FORMS.index(_SPELLING_TO_FORM[s]) for s in _SPELLINGS], np.int64)
_ALT = "|".join(_SPELLINGS)  # lower-case letters and spaces only
assert all(c.islower() or c == " " for c in _ALT if c != "|")
# the shortest rest (at least one word) before a spelling at the end = the longest
# spelling that leaves a word, as `_match_end` takes it
_END_FORM = rf" (?P<form>{_ALT})$"
_START_FORM = rf"^(?P<form>{_ALT}) "  # alternatives longest first
_SAINT = rf"^st (?:{'|'.join(sorted(_SAINTS))})(?: |$)"
_STOPWORDS = sorted(STOPWORDS)
# per name: h.o.d.n. hints (names._HODN_HINT), control characters
_PYTHON_ONLY = r"(?i)h\W*o\W*d\W*n|handelend|h/o|[\x00-\x1f]"
_CUT_HINT = r"(?i)\bh\."

_SPELLING_CHARS = np.array([len(x) for x in _SPELLINGS], dtype=np.int64)
_FORM_SETS: dict[int, frozenset[str]] = {0: _NO_FORMS}


def _form_set(bits: int) -> frozenset[str]:
    forms = _FORM_SETS.get(bits)
    if forms is None:
        forms = _FORM_SETS[bits] = frozenset(f for k, f in enumerate(_FORMS) if bits >> k & 1)
    return forms


def _variants(cls, cores: list[str], forms: list, truncated: list, tokens: list) -> list:
    """``list(map(cls, cores, forms, truncated, tokens))`` through the slots (the
    frozen dataclass's ``__init__`` costs a call per field)."""
    out = list(map(object.__new__, repeat(cls, len(cores))))
    for name, column in (("core", cores), ("forms", forms), ("truncated", truncated),
                         ("tokens", tokens)):  # fmt: skip
        any(map(getattr(cls, name).__set__, out, column))
    return out


def _buffers(arr) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (from 0) and bytes of a pyarrow string array without nulls."""
    _, offsets, data = arr.buffers()
    offs = np.frombuffer(offsets, dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    data = data[offs[0] : offs[-1]]
    return (offs - offs[0]).astype(np.int64), data


def _string_array(offs: np.ndarray, data: np.ndarray):
    import pyarrow as pa

    return pa.StringArray.from_buffers(
        len(offs) - 1, pa.py_buffer(offs.astype(np.int32)), pa.py_buffer(data.tobytes())
    )


def _compact(offs: np.ndarray, data: np.ndarray, keep: np.ndarray):
    """The strings with only the bytes where ``keep``."""
    kept = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
    return kept[offs], data[keep]


# ASCII byte -> folded byte (upper to lower case, anything but a-z0-9 a space); "&"
# and "'" (which fold to " en " and nothing) are replaced before
_FOLD = np.array([ord(c.lower()) if c.isascii() and c.isalnum() else 32
                  for c in map(chr, range(256))], dtype=np.uint8)  # fmt: skip


def _fold_ascii(arr):
    """:func:`fold` of ASCII names (pyarrow strings), with numpy on their bytes."""
    import pyarrow.compute as pc

    arr = pc.replace_substring(pc.replace_substring(arr, "&", " en "), "'", "")
    offs, data = _buffers(arr)
    arr = pc.ascii_trim(_string_array(offs, _FOLD[data]), " ")
    offs, data = _buffers(arr)
    # no space is left at either end: drop each space followed by another one
    keep = np.ones(len(data), dtype=bool)
    if len(data):
        keep[:-1] = (data[:-1] != 32) | (data[1:] != 32)
    return _string_array(*_compact(offs, data, keep))


def _put(values: list[str], rows: list[np.ndarray], texts: list[list[str]]) -> list[str]:
    """``values`` with ``texts[k]`` at ``rows[k]`` (later rounds win)."""
    values = list(values)
    for r, t in zip(rows, texts, strict=True):
        for i, x in zip(r.tolist(), t, strict=True):
            values[i] = x
    return values


def _clean_folded(folded, truncated: list[bool]) -> list[NameVariant | None]:
    """Variants of folded names (pyarrow string array, words single-spaced, maybe
    empty): legal forms split off, stopwords out of the tokens; ``None`` for ""."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(folded)
    cores = folded.to_pylist()
    bits = np.zeros(n, dtype=np.int64)
    cut_rows: list[np.ndarray] = []  # per round: the rows cut and what is left of them
    cut_texts: list[list[str]] = []
    spellings = pa.array(_SPELLINGS)
    # legal forms at the end (the leftmost " spelling" that ends the name is the
    # longest), then at the start (the longest first), as split_legal_form_tokens
    for pattern, at_end in ((_END_FORM, True), (_START_FORM, False)):
        rows = np.arange(n, dtype=np.int64)
        part, texts = folded, cores
        while len(part):
            if not at_end:
                keep = ~pc.match_substring_regex(part, _SAINT).to_numpy(zero_copy_only=False)
                if not keep.all():
                    rows, part = rows[keep], part.filter(pa.array(keep))
                    texts = list(compress(texts, keep.tolist()))
            hit = pc.extract_regex(part, pattern)
            ok = pc.is_valid(hit).to_numpy(zero_copy_only=False)
            if not ok.any():
                break
            form = pc.index_in(hit.field("form").filter(pa.array(ok)), value_set=spellings)
            form = form.to_numpy()
            rows = rows[ok]
            bits[rows] |= np.left_shift(1, _SPELLING_FORM[form])
            strip = (_SPELLING_CHARS[form] + 1).tolist()  # and the space
            texts = list(compress(texts, ok.tolist()))
            if at_end:
                texts = [t[: len(t) - k] for t, k in zip(texts, strip, strict=True)]
            else:
                texts = [t[k:] for t, k in zip(texts, strip, strict=True)]
            part = pa.array(texts, pa.string())
            cut_rows.append(rows)
            cut_texts.append(texts)
        if at_end and cut_rows:  # the start is looked at in what the end left
            cores = _put(cores, cut_rows, cut_texts)
            folded = pa.array(cores, pa.string())
            cut_rows, cut_texts = [], []
    if cut_rows:
        cores = _put(cores, cut_rows, cut_texts)
    # tokens: the words of the core without stopwords
    words = pc.split_pattern(pa.array(cores, pa.string()), " ")
    flat = pc.list_flatten(words)
    keep = ~pc.is_in(flat, value_set=pa.array(_STOPWORDS)).to_numpy(zero_copy_only=False)
    counts = np.add.reduceat(keep, np.asarray(words.offsets)[:-1]) if len(flat) else keep
    offsets = np.concatenate(([0], np.cumsum(counts, dtype=np.int64))).astype(np.int32)
    noart = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), flat.filter(keep)), " ")
    tokens = list(map(tuple, map(str.split, noart.to_pylist())))
    sets = {b: _form_set(b) for b in set(bits.tolist())}
    forms = list(map(sets.__getitem__, bits.tolist()))
    out = _variants(NameVariant, cores, forms, truncated, tokens)
    if "" in cores:
        return [v if c else None for v, c in zip(out, cores, strict=True)]
    return out


def _fold_column(arr):
    """Folded names (pyarrow strings, single spaces) of an array of names; non-ASCII
    names are folded in Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ascii_ = pc.string_is_ascii(arr).to_numpy(zero_copy_only=False)
    if ascii_.all():
        return _fold_ascii(arr)
    folded = _fold_ascii(arr).to_pylist()  # non-ASCII names: replaced below
    rows = np.flatnonzero(~ascii_)
    for i, x in zip(rows.tolist(), arr.filter(pa.array(~ascii_)).to_pylist(), strict=True):
        folded[i] = " ".join(fold_words(x))
    return pa.array(folded, pa.string())


def supplier_name_variants(names: Sequence[str]) -> list[tuple[NameVariant, ...]]:
    """``[names._name_variants(name) for name in names]`` (``None`` as ``""``), for a
    whole column of (distinct) ledger names at once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = [x or "" for x in names]
    if not names:
        return []
    arr = pa.array(names, pa.string())
    # "may be cut": the length after Python's strip (which knows more whitespace)
    cut = np.fromiter(map(len, map(str.strip, names)), np.int64, len(names))
    cut = cut >= LEDGER_NAME_LENGTH - 3
    # RE2's \b and \W are ASCII-only, so these match at least where Python's do
    slow = pc.match_substring_regex(arr, _PYTHON_ONLY).to_numpy(zero_copy_only=False)
    if cut.any():
        slow |= cut & pc.match_substring_regex(arr, _CUT_HINT).to_numpy(zero_copy_only=False)
    fast = np.flatnonzero(~slow)
    out: list = [None] * len(names)
    if len(fast):
        # folding ignores whitespace at either end: the names need no strip
        variants = _clean_folded(_fold_column(pc.take(arr, pa.array(fast))), cut[fast].tolist())
        ones = zip(variants)  # one-tuples; (None,) for a name with no words
        if len(fast) == len(names):
            out = list(ones)
        else:
            for i, v in zip(fast.tolist(), ones, strict=True):
                out[i] = v
        if None in variants:
            out = [() if v == (None,) else v for v in out]
    for i in np.flatnonzero(slow).tolist():
        out[i] = _name_variants.__wrapped__(names[i])
    return out


def register_name_variants(
    names: Sequence[str], trade_names: Sequence[Sequence[str]]
) -> list[list[NameVariant]]:
    """``[names.register_names(n, t) for n, t in zip(names, trade_names)]`` for whole
    columns of register names at once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(names)
    if not n:
        return []
    owner = list(range(n))
    flat = [x or "" for x in names]
    with_trade = [i for i, t in enumerate(trade_names) if t]
    for i in with_trade:
        flat.extend(trade_names[i])
        owner.extend(repeat(i, len(trade_names[i])))
    arr = pa.array(flat, pa.string())
    slow_flat = pc.match_substring_regex(arr, _PYTHON_ONLY).to_numpy(zero_copy_only=False)
    slow = np.zeros(n, dtype=bool)
    slow[np.asarray(owner, dtype=np.int64)[slow_flat]] = True
    variants = _clean_folded(_fold_column(arr), [False] * len(flat))
    out: list[list[NameVariant]] = [[v] if v is not None else [] for v in variants[:n]]
    for k in range(n, len(flat)):
        v = variants[k]
        if v is not None:
            mine = out[owner[k]]
            if all(o.core != v.core for o in mine):
                mine.append(v)
    for i in np.flatnonzero(slow).tolist():
        out[i] = register_names(names[i], trade_names[i])
    return out
