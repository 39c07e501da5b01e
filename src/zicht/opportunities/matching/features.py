"""Feature matrices for organisations (rows) and opportunities (columns).

Everything the scorer needs is a numpy array or a scipy CSR matrix, so one opportunity
is scored against 100,000 organisations with a handful of vectorised operations:

* CPV: one binary column per CPV prefix of length 2..8 found in the CPV 2008 list (a
  fixed vocabulary). An organisation row has a 1 for every prefix of each of its codes.
  An opportunity column holds, per code, weighted increments at the prefix lengths of
  division (2), group (3), class (4) and the code's own significant length, so that
  ``P @ Q`` yields the best hierarchy level for each code, averaged over the codes.
* text: L2-normalised TF-IDF rows (see :mod:`.text`).
* SDG: a dense 17-column weight matrix.
* geography: municipality index (into a fixed table of municipality pairs) and a
  binary "places served" matrix (municipalities, labour-market regions, provinces, NL).
* size: log10 of capacity (FTE x revenue per FTE) and of contract value.
* requirements: target-group share, tier rank, certification matrix, target groups
  employed (names only, a binary matrix; ``tg_known`` False = no per-group figures).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import sparse

from zicht.reference import data as ref
from zicht.registry.facts import TIERS, OrganisationFacts

from .facts import OpportunityFacts
from .text import TextModel
from .weights import Weights

N_SDG = 17


def significant(digits: str) -> str:
    """The significant prefix of an 8-digit CPV code: trailing zeros stripped, >= 2 digits."""
    s = digits.rstrip("0")
    return digits[: max(2, len(s))]


@cache
def cpv_vocab() -> dict[str, int]:
    """Column index of every prefix (length 2..8) of every CPV 2008 code."""
    prefixes: set[str] = set()
    for code in ref.cpv_codes():
        for n in range(2, 9):
            prefixes.add(code[:n])
    return {p: i for i, p in enumerate(sorted(prefixes))}


@dataclass(frozen=True)
class Geography:
    codes: tuple[str, ...]  # municipality codes; index len(codes) = unknown
    index: dict[str, int]
    region_of: np.ndarray  # municipality index -> region index
    province_of: np.ndarray
    dist: np.ndarray  # km between centroids, (M, M)
    places: dict[str, int]  # GMxxxx / AMxx / region name / province / "NL" -> column
    place_names: tuple[str, ...]
    region_names: tuple[str, ...]
    region_codes: dict[str, str]  # region name -> AMxx


@cache
def geography() -> Geography:
    munis = ref.municipalities()
    codes = tuple(sorted(munis))
    index = {c: i for i, c in enumerate(codes)}
    region_names = tuple(sorted({m.labour_market_region for m in munis.values()}))
    provinces = ref.provinces()
    region_codes = {r.name: r.code for r in ref.labour_market_regions().values()}
    region_of = np.array([region_names.index(munis[c].labour_market_region) for c in codes])
    province_of = np.array([provinces.index(munis[c].province) for c in codes])
    lat = np.radians([munis[c].lat for c in codes])
    lon = np.radians([munis[c].lon for c in codes])
    dp = lat[:, None] - lat[None, :]
    dl = lon[:, None] - lon[None, :]
    h = np.sin(dp / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dl / 2) ** 2
    dist = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    places: dict[str, int] = {}
    names: list[str] = []

    def add(key: str, name: str, col: int | None = None) -> None:
        if col is None:
            col = len(names)
            names.append(name)
        places[key] = col
        places[key.lower()] = col

    for c in codes:
        add(c, munis[c].name)
    for r in region_names:
        add(r, "arbeidsmarktregio " + r)
        if r in region_codes:
            add(region_codes[r], "", places[r])
    for p in provinces:
        add(p, "provincie " + p)
    add("NL", "heel Nederland")
    return Geography(
        codes, index, region_of, province_of, dist, places, tuple(names), region_names, region_codes
    )


@cache
def geo_table(same_municipality: float, same_region: float, half_km: float) -> np.ndarray:
    """Geography score for every pair of municipalities, plus a zero row/column for unknown."""
    g = geography()
    m = len(g.codes)
    table = np.zeros((m + 1, m + 1))
    score = 0.5 ** (g.dist / half_km)
    same_reg = g.region_of[:, None] == g.region_of[None, :]
    score = np.where(same_reg, np.maximum(score, same_region), score)
    np.fill_diagonal(score, np.maximum(np.diag(score), same_municipality))
    table[:m, :m] = score
    table.flags.writeable = False
    return table


def served_places(opp_muni: int) -> list[int]:
    """Columns of the places matrix that cover a municipality: itself, region, province, NL."""
    g = geography()
    code = g.codes[opp_muni]
    return [
        g.places[code],
        g.places[g.region_names[g.region_of[opp_muni]]],
        g.places[ref.provinces()[g.province_of[opp_muni]]],
        g.places["NL"],
    ]


def _csr(rows: list[list[int]], ncols: int, values: list[list[float]] | None = None):
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int32, count=int(indptr[-1]))
    if values is None:
        data = np.ones(len(indices))
    else:
        data = np.fromiter((v for r in values for v in r), dtype=np.float64, count=len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), ncols))


def _float_or_nan(value) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return math.nan
    return f if math.isfinite(f) else math.nan


def _t(m: sparse.csr_matrix) -> sparse.csr_matrix:
    return m.T.tocsr()


@dataclass
class OrgFeatures:
    """Features of n organisations: row-major matrices plus transposed copies for scoring.

    The transposed copies (feature x organisation) let a block of opportunities be scored
    as ``Q @ P_t``, which yields opportunity-major rows directly.
    """

    cpv: sparse.csr_matrix  # (n, V_cpv) binary
    text: sparse.csr_matrix  # (n, V_text) L2 rows
    sdg: sparse.csr_matrix  # (n, 17) weights 0..1
    muni: np.ndarray  # (n,) int, len(geo.codes) = unknown
    places: sparse.csr_matrix  # (n, n_places) binary
    log_capacity: np.ndarray  # (n,) nan = unknown FTE
    share: np.ndarray  # (n,) nan = unknown
    tier: np.ndarray  # (n,) int
    certs: sparse.csr_matrix  # (n, n_certs) binary
    enabled: np.ndarray  # (n,) bool: active and of a kind that can be matched
    avail: np.ndarray  # (n, 5) float 0/1 per part (order of weights.PARTS)
    tg: sparse.csr_matrix  # (n, n_groups) binary: employs people from the group (FTE > 0)
    tg_known: np.ndarray  # (n,) bool: per-group workforce figures exist
    lin_t: sparse.csr_matrix | None = None  # (V_cpv + 17, n) float32: [cpv | sdg] transposed
    text_t: sparse.csr_matrix | None = None  # (V_text, n) float32
    places_t: sparse.csr_matrix | None = None  # (n_places, n) float32

    def __post_init__(self) -> None:
        if self.lin_t is None:
            self.transpose()

    def transpose(self) -> None:
        lin = sparse.hstack([self.cpv, self.sdg], format="csr", dtype=np.float32)
        self.lin_t = _t(lin)
        self.text_t = _t(self.text.astype(np.float32))
        self.places_t = _t(self.places.astype(np.float32))

    @property
    def n(self) -> int:
        return self.sdg.shape[0]

    @property
    def bits(self) -> np.ndarray:
        """(n,) availability pattern per organisation: bit p set when part p has input."""
        return (self.avail > 0).astype(np.int64) @ (1 << np.arange(self.avail.shape[1]))

    def take(self, rows: np.ndarray) -> OrgFeatures:
        return OrgFeatures(
            self.cpv[rows],
            self.text[rows],
            self.sdg[rows],
            self.muni[rows],
            self.places[rows],
            self.log_capacity[rows],
            self.share[rows],
            self.tier[rows],
            self.certs[rows],
            self.enabled[rows],
            self.avail[rows],
            self.tg[rows],
            self.tg_known[rows],
        )


@dataclass
class OppFeatures:
    """Features of m opportunities (query side), one row each."""

    cpv: sparse.csr_matrix  # (m, V_cpv) level increments (see opp_cpv_entries)
    text: sparse.csr_matrix  # (m, V_text) L2 rows
    sdg: sparse.csr_matrix  # (m, 17), rows sum to 1 (or 0)
    lin: sparse.csr_matrix  # (m, V_cpv + 17) float32: [w_cpv * cpv | w_sdg * sdg]
    muni: np.ndarray  # (m,)
    served: sparse.csr_matrix  # (m, n_places) binary: the places that cover its municipality
    log_value: np.ndarray  # (m,) nan = unknown
    reserved: np.ndarray  # (m,) bool
    min_tier: np.ndarray  # (m,) int
    certs: sparse.csr_matrix  # (m, n_certs) binary
    n_certs: np.ndarray  # (m,) number of required certifications
    avail: np.ndarray  # (m, 5)
    tg: sparse.csr_matrix  # (m, n_groups) binary: required target groups
    n_tg: np.ndarray  # (m,) number of required target groups

    @property
    def m(self) -> int:
        return self.muni.shape[0]

    def select(self, sel) -> OppFeatures:
        return OppFeatures(
            self.cpv[sel],
            self.text[sel],
            self.sdg[sel],
            self.lin[sel],
            self.muni[sel],
            self.served[sel],
            self.log_value[sel],
            self.reserved[sel],
            self.min_tier[sel],
            self.certs[sel],
            self.n_certs[sel],
            self.avail[sel],
            self.tg[sel],
            self.n_tg[sel],
        )


def org_text(org: OrganisationFacts) -> str:
    return " ".join([org.description or "", *(org.trade_names or [])]).strip()


def opp_text(opp: OpportunityFacts) -> str:
    return f"{opp.title or ''} {opp.description or ''}".strip()


class CertVocab(dict):
    def col(self, name: str) -> int:
        key = name.strip().lower()
        if key not in self:
            self[key] = len(self)
        return self[key]


def build_org_features(
    orgs: list[OrganisationFacts],
    text_matrix: sparse.csr_matrix,
    weights: Weights,
    certs: CertVocab,
    groups: CertVocab | None = None,
) -> OrgFeatures:
    vocab = cpv_vocab()
    geo = geography()
    unknown = len(geo.codes)
    n = len(orgs)
    cpv_rows: list[list[int]] = []
    place_rows: list[list[int]] = []
    cert_rows: list[list[int]] = []
    tg_rows: list[list[int]] = []
    groups = CertVocab() if groups is None else groups
    tg_known = np.zeros(n, dtype=bool)
    sdg = np.zeros((n, N_SDG))
    muni = np.full(n, unknown, dtype=np.int32)
    fte = np.full(n, math.nan)
    share = np.full(n, math.nan)
    tier = np.zeros(n, dtype=np.int8)
    enabled = np.ones(n, dtype=bool)
    excluded = set(weights.excluded_kinds)
    for i, o in enumerate(orgs):
        cols = {vocab[c[:k]] for c in o.cpv for k in range(2, 9) if c[:k] in vocab}
        cpv_rows.append(sorted(cols))
        for g, w in (o.sdgs or {}).items():
            if 1 <= int(g) <= N_SDG:
                sdg[i, int(g) - 1] = min(1.0, max(0.0, _float_or_nan(w) if w is not None else 0.0))
        muni[i] = geo.index.get((o.municipality or "").upper(), unknown)
        place_rows.append(
            sorted(
                {
                    geo.places[p.strip().lower()]
                    for p in o.regions_served or []
                    if p and p.strip().lower() in geo.places
                }
            )
        )
        cert_rows.append(sorted({certs.col(c) for c in o.certifications or [] if c}))
        tg_known[i] = o.target_groups is not None
        tg_rows.append(sorted({groups.col(g) for g in o.target_groups or [] if g}))
        fte[i] = _float_or_nan(o.fte)
        share[i] = _float_or_nan(o.target_group_share)
        tier[i] = TIERS.index(o.tier) if o.tier in TIERS else 0
        enabled[i] = o.kind not in excluded
    sdg = np.nan_to_num(sdg)
    has_sdg = sdg.sum(axis=1) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_capacity = np.where(fte > 0, np.log10(fte * weights.size_revenue_per_fte_eur), np.nan)
    cpv = _csr(cpv_rows, len(vocab))
    places = _csr(place_rows, len(geo.place_names))
    avail = np.zeros((n, 5))
    avail[:, 0] = np.diff(cpv.indptr) > 0
    avail[:, 1] = np.diff(text_matrix.indptr) > 0
    avail[:, 2] = (muni != unknown) | (np.diff(places.indptr) > 0)
    avail[:, 3] = has_sdg
    avail[:, 4] = ~np.isnan(log_capacity)
    return OrgFeatures(
        cpv=cpv,
        text=text_matrix,
        sdg=sparse.csr_matrix(sdg),
        muni=muni,
        places=places,
        log_capacity=log_capacity,
        share=share,
        tier=tier,
        certs=_csr(cert_rows, max(len(certs), 1)),
        enabled=enabled,
        avail=avail,
        tg=_csr(tg_rows, max(len(groups), 1)),
        tg_known=tg_known,
    )


def opp_cpv_entries(codes: list[str], weights: Weights) -> tuple[list[int], list[float]]:
    """Column increments for one opportunity's CPV codes (see module docstring)."""
    vocab = cpv_vocab()
    lv = weights.cpv_levels
    known = [c for c in dict.fromkeys(codes) if c[:2] in vocab]
    acc: dict[int, float] = {}
    for c in known:
        s = len(significant(c))
        # (prefix length, score reached when the organisation shares that prefix)
        steps = [(2, lv["division"]), (3, lv["group"]), (4, lv["class"])]
        steps = [(k, w) for k, w in steps if k < s] + [(s, lv["exact"])]
        prev = 0.0
        for k, w in steps:
            key = c[:k]
            if key in vocab and w > prev:
                acc[vocab[key]] = acc.get(vocab[key], 0.0) + (w - prev) / len(known)
                prev = w
    cols = sorted(acc)
    return cols, [acc[c] for c in cols]


