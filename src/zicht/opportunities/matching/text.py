"""Bilingual (Dutch/English) text features: tokenise, drop stop words, light stemming.

A word-level TF-IDF with a deliberately simple suffix stripper: it folds plural and
common derivational endings in both languages ("diensten" -> "dienst", "cleaning" ->
"clean") so that short profile texts meet tender texts. Long words (9+ letters) also
yield their first six letters as an extra feature, a crude stand-in for splitting Dutch
compounds ("schoonmaakdiensten" and "schoonmaak" share "schoon~"). It does not translate: a Dutch
text and an English text only meet on shared words (names, loanwords, CPV-like terms).
The vocabulary and IDF are fitted on the organisation corpus of the index.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_NL_WORDS = """aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen
    door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun
    iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet
    niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van
    veel voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij
    zijn zo zonder zou onze jullie hen binnen via per etc bv ca jaar jaren"""
_EN_WORDS = """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your yours also etc per via within year years"""
STOP_NL = frozenset(_NL_WORDS.split())
STOP_EN = frozenset(_EN_WORDS.split())
STOP_WORDS = STOP_NL | STOP_EN

# Longest suffixes first; a stem keeps at least 4 characters.
_SUFFIXES = (
    "heden",
    "ingen",
    "ments",
    "ation",
    "ingly",
    "ities",
    "iges",
    "ment",
    "tion",
    "ness",
    "heid",
    "ende",
    "ings",
    "ing",
    "ers",
    "ies",
    "ied",
    "en",
    "er",
    "es",
    "ed",
    "ly",
    "e",
    "s",
)
PREFIX_LEN = 6  # long words also yield their first 6 letters as a feature ("schoon~")
PREFIX_MIN_WORD = 9
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_stem_cache: dict[str, str] = {}
SURFACE: dict[str, str] = {}  # stem -> a word it came from (for readable explanations)


def _fold(text: str) -> str:
    """Lowercase and strip accents (é -> e, ë -> e), so 'coöperatie' meets 'cooperatie'."""
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def stem(token: str) -> str:
    cached = _stem_cache.get(token)
    if cached is not None:
        return cached
    out = token
    if not token.isdigit():
        for suffix in _SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 4:
                out = token[: -len(suffix)]
                break
        if len(out) >= 5 and out[-1] == out[-2] and out[-1] not in "aeiou":  # "diensst"
            out = out[:-1]
    if len(_stem_cache) < 500_000:
        _stem_cache[token] = out
        if out not in SURFACE or len(token) < len(SURFACE[out]):
            SURFACE[out] = token
    return out


def analyze(text: str) -> list[str]:
    """Tokens of a text: folded, stop words removed, stemmed; hyphenated words also split."""
    out = []
    for tok in _TOKEN.findall(_fold(text or "")):
        parts = [tok, *tok.split("-")] if "-" in tok else [tok]
        for t in parts:
            if len(t) < 2 or t in STOP_WORDS or t.isdigit():
                continue
            out.append(stem(t))
            if len(t) >= PREFIX_MIN_WORD:  # Dutch compounds: "schoonmaakdiensten" ~ "schoonmaak"
                out.append(t[:PREFIX_LEN] + "~")
    return out


class TextModel:
    """TF-IDF vocabulary fitted on the organisation corpus; rows are L2-normalised."""

    def __init__(self) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer=analyze, sublinear_tf=True, norm="l2", dtype=np.float64
        )
        self.fitted = False
        self.terms: np.ndarray = np.array([], dtype=object)

    def fit_transform(self, texts: list[str]) -> sparse.csr_matrix:
        if not any(t.strip() for t in texts):
            self.fitted = False
            return sparse.csr_matrix((len(texts), 0), dtype=np.float64)
        try:
            matrix = self.vectorizer.fit_transform(texts)
        except ValueError:  # only stop words in the corpus
            self.fitted = False
            return sparse.csr_matrix((len(texts), 0), dtype=np.float64)
        self.fitted = True
        self.terms = self.vectorizer.get_feature_names_out()
        return matrix.tocsr()

    @property
    def size(self) -> int:
        return len(self.terms)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        if not self.fitted:
            return sparse.csr_matrix((len(texts), 0), dtype=np.float64)
        return self.vectorizer.transform(texts).tocsr()

    def shared_terms(self, a: sparse.csr_matrix, b: sparse.csr_matrix, n: int = 3) -> list[str]:
        """The terms that contribute most to the cosine of two single-row vectors."""
        a, b = a.tocsr(), b.tocsr()
        common, ia, ib = np.intersect1d(a.indices, b.indices, return_indices=True)
        if len(common) == 0:
            return []
        contrib = a.data[ia] * b.data[ib]
        order = np.lexsort((common, -contrib))[:n]
        out = []
        for i in order:
            term = str(self.terms[common[i]])
            out.append(term[:-1] + "…" if term.endswith("~") else SURFACE.get(term, term))
        return out
