"""Import a spend file: validate and stage it in one streaming pass, then commit.

Usage (what the web app's background task does)::

    staged = stage_import("export.csv", store=SpendStore(root), municipality="GM0344",
                          mapping=None, progress=lambda done, total: ...)
    staged.report.to_dict()          # show it; the user fixes the file or accepts
    result = commit_import(store, "GM0344", staged.stage_id, accept_valid=True)
    result.status                    # "imported", "already_imported", "invalid", "overlap"

``import_file`` does both in one call (the command line).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .mapping import resolve_mapping, suggest_mapping
from .parse import BatchParser, ParseOptions
from .readers import Restart, read_batches
from .report import ERROR, IngestError, Problem, ValidationReport
from .sniff import DELIMITER_NAMES, FileInfo, sniff
from .store import (
    ImportRecord,
    SpendStore,
    check_municipality,
    copy_query,
    duck,
    fsync_dir,
    now,
    summarise,
    write_cube,
)

Progress = Callable[[int, int], None]
# a line that repeats an earlier one in all of these is a duplicate invoice line
DUP_KEY = (
    "supplier_key, supplier_name, invoice_number, invoice_date, amount_excl, amount_incl, "
    "description, cost_centre, ledger_account, portfolio, category, cpv"
)
ROW_GROUP_ROWS = 256 * 1024


@dataclass
class StagedImport:
    stage_id: str
    municipality: str
    file: str
    content_hash: str
    report: ValidationReport
    mapping: dict[str, str]
    rows: int = 0  # rows that parsed and can be stored
    duplicates: int = 0  # of those, repeats of an earlier row (dropped on commit)
    period_from: str | None = None
    period_to: str | None = None
    total: str = "0"
    amount_basis: str = "excl"
    overlaps: list[str] = field(default_factory=list)  # import ids with overlapping periods
    already_imported: str | None = None  # import id with the same content hash

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["report"] = self.report.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StagedImport:
        data = dict(data)
        data["report"] = ValidationReport.from_dict(data["report"])
        return cls(**data)


@dataclass
class ImportResult:
    status: str  # "imported", "already_imported", "invalid", "overlap"
    message: str
    report: ValidationReport | None = None
    record: ImportRecord | None = None
    overlaps: list[ImportRecord] = field(default_factory=list)
    stage_id: str | None = None  # still staged (status "overlap"/"invalid"): commit again

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "report": self.report.to_dict() if self.report else None,
            "record": asdict(self.record) if self.record else None,
            "overlaps": [asdict(r) for r in self.overlaps],
            "stage_id": self.stage_id,
        }


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            h.update(chunk)
    return h.hexdigest()


def _fail(report: ValidationReport, exc: IngestError) -> ValidationReport:
    report.add(exc.problem)
    return report


def _new_report(path: Path, display: str | None) -> ValidationReport:
    return ValidationReport(file=display or path.name)


def _describe_info(report: ValidationReport, info: FileInfo) -> None:
    report.format = info.format
    report.encoding = info.encoding
    report.delimiter = DELIMITER_NAMES.get(info.delimiter, info.delimiter)
    report.sheet = info.sheet
    report.headers = list(info.headers)


class _Writer:
    """Writes tables to Parquet in a background thread (pyarrow releases the GIL while
    it encodes and compresses), so parsing the next batch overlaps writing this one.
    The queue holds at most two tables: memory stays bounded."""

    # dictionary encoding pays off only for the repetitive columns
    DICTIONARY = ["supplier_key", "supplier_number", "supplier_name", "kvk", "address",
                  "postcode", "city", "cost_centre", "ledger_account", "portfolio",
                  "category", "cpv"]  # fmt: skip

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.writer = pq.ParquetWriter(
            path, schema, compression="zstd", use_dictionary=self.DICTIONARY
        )
        self.queue: queue.Queue[pa.Table | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="parquet-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (table := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    self.error = exc

    def write(self, table: pa.Table) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(table)

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self.writer.close()
        if self.error is not None:
            raise self.error


def _parse_to(
    info: FileInfo,
    mapping: dict[str, str],
    report: ValidationReport,
    options: ParseOptions,
    out: Path,
    progress: Progress | None,
    check: Callable[[], None] = lambda: None,
) -> ValidationReport:
    """One streaming pass: parse every batch, describe bad rows, write good rows to ``out``.
    Restarts (with a fresh report) when the fast reader has to give way. ``check`` is
    called after every batch and may raise to stop."""
    cols = resolve_mapping(info.headers, mapping)
    headers = {f: info.headers[i] for f, i in cols.items()}
    exact = False
    for _attempt in range(3):
        fresh = ValidationReport(file=report.file, mapping=dict(mapping))
        _describe_info(fresh, info)
        parser = BatchParser(headers=headers, report=fresh, options=options)
        writer = _Writer(out, parser_schema())
        pending: list[pa.Table] = []
        pending_rows = 0
        try:
            for batch in read_batches(info, cols, exact=exact):
                table = parser.parse(batch)
                pending.append(table)
                pending_rows += table.num_rows
                if pending_rows >= ROW_GROUP_ROWS:
                    writer.write(pa.concat_tables(pending))
                    pending, pending_rows = [], 0
                if progress is not None:
                    progress(batch.done, batch.total)
                check()
            if pending:
                writer.write(pa.concat_tables(pending))
            writer.close()
        except Restart as restart:
            exact = exact or restart.reason == "ragged"
            continue
        finally:
            with contextlib.suppress(Exception):
                writer.close()
        fresh.mapping = dict(mapping)
        for note in info.notes:
            fresh.add(Problem(code="note", message=note, severity="warning"))
        return fresh
    raise IngestError("csv_unreadable", "the file cannot be read consistently")  # pragma: no cover


class _Hasher(threading.Thread):
    """The file's sha256, computed beside the parsing (hashlib releases the GIL)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="content-hash", daemon=True)
        self.path = path
        self.digest: str | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.digest = file_hash(self.path)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            self.error = exc

    def result(self) -> str:
        self.join()
        if self.error is not None:
            raise self.error
        return self.digest or ""


