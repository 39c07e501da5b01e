"""Reading REGISTER.csv / SUPPLIERS.csv with clear errors, writing LINKS.csv.

Every problem names the file, the row (the header is row 1) and the column. Files
must be UTF-8 (a byte-order mark is fine); the delimiter is a comma, or a semicolon
when the header uses semicolons (as Dutch spreadsheet programs write).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import operator
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

from .gcpause import paused_gc
from .records import Link, RegisterEntry, SupplierRecord

REGISTER_COLUMNS = (
    "id",
    "kvk",
    "name",
    "trade_names",
    "street",
    "house_number",
    "postcode",
    "city",
)
REGISTER_REQUIRED_VALUES = ("id", "name")
SUPPLIER_COLUMNS = ("supplier_id", "name", "kvk", "address", "postcode", "city")
SUPPLIER_REQUIRED_VALUES = ("supplier_id", "name")
DECISION_COLUMNS = ("supplier_id", "register_id")
LINK_COLUMNS = ("supplier_id", "register_id", "score", "method")
MAX_ERRORS = 20


class InputError(Exception):
    """Bad input; ``str(error)`` lists every problem found, one per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        line = data[line_start : line_end if line_end >= 0 else len(data)]
        header = data[: data.find(b"\n")].decode("utf-8-sig", errors="replace")
        where = ""
        try:
            names = next(csv.reader([header], delimiter=_delimiter(header)))
            fields = next(csv.reader([line.decode("utf-8", errors="replace")],
                                     delimiter=_delimiter(header)))  # fmt: skip
            for k, value in enumerate(fields):
                if "\ufffd" in value:
                    where = f", column '{names[k].strip()}'" if k < len(names) else ""
                    break
        except (StopIteration, csv.Error):
            pass
        raise InputError(
            [
                f"{path}: row {row}{where}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                "save the file as UTF-8 (for example 'CSV UTF-8' in a spreadsheet program)"
            ]
        ) from None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_table(
    path: str | Path, columns: Sequence[str], required_values: Sequence[str], key: str
) -> list[tuple[int, list[str]]]:
    """Rows as (row number, values in ``columns`` order) after checking header, shape,
    required values and unique keys."""
    with paused_gc():
        return _read_table(Path(path), columns, required_values, key)


