"""Vega-Lite specs of the spend report (the same spec in the page and in the PNG export)
and the rows of the CSV/XLSX exports. Every export cell goes through ``safe_cell``."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.spreadsheet import safe_cell, safe_row

GROUP_LABELS = {
    "social_enterprise": gettext_lazy("Social enterprises (all tiers)"),
    "se_self_declared": gettext_lazy("Social enterprises, self-declared"),
    "se_verified": gettext_lazy("Social enterprises, verified"),
    "se_certified": gettext_lazy("Social enterprises, certified"),
    "sociale_werkplaats": gettext_lazy("Sociale werkplaatsen"),
    "eligible_2_82": gettext_lazy("Eligible for art. 2.82 reserved contracts"),
}
CHARTS = ("trend", "quarters", "groups", "categories")
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def how_parts() -> list[tuple[str, str]]:
    """The "how are these figures computed?" text next to the key figures."""
    return [
        (_("Only accepted links"), _(
            "A supplier counts as a social enterprise, sociale werkplaats or 2.82-eligible "
            "organisation only when its link to the register is accepted (automatically above "
            "the threshold, or confirmed by staff)."
        )),
        (_("Amounts"), _(
            "Amounts excluding VAT where the file has them, otherwise including VAT; credit "
            "notes count negative."
        )),
        (_("Reservable spend"), _(
            "Spend in categories whose CPV division is served in the municipality's region by "
            "at least 3 organisations eligible for art. 2.82 reserved contracts, counted from "
            "the register. Categories without a CPV code are not counted."
        )),
    ]  # fmt: skip


def group_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**g, "label": str(GROUP_LABELS.get(g["key"], g["key"]))} for g in report["groups"]]


def _bar(values, x, y, x_title, y_title, title, horizontal=False) -> dict[str, Any]:
    enc_x = {"field": x, "type": "nominal", "title": x_title, "sort": None}
    enc_y = {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": ",.0f"}}
    encoding = (
        {"y": {**enc_x, "sort": "-x"}, "x": enc_y} if horizontal else {"x": enc_x, "y": enc_y}
    )
    encoding["tooltip"] = [
        {"field": x, "type": "nominal", "title": x_title},
        {"field": y, "type": "quantitative", "title": y_title, "format": ",.2f"},
    ]
    return {
        "$schema": SCHEMA, "title": title, "width": "container", "height": 260,
        "data": {"values": values}, "mark": {"type": "bar", "color": "#24578f"},
        "encoding": encoding,
    }  # fmt: skip


def chart_specs(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    euro = _("Spend (euro)")
    trend = {
        "$schema": SCHEMA, "title": _("Spend per month"), "width": "container", "height": 260,
        "data": {"values": report["by_month"]},
        "mark": {"type": "line", "point": True, "color": "#24578f"},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": _("Month")},
            "y": {"field": "amount", "type": "quantitative", "title": euro,
                  "axis": {"format": ",.0f"}},
            "tooltip": [{"field": "month", "type": "ordinal", "title": _("Month")},
                        {"field": "amount", "type": "quantitative", "title": euro,
                         "format": ",.2f"}],
        },
    }  # fmt: skip
    return {
        "trend": trend,
        "quarters": _bar(
            report["by_quarter"], "period", "amount", _("Quarter"), euro, _("Spend per quarter")
        ),
        "groups": _bar(
            group_rows(report),
            "label",
            "amount",
            _("Group"),
            euro,
            _("Spend at social enterprises and sociale werkplaatsen"),
            horizontal=True,
        ),  # fmt: skip
        "categories": _bar(
            report["by_category"][:10],
            "name",
            "amount",
            _("Category"),
            euro,
            _("Spend per category (top 10)"),
            horizontal=True,
        ),  # fmt: skip
    }


def chart_png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    spec = {**spec, "width": 640}
    return vl_convert.vegalite_to_png(spec, scale=1)


def export_sections(report: dict[str, Any], public: bool = False) -> list[tuple[str, list, list]]:
    """(sheet title, header, rows) per section of the report."""
    amount, share = _("Amount (euro)"), _("Share of total")
    sections = [
        (
            _("Summary"),
            [_("Figure"), _("Value")],
            [
                [_("Municipality"), report["municipality_name"]],
                [_("From"), report["period_from"]],
                [_("To"), report["period_to"]],
                [_("Total spend (euro)"), report["total"]],
                [_("Invoice lines"), report["lines"]],
                [_("Suppliers"), report["suppliers"]],
                [_("Reservable spend (euro)"), report["reservable_amount"]],
                [_("Reservable share"), report["reservable_share"]],
            ],
        ),
        (
            _("Social spend"),
            [_("Group"), amount, share, _("Suppliers")],
            [[g["label"], g["amount"], g["share"], g["suppliers"]] for g in group_rows(report)],
        ),
        (
            _("Quarters"),
            [_("Year"), _("Quarter"), amount],
            [[q["year"], q["quarter"], q["amount"]] for q in report["by_quarter"]],
        ),
        (
            _("Months"),
            [_("Month"), amount],
            [[m["month"], m["amount"]] for m in report["by_month"]],
        ),
        (
            _("Cost centres"),
            [_("Cost centre"), amount, share],
            [[c["name"], c["amount"], c["share"]] for c in report["by_cost_centre"]],
        ),
        (
            _("Categories"),
            [
                _("Category"),
                amount,
                share,
                _("CPV division"),
                _("Eligible organisations"),
                _("Reservable"),
            ],  # fmt: skip
            [
                [
                    c["name"],
                    c["amount"],
                    c["share"],
                    c["cpv_division"],
                    c["eligible_organisations"] if c["eligible_organisations"] is not None else "",
                    _("yes") if c["reservable"] else _("no"),
                ]  # fmt: skip
                for c in report["by_category"]
            ],
        ),
        (
            _("Top suppliers"),
            [_("Supplier"), amount, share, _("Register organisation")],
            [
                [
                    s["name"],
                    s["amount"],
                    s["share"],
                    "" if public else (s.get("organisation") or ""),
                ]
                for s in report["top_suppliers"]
            ],
        ),
    ]
    return sections


def csv_rows(report: dict[str, Any], public: bool = False):
    """One CSV: a section column, then the section's own columns."""
    for title, header, rows in export_sections(report, public):
        yield [title, *header]
        for row in rows:
            yield [title, *row]


def xlsx_bytes(report: dict[str, Any], public: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in export_sections(report, public):
        ws = wb.create_sheet(title=str(title)[:31])
        ws.append(safe_row(header))
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
