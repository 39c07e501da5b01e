"""Consortium suggestions: social enterprises that together cover a company's categories.

For a company with an SROI obligation (or any buyer with several CPV categories), pick
a small set of social enterprises that between them supply every category. Greedy
weighted set cover: each round adds the candidate whose match scores on the categories
not yet covered add up highest; a candidate covers a category when its CPV fit reaches
``min_level`` (default: same group). Match scores are the engine's usual scores for a
pseudo-opportunity per category (CPV, geography from the company's municipality, SDG
overlap with the company's SDGs), so they come with the usual explanations.
Greedy set cover is within a factor ln(n) of the smallest cover; for the handful of
categories of one company it is in practice the optimum or close to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from zicht.registry.facts import OrganisationFacts

from . import explanations as ex
from .facts import OpportunityFacts
from .features import cpv_vocab
from .index import MatchIndex
from .scoring import score_block

SE_KINDS = ("social_enterprise", "sociale_werkplaats")


@dataclass
class ConsortiumMember:
    organisation_id: str
    name: str
    categories: list[str]  # CPV codes this member is assigned to
    score: float  # mean match score over its categories
    reasons: list[str]
    reasons_en: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation_id": self.organisation_id,
            "name": self.name,
            "categories": self.categories,
            "score": self.score,
            "reasons": self.reasons,
            "reasons_en": self.reasons_en,
        }


@dataclass
class Consortium:
    members: list[ConsortiumMember]
    covered: list[str]
    uncovered: list[str]
    reasons: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": [m.to_dict() for m in self.members],
            "covered": self.covered,
            "uncovered": self.uncovered,
            "reasons": self.reasons,
            "reasons_en": self.reasons_en,
        }


def suggest_consortium(
    index: MatchIndex,
    company: OrganisationFacts,
    categories: list[str] | None = None,
    *,
    kinds: tuple[str, ...] = SE_KINDS,
    max_members: int = 5,
    min_level: str = "group",
    min_tier: str = "",
    sroi_obligation_eur: float | None = None,
) -> Consortium:
    """Social enterprises from ``index`` that together cover ``categories``.

    ``categories`` defaults to the company's own CPV codes (what it buys or subcontracts
    for the contract with the SROI clause). Unknown CPV codes are reported as uncovered.
    """
    w = index.weights
    cats = [c for c in dict.fromkeys(categories if categories is not None else company.cpv) if c]
    vocab = cpv_vocab()
    known = [c for c in cats if c[:2] in vocab]
    unknown = [c for c in cats if c[:2] not in vocab]
    rows = np.array(
        [
            i
            for i, o in enumerate(index.orgs)
            if o.kind in kinds and o.id != company.id and index.feats.enabled[i]
        ],
        dtype=np.int64,
    )
    members: list[ConsortiumMember] = []
    covered_by: dict[str, int] = {}
    if known and len(rows):
        pseudo = [
            OpportunityFacts(
                id=f"cpv:{c}",
                title="",
                cpv=[c],
                sdgs=dict(company.sdgs),
                municipality=company.municipality,
                min_tier=min_tier,
            )
            for c in known
        ]
        feats = index._opp_features(pseudo)
        block = score_block(index.feats.take(rows), feats, w, parts=True)
        fits = np.nan_to_num(block.parts["cpv"]) >= w.cpv_levels[min_level] - 1e-9
        value = np.where(fits & block.eligible, block.score, 0.0).T  # (candidates, categories)
        uncovered = np.ones(len(known), dtype=bool)
        chosen: list[int] = []
        while uncovered.any() and len(chosen) < max_members:
            gain = (value * uncovered[None, :]).sum(axis=1)
            gain[chosen] = 0.0
            best = int(np.argmax(gain))  # ties: the first (index order)
            if gain[best] <= 0:
                break
            chosen.append(best)
            uncovered &= value[best] <= 0
        # assign each covered category to the chosen member that scores best on it
        for u, c in enumerate(known):
            if chosen:
                cand = max(chosen, key=lambda a, u=u: (value[a, u], -a))
                if value[cand, u] > 0:
                    covered_by[c] = cand
        for a in chosen:
            mine = [c for c in known if covered_by.get(c) == a]
            if not mine:
                continue
            row = int(rows[a])
            org = index.orgs[row]
            js = [known.index(c) for c in mine]
            nl, en = [], []
            for c in mine:
                _, code, level, _ = ex.best_cpv_matches(org, pseudo[known.index(c)], w)[0]
                if code == c:
                    nl.append(f"Dekt CPV {c} ({ex.cpv_label(c)}): levert precies deze code.")
                    en.append(f"Covers CPV {c} ({ex.cpv_label(c, 'en')}): supplies this code.")
                    continue
                nl.append(
                    f"Dekt CPV {c} ({ex.cpv_label(c)}) met CPV {code} ({ex.cpv_label(code)}): "
                    f"{ex.LEVEL_NL[level]}."
                )
                en.append(
                    f"Covers CPV {c} ({ex.cpv_label(c, 'en')}) with CPV {code} "
                    f"({ex.cpv_label(code, 'en')}): {ex.LEVEL_EN[level]}."
                )
            detail = index._explain_rows([row], pseudo[js[0]], feats.select([js[0]]))[0]
            # the pseudo-opportunities have no text or value: leave those parts unmentioned
            skip_nl = ("Levert", "Tekstgelijkenis telt", "Omvang telt")
            skip_en = ("Supplies", "Text similarity left", "Size fit left")
            nl += [r for r in detail.reasons if not r.startswith(skip_nl)]
            en += [r for r in detail.reasons_en if not r.startswith(skip_en)]
            members.append(
                ConsortiumMember(
                    org.id,
                    org.name,
                    mine,
                    round(float(np.mean([value[a, j] for j in js])), 6),
                    nl,
                    en,
                )
            )
    covered = [c for c in known if c in covered_by]
    missing = [c for c in cats if c not in covered_by]
    nl = [
        f"{len(covered)} van {len(cats)} categorieën gedekt door {len(members)} "
        f"{'organisatie' if len(members) == 1 else 'organisaties'} "
        f"({', '.join(kinds)}), gekozen met gretige verzamelingsdekking op matchscore."
    ]
    en = [
        f"{len(covered)} of {len(cats)} categories covered by {len(members)} "
        f"organisation{'' if len(members) == 1 else 's'} ({', '.join(kinds)}), "
        "chosen by greedy set cover on match score."
    ]
    if missing:
        labels = "; ".join(f"{c} ({ex.cpv_label(c)})" for c in missing)
        labels_en = "; ".join(f"{c} ({ex.cpv_label(c, 'en')})" for c in missing)
        nl.append(f"Niet gedekt: {labels}.")
        en.append(f"Not covered: {labels_en}.")
    if unknown:
        nl.append(f"Onbekende CPV-codes: {', '.join(unknown)}.")
        en.append(f"Unknown CPV codes: {', '.join(unknown)}.")
    if len(members) >= max_members and missing:
        nl.append(f"Gestopt bij het maximum van {max_members} leden.")
        en.append(f"Stopped at the maximum of {max_members} members.")
    if sroi_obligation_eur:
        nl.append(
            f"Inkoop bij deze organisaties kan meetellen voor de SROI-verplichting van "
            f"{ex.euro_nl(sroi_obligation_eur)}; hoeveel hangt af van de regionale regels "
            "(bouwblokken)."
        )
        en.append(
            f"Purchases from these organisations can count towards the SROI obligation of "
            f"{ex.euro_en(sroi_obligation_eur)}; how much depends on the regional rules "
            "(building blocks)."
        )
    return Consortium(members, covered, missing, nl, en)
