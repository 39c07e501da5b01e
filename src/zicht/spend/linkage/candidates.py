"""Finding the few register entries worth comparing with each supplier (blocking).

Comparing 50,000 suppliers with 20,000 organisations pair by pair is a billion
comparisons; this module proposes a handful of candidates per supplier from:

* the KvK number (exact, and one typing error away);
* the postcode, and the four postcode digits with the house number;
* the name: a TF-IDF weighted overlap of words and adjacent word pairs. Supplier
  words the register does not know (typing errors, a word cut at 35 characters) are
  first mapped to the closest register word. Words that occur in more than
  ``MAX_WORD_NAMES`` register names ("kringloop", "zorg") only count in pairs (and
  as the only word of a one-word name), which keeps the sparse product small and
  its size linear in the number of suppliers whatever the size of the register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from operator import itemgetter

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel
from scipy import sparse

from .text import STOPWORDS, words

__all__ = ["STOPWORDS", "NameIndex", "words"]

# a word in more register names than this counts only inside word pairs; a fixed
# number (not a share of the register), so a query hits at most this many names
# through any one word however large the register grows
MAX_WORD_NAMES = 40
TOP_K = 5
MIN_NAME_SIMILARITY = 0.3  # cosine below this is not a name candidate
_LEVELS = 16  # coarse cosine levels for pruning the name hits before sorting (64 cost
# more in the per-row histogram than it saved in the sort)


def _one_deletes(word: str) -> set[str]:
    """The word and every string made by deleting one of its letters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


_BASE = np.uint64(0x100000001B3)  # polynomial hash (mod 2**64) of code points
_LENGTH_MIX = np.uint64(0x9E3779B97F4A7C15)


