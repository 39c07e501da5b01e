"""Normalisation helpers of the supplier linkage (no database)."""

import pytest

from zicht.spend.linkage.address import parse_address, register_address, split_house_number
from zicht.spend.linkage.kvk import clean_kvk, kvk_distance
from zicht.spend.linkage.legal_forms import split_legal_form
from zicht.spend.linkage.names import name_variants, register_names, split_trade_name
from zicht.spend.linkage.places import normalise_city, normalise_postcode
from zicht.spend.linkage.text import fold


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("12345678", "12345678"),
        ("1234 5678", "12345678"),
        (" 1234.56.78 ", "12345678"),
        ("KvK 12345678", "12345678"),
        ("KVK-nr: 12345678", "12345678"),
        ("kvk nummer 12345678", "12345678"),
        ("KvK nr. 0123 4567", "01234567"),
        ("1234567", "01234567"),  # leading zero lost in a spreadsheet
        ("000012345678", "12345678"),  # zero-padded to a 12-wide field
        ("00000000", ""),
        ("", ""),
        (None, ""),
        ("12345", ""),  # too short to be a KvK number
        ("123456789012", ""),  # a 12-digit vestigingsnummer-like value, not 8 digits
        ("NL123456789B01", ""),  # a VAT number
    ],
)
def test_clean_kvk(raw, clean):
    assert clean_kvk(raw) == clean


def test_kvk_distance_counts_one_typo_or_swap():
    assert kvk_distance("12345678", "12345678") == 0
    assert kvk_distance("12345678", "12345679") == 1
    assert kvk_distance("12345678", "12346578") == 1  # adjacent swap
    assert kvk_distance("12345678", "21345687") == 2


@pytest.mark.parametrize(
    "name",
    [
        "Stichting De Groene Vlinder",
        "De Groene Vlinder, Stichting",
        "St. De Groene Vlinder",
        "Stg De Groene Vlinder",
        "STICHTING DE GROENE VLINDER",
        "De Groene Vlinder",
        "de groene vlinder stichting",
    ],
)
def test_foundation_forms_moved_abbreviated_dropped(name):
    (variant,) = name_variants(name)
    assert variant.core == "de groene vlinder"
    assert variant.forms in (frozenset({"stichting"}), frozenset())


@pytest.mark.parametrize("name", ["Werkwijzer B.V.", "Werkwijzer BV", "Werkwijzer b.v.",
                                  "WERKWIJZER B.V", "Werkwijzer bv"])  # fmt: skip
def test_bv_spellings(name):
    (variant,) = name_variants(name)
    assert (variant.core, variant.forms) == ("werkwijzer", frozenset({"bv"}))


@pytest.mark.parametrize(
    "name",
    ["Coöperatie De Korf U.A.", "Cooperatie De Korf U.A.", "COOPERATIE DE KORF UA",
     "Coop. De Korf", "De Korf, Coöperatie"],
)  # fmt: skip
def test_cooperative_with_and_without_diacritics(name):
    (variant,) = name_variants(name)
    assert variant.core == "de korf"
    assert "cooperatie" in variant.forms


def test_saint_is_not_a_foundation():
    assert split_legal_form("st jan ziekenhuis") == ("st jan ziekenhuis", frozenset())


def test_hodn_gives_both_names():
    assert split_trade_name("Janssen B.V. h.o.d.n. De Groene Vlinder") == [
        "Janssen B.V.",
        "De Groene Vlinder",
    ]
    cores = [v.core for v in name_variants("JANSSEN BV HODN DE GROENE VLINDER")]
    assert cores == ["janssen", "de groene vlinder"]
    cores = [v.core for v in name_variants("Janssen BV handelend onder de naam Korf")]
    assert cores == ["janssen", "korf"]


def test_name_cut_inside_hodn_drops_the_fragment():
    (variant,) = name_variants("Rode Das Lunchroom, Stichting h.o.d")  # 35 characters
    assert variant.core == "rode das lunchroom"
    assert variant.truncated


def test_long_ledger_name_is_marked_as_possibly_cut():
    assert name_variants("MAATSCHAPPELIJKE DIENSTVERLENING WI")[0].truncated
    assert not name_variants("Werkwijzer B.V.")[0].truncated


def test_register_names_include_trade_names():
    cores = [v.core for v in register_names("Stichting Korf", ("Café De Korf", "Korf"))]
    assert cores == ["korf", "cafe de korf"]


def test_fold_removes_diacritics_and_punctuation():
    assert fold("Coöperatie 'De Kórf' & Zn.") == "cooperatie de korf en zn"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("1234 AB", "1234AB"), ("1234ab", "1234AB"), (" 1234-ab ", "1234AB"), ("1234", "1234"),
     ("0123 AB", ""), ("12345", ""), ("", "")],
)  # fmt: skip
def test_postcodes(raw, clean):
    assert normalise_postcode(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Den Bosch", "s hertogenbosch"), ("'s-Hertogenbosch", "s hertogenbosch"),
     ("DEN HAAG", "s gravenhage"), ("'s-Gravenhage", "s gravenhage"), ("Utrecht", "utrecht")],
)  # fmt: skip
def test_city_aliases(raw, clean):
    assert normalise_city(raw) == clean


@pytest.mark.parametrize(
    ("raw", "street", "number", "suffix"),
    [
        ("Kerkstraat 12a", "kerkstraat", "12", "a"),
        ("Kerkstr. 12 A", "kerkstraat", "12", "a"),
        ("KERKSTR 12-A", "kerkstraat", "12", "a"),
        ("Burg. v. Houtenln 3", "burgemeester van houtenlaan", "3", ""),
        ("Pr. Bernhardstr. 40", "prins bernhardstraat", "40", ""),
        ("Wilhelminapln 7 bis", "wilhelminaplein", "7", "bis"),
        ("Dorpsstraat", "dorpsstraat", "", ""),
        ("", "", "", ""),
    ],
)
def test_ledger_addresses(raw, street, number, suffix):
    a = parse_address(raw)
    assert (a.street, a.number, a.suffix) == (street, number, suffix)


def test_register_address_and_house_numbers():
    assert split_house_number("12-A") == ("12", "a")
    assert split_house_number("012") == ("12", "")
    a = register_address("Burgemeester van Houtenlaan", "3 B")
    assert (a.street, a.number, a.suffix) == ("burgemeester van houtenlaan", "3", "b")
