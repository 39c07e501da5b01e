"""The matching engine fed from the database: organisations, weights, one index per process.

``get_index()`` builds a :class:`MatchIndex` over the public social enterprises, sociale
werkplaatsen and SMEs once per process and reuses it while the register and the weights
are unchanged. The "version" is a fingerprint of the register (counts and the newest
change of organisations, SDG entries and certifications), the weights record in force and
a per-process counter that :func:`invalidate_index` bumps; any change means a rebuild on
the next request. Building takes about a second on the default demo data (see
docs/opportunities.md for measured times).
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from zicht.registry.facts import OrganisationFacts
from zicht.registry.models import Organisation, TargetGroup
from zicht.registry.selectors import organisation_facts, public_organisations

from .matching import Match, MatchIndex, OpportunityFacts, Ranking, Weights
from .models import ENGINE_KIND, MatchWeights, Opportunity, State

MATCHED_KINDS = ("social_enterprise", "sociale_werkplaats", "sme")
TOP_K = 20
DIGEST_DEFAULTS = {"top_k": 50, "min_score": 0.5}

_lock = threading.Lock()
_state: dict[str, Any] = {"key": None, "index": None, "seconds": None, "built_at": None}
_local_version = [0]


# --------------------------------------------------------------------------- weights
def weights_record(on: dt.date | None = None) -> MatchWeights | None:
    """The administrator's weights in force on ``on`` (today), or None for the defaults."""
    on = on or timezone.localdate()
    return MatchWeights.objects.filter(valid_from__lte=on).order_by("-valid_from", "-id").first()


def _weights_data(record: MatchWeights | None) -> dict:
    data = copy.deepcopy(record.data) if record is not None else {}
    requirements = data.setdefault("requirements", {})
    if "reserved_min_target_group_share" not in requirements:
        # The dated art. 2.82 rule of the register decides the threshold (30% since 2016).
        from django.core.exceptions import ValidationError

        from zicht.registry.services import rule_2_82

        try:
            requirements["reserved_min_target_group_share"] = float(rule_2_82().threshold)
        except ValidationError:
            pass
    return data


def current_weights() -> Weights:
    return Weights.from_dict(_weights_data(weights_record()))


def digest_settings(weights: Weights) -> dict:
    return {**DIGEST_DEFAULTS, **(weights.raw.get("digest") or {})}


# ------------------------------------------------------------------------------ facts
def organisation_facts_fast(org_ids=None) -> list[OrganisationFacts]:
    """The matchable part of the register as engine input (registry.selectors does the
    work, including the target groups each organisation employs people from)."""
    qs = public_organisations().filter(kind__in=MATCHED_KINDS)
    if org_ids is not None:
        qs = qs.filter(pk__in=org_ids)
    return organisation_facts(qs)


def opportunity_facts(opp: Opportunity, cpv: list[str] | None = None) -> OpportunityFacts:
    """Engine input for an opportunity (saved, or unsaved with ``cpv`` given)."""
    if cpv is None:
        cpv = [c.code for c in opp.cpv_codes.all()]
    return OpportunityFacts(
        id=str(opp.pk or "new"),
        title=opp.title,
        description=opp.description,
        kind=ENGINE_KIND.get(opp.kind, "other"),
        buyer_id=str(opp.owner_id or ""),
        cpv=list(cpv),
        sdgs={int(k): float(v) for k, v in (opp.sdgs or {}).items()},
        municipality=opp.municipality.code if opp.municipality_id else "",
        value_eur=float(opp.value_eur) if opp.value_eur is not None else None,
        reserved_2_82=opp.reserved_2_82,
        min_tier=opp.min_tier or "",
        certifications=list(opp.certifications or []),
        target_groups=[g for g in opp.target_groups or [] if g != TargetGroup.NONE],
        deadline=opp.deadline.isoformat() if opp.deadline else "",
    )


# ------------------------------------------------------------------------------ index
def invalidate_index() -> None:
    """Make the next ``get_index()`` in this process rebuild (weights or register changed)."""
    with _lock:
        _local_version[0] += 1


INCREMENTAL_LIMIT = 500  # more changed organisations than this: rebuild instead of patching


def index_version() -> tuple:
    """What the index depends on. Register changes (profile, SDGs, CPV, workforce,
    certifications) all move ``Organisation.updated_at`` (registry.signals), so the
    first two items tell which organisations changed since the last build."""
    orgs = Organisation.objects.aggregate(n=Count("id"), u=Max("updated_at"))
    record = weights_record()
    return (
        orgs["n"],
        orgs["u"],
        record.pk if record else None,
        _local_version[0],
        timezone.localdate(),  # the art. 2.82 rule and weights are dated
    )


def get_index() -> MatchIndex:
    """The process's match index: built once, then patched per changed organisation with the
    engine's ``update_organisation`` (tens of milliseconds) instead of rebuilt (seconds)."""
    key = index_version()
    with _lock:
        if _state["key"] == key and _state["index"] is not None:
            return _state["index"]
        started = time.perf_counter()
        if not _patch_index(_state["key"], key):
            index = MatchIndex.build(organisation_facts_fast(), current_weights())
            _state.update(index=index, built_at=timezone.now())
        _state.update(key=key, seconds=round(time.perf_counter() - started, 3))
        return _state["index"]


