"""Exports and charts: formula-like cells are defused everywhere, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zicht.spend.analytics import (
    chart_png,
    chart_specs,
    neutralise,
    report_tables,
    spend_report,
    write_csv,
    write_report_csvs,
    write_xlsx,
)
from zicht.spend.analytics.exports import write_report_xlsx
from zicht.spend.ingest import SpendStore, import_file

NASTY = ['=HYPERLINK("http://x","y")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab BV", "\rCR BV"]


@pytest.mark.parametrize("text", NASTY)
def test_formula_like_text_gets_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [0, 12, -12, -12.5, Decimal("-3.10"), 1e9, True, False])
def test_numbers_stay_numbers(value):
    assert neutralise(value) is value


@pytest.mark.parametrize(
    "value", [*NASTY, "\nLF BV", "Groen BV", None, -12.5, Decimal("1.5"), True]
)
def test_one_rule_for_every_export(value):
    """The engine's exports and the rest of Zicht (``core.csv_export``) share one rule."""
    from zicht.core.spreadsheet import safe_cell, safe_row

    assert neutralise(value) == safe_cell(value)
    assert safe_row([value]) == [neutralise(value)]


def test_other_values():
    assert neutralise("Groen BV") == "Groen BV"
    assert neutralise(None) == ""
    assert neutralise(dt.date(2024, 1, 2)) == "2024-01-02"
    assert neutralise(["=a", "b"]) == "'=a, b"  # joined first, then checked


ROWS = [{"name": t, "amount": -12.5, "count": 3} for t in NASTY]


def test_csv_export(tmp_path):
    path = tmp_path / "a.csv"
    write_csv(ROWS, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "amount", "count"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in NASTY]
    assert {r[1] for r in rows[1:]} == {"-12.5"}  # a negative number is not a formula


def test_dutch_csv_export():
    buf = io.StringIO()
    write_csv([{"name": "=x", "amount": 1234.5}], buf, dutch=True)
    assert buf.getvalue().splitlines() == ["name;amount", "'=x;1234,5"]


def test_xlsx_export(tmp_path):
    path = tmp_path / "a.xlsx"
    write_xlsx({"Leveranciers/2024": ROWS, "leeg": []}, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Leveranciers_2024", "leeg"]
    ws = wb["Leveranciers_2024"]
    for i, text in enumerate(NASTY, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.data_type == "s" and cell.value == "'" + text
        assert ws.cell(row=i, column=2).value == -12.5
        assert ws.cell(row=i, column=2).data_type == "n"


@pytest.fixture(scope="module")
def nasty_report(tmp_path_factory):
    """A real report in which supplier, cost centre, portfolio and ledger are formula-like."""
    root = tmp_path_factory.mktemp("nasty")
    path = root / "a.csv"
    lines = [
        "Crediteurnummer;Naam crediteur;Factuurdatum;Bedrag;Kostenplaats;Programma;Grootboekrekening"
    ]
    for i, text in enumerate(NASTY):
        cell = '"' + text.replace('"', '""') + '"'
        lines.append(f"{i};{cell};0{i + 1}-01-2024;{100 + i},00;{cell};{cell};{cell}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    store = SpendStore(root / "s")
    result = import_file(path, store=store, municipality="GM0344")
    assert result.status == "imported", result.report.to_text()
    return spend_report(store, "GM0344")


def _texts(values):
    return [v for v in values if isinstance(v, str) and v]


def test_every_export_of_a_report_is_defused(nasty_report, tmp_path):
    for path in write_report_csvs(nasty_report, tmp_path / "csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for value in _texts(row):
                    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                        path.name,
                        value,
                    )
    out = tmp_path / "r.xlsx"
    write_report_xlsx(nasty_report, out)
    wb = load_workbook(out)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                        ws.title,
                        cell.value,
                    )
                    seen.add(cell.value)
                elif cell.value is not None:
                    assert cell.data_type in ("n", "b")
    assert '\'=HYPERLINK("http://x","y")' in seen  # the names are there, defused
    assert "'@SUM(A1)" in seen
    tables = report_tables(nasty_report)
    assert {"summary", "groups", "by_month", "top_suppliers", "by_cost_centre"} <= set(tables)


def test_chart_specs_are_vega_lite_with_the_report_data(nasty_report):
    specs = chart_specs(nasty_report, language="en")
    assert set(specs) == {"by_quarter", "trend", "top_suppliers", "by_category", "groups"}
    for spec in specs.values():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
        assert spec["description"] and spec["mark"]["type"] in ("bar", "line")
        json.dumps(spec)
    bars = specs["by_quarter"]["data"]["values"]
    assert sum(v["amount"] for v in bars) == pytest.approx(nasty_report["total"])
    names = [v["supplier"] for v in specs["top_suppliers"]["data"]["values"]]
    assert names[0] == "CR BV"  # the largest; the import trimmed its leading CR


def test_chart_png(nasty_report):
    png = chart_png(chart_specs(nasty_report)["by_quarter"], scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
