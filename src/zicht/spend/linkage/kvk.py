"""Cleaning Chamber of Commerce (KvK) numbers as they appear in ledgers.

A KvK number has 8 digits. Ledgers write it as ``12345678``, ``1234 5678``,
``KvK 12345678``, ``KvK-nr: 12345678``, with its leading zero lost by a spreadsheet
(``1234567`` for ``01234567``) or zero-padded to a longer field (``000012345678``).
"""

from __future__ import annotations

import re

_PREFIX = re.compile(
    r"^\s*(?:k\.?\s*v\.?\s*k\.?)\s*(?:[-\s]?(?:nr|nummer|no)\.?)?\s*[:#.]?\s*", re.I
)


def clean_kvk(value: str | None) -> str:
    """Return the 8-digit KvK number, or ``""`` if ``value`` holds no usable one.

    >>> clean_kvk("KvK 1234 5678"), clean_kvk("1234567"), clean_kvk("000012345678")
    ('12345678', '01234567', '12345678')
    """
    if not value:
        return ""
    if isinstance(value, str) and len(value) == 8 and value.isascii() and value.isdigit():
        return "" if value == "00000000" else value
    text = _PREFIX.sub("", str(value).strip())
    if re.search(r"[a-z]", text, re.I):  # letters left: not a KvK number (e.g. a VAT id)
        return ""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) > 8:
        digits = digits.lstrip("0")
    if 6 <= len(digits) < 8:  # leading zeros dropped by a spreadsheet
        digits = digits.zfill(8)
    if len(digits) != 8 or digits == "00000000":
        return ""
    return digits


def kvk_distance(a: str, b: str) -> int:
    """0 if equal, 1 if one digit differs or two adjacent digits are swapped, else 2."""
    if a == b:
        return 0
    if len(a) != len(b):
        return 2
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return 1
    if (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    ):
        return 1
    return 2
