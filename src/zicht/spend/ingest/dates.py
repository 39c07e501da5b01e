"""Dates as finance systems export them, parsed a whole column at a time.

Accepted: ``31-12-2024``, ``1-2-24``, ``31/12/2024``, ``31.12.2024`` (day first, as in
the Netherlands), ``2024-12-31`` (ISO, also with a time after it) and ``20241231``.
Two-digit years: 00-69 -> 2000-2069, 70-99 -> 1970-1999. A date that does not exist
(``31-02-2024``) is unparseable, not silently moved to March.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

_DMY = r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})$"
_YMD = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_COMPACT = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"


def _parts(s: pa.Array, pattern: str) -> tuple[pa.Array, pa.Array, pa.Array]:
    st = pc.extract_regex(s, pattern)
    return pc.struct_field(st, "y"), pc.struct_field(st, "m"), pc.struct_field(st, "d")


def parse_dates(
    values: pa.Array,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Parse a string column. Returns ``(dates, bad, out_of_range)``: ``dates`` is date32
    (null where empty, unparseable or out of range), the masks are True where a non-empty
    cell could not be read, or was read but lies outside ``[min_date, max_date]``."""
    s = pc.utf8_trim_whitespace(values)
    empty = pc.fill_null(pc.equal(pc.utf8_length(s), 0), True)
    fast = _fast(s, empty)
    if fast is not None:
        return _in_range(*fast, min_date, max_date)
    y, m, d = _parts(s, _DMY)
    for pattern in (_YMD, _COMPACT):
        missing = pc.is_null(y)
        if not pc.any(missing).as_py():
            break
        y2, m2, d2 = _parts(s, pattern)
        y, m, d = (pc.if_else(missing, b, a) for a, b in ((y, y2), (m, m2), (d, d2)))
    short = pc.fill_null(pc.equal(pc.utf8_length(y), 2), False)
    yy = pc.cast(y, pa.int32())
    yy = pc.if_else(short, pc.add(yy, pc.if_else(pc.less(yy, 70), 2000, 1900)), yy)
    iso = pc.binary_join_element_wise(
        pc.cast(yy, pa.string()),
        pc.utf8_lpad(m, 2, "0"),
        pc.utf8_lpad(d, 2, "0"),
        "-",
    )
    ts = pc.strptime(iso, format="%Y-%m-%d", unit="s", error_is_null=True)
    dates, bad = _checked(ts, pc.cast(d, pa.int64()), pc.cast(m, pa.int64()), empty)
    return _in_range(dates, bad, min_date, max_date)


def _checked(ts, day, month, empty):
    # strptime rolls 31-02 over into March: comparing day and month tells real dates
    real = pc.fill_null(pc.and_(pc.equal(pc.day(ts), day), pc.equal(pc.month(ts), month)), False)
    dates = pc.if_else(real, pc.cast(ts, pa.date32()), pa.scalar(None, pa.date32()))
    return dates, pc.and_(pc.invert(empty), pc.invert(real))


_FAST = (  # (regex, strptime format, day slice, month slice)
    (r"^\d{2}-\d{2}-\d{4}$", "%d-%m-%Y", (0, 2), (3, 5)),
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", (8, 10), (5, 7)),
)


def _fast(s, empty):
    """dd-mm-yyyy or yyyy-mm-dd throughout the batch: one regex and strptime."""
    for pattern, fmt, dpos, mpos in _FAST:
        if pc.all(pc.or_(pc.fill_null(pc.match_substring_regex(s, pattern), False), empty)).as_py():
            ts = pc.strptime(s, format=fmt, unit="s", error_is_null=True)
            day = pc.cast(pc.utf8_slice_codeunits(s, *dpos), pa.int64(), safe=False)
            month = pc.cast(pc.utf8_slice_codeunits(s, *mpos), pa.int64(), safe=False)
            day = pc.if_else(empty, pa.scalar(None, pa.int64()), day)
            return _checked(ts, day, month, empty)
    return None


def _in_range(dates, bad, min_date, max_date):
    out = pc.fill_null(pc.and_(pc.is_valid(dates), pa.scalar(False)), False)
    if min_date is not None:
        out = pc.or_(out, pc.fill_null(pc.less(dates, pa.scalar(min_date, pa.date32())), False))
    if max_date is not None:
        out = pc.or_(out, pc.fill_null(pc.greater(dates, pa.scalar(max_date, pa.date32())), False))
    dates = pc.if_else(out, pa.scalar(None, pa.date32()), dates)
    return dates, bad, out


def parse_date(text: str | None) -> dt.date | None:
    """One value, for previews and tests. Raises ``ValueError`` if it cannot be read."""
    if text is None or not str(text).strip():
        return None
    dates, bad, _ = parse_dates(pa.array([str(text)]))
    if bad[0].as_py():
        raise ValueError(f"not a date: {text!r}")
    return dates[0].as_py()
