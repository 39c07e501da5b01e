"""Shared text folding: lower case, no diacritics, punctuation to spaces."""

from __future__ import annotations

import unicodedata


def _fold_char(ch: str) -> str:
    """What one character becomes: decomposed (NFKD) without combining marks, lower
    case, ``&`` -> ``" en "``, apostrophes dropped, anything but ``a-z0-9`` a space."""
    out = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    out = out.lower().replace("&", " en ").replace("'", "").replace("\u2019", "")
    return "".join(c if ("a" <= c <= "z" or "0" <= c <= "9") else " " for c in out)


class _FoldTable(dict):
    """``str.translate`` table filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()
_ASCII = str.maketrans({code: _fold_char(chr(code)) for code in range(128)})
# the same for ASCII text as a bytes table (much faster than a dict per character):
# characters that fold to one character are translated, those that fold to nothing
# deleted; the only one that folds to more, "&", is replaced before
_MULTI = {chr(c): _fold_char(chr(c)) for c in range(128) if len(_fold_char(chr(c))) > 1}
_BYTES = bytes(ord(_fold_char(chr(c)) or " ") if len(_fold_char(chr(c))) <= 1 else 32
               for c in range(256))  # fmt: skip
_DELETE = bytes(c for c in range(128) if not _fold_char(chr(c)))
assert set(_MULTI) == {"&"}


def fold(text: str) -> str:
    """``"Coöperatie  'De Korf' U.A."`` -> ``"cooperatie de korf u a"``.

    Character by character (NFKD decomposition and the mappings below are local to
    a character), through a translation table, so a name costs one ``translate``.
    """
    return " ".join(fold_words(text))


def fold_words(text: str) -> list[str]:
    """``fold(text).split()``, without joining and splitting again."""
    if not text:
        return []
    if text.isascii():
        if "&" in text:
            text = text.replace("&", _MULTI["&"])
        return text.encode("ascii").translate(_BYTES, _DELETE).decode("ascii").split()
    return text.translate(_TABLE).split()


# articles and little words that say nothing about which organisation is meant
STOPWORDS = frozenset({"de", "het", "en", "van", "der", "den", "t", "s", "in", "op", "voor", "a"})


def words(core: str) -> list[str]:
    """The words of a folded name without stopwords."""
    return [w for w in core.split() if w not in STOPWORDS]
