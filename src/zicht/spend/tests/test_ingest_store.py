"""Applying imports: atomic, idempotent, overlap handling, formats and encodings."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import duckdb
import pytest
from openpyxl import Workbook

from zicht.spend.ingest import (
    IngestError,
    SpendStore,
    commit_import,
    import_file,
    preview_file,
    stage_import,
    validate_file,
)
from zicht.spend.ingest import pipeline as pipeline_module

M = "GM0344"
HEADER = [
    "Crediteurnummer",
    "Naam crediteur",
    "Factuurnummer",
    "Factuurdatum",
    "Bedrag excl. BTW",
    "Omschrijving",
]


def write_csv(path, rows, delimiter=";", encoding="utf-8", header=HEADER):
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def month_rows(year, months, supplier="1001", amount="100,00"):
    return [
        [supplier, "Groen BV", f"F-{year}-{m}", f"15-{m:02d}-{year}", amount, f"maand {m}"]
        for m in months
    ]


def query(store, sql, municipality=M):
    """Run ``sql`` over the view ``lines``: what currently counts in the store."""
    files = [str(p) for p in store.files(municipality)]
    if not files:
        return []
    con = duckdb.connect()
    con.read_parquet(files).create_view("lines")
    return con.sql(sql).fetchall()


def lines(store, municipality=M):
    return query(
        store, "SELECT invoice_date, amount FROM lines ORDER BY invoice_date", municipality
    )


def line_files(store):
    """Parquet files of invoice lines (not the monthly aggregates beside them)."""
    return [p for p in store.dir(M).glob("*.parquet") if not p.name.endswith(".cube.parquet")]


@pytest.fixture
def store(tmp_path):
    return SpendStore(tmp_path / "store")


def test_reimporting_the_same_file_adds_nothing(store, tmp_path):
    path = write_csv(tmp_path / "q1.csv", month_rows(2024, [1, 2, 3]))
    first = import_file(path, store=store, municipality=M)
    assert first.status == "imported"
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(path.read_bytes())
    again = import_file(copy, store=store, municipality=M)
    assert again.status == "already_imported"
    assert again.record.import_id == first.record.import_id
    assert len(store.imports(M)) == 1
    assert len(lines(store)) == 3


def test_overlapping_period_asks_then_replaces_only_the_overlap(store, tmp_path):
    year = write_csv(tmp_path / "2024.csv", month_rows(2024, range(1, 13)))
    assert import_file(year, store=store, municipality=M).status == "imported"
    q4 = write_csv(tmp_path / "q4.csv", month_rows(2024, [10, 11, 12], amount="250,00"))
    asked = import_file(q4, store=store, municipality=M)
    assert asked.status == "overlap"
    assert "2024-10-15 .. 2024-12-15 overlaps 2024.csv" in asked.message
    assert len(lines(store)) == 12  # cancel: nothing changed
    done = import_file(q4, store=store, municipality=M, replace=True)
    assert done.status == "imported"
    got = lines(store)
    assert len(got) == 12
    assert [a for d, a in got if d.month >= 10] == [Decimal("250.00")] * 3
    assert [a for d, a in got if d.month < 10] == [Decimal("100.00")] * 9
    records = {r.file: r for r in store.imports(M)}
    assert records["2024.csv"].period_to == "2024-09-15"
    assert records["2024.csv"].rows == 9
    assert records["2024.csv"].trimmed_by == [done.record.import_id]
    assert len(line_files(store)) == 2  # the untrimmed file is gone


def test_an_import_inside_the_new_period_is_replaced_whole(store, tmp_path):
    import_file(write_csv(tmp_path / "feb.csv", month_rows(2024, [2])), store=store, municipality=M)
    result = import_file(
        write_csv(tmp_path / "q1.csv", month_rows(2024, [1, 2, 3], amount="5")),
        store=store,
        municipality=M,
        replace=True,
    )
    assert result.status == "imported"
    assert [r.file for r in store.imports(M)] == ["q1.csv"]
    assert sum(a for _, a in lines(store)) == Decimal("15.00")


def test_stage_then_commit_later(store, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", [*month_rows(2024, [1, 2]), ["1003", "X", "F", "1-1-2024", "fout", ""]]
    )
    staged = stage_import(path, store=store, municipality=M, filename="export januari.csv")
    assert staged.report.file == "export januari.csv"
    assert (staged.rows, staged.report.rows_rejected) == (2, 1)
    assert staged.period_from == "2024-01-15"
    refused = commit_import(store, M, staged.stage_id)
    assert refused.status == "invalid"
    assert store.imports(M) == []
    result = commit_import(store, M, staged.stage_id, accept_valid=True)
    assert result.status == "imported"
    assert result.record.file == "export januari.csv"
    with pytest.raises(IngestError):  # the staging is used up
        commit_import(store, M, staged.stage_id)


def test_a_cancelled_import_leaves_everything_as_it_was(store, tmp_path, monkeypatch):
    import_file(write_csv(tmp_path / "old.csv", month_rows(2023, [1])), store=store, municipality=M)
    manifest = (store.dir(M) / "manifest.json").read_bytes()
    monkeypatch.setattr(pipeline_module, "ROW_GROUP_ROWS", 10)
    path = write_csv(tmp_path / "new.csv", month_rows(2024, range(1, 13)))

    def cancel(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(path, store=store, municipality=M, progress=cancel)
    assert (store.dir(M) / "manifest.json").read_bytes() == manifest
    assert not list((store.dir(M) / ".staging").iterdir())
    assert len(lines(store)) == 1


def test_a_crash_between_file_and_manifest_loses_nothing(store, tmp_path, monkeypatch):
    import_file(write_csv(tmp_path / "old.csv", month_rows(2023, [1])), store=store, municipality=M)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(SpendStore, "write_manifest", crash)
    with pytest.raises(OSError):
        import_file(
            write_csv(tmp_path / "new.csv", month_rows(2024, [1])), store=store, municipality=M
        )
    monkeypatch.undo()
    assert [r.file for r in store.imports(M)] == ["old.csv"]
    assert len(lines(store)) == 1
    # the new Parquet file was renamed into place but is not listed: cleanup removes it
    removed = store.cleanup(M)
    assert sorted(p.name.count(".cube.") for p in removed if p.suffix == ".parquet") == [0, 1]
    assert len(line_files(store)) == 1


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(";", "utf-8", False), (",", "utf-8", True), ("\t", "cp1252", False), (";", "cp1252", False)],
)
def test_delimiters_and_encodings(store, tmp_path, delimiter, encoding, bom):
    rows = [
        [
            "1001",
            "Café Façade & Zn.",
            "F-1",
            "15-01-2024",
            '"€ 1.234,56"' if delimiter == "," else "€ 1.234,56",
            "Crème brûlée",
        ]
    ]
    path = write_csv(tmp_path / "a.csv", rows, delimiter=delimiter, encoding=encoding)
    if bom:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = import_file(path, store=store, municipality=M)
    assert result.status == "imported", result.report.to_text()
    assert result.report.encoding == ("cp1252" if encoding == "cp1252" else "utf-8")
    assert result.record.mapping["supplier_number"] == "Crediteurnummer"  # BOM not in the header
    [(name, amount)] = query(store, "SELECT supplier_name, amount FROM lines")
    assert (name, amount) == ("Café Façade & Zn.", Decimal("1234.56"))


def test_text_that_turns_out_not_to_be_utf8_late_in_the_file_is_read_as_windows_1252(
    store, tmp_path
):
    rows = month_rows(2024, [1]) * 1 + [
        [str(1000 + i), "Plain BV", f"F{i}", "1-2-2024", "1", "x"] for i in range(12000)
    ]
    path = write_csv(tmp_path / "a.csv", rows)
    path.write_bytes(
        path.read_bytes() + "X2001;Caf\u00e9 \u20ac;F-9;1-3-2024;2;x\r\n".encode("cp1252")
    )
    result = import_file(path, store=store, municipality=M)
    assert result.status == "imported", result.report.to_text()
    assert result.report.encoding == "cp1252"
    sql = "SELECT supplier_name FROM lines WHERE supplier_number = 'X2001'"
    assert query(store, sql) == [("Café €",)]


def test_xlsx_with_dates_numbers_and_a_title_row(store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Crediteurenexport 2024"])
    ws.append(["Leverancier", "Factuurdatum", "Bedrag incl. BTW", "Kostenplaats"])
    ws.append(["Groen BV", dt.datetime(2024, 3, 1), 1234.5, 100])
    ws.append(["Schoon BV", "02-03-2024", "1.000,00", "KP2"])
    ws.append([None, None, None, None])
    ws.append(["Leeg BV", dt.date(2024, 3, 3), None, None])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    result = import_file(path, store=store, municipality=M)
    assert result.status == "invalid"
    assert [(p.code, p.row, p.column) for p in result.report.problems] == [
        ("amount_missing", 6, "Bedrag incl. BTW")
    ]
    result = import_file(path, store=store, municipality=M, accept_valid=True)
    assert result.record.amount_basis == "incl"
    assert result.record.total == "2234.50"
    assert result.record.period_from == "2024-03-01"


def test_explicit_mapping(store, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["x", "Groen BV", "1", "15-01-2024", "10", "y"]],
                     header=["A", "B", "C", "D", "E", "F"])  # fmt: skip
    assert import_file(path, store=store, municipality=M).status == "invalid"
    mapping = {"supplier_name": "B", "invoice_date": "D", "amount_excl": "E"}
    result = import_file(path, store=store, municipality=M, mapping=mapping)
    assert result.status == "imported"
    assert result.record.mapping == mapping


def test_preview_shows_raw_and_parsed_rows_and_suggestions(tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["1001", "Groen BV", "F-1", "1-2-24", "(1.234,56)", "x"],
            ["1002", "", "F-2", "31-02-2024", "1", "y"],
        ],
    )
    preview = preview_file(path, rows=5).to_dict()
    assert preview["delimiter"] == "semicolon"
    assert preview["suggested"]["amount_excl"] == "Bedrag excl. BTW"
    assert preview["scores"]["amount_excl"] == 1.0
    assert preview["raw"][0]["Bedrag excl. BTW"] == "(1.234,56)"
    assert preview["parsed"][0]["amount_excl"] == "-1234.56"
    assert preview["parsed"][0]["invoice_date"] == "2024-02-01"
    assert "invoice_date" in preview["parsed"][1]["errors"]
    json.dumps(preview)  # ready for an API response


def test_validate_file_is_a_dry_run(tmp_path):
    path = write_csv(tmp_path / "a.csv", month_rows(2024, [1, 2]))
    report = validate_file(path)
    assert report.ok and report.rows_valid == 2


def test_bad_municipality_code(store, tmp_path):
    with pytest.raises(IngestError, match="GM0344"):
        import_file(
            write_csv(tmp_path / "a.csv", month_rows(2024, [1])),
            store=store,
            municipality="Utrecht",
        )
