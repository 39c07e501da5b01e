"""Privacy checks for SROI deliveries: placements carry a pseudonymous reference only.

A reference is refused when it could identify a person:

* it contains a 9-digit number (separators ``.``, ``-`` or space allowed between
  digits) that passes the BSN eleven-test (elfproef);
* it looks like a name: whitespace, no digit at all ("Jansen"), or a word written as
  a name (capital followed by lower case, three letters or more: "Kand-Jansen-1");
* it looks like a date (a birth date): ``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``DDMMYYYY``
  with separators, valid as a calendar date;
* it uses characters outside ``A-Z a-z 0-9 . _ : / -`` (e-mail addresses, accents of
  names) or is shorter than 3 or longer than 64 characters.

Good references: ``KAND-0012``, ``p2026-017``, ``wsp:utr:00451``.
"""

from __future__ import annotations

import re
from datetime import date

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_ALLOWED = re.compile(r"^[A-Za-z0-9._:/-]{3,64}$")
_SEPARATOR_BETWEEN_DIGITS = re.compile(r"(?<=\d)[.\- ](?=\d)")
_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}")
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),  # Y M D
    re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)"),  # D M Y
)


class PrivacyError(ValueError):
    """The value could identify a person and is refused."""


def passes_eleven_test(number: str) -> bool:
    """The BSN eleven-test: sum(digit * weight) with weights 9..2, -1 is divisible by 11."""
    if len(number) != 9 or not number.isdigit() or set(number) == {"0"}:
        return False
    return sum(int(d) * w for d, w in zip(number, BSN_WEIGHTS, strict=True)) % 11 == 0


def bsn_candidates(text: str) -> list[str]:
    """9-digit numbers in ``text`` that pass the eleven-test (possible BSNs)."""
    joined = _SEPARATOR_BETWEEN_DIGITS.sub("", text)
    return [run for run in re.findall(r"\d+", joined) if passes_eleven_test(run)]


def _looks_like_date(text: str) -> bool:
    for i, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if i == 0 else m.group(3, 2, 1)
            try:
                date(int(y), int(mo), int(d))
            except ValueError:
                continue
            return True
    return False


def check_reference(reference: object) -> str:
    """Return the reference if it is pseudonymous; raise PrivacyError otherwise."""
    if not isinstance(reference, str):
        raise PrivacyError("the placement reference must be a text code such as KAND-0012")
    ref = reference.strip()
    if bsn_candidates(ref):
        raise PrivacyError(
            "the reference contains a number that passes the BSN eleven-test; "
            "never record a BSN, use a pseudonymous code such as KAND-0012"
        )
    if not _ALLOWED.match(ref):
        raise PrivacyError(
            "the reference may only hold letters A-Z, digits and . _ : / - (3-64 characters, "
            "no spaces); it must be a pseudonymous code such as KAND-0012, not a name"
        )
    if not any(ch.isdigit() for ch in ref):
        raise PrivacyError(
            "the reference has no digit and may be a name; use a code like KAND-0012"
        )
    if _NAME_WORD.search(ref):
        raise PrivacyError(
            "the reference contains a word written like a name; use a code like KAND-0012"
        )
    if _looks_like_date(ref):
        raise PrivacyError("the reference contains a date (possibly a birth date); leave it out")
    return ref


def check_free_text(text: str) -> str:
    """Free text (descriptions) may not contain a possible BSN."""
    if bsn_candidates(text or ""):
        raise PrivacyError("the text contains a number that passes the BSN eleven-test")
    return text
