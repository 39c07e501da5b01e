"""Exports of reports as CSV and XLSX, safe to open in a spreadsheet.

Every text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(or a line feed) gets a leading single quote, so a supplier called ``=HYPERLINK(...)``
stays text instead of becoming a formula (CSV/formula injection). Numbers stay numbers:
``-12.5`` as a number is written as a number; only text is touched. The rule itself is
``zicht.core.spreadsheet.safe_cell`` (plain Python, shared with the rest of Zicht);
``neutralise`` only turns dates, lists and dicts into text first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from zicht.core.spreadsheet import FORMULA_START, safe_cell

__all__ = ["FORMULA_START", "neutralise", "report_tables", "write_csv", "write_report_csvs",
           "write_report_xlsx", "write_xlsx"]  # fmt: skip


def neutralise(value: Any) -> Any:
    """A cell value ready for a spreadsheet: numbers and booleans unchanged, dates as ISO
    text, everything else as text with formula-like starts defused."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return safe_cell(value)


def _columns(rows: list[Mapping[str, Any]], columns: Iterable[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    target: str | Path | io.TextIOBase,
    columns: Iterable[str] | None = None,
    dutch: bool = False,
) -> None:
    """Write dict rows as CSV (UTF-8 with BOM for Excel). ``dutch``: semicolons and decimal
    commas, as Excel in a Dutch locale expects; numbers stay unquoted numbers."""
    rows = list(rows)
    cols = _columns(rows, columns)

    def cell(value: Any) -> Any:
        value = neutralise(value)
        if dutch and isinstance(value, float | Decimal):
            return str(value).replace(".", ",")
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    def emit(fh) -> None:
        writer = csv.writer(fh, delimiter=";" if dutch else ",", lineterminator="\r\n")
        writer.writerow([neutralise(c) for c in cols])
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in cols])

    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig", newline="") as fh:
            emit(fh)
    else:
        emit(target)


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Sheet"
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base[:28]}_{n}"
        n += 1
    used.add(candidate)
    return candidate


def write_xlsx(
    sheets: Mapping[str, Iterable[Mapping[str, Any]]],
    target: str | Path | io.BytesIO,
    columns: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Write ``{sheet name: dict rows}`` as one workbook; text cells are always text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    used: set[str] = set()
    for name, rows in sheets.items():
        rows = list(rows)
        ws = wb.create_sheet(_sheet_name(name, used))
        cols = _columns(rows, (columns or {}).get(name))

        def cells(values: list[Any], ws=ws) -> list[WriteOnlyCell]:
            out = []
            for value in values:
                value = neutralise(value)
                c = WriteOnlyCell(ws, value=float(value) if isinstance(value, Decimal) else value)
                if isinstance(value, str):
                    c.data_type = "s"  # never a formula, whatever the text says
                out.append(c)
            return out

        ws.append(cells(cols))
        for row in rows:
            ws.append(cells([row.get(c) for c in cols]))
    if not used:
        wb.create_sheet("Empty")
    wb.save(target)


def report_tables(report: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The report as flat tables, one per sheet or CSV file."""
    summary_keys = ("municipality", "period_from", "period_to", "data_from", "data_to",
                    "total", "lines", "suppliers")  # fmt: skip
    summary = [{"key": k, "value": report.get(k)} for k in summary_keys]
    reservable = report.get("reservable") or {}
    summary += [
        {"key": "reservable_amount", "value": reservable.get("amount")},
        {"key": "reservable_share", "value": reservable.get("share")},
    ]
    tables = {"summary": summary, "groups": list(report.get("groups") or [])}
    for key in ("by_year", "by_quarter", "by_month", "by_portfolio", "by_cost_centre",
                "by_category", "top_suppliers"):  # fmt: skip
        tables[key] = [dict(r) for r in report.get(key) or []]
    return tables


def write_report_csvs(
    report: Mapping[str, Any], directory: str | Path, dutch: bool = False
) -> list[Path]:
    """One CSV file per table of the report; returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in report_tables(report).items():
        path = directory / f"{name}.csv"
        write_csv(rows, path, dutch=dutch)
        paths.append(path)
    return paths


def write_report_xlsx(report: Mapping[str, Any], target: str | Path | io.BytesIO) -> None:
    write_xlsx(report_tables(report), target)
