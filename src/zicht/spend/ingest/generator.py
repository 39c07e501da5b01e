"""Realistic spend files for demos, tests and benchmarks (deterministic for a seed).

A municipality's accounts-payable export: Dutch supplier names with KvK numbers and
addresses, invoices of one to five lines, cost centres with their programme, ledger
accounts, descriptions that fit the supplier's trade, amounts in Dutch notation and a
few credit notes. Suppliers buy lines Zipf-like: a few large, many small.

    python -m zicht.spend.ingest.generator out.csv --lines 100000 --suppliers 5000
    python -m zicht.spend.ingest.generator out.csv --supplier-csv suppliers.csv

``--supplier-csv`` reads suppliers (columns ``name`` and optionally ``kvk``,
``street``/``address``, ``postcode``, ``city``) so that the linkage benchmark and the
demo can share the same organisations; ``write_suppliers`` writes the generated ones.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

# trade -> (ledger account, CPV division, description templates, word for names)
TRADES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "groen": (
        "4410 Onderhoud groen",
        "77310000",
        (
            "Groenonderhoud {m}",
            "Maaien bermen {m}",
            "Snoeiwerk bomen wijk {n}",
            "Onkruidbestrijding {m}",
            "Aanplant vaste planten park {n}",
        ),
        ("Groenvoorziening", "Hoveniers", "Groen", "Tuin en Park"),
    ),
    "schoonmaak": (
        "4420 Schoonmaakdiensten",
        "90910000",
        (
            "Schoonmaak stadhuis {m}",
            "Glasbewassing {m}",
            "Schoonmaak sporthal {n}",
            "Dagelijkse schoonmaak wijkcentrum {n}",
        ),
        ("Schoonmaak", "Facilitair", "Schoonmaakdiensten", "Clean"),
    ),
    "catering": (
        "4430 Catering en representatie",
        "55520000",
        (
            "Lunch raadsvergadering {m}",
            "Catering bijeenkomst {n}",
            "Koffie en thee {m}",
            "Broodjes personeelsbijeenkomst",
        ),
        ("Catering", "Lunchroom", "Keuken", "Smaak"),
    ),
    "drukwerk": (
        "4440 Drukwerk en kantoorartikelen",
        "79800000",
        (
            "Drukwerk gemeentegids",
            "Enveloppen en briefpapier",
            "Kantoorartikelen {m}",
            "Flyers voorlichting {n}",
        ),
        ("Drukkerij", "Print", "Grafisch Bedrijf", "Papier"),
    ),
    "post": (
        "4450 Post en koeriers",
        "64110000",
        (
            "Postbezorging {m}",
            "Koeriersdienst {m}",
            "Verzending aanslagen",
        ),
        ("Post", "Koeriers", "Bezorgdienst", "Express"),
    ),
    "ict": (
        "4460 ICT en licenties",
        "72000000",
        (
            "Licenties {m}",
            "Hosting {m}",
            "Support en onderhoud applicatie {n}",
            "Laptops medewerkers",
            "Detachering ICT-specialist {m}",
        ),
        ("ICT", "Software", "Automatisering", "Data"),
    ),
    "inhuur": (
        "4470 Inhuur derden",
        "79620000",
        (
            "Inhuur beleidsmedewerker {m}",
            "Detachering {m}",
            "Interim projectleider {n}",
        ),
        ("Detachering", "Interim", "Personeelsdiensten", "Flex"),
    ),
    "bouw": (
        "4480 Onderhoud gebouwen",
        "45000000",
        (
            "Onderhoud dak gebouw {n}",
            "Schilderwerk {m}",
            "Reparatie verwarming {n}",
            "Renovatie toiletgroep school {n}",
        ),
        ("Bouw", "Aannemersbedrijf", "Installatietechniek", "Bouwservice"),
    ),
    "vervoer": (
        "4490 Leerlingen- en Wmo-vervoer",
        "60130000",
        (
            "Leerlingenvervoer {m}",
            "Wmo-vervoer {m}",
            "Rolstoelvervoer rit {n}",
        ),
        ("Vervoer", "Taxi", "Zorgvervoer", "Mobiliteit"),
    ),
    "zorg": (
        "4500 Jeugdzorg en Wmo",
        "85300000",
        (
            "Begeleiding Wmo {m}",
            "Jeugdhulp traject {n}",
            "Dagbesteding {m}",
        ),
        ("Zorg", "Begeleiding", "Jeugdhulp", "Dagbesteding"),
    ),
    "fietsen": (
        "4510 Klein materieel",
        "34430000",
        (
            "Onderhoud dienstfietsen",
            "Fietsreparatie {m}",
            "Aanschaf bakfiets",
        ),
        ("Fietsen", "Rijwielherstel", "Tweewielers", "Fietsenmakerij"),
    ),
    "textiel": (
        "4520 Bedrijfskleding",
        "18100000",
        (
            "Bedrijfskleding buitendienst",
            "Reparatie werkkleding {m}",
        ),
        ("Textiel", "Kleding", "Naaiatelier", "Stof"),
    ),
}
SURNAMES = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs",
    "de Haan", "Vermeulen", "van Dijk", "Schouten", "Willems", "Hoekstra", "Koster", "Prins",
    "Verhoeven", "Kuipers", "Postma", "Huisman", "Peeters", "Maas", "Kramer", "van Wijk",
)  # fmt: skip
PLACES = (
    ("Utrecht", "35"), ("Amersfoort", "38"), ("Zeist", "37"), ("Nieuwegein", "34"),
    ("Houten", "39"), ("Woerden", "34"), ("Veenendaal", "39"), ("Hilversum", "12"),
    ("Gouda", "28"), ("Arnhem", "68"), ("Den Bosch", "52"), ("Rotterdam", "30"),
    ("Amsterdam", "10"), ("Den Haag", "25"), ("Zwolle", "80"), ("Ede", "67"),
)  # fmt: skip
STREETS = ("Dorpsstraat", "Kerkstraat", "Stationsweg", "Industrieweg", "Molenweg",
           "Nieuwe Gracht", "Energieweg", "Ambachtsweg", "Marktplein", "Schoolstraat")  # fmt: skip
FORMS = ("B.V.", "BV", "V.O.F.", "Stichting", "Coöperatie U.A.", "", "& Zn.", "Groep B.V.")
SOCIAL = ("Werkbedrijf", "Sociaal", "Kringloop", "Leerwerkbedrijf", "Participatie")
PROGRAMMES = ("Sociaal domein", "Openbare ruimte", "Bedrijfsvoering", "Onderwijs",
              "Economie en werk", "Veiligheid", "Cultuur en sport", "Wonen en ruimte")  # fmt: skip
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip

HEADER = [
    "Crediteurnummer", "Naam crediteur", "KvK-nummer", "Adres", "Postcode", "Plaats",
    "Factuurnummer", "Factuurdatum", "Bedrag excl. BTW", "Bedrag incl. BTW", "Kostenplaats",
    "Programma", "Grootboekrekening", "Omschrijving",
]  # fmt: skip


@dataclass
class Supplier:
    number: str
    name: str
    kvk: str
    address: str
    postcode: str
    city: str
    trade: str


def make_suppliers(n: int, seed: int = 1) -> list[Supplier]:
    """``n`` distinct suppliers with Dutch names, KvK numbers and addresses."""
    rng = np.random.default_rng(seed)
    trades = list(TRADES)
    seen: set[str] = set()
    out: list[Supplier] = []
    i = 0
    while len(out) < n:
        i += 1
        trade = trades[int(rng.integers(len(trades)))]
        word = TRADES[trade][3][int(rng.integers(len(TRADES[trade][3])))]
        city, pc2 = PLACES[int(rng.integers(len(PLACES)))]
        style = rng.random()
        surname = SURNAMES[int(rng.integers(len(SURNAMES)))]
        form = FORMS[int(rng.integers(len(FORMS)))]
        if style < 0.35:
            base = f"{word} {surname}"
        elif style < 0.6:
            base = f"{surname} {word}"
        elif style < 0.75:
            base = f"{word} {city}"
        elif style < 0.85:
            base = f"{SOCIAL[int(rng.integers(len(SOCIAL)))]} {word} {city}"
        else:
            base = f"{surname} en {SURNAMES[int(rng.integers(len(SURNAMES)))]} {word}"
        name = f"{base} {form}".strip()
        if name in seen:
            name = f"{base} {city} {form}".strip()
        if name in seen:
            name = f"{base} {i} {form}".strip()
        if name in seen:
            continue
        seen.add(name)
        street = STREETS[int(rng.integers(len(STREETS)))]
        out.append(
            Supplier(
                number=str(100000 + len(out)),
                name=name,
                kvk=f"{int(rng.integers(1_000_000, 99_999_999)):08d}",
                address=f"{street} {int(rng.integers(1, 250))}",
                postcode=f"{pc2}{int(rng.integers(10, 99))} {chr(65 + int(rng.integers(26)))}"
                f"{chr(65 + int(rng.integers(26)))}",
                city=city,
                trade=trade,
            )
        )
    return out


def read_suppliers(path: str | Path, seed: int = 1) -> list[Supplier]:
    """Suppliers from a CSV with at least a ``name`` column (comma or semicolon)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    rng = np.random.default_rng(seed)
    trades = list(TRADES)
    out = []
    for i, row in enumerate(rows):
        name = (row.get("name") or row.get("naam") or "").strip()
        if not name:
            continue
        out.append(
            Supplier(
                number=str(100000 + i),
                name=name,
                kvk=(row.get("kvk") or "").strip(),
                address=(row.get("address") or row.get("street") or "").strip(),
                postcode=(row.get("postcode") or "").strip(),
                city=(row.get("city") or "").strip(),
                trade=trades[int(rng.integers(len(trades)))],
            )
        )
    return out


