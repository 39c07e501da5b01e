"""Column-wise name cleaning (pyarrow kernels) gives exactly the per-name results."""

import random

import pytest

from zicht.spend.linkage import compare
from zicht.spend.linkage.generator import generate
from zicht.spend.linkage.legal_forms import _SAINTS, _SPELLING_TO_FORM
from zicht.spend.linkage.names import LEDGER_NAME_LENGTH, _name_variants, register_names
from zicht.spend.linkage.names_bulk import register_name_variants, supplier_name_variants
from zicht.spend.linkage.records import RegisterEntry, SupplierRecord
from zicht.spend.linkage.text import STOPWORDS

AWKWARD = [
    "",
    " ",
    "   \t ",
    ".,;",
    "&",
    "'",
    "Coöperatie De Korf U.A.",
    "coöperatie de korf ua",
    "COÖPERATIE DE KORF",
    "Café Vlinder",
    "CAFÉ VLINDER B.V.",
    "’s-Hertogenbosch Zorg",
    "'s-Hertogenbosch Zorg",
    "Stichting ’t Hoekje",
    "Stichting 't Hoekje",
    "Stichting X",
    "X, Stichting",
    "X Stichting",
    "St. X",
    "St X",
    "Stg. X",
    "St. Jan",
    "St. Jan Zorg",
    "Stichting St. Jan",
    "Stichting St Joris B.V.",
    "St",
    "Stichting",
    "Stichting B.V.",
    "B.V.",
    "BV",
    "b.v.",
    "Janssen B.V.",
    "Janssen BV",
    "Janssen b.v.",
    "Janssen B. V.",
    "JANSSEN BV.",
    "B.V. Janssen",
    "Janssen Holding B.V. i.o.",
    "De Korf U.A.",
    "De Korf, U.A.",
    "Coop. De Korf U.A.",
    "Co-op De Korf",
    "Cooperatieve Vereniging De Korf U.A.",
    "Coöperatieve Vereniging",
    "Vereniging van Eigenaren Kerkstraat 12",
    "Vereniging",
    "Ver. Dorpsbelangen",
    "Besloten Vennootschap Janssen",
    "Janssen Naamloze Vennootschap",
    "Janssen & Zn. V.O.F.",
    "Janssen en Zonen vof",
    "Janssen C.V.",
    "Maatschap Huisartsen De Linde",
    "Eenmanszaak Piet",
    "N.V. Nederlandse Spoorwegen",
    "Janssen BV h.o.d.n. De Groene Vlinder",
    "Janssen BV hodn De Groene Vlinder",
    "Janssen BV h/o De Groene Vlinder",
    "Janssen B.V. handelend onder de naam Vlinder",
    "Janssen B.V. t.h.o.d.n. Vlinder",
    "Janssen Installatietechniek B.V. h.o.d",
    "Janssen Installatietechniek B.V. h.",
    "Hodn Hoeve",
    "Hotel & Restaurant De Hoeve",
    "A&B Schoonmaak",
    "A & B",
    "3M Nederland B.V.",
    "Studio 100",
    "1234",
    "De",
    "De Het En",
    "de brug",
    "Stichting De Brug",
    "Stichting de het van der den",
    "'t",
    "Ελληνική Εταιρεία",
    "Общество с ограниченной ответственностью",
    "株式会社 東京",
    "Straße & Söhne GmbH",
    "Ærø Øl ApS",
    "ﬁnance ﬂow",  # ligatures (NFKD)
    "Ｆｕｌｌｗｉｄｔｈ ＢＶ",
    "Janssen\u00a0B.V.",  # no-break space
    "Janssen\u2003BV\u2009",
    "  Stichting   De   Groene   Vlinder  ",
    "\tStichting\nDe Groene Vlinder\r",
    "Janssen\x1fBV",
    "naïve café",
    "Stichting " + "Zeer Lange Naam " * 20,
    "Zeer Lange Naam " * 30 + "B.V.",
    ("Stichting Welzijn Ouderen Hertogenbosch Noord")[:LEDGER_NAME_LENGTH],
    ("Janssen Bouw en Onderhoud B.V. h.o.d.n. Vlinder")[:LEDGER_NAME_LENGTH],
    ("Janssen Bouw en Onderhoud Oost B.V. h.o.d.n. Vlinder")[:LEDGER_NAME_LENGTH],
    ("Coöperatie Zorgboerderij De Hoeve U.A. Noord")[:LEDGER_NAME_LENGTH],
    "x" * 31,
    "x" * 32,
    "x" * 31 + " ",
    " " + "x" * 31,
    "St. Nicolaas Stichting",
    "Stichting Stg St Sticht X",
    "X Stichting B.V. N.V.",
    "Stichting B.V. X",
    "u a",
    "X u a",
    "X b a",
    "X w.a.",
    "co op",
    "X co op",
    "Co Op X",
]


