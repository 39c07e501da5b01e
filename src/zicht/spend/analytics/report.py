"""The spend report: DuckDB over a municipality's Parquet files, one scan.

``spend_report`` returns plain, JSON-able dicts and lists. Amounts are euros as floats
rounded to the cent; shares are fractions 0..1 of the total of the same slice.

Usage::

    from zicht.spend.ingest import SpendStore
    from zicht.spend.analytics import spend_report
    report = spend_report(SpendStore(root), "GM0344", start=date(2024, 1, 1),
                          end=date(2024, 12, 31), classification=rows,
                          eligible_counts={"77": 4, "90": 2})
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zicht.spend.ingest.store import CUBE_KEYS, SpendStore

from .categories import DEFAULT_RULES, categorise, label
from .classification import Classification

TIERS = ("self_declared", "verified", "certified")
MIN_ELIGIBLE = 3  # art. 2.82: a reservation needs competition among eligible suppliers
MEASURES = (
    "social_enterprise",
    *(f"social_enterprise_{t}" for t in TIERS),
    "sociale_werkplaats",
    "eligible_2_82",
    "classified",  # any classification at all: how much of the spend is known
)
DIMENSIONS = ("month", "cost_centre", "portfolio", "cpv2", "category", "ledger_account", "descr",
              "supplier_key")  # fmt: skip


def _money(value: Any) -> float:
    return round(float(value or 0), 2)


def _share(part: Any, whole: Any) -> float:
    return round(float(part or 0) / float(whole), 4) if whole else 0.0


def connect(threads: int | None = None, memory_limit: str = "2GB") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET enable_progress_bar = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _files(source: SpendStore | Iterable[str | Path], municipality: str) -> list[str]:
    if isinstance(source, SpendStore):
        return [str(p) for p in source.files(municipality)]
    return [str(p) for p in source]


def _empty(municipality: str, start, end, min_eligible: int) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "period_from": start.isoformat() if start else None,
        "period_to": end.isoformat() if end else None,
        "data_from": None,
        "data_to": None,
        "total": 0.0,
        "lines": 0,
        "suppliers": 0,
        "groups": [],
        "by_year": [],
        "by_quarter": [],
        "by_month": [],
        "by_cost_centre": [],
        "by_portfolio": [],
        "by_category": [],
        "top_suppliers": [],
        "source": None,  # "monthly_aggregates" (whole months) or "lines"
        "reservable": {
            "amount": 0.0,
            "share": 0.0,
            "min_eligible": min_eligible,
            "categories": [],
            "already_at_eligible": 0.0,
        },  # fmt: skip
    }


def spend_report(
    source: SpendStore | Iterable[str | Path],
    municipality: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    classification: Classification | Iterable[Mapping[str, Any]] | pa.Table | None = None,
    eligible_counts: Mapping[str, int] | None = None,
    min_eligible: int = MIN_ELIGIBLE,
    top: int = 20,
    published_only: bool = False,
    rules: tuple[tuple[str, str], ...] = DEFAULT_RULES,
    con: duckdb.DuckDBPyConnection | None = None,
) -> dict[str, Any]:
    """Spend of ``municipality`` between ``start`` and ``end`` (inclusive; open if None).

    ``source`` is the store (or a list of Parquet files). ``classification`` says which
    suppliers are social enterprises (and their tier), sociale werkplaatsen and
    2.82-eligible (see ``Classification``); ``published_only`` ignores unpublished
    classifications, for public pages. ``eligible_counts`` maps a category of
    ``by_category`` (``"77"`` or ``"cpv:77"`` for a CPV division; ``"ledger:9999 Overig"``
    for a ledger account no rule maps to CPV) to the number of 2.82-eligible
    organisations serving the region; categories with at
    least ``min_eligible`` of them make up the reservable spend.
    """
    files = _files(source, municipality)
    report = _empty(municipality, start, end, min_eligible)
    if not files:
        return report
    cubes = _cubes(source, municipality, start, end)
    report["source"] = "monthly_aggregates" if cubes else "lines"
    own = con is None
    con = con or connect()
    try:
        cls, classes = _classes(Classification.of(classification), published_only)
        con.register("cls", cls)
        params: list[Any] = []
        where: list[str] = []
        if cubes:
            # whole months: the aggregates written at import (far fewer rows than lines)
            con.read_parquet(cubes).create_view("src", replace=True)
            column = "month"
        else:
            con.read_parquet(files).create_view("stored", replace=True)
            con.execute(f"CREATE OR REPLACE TEMP VIEW src AS {LINES_AS_CUBE}")
            column = "first"
        if start:
            where.append(f"s.{column} >= ?::DATE")
            params.append(start.isoformat())
        if end:
            where.append(f"s.{column} <= ?::DATE")
            params.append(end.isoformat())
        where_sql = "WHERE " + " AND ".join(where) if where else ""
        # One scan, five grouping sets. Each supplier's classification is reduced to a
        # class number (one per combination of measures, a handful in all): grouping by
        # it as well costs little, where a filtered sum per measure and set cost three
        # times the scan. The measures are sums over classes afterwards; year, quarter
        # and the totals are sums of months.
        sql = f"""
            WITH l AS (
                SELECT s.*, coalesce(c.class, 0) AS class
                FROM src s LEFT JOIN cls c ON c.supplier_key = s.supplier_key
                {where_sql}
            ), agg AS (
                SELECT GROUPING({", ".join(DIMENSIONS)}) AS g, {", ".join(DIMENSIONS)},
                       any_value(class) AS class, sum(amount) AS total, sum(lines) AS lines,
                       min(first) AS first, max(last) AS last
                FROM l
                GROUP BY GROUPING SETS ((month, class), (cost_centre, class), (portfolio, class),
                                       (cpv2, category, ledger_account, descr, class),
                                       (supplier_key))
            )
            SELECT *, NULL AS suppliers FROM agg WHERE supplier_key IS NULL
            UNION ALL (SELECT *, count(*) OVER () FROM agg WHERE supplier_key IS NOT NULL
                       ORDER BY total DESC, supplier_key LIMIT {int(top)})
            UNION ALL  -- suppliers per class (g = -1): how many suppliers each group has
            SELECT -1, {", ".join("NULL" for _ in DIMENSIONS)}, class, NULL, NULL, NULL, NULL,
                   count(*)
            FROM agg WHERE supplier_key IS NOT NULL GROUP BY class
        """  # noqa: S608 - only our own identifiers are formatted in
        rel = con.execute(sql, params)
        names = [d[0] for d in rel.description]
        rows = [dict(zip(names, r, strict=True)) for r in rel.fetchall()]
        _fill(report, rows, classes, eligible_counts or {}, min_eligible, top, rules)
        if report["lines"]:
            _describe_top_suppliers(con, report, params, where)
            months = [r for r in rows if r["g"] != -1 and _dimension_of(r["g"]) == "month"]
            first = min(r["first"] for r in months)
            last = max(r["last"] for r in months)
            report["data_from"], report["data_to"] = first.isoformat(), last.isoformat()
    finally:
        if own:
            con.close()
    return report


# The lines in the shape of the monthly aggregates (``zicht.spend.ingest.store.CUBE_SQL``),
# for periods that are not whole months: one "aggregate" per line.
LINES_AS_CUBE = f"""
    SELECT {CUBE_KEYS},
           amount, 1 AS lines, invoice_date AS first, invoice_date AS last, supplier_name AS name
    FROM stored