def _patch_index(old: tuple | None, new: tuple) -> bool:
    """Apply the organisations changed since ``old`` to the index; False: rebuild instead."""
    index = _state["index"]
    if index is None or old is None or old[1] is None or old[2:] != new[2:] or new[0] < old[0]:
        return False  # first build, other weights or date, or organisations were deleted
    changed = list(Organisation.objects.filter(updated_at__gt=old[1]).values_list("pk", flat=True))
    if len(changed) > INCREMENTAL_LIMIT:
        return False
    facts = {f.id: f for f in organisation_facts_fast(changed)}
    for pk in map(str, changed):
        if pk in facts:
            index.update_organisation(facts[pk])
        elif pk in index.pos:  # no longer public or matchable
            index.remove_organisation(pk)
    return True


def index_stats() -> dict:
    return {k: _state[k] for k in ("seconds", "built_at")} | {
        "organisations": len(_state["index"]) if _state["index"] is not None else 0
    }


# ---------------------------------------------------------------------- rankings
def lang_is_nl() -> bool:
    return (get_language() or "nl").startswith("nl")


@dataclass
class ShownMatch:
    """A match as a page or the API shows it: the organisation, rank and explanation."""

    rank: int
    match: Match
    organisation: Organisation
    reasons: list[str]
    parts: list[dict] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.match.score


PART_LABELS = {
    "cpv": gettext_lazy("What they supply (CPV)"),
    "text": gettext_lazy("Text similarity"),
    "geo": gettext_lazy("Geography"),
    "sdg": gettext_lazy("SDG overlap"),
    "size": gettext_lazy("Size fit"),
}


def explanation_parts(match: Match, weights: Weights) -> list[dict]:
    """``{% explain %}`` items: each part's score with its weight, then the reasons."""
    from django.utils.translation import gettext as _

    items = []
    for part, value in match.parts.items():
        weight = weights.parts.get(part, 0.0)
        shown = _("left out (no data)") if value is None else f"{value:.2f}"
        items.append(
            {
                "label": str(PART_LABELS[part]),
                "value": shown,
                "note": _("weight %(w)s") % {"w": f"{weight:.2f}"},
            }
        )
    items.append({"label": _("Total score"), "value": f"{match.score:.2f}", "note": ""})
    return items


def top_matches(opp: Opportunity, k: int = TOP_K, cpv: list[str] | None = None):
    """(ranking, shown matches, seconds): the k best organisations for an opportunity."""
    started = time.perf_counter()
    index = get_index()
    ranking = index.top_for_opportunity(opportunity_facts(opp, cpv), k=k)
    orgs = Organisation.objects.select_related("municipality").in_bulk(
        [int(m.organisation_id) for m in ranking.matches]
    )
    nl = lang_is_nl()
    shown = [
        ShownMatch(
            rank=i,
            match=m,
            organisation=orgs[int(m.organisation_id)],
            reasons=m.reasons if nl else m.reasons_en,
            parts=explanation_parts(m, index.weights),
        )
        for i, m in enumerate(ranking.matches, start=1)
        if int(m.organisation_id) in orgs
    ]
    return ranking, shown, time.perf_counter() - started


def notices(ranking: Ranking) -> list[str]:
    return ranking.notices if lang_is_nl() else ranking.notices_en


def open_opportunities():
    """Published opportunities whose deadline has not passed (what organisations can act on)."""
    from django.db.models import Q

    today = timezone.localdate()
    return Opportunity.objects.filter(state=State.PUBLISHED).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today)
    )


@dataclass
class ShownOpportunity:
    rank: int
    match: Match
    opportunity: Opportunity
    reasons: list[str]
    parts: list[dict]


def best_opportunities(org: Organisation, visible_qs, k: int = TOP_K):
    """(ranking or None, shown): the best open opportunities for one organisation.

    ``visible_qs`` is the set of opportunities the viewer may see. None when the
    organisation is not matched (not public, or a kind that is not a supplier)."""
    index = get_index()
    if str(org.pk) not in index.pos:
        return None, []
    opps = list(
        open_opportunities()
        .filter(pk__in=visible_qs.values("pk"))
        .select_related("municipality", "owner")
        .prefetch_related("cpv_codes")
    )
    if not opps:
        return Ranking([], organisation_id=str(org.pk)), []
    ranking = index.top_for_organisation(str(org.pk), [opportunity_facts(o) for o in opps], k=k)
    by_id = {str(o.pk): o for o in opps}
    nl = lang_is_nl()
    shown = [
        ShownOpportunity(
            i,
            m,
            by_id[m.opportunity_id],
            m.reasons if nl else m.reasons_en,
            explanation_parts(m, index.weights),
        )
        for i, m in enumerate(ranking.matches, start=1)
    ]
    return ranking, shown
