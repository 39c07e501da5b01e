"""Text normalisation, tokenising, light stemming and language detection.

Pure Python, no third-party imports: this module is on the hot path.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN_RE = re.compile(r"[a-z0-9]+|[.;:!?()]")
_BOUNDARY = frozenset(".;:!?()")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOS_RE = re.compile(r"n['’]t\b")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))


def normalise(text: str) -> str:
    """Lower-case, fold accents, expand n't, so that lexicon and text meet."""
    text = strip_accents(text.lower())
    text = _APOS_RE.sub(" not", text)
    # "zonne-energie" -> "zonne energie"; "CO2-uitstoot" -> "co2 uitstoot"
    return text


def tokenise(text: str) -> list[str]:
    """Word tokens plus clause-boundary punctuation tokens."""
    return _TOKEN_RE.findall(normalise(text))


def is_boundary(token: str) -> bool:
    return token in _BOUNDARY


@lru_cache(maxsize=200_000)
def stem_en(word: str) -> str:
    w = word
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
            w = w[:-1]
        return w
    if w.endswith("ed") and len(w) >= 5:
        w = w[:-2]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
            w = w[:-1]
        return w
    if w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=200_000)
def stem_nl(word: str) -> str:
    w = word
    if len(w) <= 4 or w.isdigit():
        return w
    if w.endswith("heden"):
        return w[:-5] + "heid"
    if w.endswith("en") and len(w) > 5:
        w = w[:-2]
    elif w.endswith("e") or w.endswith("s") and not w.endswith("ss") and len(w) > 5:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]  # bossen -> boss -> bos
    return w


def stemmer(lang: str):
    return stem_nl if lang == "nl" else stem_en


# --- language detection -----------------------------------------------------------

_STOP = {
    "en": [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "are",
        "for",
        "with",
        "that",
        "this",
        "on",
        "as",
        "by",
        "be",
        "we",
        "our",
        "it",
        "from",
        "at",
        "or",
        "an",
        "have",
        "has",
        "was",
        "were",
        "their",
        "they",
        "which",
        "will",
        "not",
        "can",
        "more",
        "people",
        "also",
        "its",
        "all",
        "who",
        "into",
        "been",
        "than",
        "these",
        "such",
        "about",
        "through",
    ],
    "nl": [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "is",
        "zijn",
        "voor",
        "met",
        "dat",
        "die",
        "op",
        "te",
        "aan",
        "door",
        "wij",
        "we",
        "ons",
        "onze",
        "niet",
        "ook",
        "om",
        "bij",
        "als",
        "worden",
        "wordt",
        "meer",
        "mensen",
        "naar",
        "er",
        "uit",
        "dit",
        "deze",
        "tot",
        "hun",
        "zij",
        "over",
        "kan",
        "heeft",
        "hebben",
        "werden",
        "nog",
    ],
    "de": [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "den",
        "dem",
        "von",
        "zu",
        "auf",
        "für",
        "eine",
        "einen",
        "ein",
        "sich",
        "auch",
        "wir",
        "unsere",
        "werden",
        "wird",
        "durch",
        "bei",
        "aus",
        "über",
        "sind",
    ],
    "fr": [
        "le",
        "la",
        "les",
        "des",
        "et",
        "est",
        "une",
        "un",
        "du",
        "pour",
        "dans",
        "avec",
        "que",
        "qui",
        "sur",
        "par",
        "pas",
        "nous",
        "notre",
        "sont",
        "au",
        "aux",
        "ce",
        "cette",
        "ses",
        "leur",
        "plus",
    ],
    "es": [
        "el",
        "la",
        "los",
        "las",
        "y",
        "es",
        "una",
        "un",
        "del",
        "para",
        "en",
        "con",
        "que",
        "por",
        "no",
        "nuestra",
        "nuestro",
        "son",
        "al",
        "se",
        "su",
        "sus",
        "más",
        "este",
        "esta",
        "como",
    ],
    "it": [
        "il",
        "lo",
        "gli",
        "della",
        "delle",
        "e",
        "un",
        "una",
        "per",
        "con",
        "che",
        "non",
        "sono",
        "nel",
        "alla",
        "dei",
        "questo",
    ],
    "pt": [
        "o",
        "os",
        "as",
        "da",
        "das",
        "do",
        "dos",
        "e",
        "um",
        "uma",
        "para",
        "com",
        "que",
        "não",
        "são",
        "no",
        "na",
        "em",
        "nossa",
    ],
}
_STOP_SETS = {lang: frozenset(words) for lang, words in _STOP.items()}
STOPWORDS = _STOP_SETS["en"] | _STOP_SETS["nl"]


def detect_language(tokens: list[str]) -> tuple[str, float]:
    """Return (lang, confidence): nl/en, another ISO code, or 'unknown'.

    Counts function words per language; texts without any fall back to Dutch
    spelling patterns.
    """
    from collections import Counter

    bag = Counter(tokens)
    for b in _BOUNDARY:
        bag.pop(b, None)
    words = sum(bag.values())
    if words == 0:
        return "unknown", 0.0
    counts = {lang: sum(bag[w] for w in stop if w in bag) for lang, stop in _STOP_SETS.items()}
    best = max(counts, key=lambda k: (counts[k], k in ("nl", "en")))
    total = sum(counts.values())
    if counts[best] == 0:
        dutch = sum(
            c for t, c in bag.items() if ("ij" in t or "oe" in t or "aa" in t or t.endswith("heid"))
        )
        return ("nl" if dutch * 3 >= words else "en"), 0.3
    return best, counts[best] / total
