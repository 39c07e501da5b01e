"""Broken uploads: each gives a clear message and leaves earlier data untouched.

Every case runs against a store that already holds one good import; afterwards the
manifest and the Parquet files must be byte-for-byte what they were.
"""

from __future__ import annotations

import hashlib
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from zicht.spend.ingest import SpendStore, import_file

M = "GM0344"
HEADER = "Crediteurnummer;Naam crediteur;Factuurnummer;Factuurdatum;Bedrag excl. BTW;Omschrijving"
GOOD = [
    "1001;Groen BV;F-1;15-01-2024;1.234,56;Maaien",
    "1002;Schoon Sociaal;F-2;16-01-2024;99,95;Schoonmaak",
]


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


XLSX_ROWS = [
    ["Crediteurnummer", "Naam crediteur", "Factuurdatum", "Bedrag excl. BTW"],
    ["1001", "Groen BV", "15-01-2024", 100.5],
]


def snapshot(root: Path) -> dict[str, str]:
    """Every file that counts (the staging area aside) with its hash."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".staging" not in p.parts and p.name != ".lock"
    }


@pytest.fixture
def store(tmp_path):
    store = SpendStore(tmp_path / "store")
    first = tmp_path / "earlier.csv"
    first.write_bytes(csv_bytes("9999;Eerder BV;E-1;01-06-2023;10,00;Eerder"))
    assert import_file(first, store=store, municipality=M).status == "imported"
    return store


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _sparse_2gb(tmp_path: Path) -> Path:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:
        fh.write(csv_bytes(*GOOD))
        fh.truncate(2 * 1024**3)  # a hole: no 2 GB written to disk, reads as NUL bytes
    return path


# (id, make file, expected code, words the message must contain, row, column)
CASES = [
    ("utf16", lambda t: _write(t, "a.csv", csv_bytes(*GOOD, encoding="utf-16")),
     "unsupported_encoding", "UTF-16", None, None),
    ("neither_utf8_nor_cp1252", lambda t: _write(t, "a.csv", csv_bytes(*GOOD) + b"1003;Bad \x81\x8d;F;1-1-2024;1;x\r\n"),
     "unknown_encoding", "neither UTF-8 nor Windows-1252", None, None),
    ("no_delimiter", lambda t: _write(t, "a.csv", b"leverancier datum bedrag\nGroen 1-1-2024 10\n"),
     "delimiter_not_found", "comma, semicolon or tab", None, None),
    ("wrong_delimiter_splits_amounts", lambda t: _write(
        t, "a.csv", b"Leverancier,Factuurdatum,Bedrag\nGroen BV,1-1-2024,10\nSchoon BV,2-1-2024,1.234,56\n"),
     "wrong_field_count", "must be quoted", 3, None),
    ("missing_amount_column", lambda t: _write(t, "a.csv", b"Crediteur;Factuurdatum\nGroen;1-1-2024\n"),
     "missing_required_column", "Amount excl. VAT or Amount incl. VAT", None, None),
    ("missing_supplier_column", lambda t: _write(t, "a.csv", b"Factuurdatum;Bedrag\n1-1-2024;10\n"),
     "missing_required_column", "Supplier number or Supplier name", None, None),
    ("duplicate_header", lambda t: _write(t, "a.csv", b"Crediteur;Factuurdatum;Bedrag;Bedrag\nGroen;1-1-2024;10;12\n"),
     "duplicate_header", "occurs 2 times", None, None),
    ("text_in_amount", lambda t: _write(t, "a.csv", csv_bytes(GOOD[0], "1003;Fout BV;F-3;17-01-2024;tien euro;x")),
     "amount_unparseable", "tien euro", 3, "Bedrag excl. BTW"),
    ("empty_file", lambda t: _write(t, "a.csv", b""), "file_empty", "empty", None, None),
    ("whitespace_only", lambda t: _write(t, "a.csv", b"\xef\xbb\xbf \r\n\r\n  \n"), "file_empty", "empty", None, None),
    ("header_only", lambda t: _write(t, "a.csv", csv_bytes()), "header_only", "no data rows", None, None),
    ("sparse_2gb", _sparse_2gb, "binary_file", "NUL", None, None),
    ("xlsx_several_sheets", lambda t: xlsx(t / "a.xlsx", {"2023": XLSX_ROWS, "2024": XLSX_ROWS}),
     "several_sheets", "2023, 2024", None, None),
    ("old_xls", lambda t: _write(t, "a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
     "xls_not_supported", ".xlsx", None, None),
    ("pdf", lambda t: _write(t, "a.csv", b"%PDF-1.7\n..."), "not_a_table", "PDF", None, None),
    ("zip_not_xlsx", lambda t: _zip(t), "not_a_table", "ZIP", None, None),
    ("damaged_xlsx", lambda t: _write(t, "a.xlsx", b"PK\x03\x04" + b"garbage" * 20), "xlsx_unreadable", "cannot be read", None, None),
    ("date_out_of_range", lambda t: _write(t, "a.csv", csv_bytes(GOOD[0], "1003;Oud BV;F-3;17-01-1899;5;x")),
     "date_out_of_range", "outside", 3, "Factuurdatum"),
    ("impossible_date", lambda t: _write(t, "a.csv", csv_bytes(GOOD[0], "1003;Feb BV;F-3;31-02-2024;5;x")),
     "date_unparseable", "31-02-2024", 3, "Factuurdatum"),
    ("missing_supplier", lambda t: _write(t, "a.csv", csv_bytes(GOOD[0], ";;F-3;17-01-2024;5;x")),
     "supplier_missing", "no supplier", 3, None),
    ("duplicate_line", lambda t: _write(t, "a.csv", csv_bytes(GOOD[0], GOOD[1], GOOD[0])),
     "duplicate_line", "row 2", 4, "Factuurnummer"),
    ("too_many_fields", lambda t: _write(t, "a.csv", csv_bytes(GOOD[0], GOOD[1] + ";extra", "1003;X;F;1-1-2024;1;y")),
     "wrong_field_count", "7 fields, the header has 6", 3, None),
    ("nul_after_the_sample", lambda t: _write(t, "a.csv", csv_bytes(*(GOOD * 4000)) + b"\0\0\0"),
     "binary_file", "NUL byte at byte", None, None),
]  # fmt: skip


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    return path


@pytest.mark.parametrize(
    ("make", "code", "words", "row", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_file_is_refused_with_a_clear_message(
    store, tmp_path, make, code, words, row, column
):
    before = snapshot(store.root)
    path = make(tmp_path)
    started = time.monotonic()
    result = import_file(path, store=store, municipality=M)
    assert result.status == "invalid", result.message
    problems = [p for p in result.report.problems if p.code == code]
    assert problems, result.report.to_text()
    problem = problems[0]
    assert words in problem.message, problem.message
    assert problem.row == row
    if column:
        assert problem.column == column
    assert snapshot(store.root) == before
    assert not list((store.dir(M) / ".staging").glob("*"))  # nothing left behind
    assert time.monotonic() - started < 10  # the 2 GB case must not read the whole file


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_rows_after_a_broken_row_keep_their_numbers(store, tmp_path):
    path = _write(
        tmp_path, "a.csv", csv_bytes(GOOD[0], GOOD[1] + ";extra", "1003;X;F;1-1-2024;abc;y")
    )
    result = import_file(path, store=store, municipality=M)
    rows = {p.code: p.row for p in result.report.problems}
    assert rows == {"wrong_field_count": 3, "amount_unparseable": 4}


def test_accept_valid_stores_only_the_good_rows(store, tmp_path):
    path = _write(
        tmp_path,
        "a.csv",
        csv_bytes(GOOD[0], "1003;Fout BV;F-3;17-01-2024;tien;x", GOOD[1], GOOD[0]),
    )
    result = import_file(path, store=store, municipality=M, accept_valid=True)
    assert result.status == "imported"
    assert result.record.rows == 2
    assert result.record.rows_rejected == 2  # the unreadable amount and the duplicate
    assert result.record.total == "1334.51"


def test_an_xlsx_with_one_usable_sheet_among_several_is_read(store, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        {"Toelichting": [["Dit bestand", "bevat"], ["export", "2024"]], "Data": XLSX_ROWS},
    )
    result = import_file(path, store=store, municipality=M)
    assert result.status == "imported", result.message
    assert result.report.sheet == "Data"
    assert any("ignored 'Toelichting'" in p.message for p in result.report.problems)
    assert result.record.total == "100.50"


def test_a_chosen_sheet_that_does_not_exist(store, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", {"2023": XLSX_ROWS})
    result = import_file(path, store=store, municipality=M, sheet="2024")
    assert result.status == "invalid"
    assert "no sheet '2024'; it has: 2023" in result.report.problems[0].message
