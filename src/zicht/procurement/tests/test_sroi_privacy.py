"""Placements carry a pseudonymous reference only: BSN eleven-test, names, dates."""

from __future__ import annotations

import pytest

from zicht.procurement.sroi import PrivacyError, bsn_candidates, check_reference, passes_eleven_test


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("111222333", True),  # 9+8+7+12+10+8+9+6-3 = 66 = 6 x 11
        ("123456782", True),  # 154 = 14 x 11
        ("123456789", False),  # 147, remainder 4
        ("111222334", False),
        ("000000000", False),  # all zeros is not a BSN
        ("12345678", False),  # 8 digits
        ("1234567820", False),  # 10 digits
    ],
)
def test_eleven_test(number, valid):
    assert passes_eleven_test(number) is valid


@pytest.mark.parametrize(
    "reference",
    [
        "111222333",
        "P-111222333",
        "111.222.333",
        "111-222-333",
        "ref123456782x",
        "Jan de Vries",
        "Jansen",
        "Kand-Jansen-1",
        "Fatima1",
        "kand-1985-03-12",
        "k-12-03-1985",
        "jan@example.org",
        "ab",
        "Ümit-01",
        "",
        None,
        12345,
    ],
)
def test_identifying_references_refused(reference):
    with pytest.raises(PrivacyError):
        check_reference(reference)


@pytest.mark.parametrize(
    "reference",
    ["KAND-0012", "p2026-017", "wsp:utr:00451", "123456789", "KAND-2026-13-45", "X1"],
)
def test_pseudonymous_references_accepted(reference):
    if len(reference) < 3:
        with pytest.raises(PrivacyError):
            check_reference(reference)
    else:
        assert check_reference(reference) == reference


def test_bsn_candidates_in_free_text():
    assert bsn_candidates("klant 111 222 333 geholpen") == ["111222333"]
    assert bsn_candidates("factuur 2026-0001, 12 uur") == []