class _Known(Exception):
    def __init__(self, record: ImportRecord) -> None:
        super().__init__(record.import_id)
        self.record = record


def parser_schema() -> pa.Schema:
    from .parse import STORE_SCHEMA

    return STORE_SCHEMA


def _find_duplicates(
    con, data: Path, report: ValidationReport, headers: dict[str, str], out: Path
) -> int:
    """Rows that repeat an earlier row in every mapped field are duplicate invoice lines."""
    # Two steps: a 64-bit hash of the key columns finds candidate groups cheaply (one
    # integer per row to group by); only rows whose hash repeats are compared in full.
    con.execute(
        f"""
        COPY (
            WITH lines AS (
                SELECT row, {DUP_KEY}, hash({DUP_KEY}) AS h FROM read_parquet('{data}')
            ), repeated AS (
                SELECT h FROM lines GROUP BY h HAVING count(*) > 1
            )
            SELECT unnest(rows[2:]) AS row, rows[1] AS first_row
            FROM (
                SELECT list(row ORDER BY row) AS rows FROM lines SEMI JOIN repeated USING (h)
                GROUP BY {DUP_KEY}
                HAVING count(*) > 1
            )
        ) TO '{out}' (FORMAT parquet)
        """  # noqa: S608 - paths are ours
    )
    n = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]  # noqa: S608
    if n:
        listed = con.execute(
            f"SELECT row, first_row FROM read_parquet('{out}') ORDER BY row LIMIT ?",  # noqa: S608
            [report.wants("duplicate_line")],
        ).fetchall()
        column = headers.get("invoice_number") or headers.get("supplier_name")
        for row, first in listed:
            report.add(
                Problem(
                    code="duplicate_line",
                    message=f"the same invoice line as row {first}",
                    row=row,
                    column=column,
                    params={"first_row": first},
                )
            )
        report.counts["duplicate_line"] += n - len(listed)
        report.severities["duplicate_line"] = ERROR
        report.rows_rejected += n
    return n