def _read_table(
    path: Path, columns: Sequence[str], required_values: Sequence[str], key: str
) -> list[tuple[int, list[str]]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([f"{path}: file not found"]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot read file ({exc.strerror})"]) from None
    text = _decode(path, data)
    if not text.strip():
        raise InputError([f"{path}: file is empty; expected a header row with columns "
                          f"{','.join(columns)}"])  # fmt: skip
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise InputError([f"{path}: row 1: cannot read the header ({exc})"]) from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(
            [
                f"{path}: row 1: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(c) for c in missing)}; found {', '.join(repr(h) for h in header)}"
            ]
        )
    dupes = sorted({h for h in header if header.count(h) > 1 and h in columns})
    if dupes:
        raise InputError([f"{path}: row 1: column {dupes[0]!r} appears more than once"])
    positions = [header.index(c) for c in columns]
    key_at = list(columns).index(key)
    required = [list(columns).index(c) for c in required_values]
    width = len(header)
    pick = operator.itemgetter(*positions) if len(positions) > 1 else (lambda f: (f[positions[0]],))
    strip = str.strip
    problems: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    seen: dict[str, int] = {}
    try:
        for fields in reader:
            if len(fields) != width:
                if not fields or not any(f.strip() for f in fields):
                    continue  # blank line
                problems.append(
                    f"{path}: row {reader.line_num}: expected {width} fields, found {len(fields)}"
                )
            else:
                record = list(map(strip, pick(fields)))
                row_no = reader.line_num
                if not any(record) and not any(f.strip() for f in fields):
                    continue  # a line of empty fields
                if not all(map(record.__getitem__, required)):
                    for k in required:
                        if not record[k]:
                            problems.append(
                                f"{path}: row {row_no}, column {columns[k]!r}: value is empty"
                            )
                k = record[key_at]
                if k in seen:
                    problems.append(
                        f"{path}: row {row_no}, column {key!r}: {k!r} already used on row {seen[k]}"
                    )
                elif k:
                    seen[k] = row_no
                rows.append((row_no, record))
            if len(problems) >= MAX_ERRORS:
                problems.append(f"{path}: stopped after {MAX_ERRORS} problems")
                break
    except csv.Error as exc:
        problems.append(f"{path}: row {reader.line_num}: {exc}")
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([f"{path}: no data rows after the header"])
    return rows


def read_columns(
    path: str | Path, columns: Sequence[str], required_values: Sequence[str], key: str
) -> list[list[str]]:
    """The values of ``columns`` as lists (one per column), with the checks and errors
    of :func:`read_table`. A well-formed file is read with pyarrow's CSV reader; any
    file it cannot take as it is (a problem to report, a line of empty fields, a
    header in quotes, ...) goes through :func:`read_table`, which gives the same
    values or the problems."""
    with paused_gc():
        fast = _read_fast(Path(path), columns, required_values, key)
        if fast is not None:
            return fast
        rows = read_table(path, columns, required_values, key)
        return [list(col) for col in zip(*(r for _, r in rows), strict=True)]


def _read_fast(
    path: Path, columns: Sequence[str], required_values: Sequence[str], key: str
) -> list[list[str]] | None:
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv

        data = path.read_bytes()
    except (ImportError, OSError):
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    end = data.find(b"\n")
    if end < 0 or b'"' in data[:end]:
        return None
    try:
        first_line = data[:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = _delimiter(first_line)
    header = [h.strip().lower() for h in next(csv.reader([first_line], delimiter=delimiter))]
    if any(c not in header for c in columns) or any(header.count(c) > 1 for c in columns):
        return None
    names = [f"f{k}" for k in range(len(header))]
    wanted = [names[header.index(c)] for c in columns]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(memoryview(data)[end + 1 :]),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=dict.fromkeys(wanted, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None  # wrong number of fields, not UTF-8, no rows, ...
    out = [list(map(str.strip, table.column(k).to_pylist())) for k in range(len(columns))]
    keys = out[list(columns).index(key)]
    if not keys or len(set(keys)) != len(keys):
        return None
    if not all(all(out[list(columns).index(c)]) for c in required_values):
        return None
    return out


def read_register(path: str | Path) -> list[RegisterEntry]:
    with paused_gc():
        rid, kvk, name, trade, street, number, postcode, city = read_columns(
            path, REGISTER_COLUMNS, REGISTER_REQUIRED_VALUES, key="id"
        )
        trade_names = [
            tuple(t.strip() for t in value.split("|") if t.strip()) if value else ()
            for value in trade
        ]
        return _records(
            RegisterEntry, [rid, name, kvk, trade_names, street, number, postcode, city]
        )


def read_suppliers(path: str | Path) -> list[SupplierRecord]:
    with paused_gc():
        columns = read_columns(path, SUPPLIER_COLUMNS, SUPPLIER_REQUIRED_VALUES, "supplier_id")
        return _records(SupplierRecord, columns)


def _records(cls, columns: list[list]) -> list:
    """``list(map(cls, *columns))`` for a frozen, slotted dataclass whose fields are
    ``columns`` in order, about twice as fast: each field is set through its slot in
    one pass over all records (what the generated ``__init__`` does field by field
    for each record, without its per-call overhead)."""
    names = [f.name for f in dataclasses.fields(cls)]
    if len(names) != len(columns) or len({len(c) for c in columns}) > 1:
        raise ValueError("one column per field, all of the same length")
    records = list(map(object.__new__, repeat(cls, len(columns[0]) if columns else 0)))
    for name, column in zip(names, columns, strict=True):
        any(map(getattr(cls, name).__set__, records, column))  # __set__ returns None
    return records


def read_decisions(path: str | Path) -> dict[str, str]:
    """``supplier_id,register_id`` rows; register_id is a register id or ``rejected``."""
    rows = read_table(path, DECISION_COLUMNS, DECISION_COLUMNS, key="supplier_id")
    return {sid: rid for _, (sid, rid) in rows}


def write_links(path: str | Path, links: Sequence[Link], with_status: bool = False) -> None:
    columns = [*LINK_COLUMNS, "status"] if with_status else list(LINK_COLUMNS)
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for lk in links:
            row = [lk.supplier_id, lk.register_id or "", f"{lk.score:.4f}", lk.method]
            w.writerow([*row, lk.status] if with_status else row)
