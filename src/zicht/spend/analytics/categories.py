"""Spend categories: CPV where known, else derived from the ledger account or description.

Lines are grouped by their most specific source first (``cpv:77``, ``category:…``,
``ledger:…``, ``description:…``); ``categorise`` then maps the non-CPV groups to a CPV
division through keyword rules, so that "4410 Onderhoud groen" and "Maaien bermen"
both land in division 77 (horticultural services) and can be compared with the number
of eligible organisations per division. The rules are defaults, passed in as data.
"""

from __future__ import annotations

import re
from functools import cache

# (regex on lower-case text, CPV division). First match wins.
DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    (r"groen|maai|snoei|hovenier|plantsoen|bomen|onkruid|beplanting", "77"),
    (r"schoonma|glasbewass|reinig|afval|vuilnis|containers?", "90"),
    (r"catering|lunch|koffie|broodjes|maaltijd|kantine|representatie", "55"),
    (r"drukwerk|print|kantoorartikel|enveloppen|papier|flyers", "79"),
    (r"inhuur|detacher|interim|uitzend|personeel", "79"),
    (r"\bpost\b|postbezorg|koerier|verzending", "64"),
    (r"\bict\b|licentie|hosting|software|applicatie|automatiser|laptop", "72"),
    (r"vervoer|taxi|rit\b|leerlingenvervoer", "60"),
    (r"jeugdhulp|jeugdzorg|wmo|dagbesteding|begeleiding|zorg", "85"),
    (r"onderhoud gebouw|schilder|dak|renovatie|verwarming|bouw|installatie", "45"),
    (r"fiets|rijwiel|klein materieel", "34"),
    (r"kleding|textiel|werkkleding", "18"),
    (r"beveilig|bewaking", "79"),
    (r"energie|elektriciteit|gas\b|brandstof", "09"),
)


@cache
def _compiled(rules: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p, re.I), division) for p, division in rules]


@cache
def division_labels() -> dict[str, tuple[str, str]]:
    """CPV division (2 digits) -> (English, Dutch) label, from the reference data."""
    try:
        from zicht.reference.data import cpv_codes
    except ImportError:  # pragma: no cover - the reference package ships with Zicht
        return {}
    return {
        code[:2]: (c.label_en, c.label_nl)
        for code, c in cpv_codes().items()
        if c.level == "division"
    }


def categorise(raw_key: str, rules: tuple[tuple[str, str], ...] = DEFAULT_RULES) -> tuple[str, str]:
    """``('cpv:77', 'cpv')``, or the raw key with its basis when no rule matches."""
    basis, _, text = raw_key.partition(":")
    if basis == "cpv":
        return raw_key, "cpv"
    for pattern, division in _compiled(rules):
        if pattern.search(text):
            return f"cpv:{division}", f"{basis}_derived"
    return raw_key, basis


def label(category: str, language: str = "nl") -> str:
    basis, _, text = category.partition(":")
    if basis == "cpv":
        en, nl = division_labels().get(text, (f"CPV {text}", f"CPV {text}"))
        return f"{text} {nl if language == 'nl' else en}"
    return text or "(none)"