def build_opp_features(
    opps: list[OpportunityFacts],
    text_model: TextModel,
    weights: Weights,
    certs: CertVocab,
    groups: CertVocab | None = None,
) -> OppFeatures:
    vocab = cpv_vocab()
    geo = geography()
    unknown = len(geo.codes)
    m = len(opps)
    cpv_cols, cpv_vals, served_cols, cert_cols = [], [], [], []
    sdg = np.zeros((N_SDG, m))
    muni = np.full(m, unknown, dtype=np.int32)
    log_value = np.full(m, math.nan)
    reserved = np.zeros(m, dtype=bool)
    min_tier = np.zeros(m, dtype=np.int8)
    n_certs = np.zeros(m)
    groups = CertVocab() if groups is None else groups
    tg_cols: list[list[int]] = []
    n_tg = np.zeros(m)
    for j, o in enumerate(opps):
        cols, vals = opp_cpv_entries(o.cpv, weights)
        cpv_cols.append(cols)
        cpv_vals.append(vals)
        for g, w in (o.sdgs or {}).items():
            if 1 <= int(g) <= N_SDG:
                sdg[int(g) - 1, j] = min(1.0, max(0.0, _float_or_nan(w)))
        muni[j] = geo.index.get((o.municipality or "").upper(), unknown)
        served_cols.append(served_places(muni[j]) if muni[j] != unknown else [])
        value = _float_or_nan(o.value_eur)
        log_value[j] = math.log10(value) if value > 0 else math.nan
        reserved[j] = bool(o.reserved_2_82)
        min_tier[j] = TIERS.index(o.min_tier) if o.min_tier in TIERS else 0
        req = sorted({certs.col(c) for c in o.certifications or [] if c})
        cert_cols.append(req)
        n_certs[j] = len(req)
        tg_cols.append(sorted({groups.col(g) for g in o.target_groups or [] if g}))
        n_tg[j] = len(tg_cols[-1])
    sdg = np.nan_to_num(sdg)
    sums = sdg.sum(axis=0)
    sdg = np.divide(sdg, sums, out=np.zeros_like(sdg), where=sums > 0).T
    text = text_model.transform([opp_text(o) for o in opps])
    if text.shape[1] == 0:
        text = sparse.csr_matrix((m, 0))
    cpv = _csr(cpv_cols, len(vocab), cpv_vals)
    sdg_m = sparse.csr_matrix(sdg)
    lin = sparse.hstack(
        [weights.parts["cpv"] * cpv, weights.parts["sdg"] * sdg_m], format="csr", dtype=np.float32
    )
    avail = np.zeros((m, 5))
    avail[:, 0] = np.diff(cpv.indptr) > 0
    avail[:, 1] = np.diff(text.indptr) > 0
    avail[:, 2] = muni != unknown
    avail[:, 3] = sums > 0
    avail[:, 4] = ~np.isnan(log_value)
    return OppFeatures(
        cpv=cpv,
        text=text,
        sdg=sdg_m,
        lin=lin,
        muni=muni,
        served=_csr(served_cols, len(geo.place_names)),
        log_value=log_value,
        reserved=reserved,
        min_tier=min_tier,
        certs=_csr(cert_cols, max(len(certs), 1)),
        n_certs=n_certs,
        avail=avail,
        tg=_csr(tg_cols, max(len(groups), 1)),
        n_tg=n_tg,
    )