def write_suppliers(suppliers: list[Supplier], path: str | Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["number", "name", "kvk", "address", "postcode", "city", "trade"])
        for s in suppliers:
            w.writerow([s.number, s.name, s.kvk, s.address, s.postcode, s.city, s.trade])


def _dutch_amounts(cents: np.ndarray) -> pa.Array:
    """Integer cents -> '1.234,56' / '-12,50' without a Python loop."""
    neg = cents < 0
    a = np.abs(cents)
    euros, rest = a // 100, a % 100
    g1, g2, g3 = euros // 1_000_000, (euros // 1000) % 1000, euros % 1000

    def s(x: np.ndarray) -> pa.Array:
        return pc.cast(pa.array(x), pa.string())

    def pad(x: np.ndarray) -> pa.Array:
        return pc.utf8_lpad(s(x), 3, "0")

    big = pc.binary_join_element_wise(s(g1), pad(g2), pad(g3), ".")
    mid = pc.binary_join_element_wise(s(g2), pad(g3), ".")
    whole = pc.if_else(
        pa.array(euros >= 1_000_000), big, pc.if_else(pa.array(euros >= 1000), mid, s(g3))
    )
    text = pc.binary_join_element_wise(whole, pc.utf8_lpad(s(rest), 2, "0"), ",")
    return pc.if_else(pa.array(neg), pc.binary_join_element_wise("-", text, ""), text)


