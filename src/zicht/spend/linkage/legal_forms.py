"""Dutch legal forms in organisation names: recognise, strip and report them.

Ledgers move, abbreviate or drop the legal form: ``Stichting X``, ``X, Stichting``,
``St. X``, ``X``; ``B.V.``, ``BV``, ``b.v.``; ``Coöperatie X U.A.``. Matching compares
names without the form; the form itself is kept as weak evidence.
"""

from __future__ import annotations

import re

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
_ALTERNATION = "|".join(
    re.escape(s).replace(r"\ ", " ") for s in sorted(_SPELLING_TO_FORM, key=len, reverse=True)
)
# A legal form is a whole-word run at the start or the end of the normalised name.
_LEADING = re.compile(rf"^(?:{_ALTERNATION})(?: |$)")
_TRAILING = re.compile(rf"(?:^| )(?:{_ALTERNATION})$")
# "st" at the start is "stichting" only if something follows; "st" is also "sint".
_AMBIGUOUS_LEADING = {"st"}


def split_legal_form(words: str) -> tuple[str, frozenset[str]]:
    """Split a normalised name (lower case, ascii, single spaces, no punctuation).

    Returns the name without leading or trailing legal forms and the set of forms.

    >>> split_legal_form("groene vlinder stichting")
    ('groene vlinder', frozenset({'stichting'}))
    >>> split_legal_form("cooperatie de korf ua")
    ('de korf', frozenset({'cooperatie', 'ua'}))
    """
    forms: set[str] = set()
    changed = True
    while changed and words:
        changed = False
        m = _TRAILING.search(words)
        if m and m.start() > 0:
            forms.add(_SPELLING_TO_FORM[m.group(0).strip()])
            words = words[: m.start()].strip()
            changed = True
        m = _LEADING.match(words)
        if m and m.end() < len(words):
            spelling = m.group(0).strip()
            if spelling in _AMBIGUOUS_LEADING and words[m.end() :].startswith(("jan ", "joris ")):
                continue  # "St. Jan" / "Sint Joris": a saint, not a foundation
            forms.add(_SPELLING_TO_FORM[spelling])
            words = words[m.end() :].strip()
            changed = True
    return words, frozenset(forms)
