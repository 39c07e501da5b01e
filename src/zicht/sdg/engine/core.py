"""Scoring: lexicon hits + target-text similarity + bag-of-stems layer -> stacked
logistic layer. Pure Python at run time; the weights come from ``data/model.json``
(written by ``python -m zicht.sdg.engine.train``)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .lexicon import Lexicon
from .text import STOPWORDS, detect_language, is_boundary, normalise, stemmer

DATA = Path(__file__).parent / "data"
SDGS = tuple(range(1, 18))
MAX_TEXT_BYTES = 1_048_576  # 1 MiB of UTF-8

FEATURES = (
    "lex",
    "dens",
    "share",
    "top",
    "nterms",
    "tsim",
    "tsim_rel",
    "bow",
    "bow_rel",
    "neg",
    "rel",
    "lex*bow",
    "lex^2",
    "bow^2",
    "top*bow",
)

_CLAUSE_STOP = frozenset([".;:!?()", "but", "maar"])
_NEG_CUES = frozenset(["not", "never", "nor", "neither", "niet", "nooit", "noch"])
_NEG_EXCEPT = frozenset(
    [
        "only",
        "just",
        "enough",
        "sufficient",
        "sufficiently",
        "always",
        "afford",
        "have",
        "has",
        "having",
        "get",
        "access",
        "able",
        "yet",
        "alleen",
        "enkel",
        "genoeg",
        "voldoende",
        "altijd",
        "kunnen",
        "hebben",
        "heeft",
        "krijgen",
        "toegang",
        "meer",
        "langer",
    ]
)
_SCAN_RE = re.compile(r"[a-z0-9]+|[.;:!?()]")
_BAD_RE = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
_WS_RE = re.compile(r"\s+")
_NONALPHA_RE = re.compile(r"[\W\d_]+")
_EXPLICIT_RE = re.compile(
    r"\b(?:sdg|sdgs|sdg s|sdg's|goal|goals|ontwikkelingsdoel|ontwikkelingsdoelen)"
    r"\s*(?:nr\.?\s*)?\d{1,2}\b(?:\s*(?:,|en|and|&|/)\s*\d{1,2}\b)*"
)


class SDGEngineError(ValueError):
    """Base class for input errors of the SDG engine."""


class EmptyText(SDGEngineError):
    pass


class TextTooLarge(SDGEngineError):
    """Text exceeds MAX_TEXT_BYTES (the API maps this to HTTP 413)."""


class InvalidText(SDGEngineError):
    """Binary, undecodable or garbled input."""


@dataclass
class Classification:
    lang: str  # "nl", "en" or "unsupported"
    sdgs: list[int]
    scores: dict[int, float]
    evidence: dict[int, list[str]]
    targets: list[str]
    threshold: float
    detected_lang: str = ""
    unsupported_language: bool = False
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {
            "lang": self.lang,
            "sdgs": list(self.sdgs),
            "scores": {str(k): self.scores[k] for k in SDGS},
            "evidence": {str(k): v for k, v in self.evidence.items() if v},
            "targets": list(self.targets),
        }
        if self.unsupported_language:
            out["unsupported_language"] = True
            out["detected_lang"] = self.detected_lang
        return out


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def decide_matrix(probs, thresholds, top_min=None):
    """Decision rule on an (n, 17) score array -> boolean array.

    An SDG is reported when its score reaches its threshold (a scalar or one per SDG).
    With ``top_min``, the top-scoring SDG of each row is also reported when its score
    is at least ``top_min``: excerpt-style texts nearly always address some goal, and
    the best one is usually right even when its score is modest."""
    import numpy as np

    probs = np.asarray(probs)
    pred = probs >= np.asarray(thresholds)
    if top_min is not None and top_min <= 1.0 and len(probs):
        rows = np.arange(len(probs))
        top = probs.argmax(1)
        pred[rows, top] |= probs[rows, top] >= top_min
    return pred


def check_text(text) -> str:
    """Validate input; return it as str or raise an SDGEngineError subclass."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_TEXT_BYTES:
            raise TextTooLarge(f"text is {len(text)} bytes; the limit is {MAX_TEXT_BYTES} bytes")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidText(f"text is not valid UTF-8 ({exc.reason})") from None
    if not isinstance(text, str):
        raise InvalidText(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > (
        MAX_TEXT_BYTES
    ):
        raise TextTooLarge(
            f"text is {len(text.encode('utf-8', 'surrogatepass'))} bytes; "
            f"the limit is {MAX_TEXT_BYTES} bytes"
        )
    if not text.strip():
        raise EmptyText("text is empty")
    sample = text[:20000]
    bad = len(_BAD_RE.findall(sample))
    if bad > max(2, len(sample) // 100):
        raise InvalidText("text contains binary or control characters")
    nonspace = _WS_RE.sub("", sample)
    letters = _NONALPHA_RE.sub("", nonspace)
    if nonspace and len(letters) / len(nonspace) < 0.4:
        raise InvalidText("text looks garbled: too few letters")
    return text


class _StemCache(dict):
    """token -> stem, filled on first use (map(cache.__getitem__, tokens) is fast)."""

    def __init__(self, stem):
        super().__init__()
        self.stem = stem

    def __missing__(self, tok):
        value = tok if is_boundary(tok) else self.stem(tok)
        if len(self) < 500_000:
            self[tok] = value
        return value


class Model:
    """Lexicons + trained tables. ``Model()`` loads data/; ``Model(model_json=...)``
    is used by the trainer."""

    def __init__(self, data_dir: Path = DATA, model_json: dict | None = None):
        import numpy as np

        self.np = np
        self.lexicons = {
            lang: Lexicon.from_file(data_dir / f"lexicon_{lang}.txt", lang) for lang in ("en", "nl")
        }
        self._stems = {lang: _StemCache(stemmer(lang)) for lang in ("en", "nl")}
        if model_json is None:
            path = data_dir / "model.json"
            model_json = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        m = model_json
        self.trained = bool(m.get("stack"))
        self.threshold = float(m.get("threshold", 0.5))
        # default decision rule (used when classify() gets no explicit threshold)
        self.top_min = m.get("top_min")
        self.sdg_threshold = m.get("sdg_threshold") or [self.threshold] * 17
        st = m.get("stack", {})
        self.coef = np.array(
            st.get("coef", [1.0, 0.5, 1.0, 0.5, 0.3, 0.0, 0.0, 0.0, 0.0, -0.5, 0.5, 0, 0, 0, 0])
        )
        self.bias = float(st.get("intercept", -3.0)) + np.array(st.get("sdg_bias", [0.0] * 17))
        self.sdg_lex = np.array(st.get("sdg_lex", [0.0] * 17))  # per-SDG slope on "lex"
        # sparse tables -> dense rows: stem -> row index, one matrix per table
        self.target_ids = sorted(
            {
                t
                for lang in ("en", "nl")
                for v in m.get("targets", {}).get(lang, {}).values()
                for t, _ in v
            },
            key=lambda t: (int(t.split(".")[0]), t),
        )
        tindex = {t: i for i, t in enumerate(self.target_ids)}
        self.tables = {}
        for lang in ("en", "nl"):
            self.tables[lang] = self._dense(
                [
                    (m.get("tsim", {}).get(lang, {}), lambda k: k - 1, 17),
                    (m.get("targets", {}).get(lang, {}), tindex.__getitem__, len(tindex)),
                    (m.get("bow", {}).get("vocab", {}), lambda k: k - 1, 17),
                ]
            )
        self.bow_intercept = np.array(m.get("bow", {}).get("intercept", [0.0] * 17))

    def _dense(self, specs):
        np = self.np
        index: dict[str, int] = {}
        for table, _, _ in specs:
            for s in table:
                index.setdefault(s, len(index))
        mats = []
        for table, col, width in specs:
            # float32 halves the tables (≈ 19 MB for both languages); scores keep 4 decimals
            mat = np.zeros((len(index) + 1, max(width, 1)), dtype=np.float32)
            for s, pairs in table.items():
                row = index[s]
                for k, w in pairs:
                    mat[row, col(k)] = w
            mats.append(mat)
        return index, mats

    # -- features ---------------------------------------------------------------
    def analyse(self, text: str, lang: str):
        """Return (features 17xF array, evidence per SDG, target scores, n_words)."""
        np = self.np
        norm = normalise(text)
        tokens = _SCAN_RE.findall(norm)
        stems = list(map(self._stems[lang].__getitem__, tokens))
        lex = self.lexicons[lang]

        term_cnt: dict[tuple[int, str], float] = {}
        term_w: dict[tuple[int, str], float] = {}
        term_at: dict[tuple[int, str], tuple[int, int]] = {}
        neg_w = np.zeros(17)
        tvotes: dict[str, float] = {}
        for start, end, entries in lex.match(tokens, stems):
            negated = False
            for back in range(start - 1, max(-1, start - 5), -1):
                tb = tokens[back]
                if tb in _CLAUSE_STOP:
                    break
                if tb in _NEG_CUES:
                    nxt = tokens[back + 1] if back + 1 < len(tokens) else ""
                    if nxt not in _NEG_EXCEPT:
                        negated = True
                    break
            best: dict[int, object] = {}
            for e in entries:  # one entry per SDG per position: the strongest
                if e.weight <= 0:  # zero-weight phrases only block ("nature of")
                    continue
                cur = best.get(e.sdg)
                if cur is None or e.weight > cur.weight:
                    best[e.sdg] = e
            for e in best.values():
                key = (e.sdg, e.term)
                if negated:
                    neg_w[e.sdg - 1] += e.weight
                    term_cnt[key] = term_cnt.get(key, 0.0) + 0.2
                else:
                    term_cnt[key] = term_cnt.get(key, 0.0) + 1.0
                term_w[key] = e.weight
                if key not in term_at:
                    term_at[key] = (start, end)
                for t in e.targets:
                    tvotes[t] = tvotes.get(t, 0.0) + e.weight * (0.2 if negated else 1.0)

        # explicit mentions: "SDG 8", "SDG's 8 en 12", "Goal 13"
        if "sdg" in norm or "goal" in norm or "doel" in norm:
            for m in _EXPLICIT_RE.finditer(norm):
                for num in re.findall(r"\d{1,2}", m.group(0)):
                    k = int(num)
                    if 1 <= k <= 17:
                        key = (k, f"sdg {k}")
                        term_cnt[key] = term_cnt.get(key, 0.0) + 1.0
                        term_w[key] = 4.0
                        term_at.setdefault(key, (-1, m.group(0).strip()))

        L = np.zeros(17)
        nterms = np.zeros(17)
        contrib: dict[int, list[tuple[float, tuple]]] = {}
        for key, cnt in term_cnt.items():
            sdg = key[0]
            w = term_w[key]
            val = w * (1.0 + 0.5 * math.log(cnt)) if cnt >= 1 else w * cnt
            L[sdg - 1] += val
            nterms[sdg - 1] += 1
            contrib.setdefault(sdg, []).append((val, term_at[key]))

        uniq = {s for s in stems if len(s) > 2 and s not in STOPWORDS}
        n_words = len(stems)
        index, (tsim_m, tgt_m, bow_m) = self.tables[lang]
        rows = [index[s] for s in uniq if s in index]
        norm_u = math.sqrt(len(uniq)) or 1.0
        if rows:
            tsim = tsim_m[rows].sum(0) / norm_u
            tscore = tgt_m[rows].sum(0) / norm_u
            bow = self.bow_intercept + bow_m[rows].sum(0)
        else:
            tsim = np.zeros(17)
            tscore = np.zeros(max(len(self.target_ids), 1))
            bow = self.bow_intercept.copy()
        total = L.sum()
        mx = L.max()
        tmax = tsim.max() or 1.0
        bowc = np.clip(bow, -10.0, 10.0)
        lenf = 1.0 + n_words / 40.0
        feats = np.column_stack(
            (
                np.log1p(L),
                np.log1p(L / lenf),
                L / (total + 1.0),
                ((L > 0) & (mx == L)).astype(float),
                np.log1p(nterms),
                tsim,
                tsim / tmax,
                bowc / 5.0,
                (bow - bow.max()) / 5.0,
                np.log1p(neg_w),
                L / mx if mx > 0 else np.zeros(17),
            )
        )
        lexf, bowf, topf = feats[:, 0], feats[:, 7], feats[:, 3]
        feats = np.column_stack((feats, lexf * bowf, lexf * lexf, bowf * bowf, topf * bowf))
        evidence = {}
        if contrib:
            spans = [m.span() for m in _SCAN_RE.finditer(norm)]
            src = text.lower() if len(text) == len(norm) else norm
        for sdg, items in contrib.items():
            seen: list[str] = []
            for _, at in sorted(items, key=lambda x: -x[0]):
                surf = self._surface(src, spans, at)
                if surf not in seen:
                    seen.append(surf)
                if len(seen) == 8:
                    break
            evidence[sdg] = seen
        for i, t in enumerate(self.target_ids):
            if tscore[i] > 0:
                tvotes[t] = tvotes.get(t, 0.0) + 2.0 * float(tscore[i])
        return feats, evidence, tvotes, n_words

    @staticmethod
    def _surface(src: str, spans: list[tuple[int, int]], at) -> str:
        start, end = at
        if start < 0:  # explicit mention: already a string
            return end
        return src[spans[start][0] : spans[end - 1][1]]

    def score(self, feats) -> list[float]:
        z = feats @ self.coef + self.bias + self.sdg_lex * feats[:, 0]
        return (1.0 / (1.0 + self.np.exp(-z))).tolist()

    def classify(self, text, lang: str = "auto", threshold: float | None = None):
        text = check_text(text)
        if lang not in ("auto", "nl", "en"):
            raise ValueError("lang must be 'auto', 'nl' or 'en'")
        detected = ""
        unsupported = False
        if lang == "auto":
            detected, _conf = detect_language(_SCAN_RE.findall(normalise(text[:5000])))
            if detected in ("nl", "en"):
                use = detected
            else:
                unsupported = detected != "unknown"
                use = "en"
        else:
            use = lang
        thr = self.threshold if threshold is None else float(threshold)
        feats, evidence, tvotes, _n = self.analyse(text, use)
        probs = self.score(feats)
        scores = {k: round(probs[k - 1], 3) for k in SDGS}
        if threshold is None:  # calibrated default rule (see decide_matrix)
            best = max(SDGS, key=lambda k: (probs[k - 1], -k))
            sdgs = [
                k
                for k in SDGS
                if probs[k - 1] >= self.sdg_threshold[k - 1]
                or (k == best and self.top_min is not None and probs[k - 1] >= self.top_min)
            ]
        else:
            sdgs = [k for k in SDGS if probs[k - 1] >= thr]
        targets = []
        for k in sdgs:
            prefix = f"{k}."
            cand = sorted(
                ((v, t) for t, v in tvotes.items() if t.startswith(prefix)),
                key=lambda x: (-x[0], x[1]),
            )
            if cand:
                targets.append(cand[0][1])
                if len(cand) > 1 and cand[1][0] >= 0.75 * cand[0][0]:
                    targets.append(cand[1][1])
        evidence_out = {k: evidence.get(k, []) for k in SDGS}
        return Classification(
            lang="unsupported" if unsupported else use,
            sdgs=sdgs,
            scores=scores,
            evidence=evidence_out,
            targets=targets,
            threshold=thr,
            detected_lang=detected,
            unsupported_language=unsupported,
        )
