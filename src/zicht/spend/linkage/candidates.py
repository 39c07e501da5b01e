"""Finding the few register entries worth comparing with each supplier (blocking).

Comparing 50,000 suppliers with 20,000 organisations pair by pair is a billion
comparisons; this module proposes a handful of candidates per supplier from:

* the KvK number (exact, and one typing error away);
* the postcode, and the four postcode digits with the house number;
* the name: a TF-IDF weighted overlap of words and adjacent word pairs. Supplier
  words the register does not know (typing errors, a word cut at 35 characters) are
  first mapped to the closest register word. Words that occur in more than
  ``COMMON_WORD_SHARE`` of register names ("kringloop", "zorg") only count in pairs,
  which keeps the sparse product small and fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from .text import STOPWORDS, words

__all__ = ["STOPWORDS", "NameIndex", "words"]

COMMON_WORD_SHARE = 0.005
MIN_COMMON_COUNT = 40
TOP_K = 5
MIN_NAME_SIMILARITY = 0.3  # cosine below this is not a name candidate


def _one_deletes(word: str) -> set[str]:
    """The word and every string made by deleting one of its letters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


class NameIndex:
    """TF-IDF over register names (words and adjacent word pairs)."""

    def __init__(
        self, names: Sequence[str], owners: Sequence[int], tokens: Sequence[list[str]] | None = None
    ) -> None:
        self.owners = np.asarray(owners, dtype=np.int64)
        tokenised = [words(n) for n in names] if tokens is None else list(tokens)
        df: dict[str, int] = defaultdict(int)
        for toks in tokenised:
            for t in set(toks):
                df[t] += 1
        self.vocab_words = sorted(df)
        self.word_set = frozenset(df)
        n = max(len(names), 1)
        limit = max(MIN_COMMON_COUNT, int(COMMON_WORD_SHARE * n))
        self.common = frozenset(w for w, c in df.items() if c > limit)
        self._corrections: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._delete_index: dict[str, list[str]] | None = None
        self.features: dict[str, int] = {}
        rows = [self._features(toks) for toks in tokenised]
        for feats in rows:
            for f in feats:
                if f not in self.features:
                    self.features[f] = len(self.features)
        fdf = np.zeros(len(self.features), dtype=np.float64)
        for feats in rows:
            for f in set(feats):
                fdf[self.features[f]] += 1
        self.idf = np.log((1 + n) / (1 + fdf)) + 1.0
        self.matrix_t = self._matrix(rows).T.tocsr()

    def _features(self, toks: list[str]) -> list[str]:
        feats = [t for t in toks if t not in self.common]
        feats += [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
        if len(toks) == 1 and toks[0] in self.common:
            feats.append(toks[0])  # a one-word name keeps its only word
        return feats

    def _matrix(self, rows: list[list[str]]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows (binary term frequency) for lists of features."""
        get = self.features.get
        indptr = [0]
        indices: list[int] = []
        for feats in rows:
            indices.extend({j for f in feats if (j := get(f)) is not None})
            indptr.append(len(indices))
        idx = np.asarray(indices, dtype=np.int32)
        ptr = np.asarray(indptr, dtype=np.int64)
        vals = self.idf[idx] if len(idx) else np.zeros(0)
        row_of = np.repeat(np.arange(len(rows)), np.diff(ptr))
        norms = np.sqrt(np.bincount(row_of, weights=vals * vals, minlength=len(rows)))
        norms[norms == 0] = 1.0
        data = (vals / norms[row_of]).astype(np.float32)
        return sparse.csr_matrix((data, idx, ptr), shape=(len(rows), len(self.features)))

    def correct(self, word: str, may_be_cut: bool) -> tuple[str, ...]:
        """Register words a ledger word may stand for (itself if the register knows it)."""
        if word in self.word_set:
            return (word,)
        key = (word, may_be_cut)
        hit = self._corrections.get(key)
        if hit is not None:
            return hit
        out: tuple[str, ...] = ()
        if may_be_cut and len(word) >= 2:
            pref = [w for w in self._prefixed(word)]
            out = tuple(pref[:3])
        if not out and len(word) >= 4:
            # words one edit away share a key: the word itself or it minus one letter
            near: set[str] = set()
            deletes = self._deletes()
            for k in _one_deletes(word):
                near.update(deletes.get(k, ()))
            scored = sorted(((fuzz.ratio(word, w), w) for w in near), key=lambda t: (-t[0], t[1]))
            out = tuple(w for score, w in scored[:2] if score >= 80)
        self._corrections[key] = out
        return out

    def _deletes(self) -> dict[str, list[str]]:
        if self._delete_index is None:
            index: dict[str, list[str]] = defaultdict(list)
            for w in self.vocab_words:
                if len(w) >= 3:
                    for k in _one_deletes(w):
                        index[k].append(w)
            self._delete_index = dict(index)
        return self._delete_index

    def _prefixed(self, prefix: str) -> list[str]:
        import bisect

        i = bisect.bisect_left(self.vocab_words, prefix)
        out = []
        while i < len(self.vocab_words) and self.vocab_words[i].startswith(prefix):
            out.append(self.vocab_words[i])
            i += 1
            if len(out) > 3:
                return []  # too many words start like this: no evidence
        return out

    def query_features(
        self, core: str, may_be_cut: bool, toks: list[str] | None = None
    ) -> list[str]:
        toks = words(core) if toks is None else toks
        fixed: list[str] = []
        for i, tok in enumerate(toks):
            options = self.correct(tok, may_be_cut and i == len(toks) - 1)
            fixed.append(options[0] if options else tok)
        return self._features(fixed)

    def search(
        self,
        queries: Sequence[tuple[str, bool] | tuple[str, bool, list[str]]],
        top_k: int = TOP_K,
        chunk: int = 10_000,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Name candidates: arrays (query index, owner), up to ``top_k`` owners per query
        with cosine >= ``MIN_NAME_SIMILARITY``, best first."""
        matrix = self._matrix([self.query_features(*q) for q in queries])
        width = int(self.owners.max(initial=0)) + 1
        out_rows, out_owners = [], []
        for start in range(0, matrix.shape[0], chunk):
            product = (matrix[start : start + chunk] @ self.matrix_t).tocoo()
            keep = product.data >= MIN_NAME_SIMILARITY
            rows, vals = product.row[keep].astype(np.int64), product.data[keep]
            owners = self.owners[product.col[keep]]
            # best first within each query; one entry per (query, owner); then the top k
            order = np.lexsort((-vals, rows))
            rows, owners = rows[order], owners[order]
            _, first = np.unique(rows * width + owners, return_index=True)
            first.sort()
            rows, owners = rows[first], owners[first]
            rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
            keep = rank < top_k
            out_rows.append(rows[keep] + start)
            out_owners.append(owners[keep])
        if not out_rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(out_rows), np.concatenate(out_owners)
