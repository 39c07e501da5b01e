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
)

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
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or ch == "\x00" or (ord(ch) < 32 and ch not in "\t\n\r\f\v")
    )
    letters = sum(1 for ch in sample if ch.isalpha())
    nonspace = sum(1 for ch in sample if not ch.isspace())
    if bad > max(2, len(sample) // 100):
        raise InvalidText("text contains binary or control characters")
    if nonspace and letters / nonspace < 0.4:
        raise InvalidText("text looks garbled: too few letters")
    return text


class Model:
    def __init__(self, data_dir: Path = DATA):
        self.lexicons = {
            lang: Lexicon.from_file(data_dir / f"lexicon_{lang}.txt", lang) for lang in ("en", "nl")
        }
        path = data_dir / "model.json"
        self.trained = path.exists()
        m = json.loads(path.read_text(encoding="utf-8")) if self.trained else {}
        self.threshold = float(m.get("threshold", 0.5))
        self.tsim = {
            lang: {s: [tuple(x) for x in v] for s, v in m.get("tsim", {}).get(lang, {}).items()}
            for lang in ("en", "nl")
        }
        self.tgt = {
            lang: {s: [tuple(x) for x in v] for s, v in m.get("targets", {}).get(lang, {}).items()}
            for lang in ("en", "nl")
        }
        bow = m.get("bow", {})
        self.bow_vocab = {s: [tuple(x) for x in v] for s, v in bow.get("vocab", {}).items()}
        self.bow_intercept = bow.get("intercept", [0.0] * 17)
        st = m.get("stack", {})
        self.coef = st.get("coef", [1.0, 0.5, 1.0, 0.5, 0.3, 0.0, 0.0, 0.0, 0.0, -0.5, 0.5])
        self.intercept = st.get("intercept", -3.0)
        self.sdg_bias = st.get("sdg_bias", [0.0] * 17)

    # -- features ---------------------------------------------------------------
    def analyse(self, text: str, lang: str):
        """Return (features per SDG, evidence per SDG, target votes, n_words)."""
        norm = normalise(text)
        spans = [(m.start(), m.end(), m.group()) for m in _SCAN_RE.finditer(norm)]
        tokens = [s[2] for s in spans]
        stem = stemmer(lang)
        stems = [t if is_boundary(t) else stem(t) for t in tokens]
        lex = self.lexicons[lang]
        surface_src = text.lower() if len(text) == len(norm) else norm

        term_pos: dict[tuple[int, str], float] = {}
        term_cnt: dict[tuple[int, str], float] = {}
        term_surface: dict[tuple[int, str], str] = {}
        neg_w = [0.0] * 17
        tvotes: dict[str, float] = {}
        for start, end, entries in lex.match(tokens, stems):
            negated = False
            for back in range(start - 1, max(-1, start - 5), -1):
                tb = tokens[back]
                if is_boundary(tb) or tb in ("but", "maar"):
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
                term_pos[key] = e.weight
                if key not in term_surface:
                    term_surface[key] = surface_src[spans[start][0] : spans[end - 1][1]]
                for t in e.targets:
                    tvotes[t] = tvotes.get(t, 0.0) + e.weight * (0.2 if negated else 1.0)

        # explicit mentions: "SDG 8", "SDG's 8 en 12", "Goal 13", "doel 7"
        for m in _EXPLICIT_RE.finditer(norm):
            for num in re.findall(r"\d{1,2}", m.group(0)):
                k = int(num)
                if 1 <= k <= 17:
                    key = (k, f"sdg {k}")
                    term_cnt[key] = term_cnt.get(key, 0.0) + 1.0
                    term_pos[key] = 4.0
                    term_surface.setdefault(key, m.group(0).strip())

        L = [0.0] * 17
        nterms = [0] * 17
        contrib: dict[int, list[tuple[float, str]]] = {}
        for key, cnt in term_cnt.items():
            sdg, _term = key
            w = term_pos[key]
            val = w * (1.0 + 0.5 * math.log(cnt)) if cnt >= 1 else w * cnt
            L[sdg - 1] += val
            nterms[sdg - 1] += 1
            contrib.setdefault(sdg, []).append((val, term_surface[key]))

        words = [s for s, t in zip(stems, tokens, strict=True) if not is_boundary(t)]
        n_words = len(words)
        uniq = {s for s in words if s not in STOPWORDS and len(s) > 2}

        # target-text similarity (cosine against per-goal tf-idf vectors)
        tsim = [0.0] * 17
        tv = self.tsim[lang]
        tt = self.tgt[lang]
        tscore: dict[str, float] = {}
        for s in uniq:
            for k, w in tv.get(s, ()):
                tsim[k - 1] += w
            for t, w in tt.get(s, ()):
                tscore[t] = tscore.get(t, 0.0) + w
        norm_u = math.sqrt(len(uniq)) or 1.0
        tsim = [x / norm_u for x in tsim]
        # bag-of-stems layer
        bow = list(self.bow_intercept)
        for s in uniq:
            for k, w in self.bow_vocab.get(s, ()):
                bow[k - 1] += w
        total = sum(L)
        mx = max(L)
        tmax = max(tsim) or 1.0
        bmax = max(bow)
        feats = []
        lenf = 1.0 + n_words / 40.0
        for i in range(17):
            feats.append(
                (
                    math.log1p(L[i]),
                    math.log1p(L[i] / lenf),
                    L[i] / (total + 1.0),
                    1.0 if (L[i] > 0 and L[i] == mx) else 0.0,
                    math.log1p(nterms[i]),
                    tsim[i],
                    tsim[i] / tmax,
                    max(-10.0, min(10.0, bow[i])) / 5.0,
                    (bow[i] - bmax) / 5.0,
                    math.log1p(neg_w[i]),
                    L[i] / mx if mx > 0 else 0.0,
                )
            )
        evidence = {}
        for sdg, items in contrib.items():
            seen: list[str] = []
            for _, surf in sorted(items, key=lambda x: -x[0]):
                if surf not in seen:
                    seen.append(surf)
                if len(seen) == 8:
                    break
            evidence[sdg] = seen
        for t, v in tscore.items():
            tvotes[t] = tvotes.get(t, 0.0) + 2.0 * v / norm_u
        return feats, evidence, tvotes, n_words

    def score(self, feats) -> list[float]:
        coef = self.coef
        out = []
        for i, f in enumerate(feats):
            z = self.intercept + self.sdg_bias[i]
            for c, x in zip(coef, f, strict=True):
                z += c * x
            out.append(_sigmoid(z))
        return out

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
