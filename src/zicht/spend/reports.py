"""Spend reports of one municipality and period, for the pages, the exports and publishing.

The figures come from the analytics engine (``zicht.spend.analytics.spend_report``); this
module only builds the engine's inputs from the database and adds what the database
knows about the result:

- ``classification``: one row per supplier key with an *accepted* link to a register
  organisation (kind, tier, 2.82 eligibility; ``published`` when the organisation is
  public in the register). A link in the review queue counts once a person confirms it.
- ``eligible_counts``: per CPV division, the 2.82-eligible public organisations that
  serve the municipality's region (the engine marks categories with at least
  ``MIN_ELIGIBLE`` of them as reservable).
- ``spend_report`` names the top suppliers' register organisations (staff only) and
  flags sole traders (eenmanszaak); ``public_aggregates`` keeps what may be published.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from zicht.reference.models import Municipality
from zicht.registry.models import LegalForm, Organisation
from zicht.registry.selectors import public_organisations

from . import analytics
from .ingest import SpendStore
from .models import LinkStatus, SupplierLink

MIN_ELIGIBLE = analytics.report.MIN_ELIGIBLE  # art. 2.82: at least 3 candidates


def store() -> SpendStore:
    return SpendStore(settings.SPEND_STORE)


def data_period(municipality: Municipality) -> tuple[dt.date | None, dt.date | None]:
    """First and last invoice date of what currently counts in the store."""
    records = store().imports(municipality.code)
    starts = [r.period_from for r in records if r.period_from]
    ends = [r.period_to for r in records if r.period_to]
    if not starts:
        return None, None
    return dt.date.fromisoformat(min(starts)), dt.date.fromisoformat(max(ends))


def linked_organisations(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """Per supplier key with an accepted link: the register organisation's facts."""
    rows = SupplierLink.objects.filter(
        supplier__municipality=municipality,
        status=LinkStatus.ACCEPTED,
        organisation__isnull=False,
    ).values_list(
        "supplier__key", "organisation_id", "organisation__legal_name",
        "organisation__trade_names", "organisation__kind", "organisation__tier",
        "organisation__eligible_2_82", "organisation__legal_form",
    )  # fmt: skip
    rows = list(rows)
    public = set(
        public_organisations().filter(pk__in={r[1] for r in rows}).values_list("pk", flat=True)
    )
    return {
        key: {
            "supplier_key": key,
            "register_id": str(org_id),
            "organisation_id": org_id,
            "organisation": trade[0] if trade else legal,
            "kind": kind,
            "tier": tier,
            "eligible_2_82": bool(eligible),
            "published": org_id in public,
            "sole_trader": form == LegalForm.EENMANSZAAK,
        }  # fmt: skip
        for key, org_id, legal, trade, kind, tier, eligible, form in rows
    }


def eligible_counts(municipality: Municipality) -> dict[str, int]:
    """Per CPV division: 2.82-eligible public organisations that serve the municipality
    (located there, or serving it, its labour-market region, its province or the country)."""
    serves = (
        Q(municipality=municipality)
        | Q(served_municipalities=municipality)
        | Q(served_regions=municipality.region_id)
        | Q(served_provinces=municipality.province_id)
        | Q(serves_nationally=True)
    )
    base = public_organisations().filter(serves, eligible_2_82=True)
    orgs: dict[str, set[int]] = defaultdict(set)
    for pk, code in Organisation.objects.filter(
        pk__in=base.values("pk"), cpv_codes__isnull=False
    ).values_list("pk", "cpv_codes__code"):
        orgs[code[:2]].add(pk)
    return {division: len(pks) for division, pks in sorted(orgs.items())}


def spend_report(
    municipality: Municipality,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    published_only: bool = False,
) -> dict[str, Any]:
    """The engine's report of the period (default: all data), with the municipality's
    name, and the top suppliers' register organisations (``organisation``,
    ``organisation_id``, ``sole_trader``). ``published_only``: only organisations that
    are public in the register count (for publishing)."""
    first, last = data_period(municipality)
    linked = linked_organisations(municipality)
    report = analytics.spend_report(
        store(), municipality.code,
        start=start or first, end=end or last,
        classification=list(linked.values()),
        eligible_counts=eligible_counts(municipality),
        min_eligible=MIN_ELIGIBLE, published_only=published_only,
    )  # fmt: skip
    report["municipality_name"] = municipality.name
    for s in report["top_suppliers"]:
        org = linked.get(s["supplier_key"])
        if org and published_only and not org["published"]:
            org = None
        s["organisation_id"] = org["organisation_id"] if org else None
        s["organisation"] = org["organisation"] if org else ""
        s["sole_trader"] = bool(org and org["sole_trader"])
    return report


TOP_SUPPLIER_PUBLIC = ("total", "lines", "share", "kind", "tier", "eligible_2_82")


def public_aggregates(report: dict[str, Any]) -> dict[str, Any]:
    """What a municipality may publish: aggregates only (compute the report with
    ``published_only=True``).

    - Top suppliers are named only when they are linked to a register organisation that
      is not a sole trader (eenmanszaak), and then by the register's name; every other
      supplier is left out, and no supplier key (number or ledger name) or invoice date
      is kept.
    - Categories taken from invoice descriptions (free text that can name people) are
      shown as one category without their text.
    """
    public = {k: v for k, v in report.items() if k not in ("top_suppliers", "by_category")}
    public["top_suppliers"] = [
        {"name": s["organisation"], **{k: s.get(k) for k in TOP_SUPPLIER_PUBLIC}}
        for s in report.get("top_suppliers", [])
        if s.get("organisation_id") and not s.get("sole_trader")
    ]
    categories, free_text = [], []
    for c in report.get("by_category", []):
        (free_text if c["category"].startswith("description:") else categories).append(c)
    if free_text:
        categories.append(_merged(free_text, report.get("total") or 0))
        categories.sort(key=lambda c: -c["total"])
    public["by_category"] = categories
    return public


def _merged(rows: list[dict[str, Any]], total: float) -> dict[str, Any]:
    """One category row for several: amounts added, shares of the new row recomputed."""
    out = {
        "category": "description:",
        "label": _("(from invoice descriptions)"),
        "basis": ["description"],
        "eligible_organisations": None,
        "reservable": False,
    }
    amounts = [k for k, v in rows[0].items() if isinstance(v, int | float) and k not in out
               and not k.endswith("share") and not isinstance(v, bool)]  # fmt: skip
    for k in amounts:
        out[k] = round(sum(r[k] or 0 for r in rows), 2)
    for k in amounts:
        if k not in ("total", "lines"):
            out[f"{k}_share"] = round(out[k] / out["total"], 4) if out["total"] else 0.0
    out["share_of_total"] = round(out["total"] / total, 4) if total else 0.0
    return out