def _delete_hashes(words_: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the :func:`_one_deletes` keys of each word: (hashes, word position).

    A hash collision only adds a pair that the caller's exact check then drops."""
    by_len: dict[int, list[int]] = defaultdict(list)
    for k, w in enumerate(words_):
        by_len[len(w)].append(k)
    keys, owners = [], []
    with np.errstate(over="ignore"):
        for n, members in by_len.items():
            if n == 0:
                continue
            text = "".join(words_[k] for k in members).encode("utf-32-le")
            chars = np.frombuffer(text, dtype=np.uint32).reshape(len(members), n)
            chars = chars.astype(np.uint64)
            powers = _BASE ** np.arange(n, -1, -1, dtype=np.uint64)  # B^n .. B^0
            prefix = np.zeros((len(members), n + 1), dtype=np.uint64)  # hash of w[:i]
            for i in range(n):
                prefix[:, i + 1] = prefix[:, i] * _BASE + chars[:, i]
            # hash of w[i:] as the tail of a word: sum of w[j] * B^(n-1-j), j >= i
            tail = np.zeros((len(members), n + 1), dtype=np.uint64)
            for i in range(n - 1, -1, -1):
                tail[:, i] = tail[:, i + 1] + chars[:, i] * powers[i + 1]
            # w minus letter i: prefix(i) * B^(n-1-i) + tail(i+1), a string of length n-1
            deleted = prefix[:, :n] * powers[1:][None, :] + tail[:, 1:]
            mixed_short = deleted ^ (np.uint64(n - 1) * _LENGTH_MIX)
            mixed_whole = prefix[:, n] ^ (np.uint64(n) * _LENGTH_MIX)
            owner = np.asarray(members, dtype=np.int64)
            keys += [mixed_whole, mixed_short.ravel()]
            owners += [owner, np.repeat(owner, n)]
    if not keys:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    return np.concatenate(keys), np.concatenate(owners)


class NameIndex:
    """TF-IDF over register names (words and adjacent word pairs)."""

    def __init__(
        self,
        names: Sequence[str],
        owners: Sequence[int] | np.ndarray,
        tokens: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self.owners = np.asarray(owners, dtype=np.int64)
        self.max_per_owner = int(np.bincount(self.owners).max(initial=0)) if len(owners) else 0
        tokenised = [words(n) for n in names] if tokens is None else list(tokens)
        n_rows = len(tokenised)
        lens = np.fromiter(map(len, tokenised), np.int64, n_rows)
        flat = list(chain.from_iterable(tokenised))
        self.vocab_words = sorted(set(flat))
        self.word_set = frozenset(self.vocab_words)
        self.word_index = dict(zip(self.vocab_words, range(len(self.vocab_words)), strict=True))
        n_words = len(self.vocab_words)
        wid = np.fromiter(map(self.word_index.__getitem__, flat), np.int64, len(flat))
        row = np.repeat(np.arange(n_rows, dtype=np.int64), lens)
        # document frequency: the names each word occurs in
        df = np.bincount(unique_ints(row * max(n_words, 1) + wid) % max(n_words, 1),
                         minlength=n_words)  # fmt: skip
        self._is_common = df > MAX_WORD_NAMES
        self.common = frozenset(self.vocab_words[k] for k in np.flatnonzero(self._is_common))
        self._corrections: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._delete_keys: tuple[np.ndarray, np.ndarray] | None = None
        # the features of each name as integers, in the order :meth:`_features` lists
        # them (words that are not common; adjacent word pairs; the only word of a
        # one-word name): a word is its id, a pair ``n_words + a * n_words + b``
        n_flat = len(flat)
        k = np.arange(n_flat, dtype=np.int64)
        uni = ~self._is_common[wid] if n_flat else np.zeros(0, dtype=bool)
        pair = row[:-1] == row[1:]
        ends = np.cumsum(lens) - 1
        one = np.flatnonzero(lens == 1)
        only_rows = one[self._is_common[wid[ends[one]]]]
        only_at = ends[only_rows]
        f_row = np.concatenate([row[uni], row[:-1][pair], only_rows])
        f_key = np.concatenate([wid[uni], n_words + wid[:-1][pair] * n_words + wid[1:][pair],
                                wid[only_at]])  # fmt: skip
        section = np.concatenate([np.zeros(int(uni.sum()), np.int64),
                                  np.ones(int(pair.sum()), np.int64),
                                  np.full(len(only_at), 2, np.int64)])  # fmt: skip
        f_pos = np.concatenate([k[uni], k[:-1][pair], only_at])
        order = np.lexsort((f_pos, section, f_row))
        f_row, f_key = f_row[order], f_key[order]
        # feature ids in order of first appearance
        by_key = np.argsort(f_key, kind="stable")
        sorted_keys = f_key[by_key]
        new = np.ones(len(sorted_keys), dtype=bool)
        new[1:] = sorted_keys[1:] != sorted_keys[:-1]
        group = np.cumsum(new) - 1  # per sorted element: its distinct key
        first = by_key[new]  # first appearance of each distinct key
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))
        f_id = np.empty(len(f_key), dtype=np.int64)
        f_id[by_key] = rank[group]
        self._feature_keys = np.empty(len(first), dtype=np.int64)
        self._feature_keys[rank] = sorted_keys[new]
        self.n_features = len(first)
        # one entry per (name, feature): binary term frequency
        width = max(self.n_features, 1)
        rf = unique_ints(f_row * width + f_id)
        r_rows, r_feats = rf // width, rf % width
        fdf = np.bincount(r_feats, minlength=self.n_features).astype(np.float64)
        n = max(len(names), 1)
        self.idf = np.log((1 + n) / (1 + fdf)) + 1.0
        vals = self.idf[r_feats]
        norms = np.sqrt(np.bincount(r_rows, weights=vals * vals, minlength=n_rows))
        norms[norms == 0] = 1.0
        data = (vals / norms[r_rows]).astype(np.float32)
        ptr = np.concatenate(([0], np.cumsum(np.bincount(r_rows, minlength=n_rows))))
        matrix = sparse.csr_matrix((data, r_feats.astype(np.int32), ptr),
                                   shape=(n_rows, self.n_features))  # fmt: skip
        self.matrix_t = matrix.T.tocsr()
        # for building query rows with numpy: each word's unigram feature, and the
        # bigram features keyed by (first word, second word)
        fk = self._feature_keys
        self._unigram = np.full(n_words, -1, dtype=np.int64)
        is_uni = np.flatnonzero(fk < n_words)
        self._unigram[fk[is_uni]] = is_uni
        is_bi = np.flatnonzero(fk >= n_words)
        order = np.argsort(fk[is_bi] - n_words, kind="stable")
        self._bigram_keys = (fk[is_bi] - n_words)[order]
        self._bigram_feats = is_bi[order].astype(np.int64)

    @property
    def features(self) -> dict[str, int]:
        """Feature (a word, or two words with a space) -> column (built on first use)."""
        if getattr(self, "_features_dict", None) is None:
            nw, vocab = len(self.vocab_words), self.vocab_words
            self._features_dict = {
                (
                    vocab[key]
                    if key < nw
                    else f"{vocab[(key - nw) // nw]} {vocab[(key - nw) % nw]}"
                ): j
                for j, key in enumerate(self._feature_keys.tolist())
            }
        return self._features_dict

    def _features(self, toks: list[str]) -> list[str]:
        feats = [t for t in toks if t not in self.common]
        feats += [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
        if len(toks) == 1 and toks[0] in self.common:
            feats.append(toks[0])  # a one-word name keeps its only word
        return feats

    def correct(self, word: str, may_be_cut: bool) -> tuple[str, ...]:
        """Register words a ledger word may stand for (itself if the register knows it):
        for a word that may be cut, the (at most three) register words starting with it;
        otherwise the (at most two) nearest register words one edit away (they share
        the word itself or the word minus one letter), fuzz.ratio >= 80, best first."""
        if word in self.word_set:
            return (word,)
        key = (word, may_be_cut)
        hit = self._corrections.get(key)
        if hit is None:
            self.correct_many([key])
            hit = self._corrections[key]
        return hit

    def correct_many(self, wanted: Iterable[tuple[str, bool]]) -> None:
        """Work out :meth:`correct` for many (word, may be cut) at once (cached)."""
        todo: list[tuple[str, bool]] = []
        for word, may_be_cut in wanted:
            key = (word, may_be_cut)
            if word in self.word_set or key in self._corrections:
                continue
            out: tuple[str, ...] = ()
            if may_be_cut and len(word) >= 2:
                out = tuple(self._prefixed(word)[:3])
            if out or len(word) < 4:
                self._corrections[key] = out
            else:
                self._corrections[key] = ()  # filled below; also marks it as seen
                todo.append(key)
        if todo:
            near = self._nearest(list(dict.fromkeys(w for w, _ in todo)))
            for key in todo:
                self._corrections[key] = near.get(key[0], ())

    def _nearest(self, queries: list[str]) -> dict[str, tuple[str, ...]]:
        """Per query word the two best register words (ratio >= 80) among those that
        share a one-delete key with it, found by hashing the keys (numpy) and checked
        exactly: sharing a key is the same as an Indel distance <= 2 with lengths at most
        one apart."""
        v_keys, v_word = self.delete_keys()
        q_keys, q_word = _delete_hashes(queries)
        left = np.searchsorted(v_keys, q_keys, side="left")
        right = np.searchsorted(v_keys, q_keys, side="right")
        count = right - left
        total = int(count.sum())
        if not total:
            return {}
        offsets = np.arange(total) - np.repeat(np.cumsum(count) - count - left, count)
        pair = unique_ints(np.repeat(q_word, count) * len(self.vocab_words) + v_word[offsets])
        qi, vi = pair // len(self.vocab_words), pair % len(self.vocab_words)
        a = [queries[k] for k in qi]
        b = [self.vocab_words[k] for k in vi]
        dist = process.cpdist(a, b, scorer=Indel.distance, dtype=np.int64, workers=1)
        lens = np.abs(np.fromiter(map(len, a), np.int64, len(a)) -
                      np.fromiter(map(len, b), np.int64, len(b)))  # fmt: skip
        ok = np.nonzero((dist <= 2) & (lens <= 1))[0]
        score = process.cpdist([a[k] for k in ok], [b[k] for k in ok], scorer=fuzz.ratio,
                               dtype=np.float64, workers=1)  # fmt: skip
        qi, vi = qi[ok], vi[ok]
        order = np.lexsort((vi, -score, qi))  # per query: best score, then alphabetical
        qi, vi, score = qi[order], vi[order], score[order]
        rank = np.arange(len(qi)) - np.searchsorted(qi, qi, side="left")
        out: dict[str, list[str]] = {}
        for q, v, sc, r in zip(qi.tolist(), vi.tolist(), score.tolist(), rank.tolist(),
                               strict=True):  # fmt: skip
            if r < 2 and sc >= 80:
                out.setdefault(queries[q], []).append(self.vocab_words[v])
        return {w: tuple(v) for w, v in out.items()}

    def delete_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """The hashed one-delete keys of the register words (sorted) and their word ids;
        built on first use."""
        if self._delete_keys is None:
            long = [k for k, w in enumerate(self.vocab_words) if len(w) >= 3]
            keys, owners = _delete_hashes([self.vocab_words[k] for k in long])
            order = np.argsort(keys, kind="stable")
            self._delete_keys = (keys[order], np.asarray(long, dtype=np.int64)[owners[order]])
        return self._delete_keys

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
        queries: Sequence[tuple[str, bool] | tuple[str, bool, Sequence[str]]],
        top_k: int = TOP_K,
        chunk: int = 10_000,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Name candidates: arrays (query index, owner), up to ``top_k`` owners per query
        with cosine >= ``MIN_NAME_SIMILARITY``, best first (ties: register order)."""
        toks_of = [q[2] if len(q) > 2 else words(q[0]) for q in queries]  # type: ignore[misc]
        cut = np.fromiter(map(bool, map(itemgetter(1), queries)), bool, len(queries))
        return self.search_tokens(toks_of, cut, top_k, chunk)

    def search_tokens(
        self,
        tokens: Sequence[Sequence[str]],
        may_be_cut: np.ndarray,
        top_k: int = TOP_K,
        chunk: int = 10_000,
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`search` for queries given as their words (without stopwords) and
        whether each may have been cut."""
        matrix = self._query_matrix(tokens, may_be_cut)
        out_rows, out_owners = [], []
        for start in range(0, matrix.shape[0], chunk):
            rows, owners = self._top(matrix[start : start + chunk] @ self.matrix_t, top_k)
            out_rows.append(rows + start)
            out_owners.append(owners)
        if not out_rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(out_rows), np.concatenate(out_owners)

    def _query_matrix(
        self, toks_of: Sequence[Sequence[str]], cut_q: np.ndarray
    ) -> sparse.csr_matrix:
        """The rows :meth:`query_features` gives, L2-normalised, built with numpy: each
        word is mapped to its register word (or its correction), then unigram and
        bigram features are looked up by word ids."""
        n_q = len(toks_of)
        if not self.vocab_words:  # an empty register: no features at all
            return sparse.csr_matrix((n_q, self.n_features), dtype=np.float32)
        lens = np.fromiter(map(len, toks_of), np.int64, n_q)
        flat = list(chain.from_iterable(toks_of))
        q_of = np.repeat(np.arange(n_q, dtype=np.int64), lens)
        ends = np.cumsum(lens)
        last = np.zeros(len(flat), dtype=bool)
        last[ends[lens > 0] - 1] = True
        cut = cut_q[q_of] & last
        get = self.word_index.get
        ids = np.fromiter(map(get, flat, repeat(-1, len(flat))), np.int64, len(flat))
        unknown = np.flatnonzero(ids < 0)
        if len(unknown):
            asked = list(zip(map(flat.__getitem__, unknown.tolist()), cut[unknown].tolist(),
                             strict=True))  # fmt: skip
            distinct = dict.fromkeys(asked)  # the same unknown words come again and again
            self.correct_many(distinct)
            fixes = self._corrections
            for a in distinct:
                distinct[a] = get(fixes[a][0], -1) if fixes[a] else -1
            ids[unknown] = np.fromiter(map(distinct.__getitem__, asked), np.int64, len(asked))
        n_words = len(self.vocab_words)
        known = ids >= 0
        safe = np.where(known, ids, 0)
        # unigrams: words that are not common, or the only word of the name
        uni = known & (~self._is_common[safe] | (lens[q_of] == 1))
        f_uni = np.where(uni, self._unigram[safe], -1)
        # bigrams: adjacent words of one name, both register words
        pair = known[:-1] & known[1:] & (q_of[:-1] == q_of[1:])
        bi_key = safe[:-1] * n_words + safe[1:]
        at = np.minimum(np.searchsorted(self._bigram_keys, bi_key), len(self._bigram_keys) - 1)
        hit = pair & (self._bigram_keys[at] == bi_key) if len(self._bigram_keys) else pair & False
        f_bi = np.where(hit, self._bigram_feats[at] if len(self._bigram_keys) else -1, -1)
        rows = np.concatenate([q_of[f_uni >= 0], q_of[:-1][f_bi >= 0]])
        cols = np.concatenate([f_uni[f_uni >= 0], f_bi[f_bi >= 0]])
        width = max(self.n_features, 1)
        key = unique_ints(rows * width + cols)  # binary term frequency, sorted
        rows, cols = key // width, key % width
        vals = self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n_q))
        norms[norms == 0] = 1.0
        data = (vals / norms[rows]).astype(np.float32)
        ptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n_q))))
        return sparse.csr_matrix((data, cols.astype(np.int32), ptr), shape=(n_q, self.n_features))

    def _top(self, product: sparse.csr_matrix, top_k: int) -> tuple[np.ndarray, np.ndarray]:
        """Per row of a (queries x register names) product: the ``top_k`` distinct owners
        with the highest cosine >= ``MIN_NAME_SIMILARITY`` (ties: earlier entry first)."""
        indptr = product.indptr.astype(np.int64)
        vals = product.data
        n_rows = product.shape[0]
        rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr))
        keep = np.nonzero(vals >= MIN_NAME_SIMILARITY)[0]
        rows, vals = rows[keep], vals[keep]
        pos = product.indices[keep].astype(np.int64)  # ties: the earlier register name
        # most rows have far more hits than are kept: drop, per row, the hits below a
        # coarse level that still leaves enough hits for top_k distinct owners (all of
        # them score higher than anything dropped), so that less has to be sorted
        need = (top_k - 1) * max(self.max_per_owner, 1) + 1
        if len(rows) > need * n_rows // 4:
            level = np.clip(((vals - MIN_NAME_SIMILARITY) * (_LEVELS / (1 - MIN_NAME_SIMILARITY)))
                            .astype(np.int64), 0, _LEVELS - 1)  # fmt: skip
            hist = np.bincount(rows * _LEVELS + level, minlength=n_rows * _LEVELS)
            at_least = np.cumsum(hist.reshape(n_rows, _LEVELS)[:, ::-1], axis=1)[:, ::-1]
            enough = at_least >= need  # per row and level: enough hits at this level or up
            floor = np.where(
                enough.any(axis=1), _LEVELS - 1 - np.argmax(enough[:, ::-1], axis=1), 0
            )
            high = np.flatnonzero(level >= floor[rows])
            keep, rows, vals, pos = keep[high], rows[high], vals[high], pos[high]
        pos_bits = int(pos.max(initial=0)).bit_length()
        row_bits = int(n_rows).bit_length()
        if vals.dtype == np.float32 and row_bits + 31 + pos_bits <= 63:
            # one sort of unique int64 keys (row, descending cosine, position): the
            # bits of a non-negative float32 order like the float
            desc = np.int64(0x7FFFFFFF) - vals.view(np.int32).astype(np.int64)
            key = (rows << (31 + pos_bits)) | (desc << pos_bits) | pos
            key.sort()
            rows = key >> (31 + pos_bits)
            cols = key & ((1 << pos_bits) - 1)
        else:
            order = np.lexsort((pos, -vals.astype(np.float64), rows))
            rows, cols = rows[order], pos[order]
        owners = self.owners[cols]
        rank = _rank(rows, n_rows)
        if self.max_per_owner > 1:
            # one entry per (row, owner), its best; the first top_k distinct owners of a
            # row are among its first top_k * max_per_owner entries
            cut = rank < top_k * self.max_per_owner
            rows, owners = rows[cut], owners[cut]
            width = int(self.owners.max(initial=0)) + 1
            _, first = np.unique(rows * width + owners, return_index=True)
            first.sort()
            rows, owners = rows[first], owners[first]
            rank = _rank(rows, n_rows)
        keep = rank < top_k
        return rows[keep], owners[keep]


def _rank(rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Position of each element within its run of equal values in sorted ``rows``."""
    counts = np.bincount(rows, minlength=n_rows)
    return np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)


def unique_ints(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (``np.unique`` without its hash-table
    path, which is several times slower on large int64 arrays in numpy 2.x)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]
