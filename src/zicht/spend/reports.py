"""Spend reports of one municipality and period: DuckDB over the Parquet store, joined with
what the database knows about suppliers (accepted links to register organisations).

``spend_report`` returns a plain JSON-able dict; the report page, the exports, the charts
and the published (public) aggregates are all built from it. Amounts are floats in euro,
rounded to cents; shares are fractions 0..1.

Only *accepted* links count towards social-enterprise spend: a link in the review queue
counts once a person confirms it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa
from django.conf import settings
from django.db.models import Q

from zicht.reference.models import Municipality
from zicht.registry.models import LegalForm, Organisation, OrganisationKind
from zicht.registry.selectors import public_organisations

from .ingest import SpendStore
from .models import LinkStatus, SupplierLink

TOP_SUPPLIERS = 20
TOP_COST_CENTRES = 25
RESERVABLE_MIN_ELIGIBLE = 3  # art. 2.82: reserving makes sense with at least 3 candidates
GROUPS = (
    "social_enterprise",
    "se_self_declared",
    "se_verified",
    "se_certified",
    "sociale_werkplaats",
    "eligible_2_82",
)


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


def classification(municipality: Municipality) -> pa.Table:
    """Per supplier key with an accepted link: the organisation and its register facts."""
    rows = (
        SupplierLink.objects.filter(
            supplier__municipality=municipality,
            status=LinkStatus.ACCEPTED,
            organisation__isnull=False,
        )
        .select_related("organisation")
        .values_list(
            "supplier__key",
            "organisation_id",
            "organisation__legal_name",
            "organisation__trade_names",
            "organisation__kind",
            "organisation__tier",
            "organisation__eligible_2_82",
            "organisation__legal_form",
        )
    )
    cols: dict[str, list] = {
        k: [] for k in ("key", "org_id", "org_name", "kind", "tier", "eligible", "sole_trader")
    }
    for key, org_id, legal, trade, kind, tier, eligible, form in rows:
        cols["key"].append(key)
        cols["org_id"].append(org_id)
        cols["org_name"].append(trade[0] if trade else legal)
        cols["kind"].append(kind)
        cols["tier"].append(tier)
        cols["eligible"].append(bool(eligible))
        cols["sole_trader"].append(form == LegalForm.EENMANSZAAK)
    schema = pa.schema(
        [
            ("key", pa.string()), ("org_id", pa.int64()), ("org_name", pa.string()),
            ("kind", pa.string()), ("tier", pa.string()), ("eligible", pa.bool_()),
            ("sole_trader", pa.bool_()),
        ]
    )  # fmt: skip
    return pa.table(cols, schema=schema)


def eligible_counts(municipality: Municipality, divisions: set[str]) -> dict[str, int]:
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
    counts: dict[str, int] = {}
    for division in sorted(d for d in divisions if d):
        counts[division] = (
            Organisation.objects.filter(
                pk__in=base.values("pk"), cpv_codes__code__startswith=division
            )
            .distinct()
            .count()
        )
    return counts


def _amount(value) -> float:
    return round(float(value or 0), 2)


def _share(part, total) -> float:
    return round(float(part or 0) / float(total), 4) if total else 0.0


def spend_report(
    municipality: Municipality, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    files = [str(p) for p in store().files(municipality.code)]
    first, last = data_period(municipality)
    start = start or first
    end = end or last
    report: dict[str, Any] = {
        "municipality": municipality.code,
        "municipality_name": municipality.name,
        "period_from": start.isoformat() if start else None,
        "period_to": end.isoformat() if end else None,
        "total": 0.0, "lines": 0, "suppliers": 0, "linked_amount": 0.0, "linked_share": 0.0,
        "groups": [], "by_quarter": [], "by_month": [], "by_cost_centre": [],
        "by_category": [], "top_suppliers": [], "reservable_amount": 0.0,
        "reservable_share": 0.0, "category_basis": "ledger_account",
    }  # fmt: skip
    if not files or start is None or end is None:
        return report
    con = duckdb.connect()
    try:
        con.register("cls", classification(municipality))
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        con.execute(
            f"""
            CREATE TEMP VIEW lines AS
            SELECT l.*, c.org_id, c.org_name, c.kind, c.tier, c.eligible, c.sole_trader,
                   coalesce(nullif(trim(l.category), ''), nullif(trim(l.ledger_account), ''),
                            '(none)') AS cat
            FROM read_parquet([{listed}]) l LEFT JOIN cls c ON c.key = l.supplier_key
            WHERE l.invoice_date BETWEEN DATE '{start.isoformat()}' AND DATE '{end.isoformat()}'
            """  # noqa: S608 - our own paths (quoted) and ISO dates
        )
        total, lines, suppliers, linked, has_category = con.execute(
            "SELECT coalesce(sum(amount), 0), count(*), count(DISTINCT supplier_key), "
            "coalesce(sum(amount) FILTER (WHERE org_id IS NOT NULL), 0), "
            "count(*) FILTER (WHERE nullif(trim(category), '') IS NOT NULL) FROM lines"
        ).fetchone()
        report.update(
            total=_amount(total), lines=int(lines), suppliers=int(suppliers),
            linked_amount=_amount(linked), linked_share=_share(linked, total),
            category_basis="category" if has_category else "ledger_account",
        )  # fmt: skip
        group_sql = {
            "social_enterprise": f"kind = '{OrganisationKind.SOCIAL_ENTERPRISE}'",
            "se_self_declared": f"kind = '{OrganisationKind.SOCIAL_ENTERPRISE}' "
            "AND tier = 'self_declared'",
            "se_verified": f"kind = '{OrganisationKind.SOCIAL_ENTERPRISE}' AND tier = 'verified'",
            "se_certified": f"kind = '{OrganisationKind.SOCIAL_ENTERPRISE}' AND tier = 'certified'",
            "sociale_werkplaats": f"kind = '{OrganisationKind.SOCIALE_WERKPLAATS}'",
            "eligible_2_82": "eligible",
        }
        selects = ", ".join(
            f"coalesce(sum(amount) FILTER (WHERE {sql}), 0), "
            f"count(DISTINCT supplier_key) FILTER (WHERE {sql})"
            for sql in group_sql.values()
        )
        values = con.execute(f"SELECT {selects} FROM lines").fetchone()  # noqa: S608
        for i, key in enumerate(group_sql):
            amount, count = values[2 * i], values[2 * i + 1]
            report["groups"].append(
                {
                    "key": key,
                    "amount": _amount(amount),
                    "share": _share(amount, total),
                    "suppliers": int(count),
                }  # fmt: skip
            )
        report["by_quarter"] = [
            {"period": f"{y} Q{q}", "year": int(y), "quarter": int(q), "amount": _amount(a)}
            for y, q, a in con.execute(
                "SELECT year(invoice_date), quarter(invoice_date), sum(amount) FROM lines "
                "GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall()
        ]
        report["by_month"] = [
            {"month": m, "amount": _amount(a)}
            for m, a in con.execute(
                "SELECT strftime(invoice_date, '%Y-%m'), sum(amount) FROM lines "
                "GROUP BY 1 ORDER BY 1"
            ).fetchall()
        ]
        report["by_cost_centre"] = [
            {"name": n, "amount": _amount(a), "share": _share(a, total)}
            for n, a in con.execute(
                "SELECT coalesce(nullif(trim(cost_centre), ''), '(none)'), sum(amount) "
                "FROM lines GROUP BY 1 ORDER BY 2 DESC LIMIT ?",
                [TOP_COST_CENTRES],
            ).fetchall()
        ]
        categories = con.execute(
            "SELECT cat, sum(amount), mode(substr(regexp_replace(cpv, '[^0-9]', '', 'g'), 1, 2)) "
            "FILTER (WHERE nullif(trim(cpv), '') IS NOT NULL) FROM lines GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        counts = eligible_counts(municipality, {d for _c, _a, d in categories if d})
        reservable = 0.0
        for name, amount, division in categories:
            eligible = counts.get(division) if division else None
            ok = eligible is not None and eligible >= RESERVABLE_MIN_ELIGIBLE
            if ok:
                reservable += float(amount or 0)
            report["by_category"].append(
                {
                    "name": name,
                    "amount": _amount(amount),
                    "share": _share(amount, total),
                    "cpv_division": division or "",
                    "eligible_organisations": eligible,
                    "reservable": ok,
                }  # fmt: skip
            )
        report["reservable_amount"] = _amount(reservable)
        report["reservable_share"] = _share(reservable, total)
        report["top_suppliers"] = [
            {
                "key": k,
                "name": n,
                "amount": _amount(a),
                "share": _share(a, total),
                "organisation_id": o,
                "organisation": on,
                "kind": kind,
                "tier": tier,
                "eligible_2_82": bool(el),
                "sole_trader": bool(st),
            }  # fmt: skip
            for k, n, a, o, on, kind, tier, el, st in con.execute(
                "SELECT supplier_key, mode(supplier_name), sum(amount), any_value(org_id), "
                "any_value(org_name), any_value(kind), any_value(tier), any_value(eligible), "
                "any_value(sole_trader) FROM lines GROUP BY 1 ORDER BY 3 DESC LIMIT ?",
                [TOP_SUPPLIERS],
            ).fetchall()
        ]
    finally:
        con.close()
    return report


def public_aggregates(report: dict[str, Any]) -> dict[str, Any]:
    """What a municipality may publish: aggregates only. Top suppliers are named only when
    they are linked to a register organisation that is not a sole trader (eenmanszaak),
    and then by the register's name; every other supplier is left out of the list."""
    public = {k: v for k, v in report.items() if k != "top_suppliers"}
    public["top_suppliers"] = [
        {
            "name": s["organisation"],
            "amount": s["amount"],
            "share": s["share"],
            "kind": s["kind"],
            "tier": s["tier"],
            "eligible_2_82": s["eligible_2_82"],
        }  # fmt: skip
        for s in report.get("top_suppliers", [])
        if s.get("organisation_id") and not s.get("sole_trader")
    ]
    return public
