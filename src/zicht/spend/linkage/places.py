"""Postcodes and place names.

Dutch postcodes are four digits and two letters (``1234 AB``); ledgers drop the space
or lower-case the letters. Places have everyday names next to their official ones:
``Den Bosch`` is ``'s-Hertogenbosch``, ``Den Haag`` is ``'s-Gravenhage``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*-?\s*([A-Za-z]{2})$")
_PC4 = re.compile(r"^[1-9][0-9]{3}$")

# everyday name -> official name (both folded); extend as data, not code
CITY_ALIASES: dict[str, str] = {
    "den bosch": "s hertogenbosch",
    "s bosch": "s hertogenbosch",
    "hertogenbosch": "s hertogenbosch",
    "den haag": "s gravenhage",
    "the hague": "s gravenhage",
    "gravenhage": "s gravenhage",
    "s gravenhage": "s gravenhage",
    "s hertogenbosch": "s hertogenbosch",
    "bergen op zoom": "bergen op zoom",
    "alphen ad rijn": "alphen aan den rijn",
    "alphen a d rijn": "alphen aan den rijn",
    "capelle ad ijssel": "capelle aan den ijssel",
    "capelle a d ijssel": "capelle aan den ijssel",
}


def normalise_postcode(value: str | None) -> str:
    """``"1234 ab"`` -> ``"1234AB"``; a bare ``"1234"`` is kept; anything else -> ``""``."""
    text = (value or "").strip()
    if text.isascii() and text[:4].isdigit() and text[0] != "0":  # the common cases
        if len(text) == 6 and text[4:].isalpha():
            return text[:4] + text[4:].upper()
        if len(text) == 7 and text[4] == " " and text[5:].isalpha():
            return text[:4] + text[5:].upper()
    m = _POSTCODE.match(text)
    if m:
        return m.group(1) + m.group(2).upper()
    if _PC4.match(text):
        return text
    return ""


@lru_cache(maxsize=50_000)
def normalise_city(value: str | None) -> str:
    """Folded official place name: ``"DEN BOSCH"`` -> ``"s hertogenbosch"``."""
    city = fold(value or "")
    return CITY_ALIASES.get(city, city)
