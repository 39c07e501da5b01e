"""Presentation of the engine's spend report in the web app: translated labels, the
charts (the engine's Vega-Lite specs, in the page's language) and the CSV/XLSX downloads
(the engine's tables and writers, with translated sheet and column names). Nothing here
computes a figure; the cells are neutralised by the engine's writers (``safe_cell``)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import analytics
from .analytics.charts import CHARTS

GROUP_LABELS = {
    "social_enterprise": gettext_lazy("Social enterprises (all tiers)"),
    "social_enterprise_self_declared": gettext_lazy("Social enterprises, self-declared"),
    "social_enterprise_verified": gettext_lazy("Social enterprises, verified"),
    "social_enterprise_certified": gettext_lazy("Social enterprises, certified"),
    "sociale_werkplaats": gettext_lazy("Sociale werkplaatsen"),
    "eligible_2_82": gettext_lazy("Eligible for art. 2.82 reserved contracts"),
    "classified": gettext_lazy("Suppliers linked to the register"),
}
TABLE_LABELS = {
    "summary": gettext_lazy("Summary"),
    "groups": gettext_lazy("Social spend"),
    "by_year": gettext_lazy("Years"),
    "by_quarter": gettext_lazy("Quarters"),
    "by_month": gettext_lazy("Months"),
    "by_portfolio": gettext_lazy("Portfolios"),
    "by_cost_centre": gettext_lazy("Cost centres"),
    "by_category": gettext_lazy("Categories"),
    "top_suppliers": gettext_lazy("Top suppliers"),
}
COLUMN_LABELS = {
    "key": gettext_lazy("Figure"), "value": gettext_lazy("Value"),
    "municipality": gettext_lazy("Municipality"), "period_from": gettext_lazy("From"),
    "period_to": gettext_lazy("To"), "data_from": gettext_lazy("First invoice date"),
    "data_to": gettext_lazy("Last invoice date"), "total": gettext_lazy("Amount (euro)"),
    "lines": gettext_lazy("Invoice lines"), "suppliers": gettext_lazy("Suppliers"),
    "reservable_amount": gettext_lazy("Reservable spend (euro)"),
    "reservable_share": gettext_lazy("Reservable share"),
    "group": gettext_lazy("Group"), "amount": gettext_lazy("Amount (euro)"),
    "share": gettext_lazy("Share of total"), "share_of_total": gettext_lazy("Share of total"),
    "year": gettext_lazy("Year"), "quarter": gettext_lazy("Quarter"),
    "month": gettext_lazy("Month"), "cost_centre": gettext_lazy("Cost centre"),
    "portfolio": gettext_lazy("Portfolio"), "category": gettext_lazy("Category key"),
    "label": gettext_lazy("Category"), "basis": gettext_lazy("Derived from"),
    "eligible_organisations": gettext_lazy("Eligible organisations"),
    "reservable": gettext_lazy("Reservable"), "supplier_key": gettext_lazy("Supplier key"),
    "name": gettext_lazy("Supplier"), "kind": gettext_lazy("Kind"),
    "tier": gettext_lazy("Verification"), "eligible_2_82": gettext_lazy("Eligible for art. 2.82"),
    "first": gettext_lazy("First invoice"), "last": gettext_lazy("Last invoice"),
    "organisation": gettext_lazy("Register organisation"),
    "organisation_id": gettext_lazy("Register id"),
    "sole_trader": gettext_lazy("Sole trader (staff only)"),
}  # fmt: skip


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
        (_("Categories"), _(
            "The CPV division of the line where it has a CPV code; otherwise the file's "
            "category, ledger account or description, mapped to a CPV division by keywords "
            "where one fits."
        )),
        (_("Reservable spend"), _(
            "Spend in categories whose CPV division is served in the municipality's region by "
            "at least 3 organisations eligible for art. 2.82 reserved contracts, counted from "
            "the register."
        )),
    ]  # fmt: skip


def group_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The groups of the report with their labels; ``classified`` (spend at suppliers
    linked to the register at all) is a key figure of its own, not a group."""
    return [
        {**g, "label": str(GROUP_LABELS.get(g["group"], g["group"]))}
        for g in report.get("groups", [])
        if g["group"] != "classified"
    ]


def linked(report: dict[str, Any]) -> dict[str, Any]:
    """Spend at suppliers linked to the register (amount, share, suppliers)."""
    found = [g for g in report.get("groups", []) if g["group"] == "classified"]
    return found[0] if found else {"amount": 0.0, "share": 0.0, "suppliers": 0}


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def chart_specs(report: dict[str, Any], page: bool = False) -> dict[str, dict[str, Any]]:
    """The engine's specs in the active language; ``page``: as wide as their box."""
    specs = analytics.chart_specs(report, _language())
    if page:
        specs = {name: {**spec, "width": "container"} for name, spec in specs.items()}
    return specs


def chart_png(report: dict[str, Any], name: str) -> bytes:
    return analytics.chart_png(analytics.chart_specs(report, _language())[name])


def export_tables(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The engine's report tables with translated sheet and column names."""
    tables = {}
    for name, rows in analytics.report_tables(report).items():
        out = []
        for row in rows:
            if name == "summary":
                row = {**row, "key": str(COLUMN_LABELS.get(row["key"], row["key"]))}
            elif name == "groups":
                row = {**row, "group": str(GROUP_LABELS.get(row["group"], row["group"]))}
            out.append({_column(k): v for k, v in row.items()})
        tables[str(TABLE_LABELS.get(name, name))] = out
    return tables


def _column(key: str) -> str:
    if key in COLUMN_LABELS:
        return str(COLUMN_LABELS[key])
    measure = key.removesuffix("_share")
    if measure in GROUP_LABELS:
        label = str(GROUP_LABELS[measure])
        return _("Share: %(group)s") % {"group": label} if key != measure else label
    return key


def csv_bytes(report: dict[str, Any]) -> bytes:
    """The whole report as one CSV (UTF-8 with BOM): per table a header row, then its
    rows, each starting with the table's name."""
    section = _("Section")
    out = io.StringIO()
    for title, rows in export_tables(report).items():
        columns = [section, *dict.fromkeys(k for r in rows for k in r)]
        analytics.write_csv([{section: title, **r} for r in rows], out, columns=columns)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(report: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    analytics.write_xlsx(export_tables(report), out)
    return out.getvalue()


__all__ = ["CHARTS", "chart_png", "chart_specs", "csv_bytes", "export_tables", "group_rows",
           "how_parts", "linked", "xlsx_bytes"]  # fmt: skip
