"""Read queries on the register. The directory page, the CSV export and the API share them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
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
    name_key,
)

PUBLIC_STATUSES = (Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ACCEPTED)
SORTS = {
    # Best matches first (see relevance); only with words, otherwise name.
    "relevance": ("_relevance", "legal_name", "id"),
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
    sort: str = ""  # "": relevance when q has words, else name (effective_sort)


def terms(q: str) -> list[str]:
    """Accent-folded words of a query; matched as substrings so Dutch compounds match parts."""
    return [t for t in name_key(q).split() if len(t) >= 2][:MAX_QUERY_TERMS]


def effective_sort(q: str, sort: str) -> str:
    """The sort a query gets: a known explicit choice wins, except relevance without words;
    no choice means relevance with words and name without."""
    has_words = bool(terms(q))
    if sort == "relevance" and not has_words:
        return "name"
    if sort in SORTS:
        return sort
    return "relevance" if has_words else "name"


def relevance(q: str) -> Case:
    """Rank of a match, 0 (best) to 4, from the folded names (``name_text``, built by
    models.build_name_text as '| legal name | trade name |'):

    0 a name equals the query words, 1 a name starts with the first word, 2 the names contain
    every word as a whole word, 3 … as a substring, 4 only the other text (description, place)
    matched. A few LIKEs on one short column per hit: the cost grows with the hits only.
    """
    words = terms(q)
    whole = Q()
    part = Q()
    for w in words:
        whole &= Q(name_text__contains=f" {w} ")
        part &= Q(name_text__contains=w)
    return Case(
        When(name_text__contains=f"| {name_key(q)} |", then=Value(0)),
        When(name_text__contains=f"| {words[0]}", then=Value(1)),
        When(whole, then=Value(2)),
        When(part, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status__in=PUBLIC_STATUSES).exclude(
        kind=OrganisationKind.MUNICIPALITY
    )


FTS_SQL = "SELECT rowid FROM {table} WHERE {table} MATCH %s"


def _indexed(qs: QuerySet, words: list[str], groups: list[list[str]]) -> QuerySet | None:
    """Words and filters answered by the database's full-text indexes (ADR 0002).

    SQLite: words of 3+ letters and the filters in one FTS5 trigram query (registry_org_fts,
    columns search_text and facets); filters alone from the unicode61 facet table.
    PostgreSQL: words by LIKE on the pg_trgm index, filters by a tsvector GIN index.
    Shorter words use LIKE everywhere. None: this database has no such index.
    """
    with_filters = len(groups) > 1  # the first group is "pub": the SQL status filter covers it
    vendor = connection.vendor
    if vendor == "sqlite":
        long_words = [w for w in words if len(w) >= 3]
        if long_words:
            match = " AND ".join(f'search_text : "{w}"' for w in long_words)  # \w+ words only
            if with_filters:
                match += " AND " + facets.fts5_match(groups, column="facets")
            sql = FTS_SQL.format(table="registry_org_fts")
            qs = qs.filter(id__in=RawSQL(sql, [match]))  # noqa: S611 - bound parameter
        elif with_filters:
            sql = FTS_SQL.format(table="registry_org_facets")
            qs = qs.filter(id__in=RawSQL(sql, [facets.fts5_match(groups)]))  # noqa: S611
        short_words = [w for w in words if len(w) < 3]
    elif vendor == "postgresql":
        if with_filters:
            condition = RawSQL(  # noqa: S611 - bound parameter
                "to_tsvector('simple', registry_organisation.facets) @@ to_tsquery('simple', %s)",
                [facets.tsquery(groups)],
                output_field=BooleanField(),
            )
            qs = qs.alias(_facets=condition).filter(_facets=True)
        short_words = words
    else:
        return None
    for w in short_words:
        qs = qs.filter(search_text__contains=w)
    return qs


def search_organisations(query: DirectoryQuery, base: QuerySet | None = None) -> QuerySet:
    qs = public_organisations() if base is None else base
    words = terms(query.q)
    indexed = _indexed(qs, words, facets.query_groups(query))
    if indexed is None:
        for w in words:
            qs = qs.filter(search_text__contains=w)
        qs = _sql_filters(qs, query)
    else:
        qs = indexed
        if query.sdg and query.include_suggested_sdgs:  # suggestions are not facets
            qs = qs.filter(
                Exists(
                    OrganisationSdg.objects.filter(
                        organisation=OuterRef("pk"), goal__number__in=query.sdg, dismissed=False
                    )
                )
            )
    sort = effective_sort(query.q, query.sort)
    if sort == "relevance":
        qs = qs.alias(_relevance=relevance(query.q))
    return qs.order_by(*SORTS[sort])


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


def sdg_counts(qs: QuerySet, include_suggested: bool = False) -> dict[int, int]:
    """Per SDG: how many organisations of the result set confirmed it (or, optionally, had it
    suggested and not dismissed). The directory's SDG facet counts."""
    from django.db.models import Count

    entries = OrganisationSdg.objects.filter(
        organisation__in=qs.order_by().values("id"), dismissed=False
    )
    if not include_suggested:
        entries = entries.filter(confirmed=True)
    rows = entries.values("goal__number").annotate(n=Count("organisation", distinct=True))
    return {r["goal__number"]: r["n"] for r in rows}


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


def employed_target_groups(ids) -> dict[int, list[str]]:
    """{organisation id: target groups with FTE > 0} from the workforce figures.

    Names only: the engines (and so an opportunity owner) never get FTE per target group,
    which the register shows to members and reviewers only. An organisation without any
    figure is left out (unknown, not zero); one whose figures are all 0 or "no target
    group" gets [] (known: nobody from a target group).
    """
    out: dict[int, list[str]] = {}
    rows = WorkforceFigure.objects.filter(profile__organisation_id__in=ids).order_by(
        "profile__organisation_id", "target_group"
    )
    for oid, group, fte in rows.values_list("profile__organisation_id", "target_group", "fte"):
        have = out.setdefault(oid, [])
        if group != TargetGroup.NONE and fte and fte > 0:
            have.append(group)
    return out


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
    groups = employed_target_groups(ids)
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
                target_groups=groups.get(pk),
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