def stage_import(
    path: str | Path,
    *,
    store: SpendStore,
    municipality: str,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    options: ParseOptions | None = None,
    progress: Progress | None = None,
    filename: str | None = None,
) -> StagedImport:
    """Read, validate and stage a file; nothing that counts changes.

    ``filename`` is the name to show (an upload's original name). ``progress(done,
    total)`` is called after each batch, in bytes for CSV and rows for XLSX; raising
    from it cancels the import and removes the staging. A staged import with
    ``report.fatal`` cannot be committed.
    """
    path = Path(path)
    check_municipality(municipality)
    options = options or ParseOptions()
    report = _new_report(path, filename)
    stage = store.new_stage(municipality)
    staged = StagedImport(
        stage_id=stage.name, municipality=municipality, file=report.file,
        content_hash="", report=report, mapping={},
    )  # fmt: skip
    try:
        info = sniff(path, sheet)  # first: it rejects most broken files from a sample
        _describe_info(report, info)
        # The hash decides whether this exact file was imported before. It is computed
        # beside the parsing, which stops as soon as the hash turns out to be known.
        hasher = _Hasher(path)
        hasher.start()
        looked: list[bool] = []

        def known() -> None:
            if not looked and not hasher.is_alive():
                looked.append(True)
                earlier = store.find_hash(municipality, hasher.result())
                if earlier is not None:
                    raise _Known(earlier)

        staged.mapping = dict(mapping) if mapping else suggest_mapping(info.headers)
        report.mapping = staged.mapping
        data = stage / "data.parquet"
        try:
            report = staged.report = _parse_to(
                info, staged.mapping, report, options, data, progress, known
            )
            staged.content_hash = hasher.result()
            known()
        except _Known as exc:
            staged.content_hash = exc.record.content_hash
            staged.already_imported = exc.record.import_id
            staged.report = report
            data.unlink(missing_ok=True)
            _save(stage, staged)
            return staged
        headers = {f: h for f, h in staged.mapping.items()}
        if report.rows_total == 0:
            report.add(
                Problem(code="header_only", message="the file has a header but no data rows")
            )
        con = duck(stage)
        try:
            if options.duplicates == "error":
                staged.duplicates = _find_duplicates(
                    con, data, report, headers, stage / "duplicates.parquet"
                )
            summary = summarise(con, data)
        finally:
            con.close()
        staged.rows = summary["rows"]
        staged.period_from, staged.period_to = summary["period_from"], summary["period_to"]
        staged.total = summary["total"]
        staged.amount_basis = "excl" if "amount_excl" in staged.mapping else "incl"
        staged.overlaps = [
            r.import_id
            for r in store.imports(municipality)
            if r.overlaps(staged.period_from, staged.period_to)
        ]
    except IngestError as exc:
        _fail(report, exc)
        staged.report = report
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _save(stage, staged)
    return staged


def _save(stage: Path, staged: StagedImport) -> None:
    (stage / "stage.json").write_text(json.dumps(staged.to_dict(), ensure_ascii=False), "utf-8")


def load_stage(store: SpendStore, municipality: str, stage_id: str) -> StagedImport:
    stage = store.stage_dir(municipality, stage_id)
    if not (stage / "stage.json").exists():
        raise IngestError("stage_not_found", f"no staged import '{stage_id}'")
    return StagedImport.from_dict(json.loads((stage / "stage.json").read_text("utf-8")))


def discard_stage(store: SpendStore, municipality: str, stage_id: str) -> None:
    shutil.rmtree(store.stage_dir(municipality, stage_id), ignore_errors=True)


