"""The first rows of a file as they will be read: for the column-mapping screen."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .fields import BY_NAME
from .mapping import resolve_mapping, suggestions
from .parse import BatchParser, ParseOptions
from .readers import Restart, read_batches
from .report import IngestError, Problem, ValidationReport
from .sniff import DELIMITER_NAMES, sniff


@dataclass
class Preview:
    file: str
    format: str
    encoding: str
    delimiter: str
    sheet: str
    headers: list[str]
    suggested: dict[str, str]  # field -> header
    scores: dict[str, float]  # field -> confidence of the suggestion (1.0 = known name)
    mapping: dict[str, str]  # the mapping used below (given, else suggested)
    raw: list[dict[str, str]] = field(default_factory=list)  # header -> cell text
    parsed: list[dict[str, Any]] = field(default_factory=list)  # row, field -> value / error
    problems: list[Problem] = field(default_factory=list)  # mapping or file problems
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "problems"}
        data["problems"] = [p.to_dict() for p in self.problems]
        data["fields"] = [{"name": f.name, "label": f.label} for f in BY_NAME.values()]
        return data


def preview_file(
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    rows: int = 20,
    options: ParseOptions | None = None,
) -> Preview:
    """Sniff a file, suggest a mapping and show its first ``rows`` data rows, raw and
    parsed (amounts as strings with two decimals, dates as ISO). Raises
    ``IngestError`` if the file itself cannot be read."""
    info = sniff(path, sheet)
    chosen = suggestions(info.headers)
    suggested = {s.field: s.header for s in chosen}
    used = dict(mapping) if mapping else suggested
    preview = Preview(
        file=Path(path).name, format=info.format, encoding=info.encoding,
        delimiter=DELIMITER_NAMES.get(info.delimiter, info.delimiter), sheet=info.sheet,
        headers=info.headers, suggested=suggested,
        scores={s.field: s.score for s in chosen}, mapping=used, notes=info.notes,
    )  # fmt: skip
    try:
        cols = resolve_mapping(info.headers, used)
    except IngestError as exc:
        preview.problems.append(exc.problem)
        cols = None
    # raw cells of every column, not only mapped ones
    all_cols = {f"c{i}": i for i in range(len(info.headers))}
    raw_batch = _first(info, all_cols, rows)
    if raw_batch is None:
        return preview
    n = min(rows, len(raw_batch))
    for r in range(n):
        preview.raw.append(
            {h: raw_batch.columns[f"c{i}"][r].as_py() for i, h in enumerate(info.headers)}
        )
    if cols is None:
        return preview
    batch = _first(info, cols, rows)
    report = ValidationReport(file=preview.file, max_listed=rows * 10)
    parser = BatchParser(
        headers={f: info.headers[i] for f, i in cols.items()}, report=report,
        options=options or ParseOptions(),
    )  # fmt: skip
    head = _head(batch, n)
    table = parser.parse(head, keep_rejected=True)
    by_row = {
        row: rec
        for row, rec in zip(table.column("row").to_pylist(), table.to_pylist(), strict=True)
    }
    errors: dict[int, dict[str, str]] = {}
    for p in report.problems:
        if p.row is not None:
            errors.setdefault(p.row, {})[p.field or "row"] = p.message
    for row in head.rows.to_pylist():
        rec = by_row.get(row)
        shown: dict[str, Any] = {"row": row, "errors": errors.get(row, {})}
        for name in cols:
            value = rec.get(name) if rec else None
            shown[name] = (
                value.isoformat()
                if hasattr(value, "isoformat")
                else (str(value) if value is not None else None)
            )
        shown["supplier_key"] = rec.get("supplier_key") if rec else None
        preview.parsed.append(shown)
    return preview


def _first(info, cols, rows):
    try:
        for exact in (False, True):
            try:
                return next(itertools.islice(read_batches(info, cols, exact=exact), 1), None)
            except Restart:
                continue
    except IngestError:
        return None
    return None


def _head(batch, n):
    from .readers import RawBatch

    return RawBatch(
        rows=batch.rows.slice(0, n),
        columns={k: v.slice(0, n) for k, v in batch.columns.items()},
        done=batch.done, total=batch.total,
        problems=[p for p in batch.problems if p.row is not None and p.row <= (batch.rows[n - 1].as_py() if n else 0)],
    )  # fmt: skip


_ = pa  # pyarrow arrays flow through this module
