"""Shared text folding: lower case, no diacritics, punctuation to spaces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """``"Coöperatie  'De Korf' U.A."`` -> ``"cooperatie de korf u a"``."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = text.replace("&", " en ").replace("'", "").replace("\u2019", "")
    return _NON_ALNUM.sub(" ", text).strip()


# articles and little words that say nothing about which organisation is meant
STOPWORDS = frozenset({"de", "het", "en", "van", "der", "den", "t", "s", "in", "op", "voor", "a"})


def words(core: str) -> list[str]:
    """The words of a folded name without stopwords."""
    return [w for w in core.split() if w not in STOPWORDS]
