"""Spend import engine: read finance exports of invoice lines, validate, store as Parquet.

Framework-free (no Django). The public API:

- ``preview_file(path, mapping=None, sheet=None, rows=20) -> Preview``
- ``suggest_mapping(headers) -> {field: header}``; ``FIELDS`` lists the fields
- ``validate_file(path, mapping=None, ...) -> ValidationReport`` (dry run)
- ``stage_import(path, store=, municipality=, mapping=, progress=) -> StagedImport``
- ``commit_import(store, municipality, stage_id, accept_valid=, replace=) -> ImportResult``
- ``import_file(path, store=, municipality=, ...) -> ImportResult`` (stage + commit)
- ``SpendStore(root)``: ``imports(m)``, ``files(m)``, ``remove_import(m, id)``, ``cleanup(m)``
"""

from .amounts import parse_amount, parse_amounts
from .dates import parse_date, parse_dates
from .fields import FIELDS, REQUIRED_GROUPS
from .mapping import resolve_mapping, suggest_mapping, suggestions
from .parse import STORE_SCHEMA, ParseOptions, supplier_key
from .pipeline import (
    ImportResult,
    StagedImport,
    commit_import,
    discard_stage,
    import_file,
    load_stage,
    stage_import,
    validate_file,
)
from .preview import Preview, preview_file
from .report import IngestError, Problem, ValidationReport
from .store import ImportRecord, SpendStore

__all__ = [
    "FIELDS", "REQUIRED_GROUPS", "STORE_SCHEMA", "ImportRecord", "ImportResult", "IngestError",
    "ParseOptions", "Preview", "Problem", "SpendStore", "StagedImport", "ValidationReport",
    "commit_import", "discard_stage", "import_file", "load_stage", "parse_amount",
    "parse_amounts", "parse_date", "parse_dates", "preview_file", "resolve_mapping",
    "stage_import", "suggest_mapping", "suggestions", "supplier_key", "validate_file",
]  # fmt: skip
