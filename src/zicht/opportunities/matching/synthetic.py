"""Deterministic synthetic organisations and opportunities for tests and the benchmark.

Real municipality codes and real CPV 2008 codes (zicht.reference.data); descriptions are
built from the Dutch or English CPV labels plus filler sentences, so text similarity,
CPV hierarchy and geography all have structure to find. Same seed, same data.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from zicht.reference import data as ref
from zicht.registry.facts import OrganisationFacts

from .facts import OpportunityFacts

FILLER_NL = (
    "Wij werken met mensen met een afstand tot de arbeidsmarkt",
    "Kwaliteit en betrouwbaarheid staan voorop",
    "Ons team bestaat uit vakmensen en leerlingen",
    "Duurzaam en lokaal ondernemen",
    "Wij begeleiden medewerkers naar regulier werk",
    "Flexibel inzetbaar voor bedrijven en overheden",
)
FILLER_EN = (
    "We employ people with a distance to the labour market",
    "Quality and reliability come first",
    "Our team consists of craftsmen and trainees",
    "Sustainable and local business",
)
DIVISIONS = (
    "03",
    "15",
    "18",
    "30",
    "33",
    "39",
    "44",
    "45",
    "50",
    "55",
    "60",
    "63",
    "64",
    "70",
    "71",
    "72",
    "73",
    "75",
    "77",
    "79",
    "80",
    "85",
    "90",
    "92",
    "98",
)
KINDS = ("sme",) * 17 + ("social_enterprise",) * 2 + ("sociale_werkplaats", "other")
TIERS = ("self_declared", "verified", "certified")


def _codes_by_division() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code in ref.cpv_codes():
        if code[:2] in DIVISIONS:
            out.setdefault(code[:2], []).append(code)
    return out


def _pick_codes(rng: np.random.Generator, by_div: dict[str, list[str]], n: int) -> list[str]:
    div = DIVISIONS[rng.integers(len(DIVISIONS))]
    pool = by_div[div]
    base = pool[rng.integers(len(pool))]
    near = [c for c in pool if c[:3] == base[:3]] or pool
    codes = {base}
    for _ in range(n - 1):
        src = near if rng.random() < 0.7 else pool
        codes.add(src[rng.integers(len(src))])
    return sorted(codes)


def _label(code: str, english: bool) -> str:
    c = ref.cpv_codes()[code]
    return (c.label_en if english or not c.label_nl else c.label_nl).lower()


def organisations(n: int, seed: int = 1) -> list[OrganisationFacts]:
    rng = np.random.default_rng(seed)
    by_div = _codes_by_division()
    munis = sorted(ref.municipalities())
    regions = sorted(ref.labour_market_regions())
    provinces = ref.provinces()
    out = []
    for i in range(n):
        kind = KINDS[rng.integers(len(KINDS))]
        codes = _pick_codes(rng, by_div, int(rng.integers(1, 5))) if rng.random() > 0.05 else []
        english = rng.random() < 0.2
        if codes and rng.random() > 0.05:
            labels = " en ".join(_label(c, english) for c in codes[:3])
            filler = FILLER_EN if english else FILLER_NL
            text = (f"We provide {labels}. " if english else f"Wij leveren {labels}. ") + filler[
                rng.integers(len(filler))
            ]
        else:
            text = ""
        sdgs = {}
        if rng.random() > 0.2:
            for g in rng.choice(17, size=int(rng.integers(1, 5)), replace=False):
                sdgs[int(g) + 1] = round(float(rng.uniform(0.2, 1.0)), 2)
        served = []
        r = rng.random()
        if r < 0.2:
            served = [regions[rng.integers(len(regions))]]
        elif r < 0.3:
            served = [provinces[rng.integers(len(provinces))]]
        elif r < 0.33:
            served = ["NL"]
        se = kind in ("social_enterprise", "sociale_werkplaats")
        share = None
        if se and rng.random() > 0.2:
            share = round(float(rng.uniform(0.05, 0.95)), 2)
        elif not se and rng.random() < 0.1:
            share = round(float(rng.uniform(0.0, 0.2)), 2)
        fte = None if rng.random() < 0.1 else round(float(rng.lognormal(2.5, 1.2)), 1)
        out.append(
            OrganisationFacts(
                id=f"org{i:06d}",
                name=f"Organisatie {i}",
                kind=kind,
                kvk=f"{10000000 + i}",
                description=text,
                cpv=codes,
                sdgs=sdgs,
                municipality=munis[rng.integers(len(munis))] if rng.random() > 0.03 else "",
                regions_served=served,
                target_group_share=share,
                tier=TIERS[min(2, int(rng.integers(0, 4)))],
                fte=fte,
                certifications=["code_so"] if se and rng.random() < 0.3 else [],
            )
        )
    return out


def opportunities(m: int, seed: int = 2) -> list[OpportunityFacts]:
    rng = np.random.default_rng(seed)
    by_div = _codes_by_division()
    munis = sorted(ref.municipalities())
    kinds = ("tender", "tender", "request", "question")
    out = []
    for j in range(m):
        codes = _pick_codes(rng, by_div, int(rng.integers(1, 4))) if rng.random() > 0.05 else []
        english = rng.random() < 0.1
        title = _label(codes[0], english).capitalize() if codes else "Vraag van de gemeente"
        desc = " en ".join(_label(c, english) for c in codes[1:3])
        sdgs = {}
        if rng.random() > 0.3:
            for g in rng.choice(17, size=int(rng.integers(1, 4)), replace=False):
                sdgs[int(g) + 1] = 1.0
        value = None if rng.random() < 0.1 else round(float(10 ** rng.uniform(3.5, 6.5)), -2)
        out.append(
            OpportunityFacts(
                id=f"opp{j:05d}",
                title=title,
                description=desc,
                kind=kinds[rng.integers(len(kinds))],
                cpv=codes,
                sdgs=sdgs,
                municipality=munis[rng.integers(len(munis))],
                value_eur=value,
                reserved_2_82=bool(rng.random() < 0.05),
                min_tier="verified" if rng.random() < 0.1 else "",
                certifications=["code_so"] if rng.random() < 0.02 else [],
                deadline="2027-06-30",
            )
        )
    return out


def write_jsonl(path: str | Path, items) -> None:
    from dataclasses import asdict

    with open(path, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