"""  # noqa: S608 - constant text


def _whole_months(start: dt.date | None, end: dt.date | None) -> bool:
    if start is not None and start.day != 1:
        return False
    return end is None or (end + dt.timedelta(days=1)).day == 1


def _cubes(source, municipality, start, end) -> list[str] | None:
    if not isinstance(source, SpendStore) or not _whole_months(start, end):
        return None
    cubes = source.cubes(municipality)
    return [str(p) for p in cubes] if cubes else None


def _classes(
    classification: Classification, published_only: bool
) -> tuple[pa.Table, list[dict[str, bool]]]:
    """``(supplier_key -> class table, the measures each class counts for)``; class 0 is
    a supplier without classification. Vectorised: a supplier's measure flags are packed
    into one integer, and each distinct integer becomes a class."""
    table = classification.to_arrow(published_only)
    kind, tier = table.column("kind"), table.column("tier")
    eligible = pc.fill_null(table.column("eligible_2_82"), False)
    se = pc.equal(kind, "social_enterprise")
    flags = {
        "social_enterprise": se,
        **{
            f"social_enterprise_{t}": pc.fill_null(pc.and_(se, pc.equal(tier, t)), False)
            for t in TIERS
        },  # fmt: skip
        "sociale_werkplaats": pc.equal(kind, "sociale_werkplaats"),
        "eligible_2_82": eligible,
        "classified": pc.is_valid(kind),
    }
    packed = np.zeros(table.num_rows, np.int64)
    for bit, flag in enumerate(flags.values()):
        packed |= flag.to_numpy(zero_copy_only=False).astype(np.int64) << bit
    codes = np.union1d([0], packed)  # sorted: class 0 (no measure) first
    ids = pa.array(np.searchsorted(codes, packed).astype(np.int16))
    measures = [{m: bool(int(code) >> bit & 1) for bit, m in enumerate(flags)} for code in codes]
    cls = pa.table(
        {
            "supplier_key": table.column("supplier_key"),
            "class": ids,
            "kind": kind,
            "tier": tier,
            "eligible": table.column("eligible_2_82"),
        }
    )
    return cls, measures


def _describe_top_suppliers(con, report, params, where) -> None:
    top = report["top_suppliers"]
    keys = [s["supplier_key"] for s in top]
    cond = " AND ".join(["s.supplier_key IN (SELECT unnest(?))", *where])
    sql = (  # only our own identifiers are formatted in
        "SELECT s.supplier_key, arg_max(s.name, s.last), c.kind, c.tier, "  # noqa: S608
        "coalesce(c.eligible, false), min(s.first), max(s.last) "
        "FROM src s LEFT JOIN cls c ON c.supplier_key = s.supplier_key "
        f"WHERE {cond} GROUP BY ALL"
    )
    facts = {row[0]: row[1:] for row in con.execute(sql, [keys, *params]).fetchall()}
    for s in top:
        name, kind, tier, eligible, first, last = facts[s["supplier_key"]]
        s.update(name=name, kind=kind, tier=tier, eligible_2_82=bool(eligible),
                 first=first.isoformat(), last=last.isoformat())  # fmt: skip


def _dimension_of(g: int) -> str:
    # GROUPING() has one bit per argument, first argument = highest bit; 1 = rolled up
    n = len(DIMENSIONS)
    return next(DIMENSIONS[i] for i in range(n) if not (g >> (n - 1 - i)) & 1)


def _new_acc(key: Any) -> dict[str, Any]:
    return {"key": key, "total": 0, "lines": 0, **{m: 0 for m in MEASURES}}


def _add(acc: dict[str, Any], row: dict[str, Any], classes: list[dict[str, bool]]) -> None:
    amount = row["total"] or 0
    acc["total"] += amount
    acc["lines"] += int(row["lines"])
    for m, counts in classes[row["class"]].items():
        if counts:
            acc[m] += amount


def _group(rows, key, classes) -> list[dict[str, Any]]:
    acc: dict[Any, dict[str, Any]] = {}
    for r in rows:
        k = key(r)
        if k not in acc:
            acc[k] = _new_acc(k)
        _add(acc[k], r, classes)
    return list(acc.values())


def _measures(acc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"total": _money(acc["total"]), "lines": acc["lines"]}
    for m in MEASURES:
        out[m] = _money(acc[m])
        out[f"{m}_share"] = _share(acc[m], acc["total"])
    return out


def _fill(report, rows, classes, eligible_counts, min_eligible, top, rules) -> None:
    by_dim: dict[str, list[dict[str, Any]]] = defaultdict(list)
    suppliers_per_class: dict[int, int] = {}
    for row in rows:
        if row["g"] == -1:
            suppliers_per_class[row["class"]] = int(row["suppliers"])
        else:
            by_dim[_dimension_of(row["g"])].append(row)
    months = by_dim["month"]
    if not months:
        return
    (head,) = _group(months, lambda r: "all", classes)
    total = head["total"]
    ranked = by_dim["supplier_key"]  # the top ones, each with the number of all suppliers
    report.update(
        total=_money(total), lines=head["lines"], suppliers=ranked[0]["suppliers"] if ranked else 0
    )
    report["groups"] = [
        {
            "group": m,
            "amount": _money(head[m]),
            "share": _share(head[m], total),
            "suppliers": sum(n for c, n in suppliers_per_class.items() if classes[c][m]),
        }
        for m in MEASURES
    ]

    def periods(key, name, fmt):
        accs = sorted(_group(months, key, classes), key=lambda a: a["key"])
        return [{name: fmt(a["key"]), **_measures(a)} for a in accs]

    report["by_year"] = periods(lambda r: r["month"].year, "year", int)
    report["by_quarter"] = periods(
        lambda r: (r["month"].year, (r["month"].month - 1) // 3 + 1), "quarter",
        lambda k: f"{k[0]}-Q{k[1]}",
    )  # fmt: skip
    report["by_month"] = periods(lambda r: r["month"], "month", lambda k: k.strftime("%Y-%m"))
    for dim, name in (("cost_centre", "by_cost_centre"), ("portfolio", "by_portfolio")):
        accs = sorted(_group(by_dim[dim], lambda r, d=dim: r[d], classes),
                      key=lambda a: (-a["total"], a["key"]))  # fmt: skip
        report[name] = [
            {dim: a["key"], "share_of_total": _share(a["total"], total), **_measures(a)}
            for a in accs
        ]

    def raw_category(r) -> str:
        if r["cpv2"] is not None:
            return f"cpv:{r['cpv2']}"
        if r["category"] is not None:
            return f"category:{r['category']}"
        if r["ledger_account"] is not None:
            return f"ledger:{r['ledger_account']}"
        return f"description:{r['descr'] or ''}"

    report["by_category"] = _categories(
        by_dim["cpv2"], raw_category, classes, total, eligible_counts, min_eligible, rules
    )
    reservable = [c for c in report["by_category"] if c["reservable"]]
    amount = sum(c["total"] for c in reservable)
    report["reservable"] = {
        "amount": _money(amount),
        "share": _share(amount, total),
        "min_eligible": min_eligible,
        "categories": [c["category"] for c in reservable],
        "already_at_eligible": _money(sum(c["eligible_2_82"] for c in reservable)),
    }
    ranked.sort(key=lambda r: (-(r["total"] or 0), r["supplier_key"]))
    report["top_suppliers"] = [
        {
            "supplier_key": r["supplier_key"],
            "total": _money(r["total"]),
            "lines": int(r["lines"]),
            "share": _share(r["total"], total),
        }  # fmt: skip
        for r in ranked[:top]
    ]


def _categories(rows, raw_category, classes, total, eligible_counts, min_eligible, rules):
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        category, basis = categorise(raw_category(r), rules)
        if category not in merged:
            merged[category] = {**_new_acc(category), "basis": set()}
        merged[category]["basis"].add(basis)
        _add(merged[category], r, classes)
    out = []
    for acc in merged.values():
        category = acc["key"]
        basis, _, code = category.partition(":")
        eligible = eligible_counts.get(category)
        if eligible is None and basis == "cpv":
            eligible = eligible_counts.get(code)
        out.append(
            {
                "category": category,
                "label": label(category),
                "basis": sorted(acc["basis"]),
                "share_of_total": _share(acc["total"], total),
                "eligible_organisations": eligible,
                "reservable": eligible is not None and eligible >= min_eligible,
                **_measures(acc),
            }
        )
    out.sort(key=lambda c: (-c["total"], c["category"]))
    return out


def suppliers(
    source: SpendStore | Iterable[str | Path],
    municipality: str,
    con: duckdb.DuckDBPyConnection | None = None,
) -> list[dict[str, Any]]:
    """Each supplier key once, with the most recent name, KvK and address it was
    invoiced under and its totals: the input of the supplier linkage."""
    files = _files(source, municipality)
    if not files:
        return []
    own = con is None
    con = con or connect()
    try:
        con.read_parquet(files).create_view("stored", replace=True)
        rel = con.execute(
            """
            SELECT supplier_key,
                   arg_max(supplier_number, invoice_date) AS supplier_number,
                   arg_max(supplier_name, invoice_date) AS name,
                   arg_max(kvk, invoice_date) FILTER (WHERE kvk IS NOT NULL) AS kvk,
                   arg_max(address, invoice_date) FILTER (WHERE address IS NOT NULL) AS address,
                   arg_max(postcode, invoice_date) FILTER (WHERE postcode IS NOT NULL) AS postcode,
                   arg_max(city, invoice_date) FILTER (WHERE city IS NOT NULL) AS city,
                   sum(amount) AS total, count(*) AS lines,
                   min(invoice_date) AS first, max(invoice_date) AS last
            FROM stored GROUP BY supplier_key ORDER BY total DESC, supplier_key
            """
        )
        names = [d[0] for d in rel.description]
        out = []
        for r in rel.fetchall():
            row = dict(zip(names, r, strict=True))
            row["total"] = _money(row["total"])
            row["first"] = row["first"].isoformat() if row["first"] else None
            row["last"] = row["last"].isoformat() if row["last"] else None
            out.append(row)
        return out
    finally:
        if own:
            con.close()
