"""Stream the rows of a sniffed file as batches of string columns.

CSV goes through pyarrow's streaming reader (vectorised, multi-threaded parsing, a few
megabytes in memory at a time). A row with the wrong number of fields stops that
reader, because it cannot say *which* row it skipped; ``read_batches`` then restarts
with Python's csv module, which is slower but numbers every row exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pcsv

from .report import IngestError, Problem
from .sniff import FileInfo

BLOCK_BYTES = 8 * 1024 * 1024
READ_AHEAD_BLOCKS = 4
PY_BATCH_ROWS = 50_000

Progress = Callable[[int, int], None]


@dataclass
class RawBatch:
    rows: pa.Array  # int64 spreadsheet row numbers (header = row 1 for CSV)
    columns: dict[str, pa.Array]  # field -> string column (only mapped fields)
    done: int  # progress so far, in the unit of ``total``
    total: int
    problems: list[Problem]  # rows that could not be split into fields at all
    rejected: int = 0  # how many such rows

    def __len__(self) -> int:
        return len(self.rows)


class Restart(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CountingReader(io.RawIOBase):
    """A binary file that counts bytes read, refuses binary content and, with
    ``max_ahead``, keeps its reader at most that many bytes ahead of what the consumer
    acknowledged.

    pyarrow's streaming CSV reader reads ahead greedily (dozens of blocks when reading
    is faster than parsing); the throttle bounds the memory that takes. It never waits
    longer than ``patience`` seconds, so a wrong estimate slows reading down but cannot
    deadlock it.
    """

    def __init__(
        self, raw: io.BufferedReader, max_ahead: int | None = None, patience: float = 2.0
    ) -> None:
        self.raw = raw
        self.bytes_read = 0
        self.acked = 0
        self.max_ahead = max_ahead
        self.patience = patience
        self.error: IngestError | None = None
        self._cond = threading.Condition()

    def readable(self) -> bool:
        return True

    def ack(self, nbytes: int) -> None:
        with self._cond:
            self.acked += nbytes
            self._cond.notify_all()

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.max_ahead is not None:
            with self._cond:
                self._cond.wait_for(
                    lambda: self.closed or self.bytes_read - self.acked < self.max_ahead,
                    timeout=self.patience,
                )
        if self.closed:
            raise ValueError("the import was stopped")
        n = self.raw.readinto(buffer)
        if n:
            pos = memoryview(buffer)[:n].tobytes().find(b"\x00")
            if pos >= 0:
                at = self.bytes_read + pos
                self.error = IngestError(
                    "binary_file",
                    f"the file contains binary data (a NUL byte at byte {at:,}); "
                    "is it damaged, or not a CSV export?",
                    offset=at,
                )
                raise self.error
            self.bytes_read += n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()
        with self._cond:
            self._cond.notify_all()


def read_batches(info: FileInfo, cols: dict[str, int], exact: bool = False) -> Iterator[RawBatch]:
    """Yield batches of the mapped columns, in file order.

    Raises ``Restart`` (possibly after some batches) when the fast CSV reader meets a row
    it cannot number or text that is not UTF-8: the caller throws away what it has and
    calls again with ``exact=True`` (``info.encoding`` has been corrected by then).
    """
    if info.format == "xlsx":
        yield from _xlsx_batches(info, cols)
    elif exact:
        yield from _python_batches(info, cols, info.encoding)
    else:
        try:
            yield from _arrow_batches(info, cols, info.encoding)
        except Restart as restart:
            if restart.reason == "encoding":
                info.notes.append("the file is not UTF-8 throughout; read it as Windows-1252")
                info.encoding = "cp1252"
            raise


def _arrow_batches(info: FileInfo, cols: dict[str, int], encoding: str) -> Iterator[RawBatch]:
    names = [f"c{i}" for i in range(len(info.headers))]
    wanted = {field: names[i] for field, i in cols.items()}
    ragged: list[object] = []

    def on_invalid(row: object) -> str:
        ragged.append(row)
        return "error"

    block = BLOCK_BYTES
    raw = CountingReader(open(info.path, "rb"), max_ahead=READ_AHEAD_BLOCKS * block)  # noqa: SIM115
    try:
        reader = pcsv.open_csv(
            raw,
            read_options=pcsv.ReadOptions(
                column_names=names,
                skip_rows=info.header_line + 1,
                block_size=block,
                encoding="utf8" if encoding == "utf-8" else encoding,
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=info.delimiter, invalid_row_handler=on_invalid
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.string() for n in set(wanted.values())},
                include_columns=sorted(set(wanted.values())),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        next_row = 2
        for rb in reader:
            raw.ack(block)  # about one block per batch
            n = rb.num_rows
            yield RawBatch(
                rows=pa.array(range(next_row, next_row + n), pa.int64()),
                columns={f: rb.column(c) for f, c in wanted.items()},
                done=raw.bytes_read,
                total=info.size,
                problems=[],
            )
            next_row += n
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
        if raw.error:
            raise raw.error from exc
        if ragged:
            raise Restart("ragged") from exc
        text = str(exc)
        if "UTF8" in text or "UTF-8" in text or isinstance(exc, UnicodeDecodeError):
            raise Restart("encoding") from exc
        if "straddling" in text or "block size" in text:
            raise IngestError(
                "row_too_large",
                'a row is larger than 8 MB; is a quote (") left open?',
            ) from exc
        raise IngestError("csv_unreadable", f"the CSV file cannot be read: {text}") from exc
    finally:
        raw.close()


def _python_batches(info: FileInfo, cols: dict[str, int], encoding: str) -> Iterator[RawBatch]:
    width = len(info.headers)
    fields = list(cols)
    idx = [cols[f] for f in fields]
    raw = CountingReader(open(info.path, "rb"))  # noqa: SIM115 - closed in finally
    text = io.TextIOWrapper(
        io.BufferedReader(raw),
        encoding="utf-8-sig" if encoding == "utf-8" else encoding,
        errors="strict",
        newline="",
    )
    try:
        for _ in range(info.header_line + 1):
            text.readline()
        reader = csv.reader(text, delimiter=info.delimiter)
        row_no = 1
        buf_rows: list[int] = []
        buf: list[list[str]] = [[] for _ in fields]
        problems: list[Problem] = []
        rejected = 0
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # blank lines are not rows (as in the fast reader)
            row_no += 1
            if len(record) != width:
                rejected += 1
                message = f"the row has {len(record)} fields, the header has {width}"
                if info.delimiter == "," and len(record) > width:
                    message += "; a value with a comma in it (such as 1.234,56) must be quoted"
                problems.append(
                    Problem(
                        code="wrong_field_count",
                        message=message,
                        row=row_no,
                        value=info.delimiter.join(record)[:80],
                        params={"fields": len(record), "expected": width},
                    )
                )
                continue
            buf_rows.append(row_no)
            for j, i in enumerate(idx):
                buf[j].append(record[i])
            if len(buf_rows) >= PY_BATCH_ROWS:
                yield _py_batch(buf_rows, fields, buf, raw, info, problems, rejected)
                buf_rows, buf, problems, rejected = [], [[] for _ in fields], [], 0
        if buf_rows or problems:
            yield _py_batch(buf_rows, fields, buf, raw, info, problems, rejected)
    except UnicodeDecodeError as exc:
        raise IngestError(
            "wrong_encoding",
            f"the file is not valid {encoding} after row {row_no}; save it as CSV in UTF-8",
        ) from exc
    except csv.Error as exc:
        raise IngestError("csv_unreadable", f"row {row_no + 1} cannot be read: {exc}") from exc
    except OSError as exc:
        if raw.error:
            raise raw.error from exc
        raise
    finally:
        text.close()


def _py_batch(rows, fields, buf, raw, info, problems, rejected) -> RawBatch:
    return RawBatch(
        rows=pa.array(rows, pa.int64()),
        columns={f: pa.array(col, pa.string()) for f, col in zip(fields, buf, strict=True)},
        done=raw.bytes_read,
        total=info.size,
        problems=problems,
        rejected=rejected,
    )


def cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV export would hold (amounts with a dot decimal)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.2f}"  # two decimals never look like Dutch thousands ("1.234")
    return str(value).strip()


def _xlsx_batches(info: FileInfo, cols: dict[str, int]) -> Iterator[RawBatch]:
    from openpyxl import load_workbook

    wb = load_workbook(info.path, read_only=True, data_only=True)
    try:
        ws = wb[info.sheet]
        total = max(0, (ws.max_row or 0) - info.header_row)
        fields = list(cols)
        idx = [cols[f] for f in fields]
        buf_rows: list[int] = []
        buf: list[list[str]] = [[] for _ in fields]
        done = 0
        for row_no, row in enumerate(
            ws.iter_rows(min_row=info.header_row + 1, values_only=True), info.header_row + 1
        ):
            done += 1
            cells = [cell_text(row[i]) if i < len(row) else "" for i in idx]
            if not any(cells) and not any(c not in (None, "") for c in row):
                continue  # empty rows
            buf_rows.append(row_no)
            for j, c in enumerate(cells):
                buf[j].append(c)
            if len(buf_rows) >= PY_BATCH_ROWS:
                yield RawBatch(
                    rows=pa.array(buf_rows, pa.int64()),
                    columns={f: pa.array(c, pa.string()) for f, c in zip(fields, buf, strict=True)},
                    done=done,
                    total=max(total, done),
                    problems=[],
                )
                buf_rows, buf = [], [[] for _ in fields]
        if buf_rows:
            yield RawBatch(
                rows=pa.array(buf_rows, pa.int64()),
                columns={f: pa.array(c, pa.string()) for f, c in zip(fields, buf, strict=True)},
                done=done,
                total=max(total, done),
                problems=[],
            )
    finally:
        wb.close()
