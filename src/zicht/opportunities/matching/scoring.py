"""The vectorised scorer: a block of opportunities (rows) x organisations (columns).

Every part score lies in [0, 1]. A part whose input is missing on either side is left
out and the remaining part weights are renormalised (see ``docs/matching.md``)::

    score = sum_p w_p s_p / D * min(1, D / (e * D_opp)),   D = sum_p w_p a_p

with a_p = 1 when part p can be compared for the pair (input present on both sides),
D_opp = the weight the opportunity itself can offer and e = evidence.min_available_weight.
Each s_p is 0 wherever a_p = 0, so the numerator needs no masks; the denominator depends
only on which parts each side has, so it is computed once per (availability pattern of
the opportunity, organisation).

Numbers: the (m, n) block is float32 (half the memory traffic of float64). Every
element goes through the same operations in the same order whichever way the block
is cut (one opportunity x all organisations, all opportunities x one organisation), so
both directions give bit-identical scores; they are reported rounded to 6 decimals.
Hard requirements are a boolean mask, never part of the score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .features import OppFeatures, OrgFeatures, geo_table
from .weights import PARTS, Weights

try:  # accumulate a CSR matrix into a dense array in one C loop (no temporary)
    from scipy.sparse._sparsetools import csr_todense as _csr_add_into
except ImportError:  # pragma: no cover - private scipy API; fall back to numpy
    _csr_add_into = None

F = np.float32
NO_SIZE = 1e6  # log10 sentinel: makes the size fit 0 where FTE or value is unknown


def _pad(a: sparse.csr_matrix, ncols: int) -> sparse.csr_matrix:
    if a.shape[1] == ncols:
        return a
    return sparse.csr_matrix((a.data, a.indices, a.indptr), shape=(a.shape[0], ncols))


def _product(q: sparse.csr_matrix, p_t: sparse.csr_matrix) -> sparse.csr_matrix:
    """``q @ p_t`` (opportunities x organisations); vocabularies may have grown."""
    k = max(q.shape[1], p_t.shape[0])
    if k == 0:
        return sparse.csr_matrix((q.shape[0], p_t.shape[1]), dtype=F)
    q = _pad(q, k)
    if p_t.shape[0] != k:
        p_t = p_t.copy()
        p_t.resize((k, p_t.shape[1]))
    return q @ p_t


def _add_into(out: np.ndarray, m: sparse.csr_matrix) -> None:
    m = m.tocsr()
    data = m.data.astype(out.dtype, copy=False)
    if _csr_add_into is not None:
        _csr_add_into(m.shape[0], m.shape[1], m.indptr, m.indices, data, out)
    else:
        rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        out[rows, m.indices] += data


@dataclass
class Block:
    score: np.ndarray  # (m, n) float32
    eligible: np.ndarray | None  # (m, n) bool, or None when only ``enabled`` applies
    parts: dict[str, np.ndarray] | None = None  # part -> (m, n), nan where left out
    share_unknown: np.ndarray | None = None  # (m, n) reserved and share unknown (flagged)
    groups_unknown: np.ndarray | None = None  # (m, n) target groups required, figures unknown
    groups_met: np.ndarray | None = None  # (m, n) number of required groups employed
    available_weight: np.ndarray | None = None  # (m, n) D / D_opp


def _geo(org: OrgFeatures, opp: OppFeatures, w: Weights, scale: float) -> np.ndarray:
    """scale * geography score, (m, n)."""
    table = geo_table(w.geo_same_municipality, w.geo_same_region, w.geo_distance_half_km)
    if org.n >= table.shape[1]:  # many organisations: gather whole table rows first
        rows = (table[opp.muni] * scale).astype(F)  # (m, M + 1)
        geo = np.take(rows, org.muni, axis=1)  # (m, n)
    else:  # few organisations (e.g. one against all opportunities): gather pairs directly
        geo = (table[opp.muni[:, None], org.muni[None, :]] * scale).astype(F)
    served = _product(opp.served.astype(F), org.places_t).tocoo()
    if served.nnz:
        r, c = served.row, served.col
        geo[r, c] = np.maximum(geo[r, c], F(scale * w.geo_serves_region))
    return geo


def _size(org: OrgFeatures, opp: OppFeatures, w: Weights, scale: float) -> np.ndarray:
    """scale * size fit, (m, n): 1 inside [ratio_low, ratio_high], linear in log10 outside."""
    lo, hi = np.log10(w.size_ratio_low), np.log10(w.size_ratio_high)
    centre, half, dec = (lo + hi) / 2, (hi - lo) / 2, w.size_decades
    lv = np.where(np.isnan(opp.log_value), -NO_SIZE, opp.log_value) - centre
    lc = np.where(np.isnan(org.log_capacity), NO_SIZE, org.log_capacity)
    t = np.subtract.outer((lv * (scale / dec)).astype(F), (lc * (scale / dec)).astype(F))
    np.abs(t, out=t)
    np.subtract(F(scale * (1.0 + half / dec)), t, out=t)
    np.clip(t, F(0.0), F(scale), out=t)
    return t


def _text(org: OrgFeatures, opp: OppFeatures, w: Weights) -> sparse.csr_matrix:
    """Text part (cosine / saturation, capped at 1), sparse (m, n)."""
    text = _product(opp.text.astype(F), org.text_t)
    text.data *= F(1.0 / w.text_saturation)
    np.minimum(text.data, F(1.0), out=text.data)
    return text


def _normaliser(org: OrgFeatures, opp: OppFeatures, w: Weights):
    """1/D * evidence factor per (opportunity pattern, organisation): (P, n) float32.

    D depends only on which parts each side has (5 bits each), so it is a 32 x 32 table
    gathered by the organisations' availability bits.
    """
    wv = np.array([w.parts[p] for p in PARTS])
    pow2 = 1 << np.arange(len(PARTS))
    bits = (opp.avail > 0).astype(np.int64) @ pow2
    patterns, inverse = np.unique(bits, return_inverse=True)
    all_pat = ((np.arange(32)[:, None] >> np.arange(len(PARTS))) & 1).astype(float)  # (32, 5)
    pat_avail = all_pat[patterns]  # (P, 5)
    den_table = pat_avail @ (all_pat * wv).T  # (P, 32): opportunity x organisation pattern
    den_opp = pat_avail @ wv  # (P,)
    with np.errstate(invalid="ignore", divide="ignore"):
        norm_table = np.where(den_table > 0, 1.0 / den_table, 0.0)
        if w.min_available_weight > 0:
            factor = np.minimum(1.0, den_table / (w.min_available_weight * den_opp[:, None]))
            norm_table *= np.nan_to_num(factor)
    org_bits = org.bits
    norm = norm_table.astype(F)[:, org_bits]  # (P, n)
    den = den_table[:, org_bits]
    return norm, inverse.reshape(-1), den, den_opp


def groups_employed(org: OrgFeatures, opp: OppFeatures) -> sparse.csr_matrix:
    """(m, n) number of each opportunity's required target groups the organisation employs."""
    return _product(opp.tg, _t(org.tg))


