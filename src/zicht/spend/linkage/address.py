"""Street addresses: abbreviations and house numbers.

Ledgers abbreviate street names (``Burg. v. Houtenln``, ``Kerkstr.``) and write
house-number suffixes as ``12a``, ``12 A`` or ``12-A``. The supplier file has one
free-text ``address`` column; the register has street and house number apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import fold

# abbreviation (folded, whole word) -> full word
WORD_ABBREVIATIONS: dict[str, str] = {
    "burg": "burgemeester",
    "pr": "prins",
    "pres": "president",
    "kon": "koning",
    "kon in": "koningin",
    "kon inne": "koningin",
    "mr": "meester",
    "dr": "doctor",
    "prof": "professor",
    "ir": "ingenieur",
    "st": "sint",
    "v": "van",
    "vd": "van de",
    "v d": "van de",
    "gen": "generaal",
    "gr": "graaf",
    "h": "heilige",
    "o": "oude",
    "n": "nieuwe",
    "zuidz": "zuidzijde",
}
# abbreviated street-type endings (possibly glued to the name: "kerkstr")
SUFFIX_ABBREVIATIONS: dict[str, str] = {
    "str": "straat",
    "ln": "laan",
    "pln": "plein",
    "wg": "weg",
    "gr": "gracht",
    "sngl": "singel",
    "kd": "kade",
    "dk": "dijk",
    "pk": "park",
}
_GLUED = re.compile(r"(?<=[a-z])(" + "|".join(SUFFIX_ABBREVIATIONS) + r")$")
_NUMBER = re.compile(
    r"^(.*?)[\s,]*\b(\d{1,5})\s*[-/ ]?\s*([a-z]{1,3}|\d{1,3}|[a-z]+\d*)?\s*$", re.I
)


@dataclass(frozen=True, slots=True)
class Address:
    street: str  # folded, abbreviations expanded, e.g. "burgemeester van houtenlaan"
    number: str  # "12"
    suffix: str  # "a" ("12a", "12 A", "12-A")


@lru_cache(maxsize=100_000)
def normalise_street(street: str) -> str:
    words = fold(street).split()
    out: list[str] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if last and word in SUFFIX_ABBREVIATIONS:
            out.append(SUFFIX_ABBREVIATIONS[word])
        elif not last and word in WORD_ABBREVIATIONS:
            out.append(WORD_ABBREVIATIONS[word])
        elif last and len(word) > 4 and _GLUED.search(word):
            out.append(_GLUED.sub(lambda m: SUFFIX_ABBREVIATIONS[m.group(1)], word))
        else:
            out.append(word)
    return " ".join(out)


def split_house_number(value: str) -> tuple[str, str]:
    """``"12-A"`` -> ``("12", "a")``; ``"12"`` -> ``("12", "")``; no number -> ``("", "")``."""
    m = re.match(r"^\s*(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,4})\s*$", value or "")
    if not m:
        return "", ""
    return str(int(m.group(1))), m.group(2).lower()


@lru_cache(maxsize=100_000)
def parse_address(address: str) -> Address:
    """Split a one-line ledger address: ``"Burg. v. Houtenln 12-A"`` -> street, number, suffix."""
    text = (address or "").strip()
    if not text:
        return Address("", "", "")
    m = _NUMBER.match(text)
    if m and m.group(1).strip():
        return Address(
            normalise_street(m.group(1)), str(int(m.group(2))), (m.group(3) or "").lower()
        )
    return Address(normalise_street(text), "", "")


def register_address(street: str, house_number: str) -> Address:
    number, suffix = split_house_number(house_number)
    if not number and house_number:  # "12 bis", odd forms: parse like a ledger line
        parsed = parse_address(f"x {house_number}")
        number, suffix = parsed.number, parsed.suffix
    return Address(normalise_street(street), number, suffix)
