"""Recognise what was uploaded: CSV or XLSX, encoding, delimiter, header row.

Only a sample from the start of the file is read here; the rows are streamed later.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .report import IngestError

SAMPLE_BYTES = 256 * 1024
DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}


@dataclass
class FileInfo:
    path: Path
    format: str  # "csv" or "xlsx"
    size: int
    headers: list[str]
    encoding: str = ""  # "utf-8" (with or without BOM) or "cp1252"
    delimiter: str = ""
    header_line: int = 0  # CSV: number of lines before the header line
    sheet: str = ""  # XLSX: the sheet read
    header_row: int = 1  # XLSX: spreadsheet row number of the header
    notes: list[str] = field(default_factory=list)


def sniff(path: str | Path, sheet: str | None = None) -> FileInfo:
    path = Path(path)
    if not path.is_file():
        raise IngestError("file_not_found", f"file not found: {path}")
    size = path.stat().st_size
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
        raise IngestError("file_empty", "the file is empty")
    if sample.startswith(b"PK\x03\x04"):
        return _sniff_xlsx(path, size, sheet)
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(
            "xls_not_supported",
            "this is an old Excel file (.xls); save it as .xlsx or as CSV and upload again",
        )
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(
            "unsupported_encoding",
            "the file is UTF-16 encoded; save it as CSV in UTF-8 (or Windows-1252)",
        )
    if sample.startswith(b"%PDF"):
        raise IngestError("not_a_table", "this is a PDF file, not a CSV or XLSX export")
    if b"\x00" in sample:
        raise IngestError(
            "binary_file",
            "the file contains binary data (NUL bytes); expected a CSV or XLSX export",
        )
    encoding, text = _decode(sample, complete=size <= SAMPLE_BYTES)
    return _sniff_csv(path, size, encoding, text)


def _decode(sample: bytes, complete: bool) -> tuple[str, str]:
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8", sample[3:].decode("utf-8", errors="replace")
    body = sample
    try:
        return "utf-8", body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the sample may end inside a multi-byte character
        if not complete and exc.start >= len(body) - 3:
            try:
                return "utf-8", body[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
    try:
        return "cp1252", sample.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError(
            "unknown_encoding",
            f"the file is neither UTF-8 nor Windows-1252 (byte 0x{sample[exc.start]:02x} at "
            f"offset {exc.start}); save it as CSV in UTF-8",
        ) from exc


def _sniff_csv(path: Path, size: int, encoding: str, text: str) -> FileInfo:
    lines = text.splitlines()
    if size > SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut off
    skipped = 0
    while skipped < len(lines) and not lines[skipped].strip():
        skipped += 1
    lines = lines[skipped : skipped + 50]
    if not lines:
        raise IngestError("file_empty", "the file is empty")
    best: tuple[float, int, str] | None = None
    for delim in DELIMITERS:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
        rows = [r for r in rows if any(c.strip() for c in r)]
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(1 for r in rows[1:] if len(r) == width) / max(1, len(rows) - 1)
        score = (consistent, width, delim)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None:
        raise IngestError(
            "delimiter_not_found",
            "cannot find the column separator: the header line has a single column. "
            "Expected columns separated by a comma, semicolon or tab",
        )
    delimiter = best[2]
    header = next(csv.reader(io.StringIO(lines[0]), delimiter=delimiter))
    headers = _clean_headers(header)
    info = FileInfo(
        path=path,
        format="csv",
        size=size,
        headers=headers,
        encoding=encoding,
        delimiter=delimiter,
        header_line=skipped,
    )
    if best[0] < 0.5 and len(lines) > 2:
        info.notes.append(
            f"most rows do not have the {len(headers)} columns of the header; "
            f"is the {DELIMITER_NAMES[delimiter]} really the separator?"
        )
    return info


def _clean_headers(cells: list[object]) -> list[str]:
    headers = []
    for i, cell in enumerate(cells):
        text = "" if cell is None else " ".join(str(cell).split())
        headers.append(text or f"column {i + 1}")
    return headers


def _sniff_xlsx(path: Path, size: int, sheet: str | None) -> FileInfo:
    from openpyxl import load_workbook

    from .mapping import REQUIRED_GROUPS, suggest_mapping

    try:
        with zipfile.ZipFile(path) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                raise IngestError(
                    "not_a_table", "this is a ZIP archive, not an XLSX workbook or CSV file"
                )
        wb = load_workbook(path, read_only=True, data_only=True)
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise IngestError("xlsx_unreadable", f"the workbook cannot be read: {exc}") from exc
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            raise IngestError(
                "sheet_not_found",
                f"the workbook has no sheet '{sheet}'; it has: {', '.join(names)}",
                sheets=names,
            )
        found: dict[str, tuple[int, list[str]]] = {}
        for name in [sheet] if sheet else names:
            for idx, row in enumerate(wb[name].iter_rows(max_row=10, values_only=True), 1):
                if sum(1 for c in row if c not in (None, "")) >= 2:
                    found[name] = (idx, _clean_headers(list(row)))
                    break
        if not found:
            where = f"sheet '{sheet}'" if sheet else "the workbook"
            raise IngestError("file_empty", f"{where} has no header row in its first 10 rows")

        def usable(headers: list[str]) -> bool:
            mapped = suggest_mapping(headers)
            return all(any(f in mapped for f in group) for group in REQUIRED_GROUPS)

        notes = []
        if sheet is None and len(found) > 1:
            fitting = [n for n, (_, h) in found.items() if usable(h)]
            if len(fitting) != 1:
                raise IngestError(
                    "several_sheets",
                    f"the workbook has several sheets with data ({', '.join(found)}); "
                    "choose the sheet with the invoice lines",
                    sheets=list(found),
                )
            notes.append(
                f"read sheet '{fitting[0]}'; ignored "
                + ", ".join(f"'{n}'" for n in found if n != fitting[0])
            )
            chosen = fitting[0]
        else:
            chosen = sheet or next(iter(found))
        header_row, headers = found[chosen]
    finally:
        wb.close()
    return FileInfo(
        path=path,
        format="xlsx",
        size=size,
        headers=headers,
        sheet=chosen,
        header_row=header_row,
        notes=notes,
    )
