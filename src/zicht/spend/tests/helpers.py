"""Shared set-up of the spend page tests: a small register and a generated spend file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from zicht.registry.models import LegalForm, OrganisationKind, Tier
from zicht.registry.tests.factories import OrganisationFactory, municipality


def register(code: str = "GM0344") -> dict:
    place = municipality(code)
    se = OrganisationFactory(
        legal_name="Groen Werkt B.V.", kvk="70000001", city="Utrecht", municipality=place,
        tier=Tier.VERIFIED, eligible_2_82=True, postcode="3511AB", street="Dorpsstraat",
        house_number="5",
    )  # fmt: skip
    sw = OrganisationFactory(
        legal_name="Stichting Werkbedrijf Utrecht", kvk="70000002", city="Utrecht",
        municipality=place, kind=OrganisationKind.SOCIALE_WERKPLAATS,
        legal_form=LegalForm.STICHTING, eligible_2_82=True,
    )  # fmt: skip
    solo = OrganisationFactory(
        legal_name="Jan Jansen Fietsherstel", kvk="70000003", city="Utrecht",
        municipality=place, legal_form=LegalForm.EENMANSZAAK,
    )  # fmt: skip
    return {"se": se, "sw": sw, "solo": solo}


SUPPLIERS = [
    # number, name, kvk, address, postcode, city, ledger account, CPV
    ("900001", "Groen Werkt BV", "70000001", "Dorpsstraat 5", "3511 AB", "Utrecht",
     "4410 Onderhoud groen", "77310000"),
    ("900002", "Stichting Werkbedrijf Utrecht", "70000002", "", "", "Utrecht",
     "4420 Schoonmaakdiensten", "90910000"),
    ("900003", "Jan Jansen Fietsherstel", "70000003", "", "", "Utrecht",
     "4510 Klein materieel", "34430000"),
    ("900004", '=HYPERLINK("http://x")', "", "", "", "Utrecht",
     "4440 Drukwerk en kantoorartikelen", "79800000"),
    ("900005", "Drukkerij Hoekstra B.V.", "88894674", "Industrieweg 129", "3047 LR",
     "Rotterdam", "4440 Drukwerk en kantoorartikelen", "79800000"),
    ("900006", "ICT Peters BV", "81234567", "Stationsweg 3", "3811 AA", "Amersfoort",
     "4460 ICT en licenties", "72000000"),
    ("900007", "Werkbedrijf Utrecht", "", "", "", "Zeist",
     "4420 Schoonmaakdiensten", "90910000"),
]  # fmt: skip
HEADER = [
    "Crediteurnummer", "Naam crediteur", "KvK-nummer", "Adres", "Postcode", "Plaats",
    "Factuurnummer", "Factuurdatum", "Bedrag excl. BTW", "Kostenplaats", "Grootboekrekening",
    "CPV-code", "Omschrijving",
]  # fmt: skip


def spend_file(
    tmp: Path, name: str = "spend.csv", lines: int = 120, seed: int = 1,
    start: dt.date = dt.date(2024, 1, 1), end: dt.date = dt.date(2024, 6, 30),
    bad_rows: int = 0, suppliers=None,
) -> Path:  # fmt: skip
    """``lines`` invoice lines over the suppliers in turn, dates spread over the period;
    the first ``bad_rows`` lines get an unreadable amount. ``seed`` changes the amounts
    (and so the file's content hash)."""
    path = tmp / name
    sups = suppliers or SUPPLIERS
    days = (end - start).days
    out = [";".join(HEADER)]
    for i in range(lines):
        num, sname, kvk, addr, pc, city, ledger, cpv = sups[i % len(sups)]
        day = start + dt.timedelta(days=(i * 7919) % (days + 1) if days else 0)
        cents = 1000 + (i * 7717 * seed) % 250000
        amount = (
            "twaalf" if i < bad_rows else f"{cents // 100}".replace(".", "") + f",{cents % 100:02d}"
        )
        out.append(";".join([
            num, f'"{sname}"' if '"' in sname else sname, kvk, addr, pc, city, f"F-{seed}-{i}",
            day.strftime("%d-%m-%Y"), amount, f"KP{100 + i % 5}", ledger, cpv,
            f"Factuurregel {i}",
        ]).replace('"=HYPERLINK("http://x")"', '"=HYPERLINK(""http://x"")"'))  # fmt: skip
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")
    return path


def upload_file(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
