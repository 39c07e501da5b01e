"""Amounts in Dutch or plain notation, parsed a whole column at a time.

Accepted: ``1234.56``, ``1.234,56``, ``-1.234,56``, ``(1.234,56)``, ``1.234,56-``,
``€ 1.234,56``, ``EUR 1234``, ``1,234.56``. Only two shapes are ambiguous:
``1.234`` and ``1,234`` (one group of three digits). ``decimal_comma`` decides them;
``detect_decimal_comma`` picks it per column from the unambiguous values, Dutch when
there are none.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pyarrow as pa
import pyarrow.compute as pc

AMOUNT_TYPE = pa.decimal128(18, 2)

_INT = r"^\d+$"
_NL_DECIMAL = r"^(\d{1,3}(\.\d{3})+|\d+),\d+$"  # 1.234,56 / 1234,5
_EN_DECIMAL = r"^(\d{1,3}(,\d{3})+|\d+)\.\d+$"  # 1,234.56 / 1234.5 (and ambiguous 1.234)
_NL_THOUSANDS = r"^\d{1,3}(\.\d{3}){2,}$"  # 1.234.567
_EN_THOUSANDS = r"^\d{1,3}(,\d{3}){2,}$"  # 1,234,567
_AMB_DOT = r"^\d{1,3}\.\d{3}$"  # 1.234
_AMB_COMMA = r"^\d{1,3},\d{3}$"  # 1,234
_NOISE = r"[\s\x{00a0}\x{202f}€']|(?i:eur)"  # spaces, NBSP, euro signs, Swiss-style '


def _match(arr: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(arr, pattern), False)


def _strip(arr: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(arr, _NOISE, "")


def detect_decimal_comma(values: pa.Array) -> bool:
    """True if the column writes decimals with a comma (Dutch), judged from the values
    that are unambiguous; True also when nothing decides it."""
    body = pc.replace_substring_regex(_strip(values), r"[()+\-]", "")
    nl = pc.sum(_match(body, _NL_DECIMAL)).as_py() or 0
    nl += pc.sum(_match(body, _NL_THOUSANDS)).as_py() or 0
    en_dec = pc.and_(_match(body, _EN_DECIMAL), pc.invert(_match(body, _AMB_DOT)))
    en = pc.sum(en_dec).as_py() or 0
    en += pc.sum(_match(body, _EN_THOUSANDS)).as_py() or 0
    return nl >= en


_FAST_NL = r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$"  # 1.234,56 / -12,5 / 1234 (not 1.234)
_FAST_PLAIN = r"^-?\d+(\.\d{1,2})?$"  # 1234.56 / -12.5 / 1234


def _to_decimal(norm: pa.Array) -> pa.Array:
    # float64 holds 15-16 significant digits: exact at the cent up to 10^13 euro
    return pc.cast(pc.round(pc.cast(norm, pa.float64()), 2), AMOUNT_TYPE, safe=False)


def _fast(values: pa.Array, decimal_comma: bool) -> tuple[pa.Array, pa.Array] | None:
    """The shapes machine exports write (one regex instead of a dozen); None if any
    value in the batch needs the general parser."""
    empty = pc.equal(values, "")
    if decimal_comma:
        ok = pc.match_substring_regex(values, _FAST_NL)
        # "1.234" matches _FAST_NL only as thousands: the column is Dutch, so that is right
        if not pc.all(pc.or_(ok, empty)).as_py():
            return None
        norm = pc.replace_substring(pc.replace_substring(values, ".", ""), ",", ".")
    else:
        if not pc.all(pc.or_(pc.match_substring_regex(values, _FAST_PLAIN), empty)).as_py():
            return None
        norm = values
    norm = pc.if_else(empty, pa.scalar(None, pa.string()), norm)
    try:  # at most two decimals (the patterns say so): exact, without a detour via float
        amounts = pc.cast(norm, AMOUNT_TYPE)
    except pa.ArrowInvalid:  # more digits than decimal(18,2) holds: as the general parser
        amounts = _to_decimal(norm)
    return amounts, pc.and_(empty, pa.scalar(False))


def parse_amounts(values: pa.Array, decimal_comma: bool = True) -> tuple[pa.Array, pa.Array]:
    """Parse a string column. Returns ``(amounts, bad)``: ``amounts`` is decimal(18,2) with
    null for empty and unparseable cells, ``bad`` is True where a non-empty cell could
    not be read. Rounds half to even at the cent."""
    if values.null_count == 0 and len(values):
        fast = _fast(values, decimal_comma)
        if fast is not None:
            return fast
    # empty means blank: a cell holding only "€" is an unreadable amount, not a missing one
    empty = pc.fill_null(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(values)), 0), True)
    s = _strip(values)
    # sign: leading '-', trailing '-' (SAP), or (accounting parentheses)
    paren = pc.and_(pc.starts_with(s, "("), pc.ends_with(s, ")"))
    s = pc.if_else(paren, pc.utf8_slice_codeunits(s, 1, -1), s)
    lead = pc.starts_with(s, "-")
    s = pc.if_else(lead, pc.utf8_slice_codeunits(s, 1), s)
    trail = pc.ends_with(s, "-")
    s = pc.if_else(trail, pc.utf8_slice_codeunits(s, 0, -1), s)
    plus = pc.starts_with(s, "+")
    s = pc.if_else(plus, pc.utf8_slice_codeunits(s, 1), s)
    negative = pc.fill_null(pc.or_(pc.or_(paren, lead), trail), False)
    double_sign = pc.fill_null(
        pc.or_(pc.and_(paren, pc.or_(lead, trail)), pc.and_(lead, trail)), False
    )

    is_int = _match(s, _INT)
    amb = pc.or_(_match(s, _AMB_DOT), _match(s, _AMB_COMMA))
    nl = pc.or_(_match(s, _NL_DECIMAL), _match(s, _NL_THOUSANDS))
    en = pc.or_(_match(s, _EN_DECIMAL), _match(s, _EN_THOUSANDS))
    if decimal_comma:
        dutch = pc.or_(nl, amb)
        # "1.234" is Dutch thousands here although it also matches _EN_DECIMAL
        en = pc.and_(en, pc.invert(amb))
    else:
        dutch = pc.and_(nl, pc.invert(amb))
        en = pc.or_(en, amb)
    valid = pc.and_(pc.or_(pc.or_(is_int, dutch), en), pc.invert(double_sign))
    norm = pc.if_else(
        dutch,
        pc.replace_substring(pc.replace_substring(s, ".", ""), ",", "."),
        pc.replace_substring(s, ",", ""),
    )
    norm = pc.if_else(valid, norm, pa.scalar(None, pa.string()))
    amounts = _to_decimal(norm)
    amounts = pc.if_else(negative, pc.negate(amounts), amounts)
    bad = pc.and_(pc.invert(empty), pc.invert(valid))
    return amounts, bad


def parse_amount(text: str | None, decimal_comma: bool = True) -> Decimal | None:
    """One value, for previews and tests. Raises ``ValueError`` if it cannot be read."""
    if text is None or not str(text).strip():
        return None
    amounts, bad = parse_amounts(pa.array([str(text)]), decimal_comma)
    if bad[0].as_py():
        raise ValueError(f"not an amount: {text!r}")
    value = amounts[0].as_py()
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation as exc:  # pragma: no cover - the cast produced a decimal
        raise ValueError(f"not an amount: {text!r}") from exc
