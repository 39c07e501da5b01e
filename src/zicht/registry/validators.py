"""Validators for Dutch identifiers. Messages name the rule so a user can fix the value."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")


def normalise_postcode(value: str) -> str:
    """'1234ab' / '1234 AB' -> '1234 AB'. Raises ValidationError when it is no Dutch postcode."""
    match = _POSTCODE.match(value or "")
    if not match or match.group(2).upper() in {"SA", "SD", "SS"}:
        raise ValidationError(
            _(
                "Enter a Dutch postcode: four digits (not starting with 0) and two letters, e.g. 3511 AB."
            ),
            code="invalid_postcode",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)


def validate_kvk(value: str) -> None:
    if not re.fullmatch(r"[0-9]{8}", value or ""):
        raise ValidationError(
            _("A KvK number has exactly 8 digits and no letters or spaces."), code="invalid_kvk"
        )


def validate_no_markup(value: str) -> None:
    """Descriptions are plain text: refuse HTML tags rather than storing them."""
    if value and re.search(r"<\s*/?\s*[a-zA-Z!][^>]*>", value):
        raise ValidationError(
            _("Use plain text: HTML tags such as <script> or <b> are not allowed."), code="markup"
        )
