"""Amounts, dates and column-mapping suggestions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from zicht.spend.ingest import (
    IngestError,
    parse_amount,
    parse_amounts,
    parse_date,
    parse_dates,
    resolve_mapping,
    suggest_mapping,
    supplier_key,
)
from zicht.spend.ingest.amounts import detect_decimal_comma


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("-1.234,56", "-1234.56"),
        ("(1.234,56)", "-1234.56"),
        ("1.234,56-", "-1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("€1.234,56", "1234.56"),
        ("EUR 10", "10.00"),
        ("1\u00a0234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234.567,8", "1234567.80"),
        ("12,5", "12.50"),
        ("0,005", "0.00"),  # half to even at the cent
        ("0,015", "0.02"),
        ("+5", "5.00"),
        ("1.234", "1234.00"),  # Dutch thousands by default
        ("  42  ", "42.00"),
    ],
)
def test_amounts_in_dutch_and_plain_notation(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["abc", "1-2", "--5", "(5)-", "1.2,3", "12,34,56", "1,2.3", "€", "5 euro"]
)
def test_unreadable_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_empty_amount_is_none_not_an_error():
    values, bad = parse_amounts(pa.array(["", None, "  "]))
    assert values.to_pylist() == [None, None, None]
    assert bad.to_pylist() == [False, False, False]


def test_decimal_convention_is_decided_per_column():
    assert detect_decimal_comma(pa.array(["1.234,56", "1.000"])) is True
    assert detect_decimal_comma(pa.array(["1234.56", "1.000"])) is False
    assert detect_decimal_comma(pa.array(["1.000", "12"])) is True  # undecided: Dutch
    assert parse_amount("1.234", decimal_comma=False) == Decimal("1.23")
    assert parse_amount("1,234", decimal_comma=False) == Decimal("1234")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-12-2024", dt.date(2024, 12, 31)),
        ("1-2-24", dt.date(2024, 2, 1)),
        ("1-2-99", dt.date(1999, 2, 1)),
        ("31/12/2024", dt.date(2024, 12, 31)),
        ("31.12.2024", dt.date(2024, 12, 31)),
        ("2024-12-31", dt.date(2024, 12, 31)),
        ("2024-12-31 00:00:00", dt.date(2024, 12, 31)),
        ("20241231", dt.date(2024, 12, 31)),
        ("29-02-2024", dt.date(2024, 2, 29)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31-02-2024", "29-02-2023", "32-1-2024", "2024-13-01", "gisteren", "1-2"]
)
def test_impossible_dates_are_refused_not_rolled_over(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_date_range():
    dates, bad, outside = parse_dates(
        pa.array(["1-1-1899", "1-1-2020", "1-1-2099", ""]), dt.date(2000, 1, 1), dt.date(2030, 1, 1)
    )
    assert outside.to_pylist() == [True, False, True, False]
    assert bad.to_pylist() == [False, False, False, False]
    assert dates.to_pylist() == [None, dt.date(2020, 1, 1), None, None]


def test_mapping_suggestions_from_dutch_headers():
    headers = [
        "Crediteurnummer", "Naam crediteur", "KvK-nummer", "Factuurnummer", "Factuurdatum",
        "Bedrag excl. BTW", "Bedrag incl. BTW", "Kostenplaats", "Grootboekrekening",
        "Omschrijving", "Postcode", "Plaats", "Iets anders",
    ]  # fmt: skip
    assert suggest_mapping(headers) == {
        "supplier_number": "Crediteurnummer",
        "supplier_name": "Naam crediteur",
        "kvk": "KvK-nummer",
        "invoice_number": "Factuurnummer",
        "invoice_date": "Factuurdatum",
        "amount_excl": "Bedrag excl. BTW",
        "amount_incl": "Bedrag incl. BTW",
        "cost_centre": "Kostenplaats",
        "ledger_account": "Grootboekrekening",
        "description": "Omschrijving",
        "postcode": "Postcode",
        "city": "Plaats",
    }


def test_mapping_suggestions_from_english_headers():
    headers = [
        "Vendor ID",
        "Vendor name",
        "Invoice no.",
        "Invoice date",
        "Net amount",
        "Cost center",
        "GL account",
        "Description",
    ]
    mapping = suggest_mapping(headers)
    assert mapping["supplier_number"] == "Vendor ID"
    assert mapping["supplier_name"] == "Vendor name"
    assert mapping["amount_excl"] == "Net amount"
    assert mapping["cost_centre"] == "Cost center"
    assert mapping["ledger_account"] == "GL account"
    assert mapping["invoice_date"] == "Invoice date"


def test_a_lone_bedrag_is_the_amount_and_each_header_is_used_once():
    mapping = suggest_mapping(["Leverancier", "Datum", "Bedrag"])
    assert mapping == {
        "supplier_name": "Leverancier",
        "invoice_date": "Datum",
        "amount_excl": "Bedrag",
    }


def test_resolve_mapping_reports_what_is_missing():
    with pytest.raises(IngestError) as exc:
        resolve_mapping(
            ["Leverancier", "Datum"], {"supplier_name": "Leverancier", "invoice_date": "Datum"}
        )
    assert exc.value.problem.code == "missing_required_column"
    assert "Amount excl. VAT or Amount incl. VAT" in str(exc.value)


def test_supplier_key_prefers_the_number():
    assert supplier_key(" 1001 ", "Groen BV") == "1001"
    assert supplier_key("", "Groen   BV") == "name:groen bv"
    assert supplier_key(None, None) is None
