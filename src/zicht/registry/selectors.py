"""Read queries on the register. The directory page, the CSV export and the API share them."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from zicht.reference.models import CpvCode, Municipality

from . import facets
from .facts import OrganisationFacts
from .models import (
    Certification,
    Organisation,
    OrganisationKind,
    OrganisationSdg,
    Status,
    TargetGroup,
    Tier,
    WorkforceFigure,
    fold,
)

PUBLIC_STATUSES = (Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ACCEPTED)
SORTS = {
    "name": ("legal_name", "id"),
    "-updated": ("-updated_at", "id"),
    # NULLS LAST: PostgreSQL puts unknown shares first in descending order, SQLite last.
    "-share": (F("target_group_share").desc(nulls_last=True), "legal_name", "id"),
    "municipality": ("municipality__name", "legal_name", "id"),
}
IMPACT_FIELDS = {
    "work_integration": "se_profile__impact_work_integration",
    "products": "se_profile__impact_products",
    "profit_redistribution": "se_profile__impact_profit_redistribution",
}
MAX_QUERY_TERMS = 8


@dataclass
class DirectoryQuery:
    """Validated directory parameters (the page's form and the API filter produce these)."""

    q: str = ""
    kind: list[str] = field(default_factory=list)
    sdg: list[int] = field(default_factory=list)
    include_suggested_sdgs: bool = False
    cpv_division: str = ""
    municipality: str = ""  # GMxxxx
    region: str = ""  # AMxx
    province: str = ""
    target_group: list[str] = field(default_factory=list)
    impact_model: list[str] = field(default_factory=list)
    tier: list[str] = field(default_factory=list)
    eligible_2_82: bool | None = None
    sort: str = "name"


def terms(q: str) -> list[str]:
    """Accent-folded words of a query; matched as substrings so Dutch compounds match parts."""
    return [t for t in re.split(r"[^\w]+", fold(q)) if len(t) >= 2][:MAX_QUERY_TERMS]


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status__in=PUBLIC_STATUSES).exclude(
        kind=OrganisationKind.MUNICIPALITY
    )


def _text_filter(qs: QuerySet, words: list[str]) -> QuerySet:
    """Every word must occur as a substring. SQLite answers words of 3+ characters from its
    FTS5 trigram index (migration 0004); shorter words, and PostgreSQL (pg_trgm), use LIKE."""
    indexed = [w for w in words if len(w) >= 3] if connection.vendor == "sqlite" else []
    if indexed:
        match = " AND ".join(f'"{w}"' for w in indexed)  # words are \w+ only: safe to quote
        qs = qs.filter(
            id__in=RawSQL(
                "SELECT rowid FROM registry_org_fts WHERE registry_org_fts MATCH %s", [match]
            )
        )
    for word in words:
        if word not in indexed:
            qs = qs.filter(search_text__contains=word)
    return qs


def _facet_filter(qs: QuerySet, groups: list[list[str]]) -> QuerySet:
    """Filters answered by the full-text index over ``facets`` (registry/facets.py)."""
    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM registry_org_facets WHERE registry_org_facets MATCH %s"
        # Parameters are bound; the words come from a fixed vocabulary (facets.word).
        return qs.filter(id__in=RawSQL(sql, [facets.fts5_match(groups)]))  # noqa: S611
    if connection.vendor == "postgresql":
        condition = RawSQL(
            "to_tsvector('simple', registry_organisation.facets) @@ to_tsquery('simple', %s)",
            [facets.tsquery(groups)],
            output_field=BooleanField(),
        )
        return qs.alias(_facets=condition).filter(_facets=True)
    return None  # another database: plain SQL filters below


def search_organisations(query: DirectoryQuery, base: QuerySet | None = None) -> QuerySet:
    qs = public_organisations() if base is None else base
    qs = _text_filter(qs, terms(query.q))
    groups = facets.query_groups(query)
    # Only "public": the plain SQL status filter is cheaper than a 100,000-row index answer.
    indexed = _facet_filter(qs, groups) if len(groups) > 1 else qs
    if indexed is not None:
        qs = indexed
        if query.sdg and query.include_suggested_sdgs:
            qs = qs.filter(
                Exists(
                    OrganisationSdg.objects.filter(
                        organisation=OuterRef("pk"), goal__number__in=query.sdg, dismissed=False
                    )
                )
            )
        return qs.order_by(*SORTS.get(query.sort, SORTS["name"]))
    return _sql_filters(qs, query).order_by(*SORTS.get(query.sort, SORTS["name"]))