def generate(
    path: str | Path,
    lines: int,
    *,
    suppliers: int | list[Supplier] = 5000,
    seed: int = 1,
    start: dt.date = dt.date(2021, 1, 1),
    end: dt.date = dt.date(2025, 12, 31),
    delimiter: str = ";",
    encoding: str = "utf-8",
    chunk: int = 500_000,
) -> Path:
    """Write ``lines`` invoice lines to a CSV file; returns the path."""
    path = Path(path)
    sups = suppliers if isinstance(suppliers, list) else make_suppliers(suppliers, seed)
    rng = np.random.default_rng(seed + 1)
    # Zipf-like weights: the k-th supplier gets ~1/k^0.9 of the lines
    weights = 1.0 / np.arange(1, len(sups) + 1) ** 0.9
    weights = rng.permutation(weights)
    weights /= weights.sum()
    cols = {
        "number": np.array([s.number for s in sups], dtype=object),
        "name": np.array([s.name for s in sups], dtype=object),
        "kvk": np.array([s.kvk for s in sups], dtype=object),
        "address": np.array([s.address for s in sups], dtype=object),
        "postcode": np.array([s.postcode for s in sups], dtype=object),
        "city": np.array([s.city for s in sups], dtype=object),
    }
    trades = list(TRADES)
    trade_of = np.array([trades.index(s.trade) for s in sups])
    ledgers = np.array([TRADES[t][0] for t in trades], dtype=object)
    n_templates = 6
    templates = np.array(
        [[TRADES[t][2][j % len(TRADES[t][2])] for j in range(n_templates)] for t in trades],
        dtype=object,
    )
    cost_centres = np.array([f"KP{100 + i * 7:04d}" for i in range(200)], dtype=object)
    programme_of = np.array([PROGRAMMES[i % len(PROGRAMMES)] for i in range(200)], dtype=object)
    days = (end - start).days + 1
    written = 0
    invoice_no = 0
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(delimiter.join(HEADER) + "\r\n")
    while written < lines:
        n = min(chunk, lines - written)
        # invoices of 1-5 lines: every line of an invoice shares supplier, date and number
        per_invoice = rng.integers(1, 6, size=n)
        inv = np.repeat(np.arange(n), per_invoice)[:n]
        n_inv = int(inv[-1]) + 1
        inv_supplier = rng.choice(len(sups), size=n_inv, p=weights)
        inv_day = rng.integers(0, days, size=n_inv)
        inv_cc = rng.integers(0, len(cost_centres), size=n_inv)
        sup = inv_supplier[inv]
        day = inv_day[inv]
        cc = inv_cc[inv]
        trade = trade_of[sup]
        # lognormal amounts around a few hundred euro; 2% credit notes
        cents = np.round(rng.lognormal(mean=10.5, sigma=1.6, size=n)).astype(np.int64)
        cents = np.where(rng.random(n) < 0.02, -cents, cents)
        vat = np.where(
            np.isin(trade, [trades.index("zorg")]), 0, np.where(rng.random(n) < 0.8, 21, 9)
        )
        incl = cents + np.round(cents * vat / 100).astype(np.int64)
        dates = np.datetime64(start) + day.astype("timedelta64[D]")
        month_names = np.array(MONTHS, dtype=object)[
            (dates.astype("datetime64[M]").astype(int) % 12)
        ]
        tmpl = templates[trade, rng.integers(0, n_templates, size=n)]
        # the position on the invoice keeps two lines of one invoice apart
        first = np.r_[0, np.flatnonzero(np.diff(inv)) + 1]
        position = np.arange(n) - np.repeat(first, np.diff(np.r_[first, n]))
        desc = [
            t.replace("{m}", m).replace("{n}", str(k)) + (f" ({p + 1})" if p else "")
            for t, m, k, p in zip(
                tmpl, month_names, rng.integers(1, 40, size=n), position, strict=True
            )
        ]
        invoice_numbers = pc.binary_join_element_wise(
            "F", pc.cast(pa.array(inv + invoice_no + 1), pa.string()), "-"
        )
        invoice_no += n_inv
        table = pa.table(
            {
                HEADER[0]: pa.array(cols["number"][sup], pa.string()),
                HEADER[1]: pa.array(cols["name"][sup], pa.string()),
                HEADER[2]: pa.array(cols["kvk"][sup], pa.string()),
                HEADER[3]: pa.array(cols["address"][sup], pa.string()),
                HEADER[4]: pa.array(cols["postcode"][sup], pa.string()),
                HEADER[5]: pa.array(cols["city"][sup], pa.string()),
                HEADER[6]: invoice_numbers,
                HEADER[7]: pc.strftime(pa.array(dates.astype("datetime64[s]")), format="%d-%m-%Y"),
                HEADER[8]: _dutch_amounts(cents),
                HEADER[9]: _dutch_amounts(incl),
                HEADER[10]: pa.array(cost_centres[cc], pa.string()),
                HEADER[11]: pa.array(programme_of[cc], pa.string()),
                HEADER[12]: pa.array(ledgers[trade], pa.string()),
                HEADER[13]: pa.array(desc, pa.string()),
            }
        )
        _append_csv(table, path, delimiter, encoding)
        written += n
    return path


def _append_csv(table: pa.Table, path: Path, delimiter: str, encoding: str) -> None:
    opts = pcsv.WriteOptions(include_header=False, delimiter=delimiter, quoting_style="needed")
    if encoding.replace("-", "").lower() in ("utf8",):
        with open(path, "ab") as fh:
            pcsv.write_csv(table, fh, write_options=opts)
        return
    sink = pa.BufferOutputStream()
    pcsv.write_csv(table, sink, write_options=opts)
    data = sink.getvalue().to_pybytes().decode("utf-8")
    with open(path, "a", encoding=encoding, newline="") as fh:
        fh.write(data)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--lines", type=int, default=100_000)
    p.add_argument("--suppliers", type=int, default=5000)
    p.add_argument("--supplier-csv", help="read supplier names from this CSV")
    p.add_argument("--write-suppliers", help="also write the suppliers used to this CSV")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    sups = (
        read_suppliers(args.supplier_csv, args.seed)
        if args.supplier_csv
        else make_suppliers(args.suppliers, args.seed)
    )
    if args.write_suppliers:
        write_suppliers(sups, args.write_suppliers)
    generate(args.out, args.lines, suppliers=sups, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
