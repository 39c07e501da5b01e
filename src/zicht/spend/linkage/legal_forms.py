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
_NO_FORMS: frozenset[str] = frozenset()
# "st" at the start is "stichting" only if no saint's name follows ("St. Jan", "St. Joris")
_SAINTS = frozenset({"jan", "joris", "maarten", "nicolaas", "anna", "jozef", "franciscus"})


# per first / last word, the spellings that start / end with it, longest first
_BY_FIRST: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
_BY_LAST: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
for _key, _form in sorted(_SPELLINGS.items(), key=lambda kv: -len(kv[0])):
    _BY_FIRST.setdefault(_key[0], []).append((len(_key), _key, _form))
    _BY_LAST.setdefault(_key[-1], []).append((len(_key), _key, _form))


def split_legal_form(words: str) -> tuple[str, frozenset[str]]:
    """Split a normalised name (lower case, ascii, single spaces, no punctuation).

    Returns the name without leading or trailing legal forms and the set of forms.

    >>> split_legal_form("groene vlinder stichting")
    ('groene vlinder', frozenset({'stichting'}))
    >>> split_legal_form("cooperatie de korf ua")
    ('de korf', frozenset({'cooperatie', 'ua'}))
    """
    toks, forms = split_legal_form_tokens(words.split())
    return " ".join(toks), forms


def split_legal_form_tokens(toks: list[str]) -> tuple[list[str], frozenset[str]]:
    """:func:`split_legal_form` on a list of words: (words left, forms)."""
    if len(toks) < 2 or (toks[-1] not in _BY_LAST and toks[0] not in _BY_FIRST):
        return toks, _NO_FORMS  # the common case: no legal form at either end
    forms: set[str] = set()
    while len(toks) > 1:
        room = len(toks) - 1  # at least one word of the name stays
        hit = _match_end(toks, _BY_LAST.get(toks[-1]), room, True)
        if hit:
            forms.add(hit[1])
            toks = toks[: -hit[0]]
            continue
        if not (toks[0] == "st" and toks[1] in _SAINTS):
            hit = _match_end(toks, _BY_FIRST.get(toks[0]), room, False)
            if hit:
                forms.add(hit[1])
                toks = toks[hit[0] :]
                continue
        break
    return toks, frozenset(forms) if forms else _NO_FORMS


def _match_end(toks: list[str], options, room: int, at_end: bool) -> tuple[int, str] | None:
    """The longest spelling (of at most ``room`` words) at the end / start of ``toks``."""
    for k, key, form in options or ():
        if k <= room and tuple(toks[-k:] if at_end else toks[:k]) == key:
            return k, form
    return None
