"""Where invoice lines live: Parquet files per municipality plus a manifest.

Layout::

    <store>/<GMxxxx>/manifest.json          the imports that count, and their periods
    <store>/<GMxxxx>/<import_id>.parquet    the invoice lines of one import
    <store>/<GMxxxx>/.staging/<stage_id>/   parsed and validated, not yet committed

The manifest is the single source of truth: a Parquet file that it does not list
does not exist for reports. Commits write new files first, then swap the manifest with
an atomic rename, and only then delete what was replaced; a crash at any point leaves
either the old or the new state, plus at most some unlisted files that ``cleanup``
removes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .report import IngestError

MUNICIPALITY = re.compile(r"^GM\d{4}$")
MANIFEST = "manifest.json"
STAGING = ".staging"


@dataclass
class ImportRecord:
    import_id: str
    file: str  # the uploaded file's name
    content_hash: str  # sha256 of the uploaded bytes
    path: str  # Parquet file name within the municipality's directory
    imported_at: str
    rows: int
    rows_rejected: int
    period_from: str | None  # ISO dates of the first and last invoice date
    period_to: str | None
    total: str  # sum of ``amount`` as a decimal string
    amount_basis: str  # "excl" or "incl" (VAT)
    mapping: dict[str, str] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)  # import ids this one replaced or trimmed
    trimmed_by: list[str] = field(default_factory=list)  # imports that took over part of it
    cube: str | None = None  # Parquet file of monthly aggregates (see ``CUBE_SQL``)

    def overlaps(self, start: str | None, end: str | None) -> bool:
        if not (start and end and self.period_from and self.period_to):
            return False
        return self.period_from <= end and start <= self.period_to


def check_municipality(code: str) -> str:
    if not MUNICIPALITY.match(code or ""):
        raise IngestError(
            "bad_municipality", f"'{code}' is not a CBS municipality code like GM0344"
        )
    return code


class SpendStore:
    """The invoice-line store of all municipalities under one directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def dir(self, municipality: str) -> Path:
        return self.root / check_municipality(municipality)

    # -- reading -------------------------------------------------------------------
    def imports(self, municipality: str) -> list[ImportRecord]:
        path = self.dir(municipality) / MANIFEST
        if not path.exists():
            return []
        data = json.loads(path.read_text(encoding="utf-8"))
        return [ImportRecord(**rec) for rec in data.get("imports", [])]

    def files(self, municipality: str) -> list[Path]:
        """The Parquet files that currently count, for DuckDB's ``read_parquet``."""
        base = self.dir(municipality)
        return [base / rec.path for rec in self.imports(municipality)]

    def cubes(self, municipality: str) -> list[Path] | None:
        """The monthly aggregates of what counts, or None if an import has none."""
        base = self.dir(municipality)
        records = self.imports(municipality)
        if any(not r.cube for r in records):
            return None
        return [base / r.cube for r in records]

    def find_hash(self, municipality: str, content_hash: str) -> ImportRecord | None:
        return next((r for r in self.imports(municipality) if r.content_hash == content_hash), None)

    # -- writing -------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self, municipality: str) -> Iterator[Path]:
        """Serialise writers of one municipality (also across processes)."""
        base = self.dir(municipality)
        base.mkdir(parents=True, exist_ok=True)
        with open(base / ".lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield base
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def write_manifest(self, municipality: str, records: list[ImportRecord]) -> None:
        base = self.dir(municipality)
        data = {
            "version": 1,
            "municipality": municipality,
            "updated_at": now(),
            "imports": [asdict(r) for r in records],
        }
        atomic_write(base / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False).encode())

    def new_stage(self, municipality: str) -> Path:
        path = self.dir(municipality) / STAGING / uuid.uuid4().hex
        path.mkdir(parents=True)
        return path

    def stage_dir(self, municipality: str, stage_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", stage_id or ""):
            raise IngestError("stage_not_found", f"no staged import '{stage_id}'")
        return self.dir(municipality) / STAGING / stage_id

    def remove_import(self, municipality: str, import_id: str) -> ImportRecord:
        """Take an import out of the manifest and delete its file."""
        with self.locked(municipality) as base:
            records = self.imports(municipality)
            gone = next((r for r in records if r.import_id == import_id), None)
            if gone is None:
                raise IngestError("import_not_found", f"no import '{import_id}' in {municipality}")
            self.write_manifest(municipality, [r for r in records if r is not gone])
            (base / gone.path).unlink(missing_ok=True)
            if gone.cube:
                (base / gone.cube).unlink(missing_ok=True)
        return gone

    def cleanup(
        self, municipality: str, stale_after: dt.timedelta = dt.timedelta(days=2)
    ) -> list[Path]:
        """Delete Parquet files no manifest lists (left by a crash) and old stagings."""
        removed: list[Path] = []
        with self.locked(municipality) as base:
            listed = {r.path for r in self.imports(municipality)}
            listed |= {r.cube for r in self.imports(municipality) if r.cube}
            for path in base.glob("*.parquet*"):
                if path.name not in listed:
                    path.unlink()
                    removed.append(path)
            limit = dt.datetime.now().timestamp() - stale_after.total_seconds()
            for stage in (base / STAGING).glob("*"):
                if stage.stat().st_mtime < limit:
                    shutil.rmtree(stage, ignore_errors=True)
                    removed.append(stage)
        return removed


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def duck(temp_dir: Path | None = None, memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET enable_progress_bar = false")
    if temp_dir is not None:
        con.execute("SET temp_directory = ?", [str(temp_dir)])
    return con


def summarise(con: duckdb.DuckDBPyConnection, parquet: Path, cube: bool = False) -> dict[str, Any]:
    """Rows, period and total of a lines file, or (``cube``) of its monthly aggregates:
    the same figures from a quarter of the rows or fewer."""
    sql = (
        "SELECT coalesce(sum(lines), 0), min(first), max(last), coalesce(sum(amount), 0) "
        if cube
        else "SELECT count(*), min(invoice_date), max(invoice_date), coalesce(sum(amount), 0) "
    )
    count, start, end, total = con.execute(sql + "FROM read_parquet(?)", [str(parquet)]).fetchone()
    return {
        "rows": int(count),
        "period_from": start.isoformat() if start else None,
        "period_to": end.isoformat() if end else None,
        "total": str(total),
    }


# Monthly aggregates of one import's lines, written when it is committed: the full
# report reads these (a few per supplier and month) instead of every line whenever its
# period consists of whole months. Same columns the report derives from lines.
# What a line contributes to: its keys in the aggregates (``analytics.report`` derives the
# same keys from the lines for periods that are not whole months).
CUBE_KEYS = """
    supplier_key, date_trunc('month', invoice_date)::DATE AS month,
    coalesce(cost_centre, '(none)') AS cost_centre, coalesce(portfolio, '(none)') AS portfolio,
    cpv[1:2] AS cpv2, category, ledger_account,
    CASE WHEN cpv IS NULL AND category IS NULL AND ledger_account IS NULL
         THEN coalesce(lower(description), '') END AS descr
"""
CUBE_SQL = f"""
    SELECT {CUBE_KEYS},
           sum(amount) AS amount, count(*) AS lines, min(invoice_date) AS first,
           max(invoice_date) AS last, arg_max(supplier_name, invoice_date) AS name
    FROM read_parquet(?)
    GROUP BY ALL
"""  # noqa: S608 - constant text


def write_cube(con: duckdb.DuckDBPyConnection, lines: Path) -> Path:
    target = lines.with_name(lines.name.removesuffix(".parquet") + ".cube.parquet")
    copy_query(con, CUBE_SQL, [str(lines)], target)
    return target


def copy_query(con: duckdb.DuckDBPyConnection, sql: str, params: list, target: Path) -> None:
    """Write a query result to ``target`` through a temporary file and a rename."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    con.execute(
        f"COPY ({sql}) TO '{_quote(tmp)}' (FORMAT parquet, COMPRESSION zstd)",  # noqa: S608
        params,
    )
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