def _supplier_expected(names):
    return [_name_variants.__wrapped__(n or "") for n in names]


def test_awkward_supplier_names():
    assert supplier_name_variants(AWKWARD) == _supplier_expected(AWKWARD)


def test_awkward_register_names():
    names = AWKWARD
    trade = [
        tuple(AWKWARD[(i * 7 + k) % len(AWKWARD)] for k in range(i % 3)) for i in range(len(names))
    ]
    expected = [register_names(n, t) for n, t in zip(names, trade, strict=True)]
    assert register_name_variants(names, trade) == expected


def _random_names(count: int, seed: int) -> list[str]:
    """Names built from legal-form spellings, saints, stopwords, punctuation, case and
    diacritics in every position: the corners of the legal-form regexes."""
    rnd = random.Random(seed)
    pieces = [
        *_SPELLING_TO_FORM,
        *(s.replace(" ", ".") + "." for s in _SPELLING_TO_FORM),
        *(s.upper() for s in _SPELLING_TO_FORM),
        *_SAINTS,
        *STOPWORDS,
        "Groene", "Vlinder", "Korf", "coöperatie", "Café", "’s", "'t", "&", "h.", "12",
        "B.V.", "b.v", "U.A.", "St.", "St", "Stg.", "-", ",", "/", "Øl",
    ]  # fmt: skip
    out = []
    for _ in range(count):
        words = rnd.choices(pieces, k=rnd.randint(0, 6))
        sep = rnd.choice([" ", "  ", ", ", " - "])
        out.append(sep.join(words))
    return out


def test_random_names_from_legal_forms_and_stopwords():
    names = _random_names(20_000, seed=7)
    assert supplier_name_variants(names) == _supplier_expected(names)
    trade = [tuple(names[(i + 1) % len(names)] for _ in range(i % 2)) for i in range(len(names))]
    expected = [register_names(n, t) for n, t in zip(names, trade, strict=True)]
    assert register_name_variants(names, trade) == expected


@pytest.fixture(scope="module")
def generated():
    return generate(6_000, 15_000, seed=11)


def test_generated_supplier_names(generated):
    names = list(dict.fromkeys(s.name for s in generated.suppliers))
    assert len(names) > 10_000
    assert supplier_name_variants(names) == _supplier_expected(names)
    # also cut at the ledger width, as many ledgers do
    cut = list(dict.fromkeys(n[:LEDGER_NAME_LENGTH] for n in names))
    assert supplier_name_variants(cut) == _supplier_expected(cut)


def test_generated_register_names(generated):
    reg = generated.register
    got = register_name_variants([r.name for r in reg], [r.trade_names for r in reg])
    assert got == [register_names(r.name, r.trade_names) for r in reg]


def test_engine_uses_the_bulk_path_with_the_same_prepared_records(generated, monkeypatch):
    reg = generated.register
    sups = generated.suppliers
    assert len(reg) >= compare.BULK_MIN
    bulk_reg = compare.prepare_registers(reg)
    bulk_sup = compare.CleanedSuppliers(sups)
    bulk_prepared = compare.prepare_suppliers(sups)
    monkeypatch.setattr(compare, "BULK_MIN", 10**9)
    assert compare.prepare_registers(reg) == bulk_reg
    assert compare.prepare_suppliers(sups) == bulk_prepared
    assert list(bulk_sup) == bulk_prepared
    per_name = compare.CleanedSuppliers(sups)
    assert per_name.names == bulk_sup.names
    assert per_name.name_at.tolist() == bulk_sup.name_at.tolist()
    assert per_name.addresses == bulk_sup.addresses
    assert per_name.address_at.tolist() == bulk_sup.address_at.tolist()
    assert isinstance(reg[0], RegisterEntry) and isinstance(sups[0], SupplierRecord)