def groups_ok(have: np.ndarray, n_tg, known: np.ndarray, w: Weights) -> np.ndarray:
    """Target-group requirement met (any / all of the required groups; unknown per mode)."""
    need = 0.5 if w.target_groups_mode == "any" else np.asarray(n_tg) - 0.5
    ok = (have >= need) & known
    if w.target_groups_unknown == "flag":
        ok |= ~known
    return ok


def eligibility_row(
    org: OrgFeatures, opp: OppFeatures, w: Weights, j: int, certs=None, groups=None
):
    """Bool (n,) for opportunity j: kind enabled, tier, certifications, reserved share,
    target groups."""
    row = org.enabled.copy()
    if opp.min_tier[j] > 0:
        row &= org.tier >= opp.min_tier[j]
    if opp.reserved[j]:
        with np.errstate(invalid="ignore"):
            ok = org.share >= w.reserved_min_share - 1e-9
        if w.reserved_unknown_share == "flag":
            ok |= np.isnan(org.share)
        row &= ok
    if opp.n_certs[j] > 0:
        if certs is None:
            certs = _product(opp.certs, _t_certs(org))
        have = np.zeros(org.n)
        a, b = certs.indptr[j], certs.indptr[j + 1]
        have[certs.indices[a:b]] = certs.data[a:b]
        row &= have >= opp.n_certs[j] - 0.5
    if opp.n_tg[j] > 0:
        if groups is None:
            groups = groups_employed(org, opp)
        have = np.zeros(org.n)
        a, b = groups.indptr[j], groups.indptr[j + 1]
        have[groups.indices[a:b]] = groups.data[a:b]
        row &= groups_ok(have, opp.n_tg[j], org.tg_known, w)
    return row


def eligibility_matrix(org: OrgFeatures, opp: OppFeatures, w: Weights, certs=None, groups=None):
    """Bool (m, n), vectorised over opportunities (for few organisations)."""
    with np.errstate(invalid="ignore"):
        ok = org.share >= w.reserved_min_share - 1e-9
    if w.reserved_unknown_share == "flag":
        ok |= np.isnan(org.share)
    out = org.enabled[None, :] & (org.tier[None, :] >= opp.min_tier[:, None])
    out &= ~opp.reserved[:, None] | ok[None, :]
    if opp.n_certs.any():
        if certs is None:
            certs = _product(opp.certs, _t_certs(org))
        out &= certs.toarray() >= opp.n_certs[:, None] - 0.5
    if opp.n_tg.any():
        if groups is None:
            groups = groups_employed(org, opp)
        ok = groups_ok(groups.toarray(), opp.n_tg[:, None], org.tg_known[None, :], w)
        out &= (opp.n_tg[:, None] == 0) | ok
    return out