def commit_import(
    store: SpendStore,
    municipality: str,
    stage_id: str,
    *,
    accept_valid: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Make a staged import count, atomically.

    - same content already imported: ``already_imported``, nothing changes;
    - problems in the report: ``invalid`` unless ``accept_valid`` (then the valid rows
      are stored and the rejected ones left out); a file-level problem is always invalid;
    - its period overlaps earlier imports: ``overlap`` unless ``replace``; replacing
      removes the earlier imports' lines within this import's period (whole imports
      when they lie inside it) and keeps their lines outside it.

    ``invalid`` and ``overlap`` keep the staging so the caller can commit again with
    other choices; the other outcomes remove it.
    """
    staged = load_stage(store, municipality, stage_id)
    stage = store.stage_dir(municipality, stage_id)
    report = staged.report
    with store.locked(municipality) as base:
        records = store.imports(municipality)
        same = next((r for r in records if r.content_hash == staged.content_hash), None)
        if same is not None:
            shutil.rmtree(stage, ignore_errors=True)
            return ImportResult(
                "already_imported",
                f"{staged.file} was imported before ({same.import_id}, {same.imported_at}); "
                "nothing changed",
                report=report, record=same,
            )  # fmt: skip
        if report.fatal or staged.rows == 0:
            why = "the file cannot be imported" if report.fatal else "the file has no valid rows"
            return ImportResult("invalid", why, report=report, stage_id=stage_id)
        if not report.ok and not accept_valid:
            return ImportResult(
                "invalid",
                f"{report.errors} problems in {report.rows_rejected} rows; fix the file or "
                f"accept the {report.rows_valid} valid rows",
                report=report, stage_id=stage_id,
            )  # fmt: skip
        overlaps = [r for r in records if r.overlaps(staged.period_from, staged.period_to)]
        if overlaps and not replace:
            return ImportResult(
                "overlap",
                f"the period {staged.period_from} .. {staged.period_to} overlaps "
                + ", ".join(f"{r.file} ({r.period_from} .. {r.period_to})" for r in overlaps)
                + "; replace those lines or cancel",
                report=report, overlaps=overlaps, stage_id=stage_id,
            )  # fmt: skip
        import_id = f"{now()[:19].replace('-', '').replace(':', '')}-{staged.content_hash[:8]}"
        target = base / f"{import_id}.parquet"
        con = duck(stage)
        try:
            data = stage / "data.parquet"
            dups = stage / "duplicates.parquet"
            if staged.duplicates and dups.exists():
                copy_query(
                    con,
                    f"SELECT * FROM read_parquet('{data}') WHERE row NOT IN "  # noqa: S608
                    f"(SELECT row FROM read_parquet('{dups}')) ORDER BY row",
                    [], target,
                )  # fmt: skip
            else:
                data.replace(target)
                fsync_dir(base)
            cube = write_cube(con, target)
            summary = summarise(con, cube, cube=True)
            record = ImportRecord(
                import_id=import_id, file=staged.file, content_hash=staged.content_hash,
                path=target.name, imported_at=now(), rows=summary["rows"],
                rows_rejected=report.rows_rejected, period_from=summary["period_from"],
                period_to=summary["period_to"], total=summary["total"],
                amount_basis=staged.amount_basis, mapping=staged.mapping,
                replaced=[r.import_id for r in overlaps], cube=cube.name,
            )  # fmt: skip
            kept, obsolete = _trim(con, base, records, overlaps, record)
        finally:
            con.close()
        store.write_manifest(municipality, [*kept, record])
        for path in obsolete:  # no longer listed: safe to delete
            path.unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)
    replaced = f"; replaced lines of {len(overlaps)} earlier imports" if overlaps else ""
    return ImportResult(
        "imported",
        f"imported {record.rows} lines of {staged.file} ({record.period_from} .. "
        f"{record.period_to}){replaced}",
        report=report, record=record, overlaps=overlaps,
    )  # fmt: skip


def _trim(con, base: Path, records, overlaps, new: ImportRecord):
    """Earlier imports minus the new import's period."""
    kept: list[ImportRecord] = []
    obsolete: list[Path] = []
    overlapping = {r.import_id for r in overlaps}
    for rec in records:
        if rec.import_id not in overlapping:
            kept.append(rec)
            continue
        old = base / rec.path
        obsolete.append(old)
        if rec.cube:
            obsolete.append(base / rec.cube)
        if new.period_from <= rec.period_from and rec.period_to <= new.period_to:
            continue  # entirely replaced
        trimmed = base / f"{rec.import_id}.{new.import_id}.parquet"
        copy_query(
            con,
            f"SELECT * FROM read_parquet('{old}') "  # noqa: S608
            "WHERE invoice_date < ?::DATE OR invoice_date > ?::DATE ORDER BY row",
            [new.period_from, new.period_to],
            trimmed,
        )
        cube = write_cube(con, trimmed)
        summary = summarise(con, cube, cube=True)
        kept.append(
            ImportRecord(
                **{
                    **asdict(rec),
                    **summary,
                    "path": trimmed.name,
                    "cube": cube.name,
                    "trimmed_by": [*rec.trimmed_by, new.import_id],
                }
            )
        )
    return kept, obsolete


def import_file(
    path: str | Path,
    *,
    store: SpendStore,
    municipality: str,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    options: ParseOptions | None = None,
    accept_valid: bool = False,
    replace: bool = False,
    progress: Progress | None = None,
    keep_stage: bool = False,
) -> ImportResult:
    """Stage and commit in one go. Unless ``keep_stage``, an import that is not
    committed leaves no staging behind."""
    staged = stage_import(
        path, store=store, municipality=municipality, mapping=mapping, sheet=sheet,
        options=options, progress=progress,
    )  # fmt: skip
    result = commit_import(
        store, municipality, staged.stage_id, accept_valid=accept_valid, replace=replace
    )
    if result.stage_id and not keep_stage:
        discard_stage(store, municipality, result.stage_id)
        result.stage_id = None
    return result


def validate_file(
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    options: ParseOptions | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """The full validation report of a file, without a store (a dry run)."""
    with tempfile.TemporaryDirectory(prefix="zicht-validate-") as tmp:
        staged = stage_import(
            path, store=SpendStore(tmp), municipality="GM0000", mapping=mapping,
            sheet=sheet, options=options, progress=progress,
        )  # fmt: skip
        return staged.report