ADDRESSES = [
    "",
    " ",
    "Kerkstraat 12",
    "Kerkstr. 12 A",
    "Kerkstr 12-A",
    "KERKSTRAAT 12a",
    "Burg. v. Houtenln 12-A",
    "Burg. van Houtenlaan 007",
    "Pr. Hendrikkade 0",
    "Kon. Julianapln 3/2",
    "Mr. Dr. Ir. St. Jan Stationswg 188 bis",
    "Postbus 123",
    "12",
    "12 Kerkstraat",
    "Kerkstraat",
    "Kerkstraat, 12",
    "Kerkstraat ,12 b",
    "Laan 1940-1945 nr 3",
    "Laan 1940 1945",
    "Oude Gracht 123456",
    "Singel 5 hs",
    "Singel 5 III",
    "Singel 5-III",
    "Zuidz. 4 zw",
    "Kerkstraat 12 A1",
    "Kerkstraat 12 abc12",
    "v. d. Helststr 1",
    "Kerkstr. 12\tA",
    "Café Straße 4",
    "’s-Gravenweg 5",
    "'s-Gravenweg 5",
    "Coöperatiepad 3",
    "Kerkstraat\x1f12",
    "Kerkstraat 12\u00a0A",
    "Kastanjelaan 1051  ",
    "  Kastanjelaan 1051",
    "Dorpsstr.",
    "str",
    "Kerkpln 1",
    "Haven kd 2",
    "Nieuwegr 2",
    "Ln 2",
    "Straat 99999",
    "Straat 100000",
]
HOUSE_NUMBERS = ["", "12", "012", "12a", "12 A", "12-A", "12/2", "12 bis", "12 hs",
                 "12\tA", "A", "123456", "12 abcde", "0", "12 Ⅳ", " 7 "]  # fmt: skip


def test_awkward_addresses():
    from zicht.spend.linkage.address import parse_address, register_address
    from zicht.spend.linkage.address_bulk import parse_addresses, register_addresses

    assert parse_addresses(ADDRESSES) == [parse_address.__wrapped__(a) for a in ADDRESSES]
    streets = [a for a in ADDRESSES for _ in HOUSE_NUMBERS]
    numbers = [h for _ in ADDRESSES for h in HOUSE_NUMBERS]
    expected = [register_address(s, h) for s, h in zip(streets, numbers, strict=True)]
    assert register_addresses(streets, numbers) == expected


def test_generated_addresses(generated):
    from zicht.spend.linkage.address import parse_address, register_address
    from zicht.spend.linkage.address_bulk import parse_addresses, register_addresses

    addresses = list(dict.fromkeys(s.address for s in generated.suppliers))
    assert parse_addresses(addresses) == [parse_address.__wrapped__(a) for a in addresses]
    reg = generated.register
    got = register_addresses([r.street for r in reg], [r.house_number for r in reg])
    assert got == [register_address(r.street, r.house_number) for r in reg]


POSTCODES = ["", " ", None, "1234AB", "1234 ab", " 1234ab ", "1234  AB", "1234-AB", "1234 - ab",
             "0123AB", "1234", "123", "12345", "1234A", "1234ABC", "1234 A B", "１２３４AB",
             "1234ÄB", "1234\tAB", "AB1234", "9999zz", "1234\u00a0AB"]  # fmt: skip


def test_postcodes(generated):
    from zicht.spend.linkage.address_bulk import normalise_postcodes
    from zicht.spend.linkage.places import normalise_postcode

    values = POSTCODES + [s.postcode for s in generated.suppliers]
    values += [r.postcode for r in generated.register]
    assert normalise_postcodes(values) == list(map(normalise_postcode, values))