def _t_certs(org: OrgFeatures) -> sparse.csr_matrix:
    return org.certs.T.tocsr()


def has_requirements(opp: OppFeatures) -> np.ndarray:
    return (opp.min_tier > 0) | opp.reserved | (opp.n_certs > 0) | (opp.n_tg > 0)


def score_block(org: OrgFeatures, opp: OppFeatures, w: Weights, parts: bool = False) -> Block:
    """Scores (m opportunities x n organisations), float32, and the requirement mask.

    ``eligible`` is None when no opportunity in the block has requirements: then only
    ``org.enabled`` applies (saves an (m, n) mask in the common case).
    """
    wp = w.parts
    num = _geo(org, opp, w, wp["geo"])
    if wp["size"] > 0:
        num += _size(org, opp, w, wp["size"])
    _add_into(num, _product(opp.lin, org.lin_t))
    text = _text(org, opp, w)
    if wp["text"] != 1.0:
        text_w = text.copy()
        text_w.data *= F(wp["text"])
    else:
        text_w = text
    _add_into(num, text_w)
    norm, pattern, den, den_opp = _normaliser(org, opp, w)
    if org.n >= 4096:  # wide rows: scale row by row, no (m, n) temporary
        for j in range(opp.m):
            num[j] *= norm[pattern[j]]
    else:
        num *= norm[pattern]
    eligible = None
    req = has_requirements(opp)
    if req.any():
        certs = _product(opp.certs, _t_certs(org)) if opp.n_certs.any() else None
        groups = groups_employed(org, opp) if opp.n_tg.any() else None
        if org.n >= 4096:
            eligible = np.empty(num.shape, dtype=bool)
            eligible[:] = org.enabled[None, :]
            for j in np.flatnonzero(req):
                eligible[j] = eligibility_row(org, opp, w, int(j), certs, groups)
        else:
            eligible = eligibility_matrix(org, opp, w, certs, groups)
    block = Block(num, eligible)
    if parts:
        avail = {}
        for i, p in enumerate(PARTS):
            avail[p] = (opp.avail[:, i][:, None] * org.avail[:, i][None, :]) > 0
        cpv = _product(opp.cpv, _t(org.cpv)).toarray()
        sdg = _product(opp.sdg, _t(org.sdg)).toarray()
        raw = {
            "cpv": cpv,
            "text": text.toarray(),
            "sdg": sdg,
            "geo": _geo(org, opp, w, 1.0),
            "size": _size(org, opp, w, 1.0),
        }
        block.parts = {
            p: np.where(avail[p], np.round(raw[p].astype(float), 4), np.nan) for p in PARTS
        }
        block.share_unknown = opp.reserved[:, None] & np.isnan(org.share)[None, :]
        block.groups_unknown = (opp.n_tg > 0)[:, None] & ~org.tg_known[None, :]
        block.groups_met = groups_employed(org, opp).toarray()
        with np.errstate(invalid="ignore", divide="ignore"):
            share = den[pattern] / den_opp[pattern][:, None]
        block.available_weight = np.where(den_opp[pattern][:, None] > 0, share, 0.0)
        if block.eligible is None:
            block.eligible = np.broadcast_to(org.enabled[None, :], num.shape).copy()
    return block


def _t(m: sparse.csr_matrix) -> sparse.csr_matrix:
    return m.T.tocsr()


def requirement_counts(org: OrgFeatures, opp: OppFeatures, w: Weights) -> dict[str, int]:
    """For one opportunity: how many enabled organisations meet each requirement on its own."""
    assert opp.m == 1
    en = org.enabled
    out = {"organisations": int(en.sum())}
    if opp.reserved[0]:
        with np.errstate(invalid="ignore"):
            ok = org.share >= w.reserved_min_share - 1e-9
        out["reserved_share_known_ok"] = int((ok & en).sum())
        out["reserved_share_unknown"] = int((np.isnan(org.share) & en).sum())
    if opp.min_tier[0] > 0:
        out["tier_ok"] = int(((org.tier >= opp.min_tier[0]) & en).sum())
    if opp.n_certs[0] > 0:
        have = _product(opp.certs, _t_certs(org)).toarray()[0]
        out["certifications_ok"] = int(((have >= opp.n_certs[0] - 0.5) & en).sum())
    if opp.n_tg[0] > 0:
        have = groups_employed(org, opp).toarray()[0]
        need = 0.5 if w.target_groups_mode == "any" else opp.n_tg[0] - 0.5
        out["target_groups_ok"] = int(((have >= need) & org.tg_known & en).sum())
        out["target_groups_unknown"] = int((~org.tg_known & en).sum())
    return out
