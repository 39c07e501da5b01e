"""Dutch legal forms in organisation names: recognise, strip and report them.

Ledgers move, abbreviate or drop the legal form: ``Stichting X``, ``X, Stichting``,
``St. X``, ``X``; ``B.V.``, ``BV``, ``b.v.``; ``Coöperatie X U.A.``. Matching compares
names without the form; the form itself is kept as weak evidence.
"""

from __future__ import annotations

# canonical form -> spellings, written after lower-casing and diacritics removal.
# Order matters a little: longer spellings first so "cooperatie ua" wins over "ua".
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "stichting": ("stichting", "stg", "sticht", "st"),
    "vereniging": ("vereniging", "ver", "vereniging van eigenaren"),
    "cooperatie": ("cooperatieve vereniging", "cooperatie", "coop", "co op", "cooperatief"),
    "ua": ("u a", "ua", "ba", "b a", "wa", "w a"),
    "bv": ("besloten vennootschap", "b v", "bv"),
    "nv": ("naamloze vennootschap", "n v", "nv"),
    "vof": ("vennootschap onder firma", "v o f", "vof"),
    "cv": ("commanditaire vennootschap", "c v", "cv"),
    "maatschap": ("maatschap",),
    "eenmanszaak": ("eenmanszaak",),
}

_SPELLING_TO_FORM = {
    spelling: form for form, spellings in LEGAL_FORMS.items() for spelling in spellings
}
_SPELLINGS = {tuple(spelling.split()): form for spelling, form in _SPELLING_TO_FORM.items()}
_MAX_WORDS = max(len(k) for k in _SPELLINGS)
_FIRST_WORDS = frozenset(k[0] for k in _SPELLINGS)
_LAST_WORDS = frozenset(k[-1] for k in _SPELLINGS)
_NO_FORMS: frozenset[str] = frozenset()
# "st" at the start is "stichting" only if no saint's name follows ("St. Jan", "St. Joris")
_SAINTS = frozenset({"jan", "joris", "maarten", "nicolaas", "anna", "jozef", "franciscus"})


def split_legal_form(words: str) -> tuple[str, frozenset[str]]:
    """Split a normalised name (lower case, ascii, single spaces, no punctuation).

    Returns the name without leading or trailing legal forms and the set of forms.

    >>> split_legal_form("groene vlinder stichting")
    ('groene vlinder', frozenset({'stichting'}))
    >>> split_legal_form("cooperatie de korf ua")
    ('de korf', frozenset({'cooperatie', 'ua'}))
    """
    toks = words.split()
    forms: set[str] = set()
    while len(toks) > 1:
        if toks[-1] in _LAST_WORDS:  # trailing form, longest spelling first
            hit = _match(tuple(toks[-k:]) for k in range(min(_MAX_WORDS, len(toks) - 1), 0, -1))
            if hit:
                forms.add(hit[1])
                toks = toks[: -hit[0]]
                continue
        if toks[0] in _FIRST_WORDS and not (toks[0] == "st" and toks[1] in _SAINTS):
            hit = _match(tuple(toks[:k]) for k in range(min(_MAX_WORDS, len(toks) - 1), 0, -1))
            if hit:
                forms.add(hit[1])
                toks = toks[hit[0] :]
                continue
        break
    return " ".join(toks), frozenset(forms) if forms else _NO_FORMS


def _match(candidates) -> tuple[int, str] | None:
    for key in candidates:
        form = _SPELLINGS.get(key)
        if form:
            return len(key), form
    return None
