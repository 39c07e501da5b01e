"""Organisation names: normalisation, trade-name splits and truncation.

Ledgers write ``STICHTING GROENE VLINDER``, ``Groene Vlinder, St.``, ``Groene
Vlinder`` or ``Janssen B.V. h.o.d.n. De Groene Vlinder`` for the same party and cut
names at 35 characters. :func:`name_variants` turns a ledger name into the core names
to compare; :func:`register_names` does the same for a register entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse

from .legal_forms import _BY_FIRST, _BY_LAST, _NO_FORMS, split_legal_form, split_legal_form_tokens
from .text import STOPWORDS, fold, fold_words

LEDGER_NAME_LENGTH = 35  # common width of the creditor-name field in Dutch ledgers

# "h.o.d.n.", "hodn", "t.h.o.d.n." (tevens handelend ...), "handelend onder de naam", "h/o"
_HODN = re.compile(
    r"\s*(?:,\s*)?\b(?:t\.?\s*)?h\.?\s*o\.?\s*d\.?\s*n\b\.?\s*|"
    r"\s*\b(?:tevens\s+)?handelend\s+onder\s+de\s+naam\b\s*|\s+h/o\s+",
    re.I,
)


@dataclass(frozen=True, slots=True)
class NameVariant:
    core: str  # folded, without legal forms, e.g. "groene vlinder"
    forms: frozenset[str]  # legal forms found, e.g. {"stichting"}
    truncated: bool  # may have been cut: compare against prefixes too
    tokens: tuple[str, ...] = ()  # words without stopwords (filled by the constructors here)


def normalise_name(name: str) -> tuple[str, frozenset[str]]:
    """Folded core name and legal forms: ``"Groene Vlinder, St."`` -> ``("groene vlinder", {stichting})``."""
    return split_legal_form(fold(name))


# what is left of " h.o.d.n." when the ledger cut the name inside it
_CUT_HODN = re.compile(r"\s+(?:t\.?\s*)?h\.?(?:\s*o\.?(?:\s*d\.?(?:\s*n\.?)?)?)?\s*$", re.I)


_HODN_HINT = re.compile(r"h\W*o\W*d\W*n|handelend|h/o", re.I)


def split_trade_name(name: str) -> list[str]:
    """``"Janssen BV h.o.d.n. Groene Vlinder"`` -> ``["Janssen BV", "Groene Vlinder"]``."""
    if not _HODN_HINT.search(name or ""):
        name = (name or "").strip(" ,")
        return [name] if name else []
    parts = [p.strip(" ,") for p in _HODN.split(name or "")]
    return [p for p in parts if p]


def name_variants(name: str) -> list[NameVariant]:
    """The core names a ledger name may stand for (one, or two for 'X h.o.d.n. Y')."""
    return list(_name_variants(name or ""))


_CUT_HINT = re.compile(r"\bh\.", re.I)


_IS_STOPWORD = STOPWORDS.__contains__


def _variant(part: str, may_be_cut: bool) -> NameVariant | None:
    """The variant of one name part (``None`` when nothing is left of it): folded
    words, legal forms split off, stopwords left out of the tokens."""
    toks = fold_words(part)
    if not toks:
        return None
    if len(toks) > 1 and (toks[-1] in _BY_LAST or toks[0] in _BY_FIRST):
        toks, forms = split_legal_form_tokens(toks)
    else:
        forms = _NO_FORMS  # the common case: no legal form at either end
    return NameVariant(" ".join(toks), forms, may_be_cut, tuple(filterfalse(_IS_STOPWORD, toks)))


@lru_cache(maxsize=100_000)
def _name_variants(name: str) -> tuple[NameVariant, ...]:
    raw = name.strip()
    may_be_cut = len(raw) >= LEDGER_NAME_LENGTH - 3
    if may_be_cut and _CUT_HINT.search(raw):
        raw = _CUT_HODN.sub("", raw)
    if not _HODN_HINT.search(raw):  # the common case: one name
        v = _variant(raw, may_be_cut)
        return (v,) if v is not None else ()
    parts = split_trade_name(raw)
    if len(parts) == 1:
        v = _variant(parts[0], may_be_cut)
        return (v,) if v is not None else ()
    out: list[NameVariant] = []
    for i, part in enumerate(parts):
        v = _variant(part, may_be_cut and i == len(parts) - 1)
        if v is not None and all(o.core != v.core for o in out):
            out.append(v)
    return tuple(out)


def register_names(name: str, trade_names: tuple[str, ...] | list[str]) -> list[NameVariant]:
    """Core names of a register entry: the legal name first, then its trade names."""
    out: list[NameVariant] = []
    for raw in (name, *trade_names) if trade_names else (name,):
        for part in split_trade_name(raw) if _HODN_HINT.search(raw or "") else (raw,):
            v = _variant(part, False)
            if v is not None and all(o.core != v.core for o in out):
                out.append(v)
    return out