def _sql_filters(qs: QuerySet, query: DirectoryQuery) -> QuerySet:
    """The same filters in plain SQL: the reference the index is tested against."""
    if query.kind:
        qs = qs.filter(kind__in=query.kind)
    if query.sdg:
        sdg_filter = Q(organisation=OuterRef("pk"), goal__number__in=query.sdg, dismissed=False)
        if not query.include_suggested_sdgs:
            sdg_filter &= Q(confirmed=True)
        qs = qs.filter(Exists(OrganisationSdg.objects.filter(sdg_filter)))
    if query.cpv_division:
        qs = qs.filter(
            Exists(
                Organisation.cpv_codes.through.objects.filter(
                    organisation_id=OuterRef("pk"), cpvcode__code__startswith=query.cpv_division
                )
            )
        )
    if query.municipality:
        qs = qs.filter(municipality__code=query.municipality)
    if query.region:
        qs = qs.filter(municipality__region__code=query.region)
    if query.province:
        qs = qs.filter(municipality__province__name=query.province)
    if query.target_group:
        qs = qs.filter(
            Exists(
                WorkforceFigure.objects.filter(
                    profile__organisation_id=OuterRef("pk"),
                    target_group__in=query.target_group,
                    fte__gt=0,
                )
            )
        )
    for model in query.impact_model:
        if model in IMPACT_FIELDS:
            qs = qs.filter(**{IMPACT_FIELDS[model]: True})
    if query.tier:
        qs = qs.filter(tier__in=query.tier)
    if query.eligible_2_82 is not None:
        qs = qs.filter(eligible_2_82=query.eligible_2_82)
    return qs


def with_listing_data(qs: QuerySet) -> QuerySet:
    """What a list row shows, fetched in a fixed number of queries."""
    return qs.select_related("municipality", "municipality__region").prefetch_related(
        Prefetch("sdgs", queryset=OrganisationSdg.objects.select_related("goal"))
    )


CHOICES = {
    "kind": [c for c in OrganisationKind.choices if c[0] != OrganisationKind.MUNICIPALITY],
    "target_group": TargetGroup.choices,
    "tier": Tier.choices,
}


def cpv_divisions() -> list[CpvCode]:
    return list(CpvCode.objects.filter(level="division"))


def municipalities() -> list[Municipality]:
    return list(Municipality.objects.select_related("province", "region"))


def organisation_facts(queryset: QuerySet | None = None) -> list[OrganisationFacts]:
    """The register as engine input (matching, procurement advisor, linkage).

    One flat query per relation instead of a prefetch cache per object: about ten times
    faster on the demo data (measured by the opportunities app), which keeps rebuilding a
    match index cheap.
    """
    qs = queryset if queryset is not None else Organisation.objects.all()
    rows = list(
        qs.order_by("pk").values_list(
            "pk",
            "legal_name",
            "trade_names",
            "kind",
            "kvk",
            "description_nl",
            "description_en",
            "municipality__code",
            "serves_nationally",
            "target_group_share",
            "tier",
            "se_profile__total_fte",
            "street",
            "house_number",
            "postcode",
            "city",
        )
    )
    ids = qs.values("pk")
    through = Organisation.cpv_codes.through.objects.filter(organisation_id__in=ids)
    cpv = _group(through.values_list("organisation_id", "cpvcode__code"))
    served = _group(
        Organisation.served_municipalities.through.objects.filter(
            organisation_id__in=ids
        ).values_list("organisation_id", "municipality__code")
    )
    regions = _group(
        Organisation.served_regions.through.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "labourmarketregion__code"
        )
    )
    provinces = _group(
        Organisation.served_provinces.through.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "province__name"
        )
    )
    certs = _group(
        Certification.objects.filter(organisation_id__in=ids).values_list("organisation_id", "kind")
    )
    sdgs: dict[int, dict[int, float]] = defaultdict(dict)
    for oid, number, weight in OrganisationSdg.objects.filter(
        organisation_id__in=ids, confirmed=True
    ).values_list("organisation_id", "goal__number", "weight"):
        sdgs[oid][number] = float(weight)
    facts = []
    for (
        pk,
        legal_name,
        trade_names,
        kind,
        kvk,
        d_nl,
        d_en,
        muni,
        nationally,
        share,
        tier,
        fte,
        street,
        number,
        postcode,
        city,
    ) in rows:
        regions_served = served.get(pk, []) + regions.get(pk, []) + provinces.get(pk, [])
        if nationally:
            regions_served.append("NL")
        facts.append(
            OrganisationFacts(
                id=str(pk),
                name=trade_names[0] if trade_names else legal_name,
                kind=kind,
                kvk=kvk,
                description=" ".join(filter(None, [d_nl, d_en])),
                trade_names=list(trade_names or []),
                cpv=cpv.get(pk, []),
                sdgs=sdgs.get(pk, {}),
                municipality=muni,
                regions_served=regions_served,
                target_group_share=float(share) if share is not None else None,
                tier=tier,
                fte=float(fte) if fte is not None else None,
                certifications=sorted(set(certs.get(pk, []))),
                street=street,
                house_number=number,
                postcode=postcode,
                city=city,
            )
        )
    return facts


def _group(pairs) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for key, value in pairs:
        out[key].append(value)
    return out
