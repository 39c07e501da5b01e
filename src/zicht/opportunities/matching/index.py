"""MatchIndex: organisations indexed once, scored against opportunities in both directions.

Typical use (the Django layer or the CLI)::

    index = MatchIndex.build(orgs, weights)
    ranking = index.top_for_opportunity(opp, k=20)        # best organisations
    index.set_opportunities(open_opps)
    index.recompute_all(k=20)                              # every stored top-20 list
    changed = index.update_organisation(new_profile)       # patch the affected lists
    index.top_list(opp_id)                                 # a stored list, explained
    index.top_for_organisation(org_id, k=20)               # best opportunities
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from zicht.registry.facts import OrganisationFacts

from . import explanations as ex
from .facts import OpportunityFacts
from .features import (
    CertVocab,
    OppFeatures,
    OrgFeatures,
    build_opp_features,
    build_org_features,
    cpv_vocab,
    org_text,
)
from .scoring import Block, requirement_counts, score_block
from .text import TextModel
from .weights import PARTS, Weights

BATCH = 128  # opportunities per block: (BATCH x organisations) float32 arrays


@dataclass
class Match:
    score: float
    parts: dict[str, float | None]
    reasons: list[str]  # Dutch
    reasons_en: list[str]
    organisation_id: str = ""
    opportunity_id: str = ""
    flags: list[str] = field(default_factory=list)  # e.g. "target_group_share_unknown"

    def to_dict(self, direction: str = "organisation") -> dict[str, Any]:
        key = "organisation_id" if direction == "organisation" else "opportunity_id"
        d: dict[str, Any] = {
            key: getattr(self, key),
            "score": self.score,
            "parts": self.parts,
            "reasons": self.reasons,
            "reasons_en": self.reasons_en,
        }
        if self.flags:
            d["flags"] = self.flags
        return d


@dataclass
class Ranking:
    """A ranked list with the notices about its input (Dutch and English)."""

    matches: list[Match]
    notices: list[str] = field(default_factory=list)
    notices_en: list[str] = field(default_factory=list)
    opportunity_id: str = ""
    organisation_id: str = ""

    def __iter__(self):
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, i):
        return self.matches[i]

    def to_dict(self) -> dict[str, Any]:
        if self.opportunity_id:
            d: dict[str, Any] = {
                "opportunity_id": self.opportunity_id,
                "matches": [m.to_dict("organisation") for m in self.matches],
            }
        else:
            d = {
                "organisation_id": self.organisation_id,
                "matches": [m.to_dict("opportunity") for m in self.matches],
            }
        if self.notices:
            d["notice"] = " ".join(self.notices)
            d["notice_en"] = " ".join(self.notices_en)
        return d


def _replace_row(m: sparse.csr_matrix, i: int, row: sparse.csr_matrix) -> sparse.csr_matrix:
    """A copy of CSR ``m`` with row ``i`` replaced (O(nnz) memory copies, no Python loop)."""
    row = row.tocsr()
    ncols = max(m.shape[1], row.shape[1])
    a, b = m.indptr[i], m.indptr[i + 1]
    data = np.concatenate([m.data[:a], row.data.astype(m.data.dtype), m.data[b:]])
    indices = np.concatenate([m.indices[:a], row.indices.astype(m.indices.dtype), m.indices[b:]])
    indptr = m.indptr.astype(np.int64)
    indptr[i + 1 :] += row.nnz - (b - a)
    return sparse.csr_matrix((data, indices, indptr), shape=(m.shape[0], ncols))


def _append_row(m: sparse.csr_matrix, row: sparse.csr_matrix) -> sparse.csr_matrix:
    ncols = max(m.shape[1], row.shape[1])
    a = sparse.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], ncols))
    b = sparse.csr_matrix((row.data, row.indices, row.indptr), shape=(1, ncols))
    return sparse.vstack([a, b], format="csr")


def _replace_col(t: sparse.csr_matrix, i: int, col: sparse.csr_matrix, n: int):
    """Transposed matrix ``t`` (features x organisations) with column ``i`` set to ``col``.

    ``col`` is a (1, features) row; ``n`` the new number of columns (n > i appends).
    Two O(nnz) memory copies (delete, insert); the row pointers are patched per row.
    """
    col = col.tocsr()
    nrows = max(t.shape[0], col.shape[1])
    indptr = np.empty(nrows + 1, dtype=np.int64)
    indptr[: t.shape[0] + 1] = t.indptr
    indptr[t.shape[0] + 1 :] = t.indptr[-1]
    data, indices = t.data, t.indices
    delta = np.zeros(nrows + 1, dtype=np.int64)
    if i < t.shape[1]:
        old = np.flatnonzero(indices == i)
        if len(old):
            rows = np.searchsorted(indptr, old, side="right") - 1
            np.add.at(delta, rows + 1, -1)
            data, indices = np.delete(data, old), np.delete(indices, old)
            indptr = indptr + np.cumsum(delta)
            delta[:] = 0
    feats = np.sort(col.indices.astype(np.int64))
    vals = np.asarray(col[:, feats].toarray()).ravel().astype(data.dtype)
    if len(feats):
        pos = indptr[feats + 1]
        data = np.insert(data, pos, vals)
        indices = np.insert(indices, pos, np.full(len(feats), i, dtype=indices.dtype))
        np.add.at(delta, feats + 1, 1)
        indptr = indptr + np.cumsum(delta)
    return sparse.csr_matrix((data, indices, indptr), shape=(nrows, n))


class TopLists:
    """Stored top lists for every opportunity, kept exact under single-organisation updates.

    Order: score descending, then organisation row ascending. Each list keeps up to
    ``keep`` entries (``keep`` > ``k``) so that an organisation that drops out can be
    replaced from the reserve; a list whose reserve runs out below ``k`` (and that did
    not already hold every candidate) is recomputed for that opportunity.
    """

    def __init__(self, idx: np.ndarray, score: np.ndarray, exhaustive: np.ndarray, k: int):
        self.idx = idx  # (m, keep) organisation rows, -1 = empty
        self.score = score  # (m, keep) float32 scores, -inf = empty
        self.exhaustive = exhaustive  # (m,) the list holds every eligible organisation
        self.k = k

    @property
    def keep(self) -> int:
        return self.idx.shape[1]

    def length(self) -> np.ndarray:
        return (self.idx >= 0).sum(axis=1)


def top_rows(score: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k columns per row of ``score`` (desc; ties by column asc); -1 / -inf padded.

    Exact and cheaper than argpartition over every row: the k-th largest of the maxima
    of column blocks is a lower bound for the k-th largest value, so only the (few)
    values at or above it need sorting.
    """
    m, n = score.shape
    out_i = np.full((m, k), -1, dtype=np.int64)
    out_v = np.full((m, k), -np.inf, dtype=np.float32)
    if n == 0 or k == 0:
        return out_i, out_v
    bs = int(min(1024, max(16, n // (4 * k))))
    nb = -(-n // bs)
    if nb > k:
        pad = nb * bs - n
        padded = score if not pad else np.pad(score, ((0, 0), (0, pad)), constant_values=-np.inf)
        bmax = padded.reshape(m, nb, bs).max(axis=2)
        bound = np.partition(bmax, nb - k, axis=1)[:, nb - k]
    else:
        bound = np.full(m, -np.inf, dtype=np.float32)
    for j in range(m):
        row = score[j]
        if np.isfinite(bound[j]):
            cand = np.flatnonzero(row >= bound[j])
        else:
            cand = np.flatnonzero(row > -np.inf)
        vals = row[cand]
        if len(cand) > k:
            t = np.partition(vals, len(vals) - k)[len(vals) - k]  # k-th largest value
            above = np.flatnonzero(vals > t)
            ties = np.flatnonzero(vals == t)[: k - len(above)]  # lowest columns first
            sel = np.concatenate([above, ties])
            cand, vals = cand[sel], vals[sel]
        order = np.lexsort((cand, -vals))
        out_i[j, : len(order)] = cand[order]
        out_v[j, : len(order)] = vals[order]
    return out_i, out_v


class MatchIndex:
    def __init__(self, weights: Weights):
        self.weights = weights
        self.orgs: list[OrganisationFacts] = []
        self.pos: dict[str, int] = {}
        self.text_model = TextModel()
        self.certs = CertVocab()
        self.groups = CertVocab()  # target groups (names only)
        self.feats: OrgFeatures | None = None
        self.opps: list[OpportunityFacts] = []
        self.opp_pos: dict[str, int] = {}
        self.opp_feats: OppFeatures | None = None
        self.opp_buyer: np.ndarray = np.zeros(0, dtype=np.int64)
        self.lists: TopLists | None = None
        self.today: dt.date | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        orgs: Iterable[OrganisationFacts],
        weights: Weights | dict | str | None = None,
    ) -> MatchIndex:
        """Index organisations: fit the text vocabulary, build the feature matrices."""
        self = cls(Weights.coerce(weights))
        self.orgs = list(orgs)
        for i, o in enumerate(self.orgs):
            if o.id in self.pos:
                raise ValueError(f"duplicate organisation id {o.id!r}")
            self.pos[o.id] = i
        text = self.text_model.fit_transform([org_text(o) for o in self.orgs])
        self.feats = build_org_features(self.orgs, text, self.weights, self.certs, self.groups)
        return self

    def __len__(self) -> int:
        return len(self.orgs)

    def _opp_features(self, opps: list[OpportunityFacts]) -> OppFeatures:
        return build_opp_features(opps, self.text_model, self.weights, self.certs, self.groups)

    def _buyer_rows(self, opps: list[OpportunityFacts]) -> np.ndarray:
        return np.array(
            [self.pos.get(o.buyer_id, -1) if o.buyer_id else -1 for o in opps], dtype=np.int64
        )

    # ------------------------------------------------------------ core ranking
    def _mask(self, block: Block, org_rows: np.ndarray | None, buyer: np.ndarray) -> np.ndarray:
        """Block scores with -inf where not eligible, not above min_score, or the buyer."""
        score = block.score
        np.copyto(score, -np.inf, where=score <= self.weights.min_score)
        if block.eligible is not None:
            np.copyto(score, -np.inf, where=~block.eligible)
        else:
            off = (
                np.flatnonzero(~self.feats.enabled)
                if org_rows is None
                else (np.flatnonzero(~self.feats.enabled[org_rows]))
            )
            if len(off):
                score[:, off] = -np.inf
        for j in np.flatnonzero(buyer >= 0):
            if org_rows is None:
                score[j, buyer[j]] = -np.inf
            else:
                score[j, org_rows == buyer[j]] = -np.inf
        return score

    def _score_all(self, opp_feats: OppFeatures, buyer: np.ndarray):
        block = score_block(self.feats, opp_feats, self.weights)
        if block.eligible is not None:
            n_eligible = block.eligible.sum(axis=1)
        else:
            n_eligible = np.full(opp_feats.m, int(self.feats.enabled.sum()))
        return self._mask(block, None, buyer), n_eligible

    # ----------------------------------------------------- explanations of pairs
    def _org_avail(self, row: int) -> dict[str, bool]:
        return {p: bool(self.feats.avail[row, i]) for i, p in enumerate(PARTS)}

    def _explain_rows(
        self, rows: list[int], opp: OpportunityFacts, opp_feats: OppFeatures
    ) -> list[Match]:
        """Matches (with parts and reasons) for some organisation rows and one opportunity."""
        if not rows:
            return []
        sub = self.feats.take(np.asarray(rows))
        block = score_block(sub, opp_feats, self.weights, parts=True)
        opp_av = {p: bool(opp_feats.avail[0, i]) for i, p in enumerate(PARTS)}
        out = []
        for a, row in enumerate(rows):
            org = self.orgs[row]
            parts = {
                p: (None if math.isnan(block.parts[p][0, a]) else float(block.parts[p][0, a]))
                for p in PARTS
            }
            terms = []
            if parts["text"]:
                terms = self.text_model.shared_terms(sub.text[a], opp_feats.text[0])
            unknown = bool(block.share_unknown[0, a])
            groups_unknown = bool(block.groups_unknown[0, a])
            employed = []
            if opp.target_groups and not groups_unknown:
                have = set(org.target_groups or [])  # names only, never FTE figures
                employed = [g for g in dict.fromkeys(opp.target_groups) if g in have]
            nl, en = ex.explain_pair(
                org,
                opp,
                parts,
                self.weights,
                shared_terms=terms,
                share_unknown=unknown,
                available_weight=float(block.available_weight[0, a]),
                org_avail=self._org_avail(row),
                opp_avail=opp_av,
                groups_unknown=groups_unknown,
                groups_employed=employed,
            )
            flags = ["target_group_share_unknown"] if unknown else []
            if groups_unknown:
                flags.append("target_groups_unknown")
            out.append(
                Match(
                    score=round(float(block.score[0, a]), 6),
                    parts=parts,
                    reasons=nl,
                    reasons_en=en,
                    organisation_id=org.id,
                    opportunity_id=opp.id,
                    flags=flags,
                )
            )
        return out

    def _opp_notices(self, opp: OpportunityFacts, feats: OppFeatures, n_eligible: int, found: int):
        avail = {p: bool(feats.avail[0, i]) for i, p in enumerate(PARTS)}
        vocab = cpv_vocab()
        unknown_cpv = [c for c in opp.cpv if c[:2] not in vocab]
        nl, en = ex.opportunity_notices(opp, avail, self.today, unknown_cpv)
        if n_eligible == 0:
            counts = requirement_counts(self.feats, feats, self.weights)
            a, b = ex.impossible_notice(opp, counts, self.weights)
            nl.append(a)
            en.append(b)
        elif found == 0:
            nl.append("Geen organisatie die aan de eisen voldoet heeft een score boven 0.")
            en.append("No organisation that meets the requirements scores above 0.")
        return nl, en

    def _ranking(self, opp, feats_j, rows, n_eligible) -> Ranking:
        rows = [int(r) for r in rows if r >= 0]
        matches = self._explain_rows(rows, opp, feats_j)
        nl, en = self._opp_notices(opp, feats_j, int(n_eligible), len(rows))
        unknown = sum("target_groups_unknown" in m.flags for m in matches)
        if unknown:
            a, b = ex.groups_unknown_notice(unknown)
            nl.append(a)
            en.append(b)
        return Ranking(matches, nl, en, opportunity_id=opp.id)

    # ------------------------------------------------ direction 1: opportunity
    def top_for_opportunity(self, opp: OpportunityFacts, k: int = 20) -> Ranking:
        """The k best organisations for one opportunity, explained."""
        return next(self.top_for_opportunities([opp], k))

    def top_for_opportunities(
        self, opps: Iterable[OpportunityFacts], k: int = 20, batch: int = BATCH
    ) -> Iterator[Ranking]:
        """Rankings for many opportunities, scored in batches (streams, keeps input order)."""
        buf: list[OpportunityFacts] = []
        for opp in opps:
            buf.append(opp)
            if len(buf) == batch:
                yield from self._rank_many(buf, k)
                buf = []
        if buf:
            yield from self._rank_many(buf, k)

    def _rank_many(self, opps: list[OpportunityFacts], k: int) -> Iterator[Ranking]:
        feats = self._opp_features(opps)
        score, n_el = self._score_all(feats, self._buyer_rows(opps))
        top_i, _ = top_rows(score, k)
        del score
        for j, opp in enumerate(opps):
            yield self._ranking(opp, feats.select([j]), top_i[j], n_el[j])

    # ---------------------------------------------- direction 2: organisation
    def set_opportunities(self, opps: Iterable[OpportunityFacts]) -> None:
        """The current set of open opportunities (for top lists and the other direction)."""
        self.opps = list(opps)
        self.opp_pos = {}
        for j, o in enumerate(self.opps):
            if o.id in self.opp_pos:
                raise ValueError(f"duplicate opportunity id {o.id!r}")
            self.opp_pos[o.id] = j
        self.opp_feats = self._opp_features(self.opps)
        self.opp_buyer = self._buyer_rows(self.opps)
        self.lists = None

    def _org_scores(self, row: int, opp_feats: OppFeatures, opps: list[OpportunityFacts]):
        """(m,) scores of one organisation against opportunities; -inf where excluded."""
        rows = np.array([row])
        block = score_block(self.feats.take(rows), opp_feats, self.weights)
        if opps is self.opps:
            buyer = np.where(self.opp_buyer == row, row, -1)
        else:
            buyer = np.array([row if o.buyer_id == self.orgs[row].id else -1 for o in opps])
        return self._mask(block, rows, buyer)[:, 0]

    def top_for_organisation(
        self, org_id: str, opps: Iterable[OpportunityFacts] | None = None, k: int = 20
    ) -> Ranking:
        """The k best opportunities for one organisation (default: the current set)."""
        if opps is None:
            if self.opp_feats is None:
                raise ValueError("no opportunities: pass opps or call set_opportunities() first")
            opps, feats = self.opps, self.opp_feats
        else:
            opps = list(opps)
            feats = self._opp_features(opps)
        row = self.pos[org_id]
        scores = self._org_scores(row, feats, opps)
        order = np.lexsort((np.arange(len(scores)), -scores))[:k]
        matches = []
        for j in order:
            if np.isfinite(scores[j]):
                matches += self._explain_rows([row], opps[j], feats.select([int(j)]))
        nl, en = [], []
        org_av = self._org_avail(row)
        for p in PARTS:
            if not org_av[p]:
                nl.append(f"{ex.cap(ex.PART_NL[p])} telt niet mee: {ex.MISSING_ORG_NL[p]}.")
                en.append(f"{ex.cap(ex.PART_EN[p])} left out: {ex.MISSING_ORG_EN[p]}.")
        if not self.feats.enabled[row]:
            nl.append("Dit soort organisatie wordt niet als leverancier gematcht.")
            en.append("This kind of organisation is not matched as a supplier.")
        return Ranking(matches, nl, en, organisation_id=org_id)

    # ----------------------------------------------------------- stored lists
    def recompute_all(self, k: int = 20, keep: int | None = None, batch: int = BATCH) -> TopLists:
        """Recompute the stored top lists of every current opportunity."""
        if self.opp_feats is None:
            raise ValueError("call set_opportunities() first")
        keep = max(k, keep if keep is not None else 2 * k)
        m = len(self.opps)
        self.lists = TopLists(
            np.full((m, keep), -1, dtype=np.int64),
            np.full((m, keep), -np.inf, dtype=np.float32),
            np.zeros(m, dtype=bool),
            k,
        )
        for start in range(0, m, batch):
            self._fill_lists(np.arange(start, min(m, start + batch)))
        return self.lists

    def _fill_lists(self, sel: np.ndarray) -> None:
        lists = self.lists
        score, _ = self._score_all(self.opp_feats.select(sel), self.opp_buyer[sel])
        lists.idx[sel], lists.score[sel] = top_rows(score, lists.keep)
        lists.exhaustive[sel] = np.isfinite(score).sum(axis=1) <= lists.keep

    def top_list(self, opp_id: str) -> Ranking:
        """A stored top-k list (after recompute_all / updates), explained."""
        j = self.opp_pos[opp_id]
        rows = [int(r) for r in self.lists.idx[j, : self.lists.k] if r >= 0]
        feats_j = self.opp_feats.select([j])
        n_el = len(rows)
        if not n_el:
            _, n = self._score_all(feats_j, self.opp_buyer[[j]])
            n_el = int(n[0])
        return self._ranking(self.opps[j], feats_j, rows, n_el)

    def top_list_rows(self, opp_id: str) -> list[tuple[str, float]]:
        """A stored top-k list as (organisation id, score) pairs, without explanations."""
        j = self.opp_pos[opp_id]
        lists = self.lists
        return [
            (self.orgs[r].id, round(float(v), 6))
            for r, v in zip(lists.idx[j, : lists.k], lists.score[j, : lists.k], strict=True)
            if r >= 0
        ]

    # ------------------------------------------------------------- updates
    def update_organisation(self, org: OrganisationFacts) -> list[str]:
        """Add or replace one organisation's profile; patch every affected stored list.

        The text vocabulary is not refitted (new words are ignored until the next build).
        Returns the ids of the opportunities whose stored top list changed.
        """
        text = self.text_model.transform([org_text(org)])
        one = build_org_features([org], text, self.weights, self.certs, self.groups)
        f = self.feats
        new = org.id not in self.pos
        row = len(self.orgs) if new else self.pos[org.id]
        n = len(self.orgs) + (1 if new else 0)
        put = _append_row if new else (lambda m, r: _replace_row(m, row, r))
        f.lin_t = _replace_col(f.lin_t, row, one.lin_t.T.tocsr(), n)
        f.text_t = _replace_col(f.text_t, row, one.text_t.T.tocsr(), n)
        f.places_t = _replace_col(f.places_t, row, one.places_t.T.tocsr(), n)
        for name in ("cpv", "text", "sdg", "places", "certs", "tg"):
            setattr(f, name, put(getattr(f, name), getattr(one, name)))
        for name in ("muni", "log_capacity", "share", "tier", "enabled", "avail", "tg_known"):
            if new:
                setattr(f, name, np.concatenate([getattr(f, name), getattr(one, name)]))
            else:
                getattr(f, name)[row] = getattr(one, name)[0]
        if new:
            self.orgs.append(org)
            self.pos[org.id] = row
            if self.opps:
                self.opp_buyer = self._buyer_rows(self.opps)
        else:
            self.orgs[row] = org
        if self.lists is None or self.opp_feats is None:
            return []
        return self._patch_lists(row)

    def remove_organisation(self, org_id: str) -> list[str]:
        """Take an organisation out of matching (kept as a disabled row until rebuild)."""
        row = self.pos[org_id]
        self.feats.enabled[row] = False
        if self.lists is None:
            return []
        return self._patch_lists(row)

    def _patch_lists(self, row: int) -> list[str]:
        """Remove ``row`` from the lists it was in, insert it where its new score belongs."""
        lists = self.lists
        m = len(self.opps)
        if self.feats.enabled[row]:
            new = self._org_scores(row, self.opp_feats, self.opps)
        else:
            new = np.full(m, -np.inf, dtype=np.float32)
        length = lists.length()
        was_in = (lists.idx == row).any(axis=1)
        last_i = np.maximum(length - 1, 0)
        last_s = lists.score[np.arange(m), last_i]
        last_r = lists.idx[np.arange(m), last_i]
        beats = (new > last_s) | ((new == last_s) & (row < last_r))
        enters = np.isfinite(new) & (lists.exhaustive | ((length > 0) & beats))
        changed, redo = [], []
        for j in np.flatnonzero(was_in | enters):
            idx_row, sc_row = lists.idx[j], lists.score[j]
            n = int(length[j])
            before = idx_row[:n].copy()
            if was_in[j]:
                p = int(np.flatnonzero(idx_row[:n] == row)[0])
                idx_row[p : n - 1] = idx_row[p + 1 : n].copy()
                sc_row[p : n - 1] = sc_row[p + 1 : n].copy()
                idx_row[n - 1], sc_row[n - 1] = -1, -np.inf
                n -= 1
            v = new[j]
            # Exact: the list is the true top-n, so v belongs in it iff it beats the n-th.
            ahead = (sc_row[:n] > v) | ((sc_row[:n] == v) & (idx_row[:n] < row))
            p = int(ahead.sum())
            if np.isfinite(v) and (lists.exhaustive[j] or p < n):
                if n == lists.keep:  # full: the last entry drops out
                    n -= 1
                    lists.exhaustive[j] = False
                idx_row[p + 1 : n + 1] = idx_row[p:n].copy()
                sc_row[p + 1 : n + 1] = sc_row[p:n].copy()
                idx_row[p], sc_row[p] = row, v
                n += 1
            if not np.array_equal(before, idx_row[:n]):
                changed.append(self.opps[j].id)
            if n < lists.k and not lists.exhaustive[j]:
                redo.append(int(j))
        if redo:  # the reserve ran out: recompute these opportunities over all organisations
            self._fill_lists(np.asarray(redo))
        return changed

    # ------------------------------------------------------------- single pair
    def explain(self, org_id: str, opp: OpportunityFacts) -> Match:
        """Score and explain one pair (ignores hard requirements; see ``score_pair``)."""
        feats = self._opp_features([opp])
        return self._explain_rows([self.pos[org_id]], opp, feats)[0]


def score_pair(
    org: OrganisationFacts,
    opp: OpportunityFacts,
    weights: Weights | dict | str | None = None,
    index: MatchIndex | None = None,
) -> Match:
    """Score one organisation against one opportunity, with parts and reasons.

    Text similarity needs a fitted vocabulary: pass the ``index`` the organisation belongs
    to for IDF weights of the whole corpus; without it a one-document index is used
    (every word weighs the same). Hard requirements are reported in ``flags``
    ("not_eligible") rather than hiding the score.
    """
    if index is None or org.id not in index.pos:
        index = MatchIndex.build([org], weights if index is None else index.weights)
    elif weights is not None:
        raise ValueError("pass either weights or an index, not both")
    feats = index._opp_features([opp])
    row = index.pos[org.id]
    match = index._explain_rows([row], opp, feats)[0]
    block = score_block(index.feats.take(np.array([row])), feats, index.weights, parts=True)
    buyer = bool(opp.buyer_id) and opp.buyer_id == org.id
    if not block.eligible[0, 0] or buyer:
        match.flags.append("not_eligible")
    return match
