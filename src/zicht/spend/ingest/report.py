"""The validation report: every problem with file, row and column, before anything is stored.

Messages are English sentences for the CLI and logs; ``code`` and ``params`` let the web
app render its own (translated) text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(slots=True)
class Problem:
    code: str  # e.g. "amount_unparseable", "missing_required_column"
    message: str
    severity: str = ERROR
    row: int | None = None  # spreadsheet row number: the header is row 1; None = whole file
    column: str | None = None  # the column header in the file
    field: str | None = None  # the canonical field it was mapped to
    value: str | None = None  # the offending cell, shortened
    params: dict[str, Any] = dc_field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self, file: str = "") -> str:
        where = [file] if file else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class IngestError(Exception):
    """A problem with the whole file (not one row): nothing can be imported."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.problem = Problem(code=code, message=message, params=params)


@dataclass
class ValidationReport:
    file: str
    format: str = ""  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    headers: list[str] = dc_field(default_factory=list)
    mapping: dict[str, str] = dc_field(default_factory=dict)  # canonical field -> header
    rows_total: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = dc_field(default_factory=list)  # capped at max_listed per code
    counts: Counter = dc_field(default_factory=Counter)  # code -> number of problems, never capped
    severities: dict[str, str] = dc_field(default_factory=dict)  # code -> severity
    max_listed: int = 200

    def add(self, problem: Problem) -> None:
        self.counts[problem.code] += 1
        self.severities[problem.code] = problem.severity
        if self.counts[problem.code] <= self.max_listed:
            self.problems.append(problem)

    def wants(self, code: str) -> int:
        """How many more problems of this code would still be listed."""
        return max(0, self.max_listed - self.counts[code])

    @property
    def rows_valid(self) -> int:
        return self.rows_total - self.rows_rejected

    @property
    def fatal(self) -> bool:
        """A file-level error: nothing in this file can be imported."""
        return any(p.severity == ERROR and p.row is None for p in self.problems)

    @property
    def errors(self) -> int:
        return sum(n for code, n in self.counts.items() if self.severities.get(code) == ERROR)

    @property
    def warnings(self) -> int:
        return sum(n for code, n in self.counts.items() if self.severities.get(code) == WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def sorted_problems(self) -> list[Problem]:
        """File-level problems first, then by row."""
        return sorted(self.problems, key=lambda p: (p.row is not None, p.row or 0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "headers": self.headers,
            "mapping": self.mapping,
            "rows_total": self.rows_total,
            "rows_valid": self.rows_valid,
            "rows_rejected": self.rows_rejected,
            "ok": self.ok,
            "fatal": self.fatal,
            "errors": self.errors,
            "warnings": self.warnings,
            "counts": dict(self.counts),
            "severities": self.severities,
            "problems": [p.to_dict() for p in self.sorted_problems()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationReport:
        report = cls(file=data["file"])
        for key in ("format", "encoding", "delimiter", "sheet", "headers", "mapping"):
            setattr(report, key, data.get(key, getattr(report, key)))
        report.rows_total = data.get("rows_total", 0)
        report.rows_rejected = data.get("rows_rejected", 0)
        report.counts = Counter(data.get("counts", {}))
        report.severities = dict(data.get("severities", {}))
        report.problems = [Problem(**p) for p in data.get("problems", [])]
        return report

    def to_text(self, limit: int = 50) -> str:
        lines = [
            f"{self.file}: {self.rows_total} data rows, {self.rows_valid} valid, "
            f"{self.rows_rejected} rejected"
        ]
        for p in self.sorted_problems()[:limit]:
            lines.append(f"  {p.severity}: {p.describe(self.file)}")
        hidden = sum(self.counts.values()) - min(limit, len(self.problems))
        if hidden > 0:
            summary = ", ".join(f"{code}: {n}" for code, n in sorted(self.counts.items()))
            lines.append(f"  ... and {hidden} more ({summary})")
        return "\n".join(lines)
