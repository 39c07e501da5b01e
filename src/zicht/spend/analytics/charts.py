"""Vega-Lite specs for the spend report's charts, and PNG rendering for exports.

The same spec is embedded in the page (vega-embed) and rendered on the server
(vl-convert). Each spec carries a ``description`` for screen readers; the page shows
the underlying table next to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
TEXT = {
    "nl": {
        "quarter": "Kwartaal", "month": "Maand", "amount": "Bedrag (€)", "share": "Aandeel",
        "group": "Groep", "supplier": "Leverancier", "category": "Categorie",
        "social_enterprise": "Sociale ondernemingen", "sociale_werkplaats": "Sociale werkplaatsen",
        "eligible_2_82": "Art. 2.82-geschikt", "other": "Overig", "reservable": "Voorbehoudbaar",
        "by_quarter": "Uitgaven per kwartaal", "trend": "Aandeel per maand",
        "top_suppliers": "Grootste leveranciers", "by_category": "Uitgaven per categorie",
        "groups": "Aandeel van de uitgaven", "yes": "ja", "no": "nee",
        "social_enterprise_self_declared": "Soc. ondernemingen, eigen verklaring",
        "social_enterprise_verified": "Soc. ondernemingen, geverifieerd",
        "social_enterprise_certified": "Soc. ondernemingen, gecertificeerd",
    },
    "en": {
        "quarter": "Quarter", "month": "Month", "amount": "Amount (€)", "share": "Share",
        "group": "Group", "supplier": "Supplier", "category": "Category",
        "social_enterprise": "Social enterprises", "sociale_werkplaats": "Sociale werkplaatsen",
        "eligible_2_82": "Art. 2.82 eligible", "other": "Other", "reservable": "Reservable",
        "by_quarter": "Spend by quarter", "trend": "Share by month",
        "top_suppliers": "Largest suppliers", "by_category": "Spend by category",
        "groups": "Share of spend", "yes": "yes", "no": "no",
        "social_enterprise_self_declared": "Social enterprises, self-declared",
        "social_enterprise_verified": "Social enterprises, verified",
        "social_enterprise_certified": "Social enterprises, certified",
    },
}  # fmt: skip


def _base(title: str, description: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": 560,
        "height": 280,
        "data": {"values": values},
    }


def _ranked_bars(
    t: Mapping[str, str], name: str, values: list[dict[str, Any]], field: str, color: str
) -> dict[str, Any]:
    """Horizontal bars of ``amount`` per ``field``, largest first, coloured by ``color``."""
    spec = _base(t[name], t[name], values)
    spec.update(
        height=max(120, 22 * len(values)),
        mark={"type": "bar", "tooltip": True},
        encoding={
            "y": {"field": field, "type": "nominal", "sort": "-x", "title": t[field]},
            "x": {"field": "amount", "type": "quantitative", "title": t["amount"]},
            "color": {"field": color, "type": "nominal", "title": t[color]},
        },
    )
    return spec


def by_quarter_chart(report: Mapping[str, Any], language: str = "nl") -> dict[str, Any]:
    """Stacked bars: each quarter's spend at social enterprises, sociale werkplaatsen, rest."""
    t = TEXT[language]
    values = []
    for q in report.get("by_quarter", []):
        se, sw = q["social_enterprise"], q["sociale_werkplaats"]
        for key, amount in (("social_enterprise", se), ("sociale_werkplaats", sw),
                            ("other", round(q["total"] - se - sw, 2))):  # fmt: skip
            values.append({"quarter": q["quarter"], "group": t[key], "amount": amount})
    spec = _base(
        t["by_quarter"],
        f"{t['by_quarter']}: {len(values) // 3 or 0} {t['quarter'].lower()}",
        values,
    )
    spec.update(
        mark={"type": "bar", "tooltip": True},
        encoding={
            "x": {"field": "quarter", "type": "ordinal", "title": t["quarter"]},
            "y": {"field": "amount", "type": "quantitative", "title": t["amount"], "stack": True},
            "color": {
                "field": "group", "type": "nominal", "title": t["group"],
                "sort": [t["social_enterprise"], t["sociale_werkplaats"], t["other"]],
            },
            "order": {"field": "group"},
        },
    )  # fmt: skip
    return spec


def trend_chart(report: Mapping[str, Any], language: str = "nl") -> dict[str, Any]:
    """Lines: monthly share at social enterprises, sociale werkplaatsen, 2.82-eligible."""
    t = TEXT[language]
    values = [
        {"month": m["month"], "group": t[key], "share": m[f"{key}_share"]}
        for m in report.get("by_month", [])
        for key in ("social_enterprise", "sociale_werkplaats", "eligible_2_82")
    ]
    spec = _base(t["trend"], t["trend"], values)
    spec.update(
        mark={"type": "line", "point": True, "tooltip": True},
        encoding={
            "x": {
                "field": "month",
                "type": "temporal",
                "timeUnit": "yearmonth",
                "title": t["month"],
            },
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": t["share"],
                "axis": {"format": "%"},
            },
            "color": {"field": "group", "type": "nominal", "title": t["group"]},
        },
    )
    return spec


def top_suppliers_chart(
    report: Mapping[str, Any], language: str = "nl", top: int = 15
) -> dict[str, Any]:
    t = TEXT[language]
    values = [
        {
            "supplier": s["name"] or s["supplier_key"],
            "amount": s["total"],
            "group": t.get(s["kind"] or "other", s["kind"] or t["other"]),
        }  # fmt: skip
        for s in report.get("top_suppliers", [])[:top]
    ]
    return _ranked_bars(t, "top_suppliers", values, "supplier", "group")


def category_chart(
    report: Mapping[str, Any], language: str = "nl", top: int = 15
) -> dict[str, Any]:
    t = TEXT[language]
    values = [
        {
            "category": c["label"],
            "amount": c["total"],
            "reservable": t["yes"] if c["reservable"] else t["no"],
        }
        for c in report.get("by_category", [])[:top]
    ]
    return _ranked_bars(t, "by_category", values, "category", "reservable")


def groups_chart(report: Mapping[str, Any], language: str = "nl") -> dict[str, Any]:
    t = TEXT[language]
    values = [
        {
            "group": t.get(g["group"], g["group"].replace("_", " ")),
            "share": g["share"],
            "amount": g["amount"],
        }  # fmt: skip
        for g in report.get("groups", [])
        if g["group"] != "classified"
    ]
    spec = _base(t["groups"], t["groups"], values)
    spec.update(
        mark={"type": "bar", "tooltip": True},
        encoding={
            "x": {"field": "group", "type": "nominal", "title": t["group"], "sort": None},
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": t["share"],
                "axis": {"format": "%"},
            },
        },
    )
    return spec


CHARTS = {
    "by_quarter": by_quarter_chart,
    "trend": trend_chart,
    "top_suppliers": top_suppliers_chart,
    "by_category": category_chart,
    "groups": groups_chart,
}


def chart_specs(report: Mapping[str, Any], language: str = "nl") -> dict[str, dict[str, Any]]:
    return {name: build(report, language) for name, build in CHARTS.items()}


def chart_png(spec: Mapping[str, Any], scale: float = 2.0) -> bytes:
    """Render a Vega-Lite spec to PNG (no browser, no network)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(vl_spec=dict(spec), scale=scale)
