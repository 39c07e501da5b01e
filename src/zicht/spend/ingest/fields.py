"""The canonical fields of an invoice line and the header names they go by.

Synonyms are compared after ``normalise_header``: lower case, accents and
punctuation removed, so ``Bedrag excl. BTW`` and ``bedrag_excl_btw`` are the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a label for translation without importing Django (this engine is
    framework-free). ``makemessages`` extracts calls by this name; the Django side
    translates the label when it shows it (``spend/forms.py``, ``spend/views.py``)."""
    return message


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    kind: str  # "text", "amount" or "date"
    synonyms: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "supplier_number",
        gettext_noop("Supplier number"),
        "text",
        (
            "crediteurnummer",
            "crediteur nummer",
            "crediteurnr",
            "crediteur nr",
            "crediteurcode",
            "crediteur code",
            "leveranciersnummer",
            "leverancier nummer",
            "leveranciernr",
            "leverancier nr",
            "relatienummer",
            "relatienr",
            "supplier number",
            "supplier no",
            "supplier id",
            "supplier code",
            "vendor number",
            "vendor no",
            "vendor id",
            "creditor number",
            "creditor id",
        ),
    ),
    Field(
        "supplier_name",
        gettext_noop("Supplier name"),
        "text",
        (
            "naam crediteur",
            "crediteurnaam",
            "crediteur naam",
            "crediteur",
            "leverancier",
            "naam leverancier",
            "leveranciersnaam",
            "leverancier naam",
            "relatie",
            "relatienaam",
            "naam relatie",
            "naam",
            "supplier",
            "supplier name",
            "vendor",
            "vendor name",
            "creditor",
            "creditor name",
            "name",
        ),
    ),
    Field(
        "kvk",
        gettext_noop("KvK number"),
        "text",
        (
            "kvk",
            "kvk nummer",
            "kvknummer",
            "kvk nr",
            "kvknr",
            "kamer van koophandel",
            "kvk number",
            "coc",
            "coc number",
            "chamber of commerce",
            "chamber of commerce number",
        ),
    ),
    Field(
        "address",
        gettext_noop("Address"),
        "text",
        (
            "adres",
            "straat",
            "straatnaam",
            "vestigingsadres",
            "postadres",
            "address",
            "street",
            "street address",
        ),
    ),
    Field(
        "postcode",
        gettext_noop("Postcode"),
        "text",
        ("postcode", "post code", "postal code", "zip", "zip code"),
    ),
    Field(
        "city",
        gettext_noop("City"),
        "text",
        (
            "plaats",
            "woonplaats",
            "vestigingsplaats",
            "plaatsnaam",
            "stad",
            "city",
            "town",
        ),
    ),
    Field(
        "invoice_number",
        gettext_noop("Invoice number"),
        "text",
        (
            "factuurnummer",
            "factuur nummer",
            "factuurnr",
            "factuur nr",
            "factuur",
            "invoice number",
            "invoice no",
            "invoice nr",
            "invoice id",
            "invoice",
            "documentnummer",
            "boekstuknummer",
        ),
    ),
    Field(
        "invoice_date",
        gettext_noop("Invoice date"),
        "date",
        (
            "factuurdatum",
            "factuur datum",
            "datum factuur",
            "invoice date",
            "datum",
            "date",
            "boekdatum",
            "boekingsdatum",
            "documentdatum",
            "booking date",
            "posting date",
        ),
    ),
    Field(
        "amount_excl",
        gettext_noop("Amount excl. VAT"),
        "amount",
        (
            "bedrag excl btw",
            "bedrag exclusief btw",
            "bedrag ex btw",
            "excl btw",
            "exclusief btw",
            "netto bedrag",
            "nettobedrag",
            "bedrag netto",
            "amount excl vat",
            "amount excluding vat",
            "amount ex vat",
            "net amount",
            "bedrag",
            "amount",
            "factuurbedrag",
        ),
    ),
    Field(
        "amount_incl",
        gettext_noop("Amount incl. VAT"),
        "amount",
        (
            "bedrag incl btw",
            "bedrag inclusief btw",
            "incl btw",
            "inclusief btw",
            "bruto bedrag",
            "brutobedrag",
            "bedrag bruto",
            "totaal incl btw",
            "amount incl vat",
            "amount including vat",
            "gross amount",
        ),
    ),
    Field(
        "cost_centre",
        gettext_noop("Cost centre"),
        "text",
        (
            "kostenplaats",
            "kostenplaatsnummer",
            "kostenplaats code",
            "kostenplaatscode",
            "kpl",
            "cost centre",
            "cost center",
            "costcentre",
            "costcenter",
            "cost centre code",
        ),
    ),
    Field(
        "ledger_account",
        gettext_noop("Ledger account"),
        "text",
        (
            "grootboekrekening",
            "grootboek",
            "grootboeknummer",
            "grootboekrekeningnummer",
            "gb rekening",
            "gbrekening",
            "kostensoort",
            "economische categorie",
            "ledger account",
            "ledger",
            "gl account",
            "general ledger",
            "general ledger account",
            "account",
        ),
    ),
    Field(
        "description",
        gettext_noop("Description"),
        "text",
        (
            "omschrijving",
            "factuuromschrijving",
            "regelomschrijving",
            "omschrijving factuur",
            "omschrijving factuurregel",
            "toelichting",
            "description",
            "memo",
            "line description",
            "invoice description",
        ),
    ),
    Field(
        "portfolio",
        gettext_noop("Portfolio"),
        "text",
        (
            "portefeuille",
            "programma",
            "beleidsveld",
            "taakveld",
            "wethouder",
            "portfolio",
            "programme",
            "program",
            "policy area",
        ),
    ),
    Field(
        "category",
        gettext_noop("Category"),
        "text",
        (
            "inkoopcategorie",
            "inkoop categorie",
            "categorie",
            "inkooppakket",
            "category",
            "spend category",
            "purchasing category",
        ),
    ),
    Field("cpv", "CPV code", "text", ("cpv", "cpv code", "cpvcode", "cpv nummer")),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

# Each group needs at least one mapped field.
REQUIRED_GROUPS: tuple[tuple[str, ...], ...] = (
    ("supplier_number", "supplier_name"),
    ("invoice_date",),
    ("amount_excl", "amount_incl"),
)


def normalise_header(text: str) -> str:
    """``' Bedrag excl. BTW (€)'`` -> ``'bedrag excl btw'``."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return " ".join(text.split())
