"""Column mapping: which header in the file feeds which canonical field.

A mapping is ``{field name: header}``. ``suggest_mapping`` proposes one from the header
names; the caller shows it, lets the user change it, and passes it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import BY_NAME, FIELDS, REQUIRED_GROUPS, normalise_header
from .report import IngestError


@dataclass(frozen=True, slots=True)
class Suggestion:
    field: str
    header: str
    score: float  # 1.0 = a known header name; lower = a partial match


def _score(header_norm: str, synonym: str) -> float:
    if header_norm == synonym:
        return 1.0
    if header_norm.replace(" ", "") == synonym.replace(" ", ""):
        return 0.95
    h_tokens, s_tokens = header_norm.split(), synonym.split()
    if s_tokens and all(t in h_tokens for t in s_tokens):
        # "Bedrag excl BTW in euro" contains "bedrag excl btw": the more of the header the
        # synonym explains, the surer we are.
        return 0.5 + 0.4 * len(s_tokens) / len(h_tokens)
    return 0.0


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """Propose ``{field: header}`` from header names (Dutch or English)."""
    return {s.field: s.header for s in suggestions(headers)}


def suggestions(headers: list[str]) -> list[Suggestion]:
    """All chosen suggestions with their score, best first; one header per field."""
    candidates: list[tuple[float, int, int, str, str]] = []
    for col, header in enumerate(headers):
        norm = normalise_header(header)
        if not norm:
            continue
        for rank, f in enumerate(FIELDS):
            best = max((_score(norm, syn) for syn in f.synonyms), default=0.0)
            if best > 0:
                # ties go to the earlier column, then to the field listed first
                candidates.append((best, -col, -rank, f.name, header))
    candidates.sort(reverse=True)
    taken_fields: set[str] = set()
    taken_headers: set[str] = set()
    chosen: list[Suggestion] = []
    for score, _c, _r, name, header in candidates:
        if name in taken_fields or header in taken_headers:
            continue
        taken_fields.add(name)
        taken_headers.add(header)
        chosen.append(Suggestion(name, header, round(score, 2)))
    return chosen


def resolve_mapping(headers: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Check a mapping against the file's headers; return ``{field: column index}``.

    Raises ``IngestError`` for unknown fields, headers that are not in the file, headers
    that occur twice (ambiguous) and missing required fields.
    """
    unknown = sorted(set(mapping) - set(BY_NAME))
    if unknown:
        raise IngestError(
            "unknown_field",
            f"the mapping names unknown fields: {', '.join(unknown)}; "
            f"known fields are {', '.join(BY_NAME)}",
            fields=unknown,
        )
    positions: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        positions.setdefault(h, []).append(i)
    resolved: dict[str, int] = {}
    for name, header in mapping.items():
        if header in (None, ""):
            continue
        cols = positions.get(header)
        if not cols:
            raise IngestError(
                "mapped_column_not_found",
                f"column '{header}' (for {BY_NAME[name].label}) is not in the file; "
                f"the file has: {', '.join(repr(h) for h in headers)}",
                field=name,
                column=header,
            )
        if len(cols) > 1:
            raise IngestError(
                "duplicate_header",
                f"the header '{header}' occurs {len(cols)} times (columns "
                f"{', '.join(str(c + 1) for c in cols)}); rename one so the mapping of "
                f"{BY_NAME[name].label} is unambiguous",
                column=header,
                columns=[c + 1 for c in cols],
            )
        resolved[name] = cols[0]
    for group in REQUIRED_GROUPS:
        if not any(name in resolved for name in group):
            labels = " or ".join(BY_NAME[n].label for n in group)
            raise IngestError(
                "missing_required_column",
                f"no column for {labels}; the file has: {', '.join(repr(h) for h in headers)}",
                fields=list(group),
            )
    return resolved
