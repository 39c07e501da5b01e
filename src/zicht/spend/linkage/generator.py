"""Messy ledger data with ground truth, for tests, training and the benchmark.

``generate(n_register, n_suppliers, seed)`` builds a register of organisations in
real Dutch municipalities and a ledger of suppliers, part of which are register
organisations written the way ledgers write them:

* upper case, names cut at 35 characters, diacritics dropped;
* legal forms moved, abbreviated or dropped (``Stichting X`` / ``X, Stichting`` /
  ``St. X`` / ``X``; ``B.V.`` / ``BV`` / ``b.v.``; ``Coöperatie X U.A.``);
* trade names instead of legal names, and ``X h.o.d.n. Y``; typing errors;
* KvK numbers with spaces, ``KvK`` prefixes, lost leading zeros, padded zeros,
  typing errors, another organisation's number, or none;
* postcodes with or without space, ``Den Bosch`` / ``Den Haag``, street
  abbreviations, house-number suffixes written ``12a`` / ``12 A`` / ``12-A``,
  organisations that moved, missing address parts;
* the same organisation twice in a ledger;

and the rest are organisations not in the register, among them namesakes of
register organisations in other cities and near-identical names.

Everything is drawn from one ``random.Random(seed)``: the same arguments give the
same data. ``truth`` maps every supplier id to its register id or ``None``;
``cases`` lists the messy cases applied to each supplier.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from zicht.reference.data import municipalities

from .csvio import REGISTER_COLUMNS, SUPPLIER_COLUMNS
from .records import RegisterEntry, SupplierRecord

GENERIC_NAMES = [
    "De Brug", "De Schakel", "Het Anker", "De Horizon", "De Verbinding", "De Werkplaats",
    "Het Atelier", "De Kringloop", "De Zonnebloem", "Het Kompas", "De Boog", "De Linde",
    "Het Baken", "De Wissel", "Het Gilde", "De Hoeve", "De Kas", "De Tuin", "Het Podium",
    "De Bron", "Het Venster", "De Stek", "Het Dok", "De Ruimte", "De Regenboog",
]  # fmt: skip
ACTIVITIES = [
    "Kringloop", "Leerwerkbedrijf", "Zorgboerderij", "Werkplaats", "Fietsenmakerij",
    "Koffiebranderij", "Bakkerij", "Schoonmaakbedrijf", "Groenvoorziening", "Drukkerij",
    "Catering", "Naaiatelier", "Houtwerkplaats", "Repair Café", "Stadsmakerij",
    "Participatiebedrijf", "Werkcentrum", "Re-integratiebureau", "Wasserij",
    "Timmerwerkplaats", "Lunchroom", "Brasserie", "Fietsenstalling", "Zorgcoöperatie",
    "Buurtkeuken", "Theeschenkerij", "Imkerij", "Kwekerij", "Montagebedrijf", "Kledingbank",
    "Zorgkwekerij", "Leerbedrijf", "Werkbedrijf", "Ambachtshuis", "Dagbesteding",
    "Klusbedrijf", "Verhuisservice", "Fietsfabriek", "Pannenkoekenhuis", "Meubelmakerij",
    "Kaasmakerij", "Brouwerij", "Boerderijwinkel", "Stadstuin", "Kinderboerderij",
]  # fmt: skip
ADJECTIVES = [
    "Groene", "Blauwe", "Gouden", "Vrolijke", "Sterke", "Nieuwe", "Oude", "Wijze", "Stille",
    "Lichte", "Rode", "Witte", "Zilveren", "Bonte", "Kleine", "Grote", "Warme", "Open",
    "Wilde", "Dappere", "Gulle", "Zachte", "Snelle", "Trouwe", "Blije", "Koene", "Vrije",
]  # fmt: skip
NOUNS = [
    "Vlinder", "Reiger", "Zwaluw", "Kraanvogel", "Bij", "Vos", "Molen", "Haven", "Toren",
    "Boom", "Bloem", "Hand", "Bron", "Vonk", "Parel", "Ster", "Zon", "Wind", "Lantaarn",
    "Sleutel", "Ketel", "Fiets", "Eik", "Wilg", "Kastanje", "Duif", "Uil", "Egel", "Otter",
    "Mus", "Spreeuw", "Lijster", "Das", "Haas", "Tulp", "Roos", "Klaver", "Distel",
    "Zeef", "Schelp", "Golf", "Dijk", "Polder", "Akker", "Weide", "Heide", "Duin", "Beek",
    "Kruik", "Mand", "Spiegel", "Kaars", "Veer", "Pen", "Ladder", "Poort", "Brug", "Kade",
]  # fmt: skip
PREFIXES = [
    "Werk", "Samen", "Door", "Mee", "Kans", "Talent", "Groen", "Stad", "Buurt", "Wijk",
    "Zorg", "Leer", "Maak", "Doe", "Hand", "Kracht", "Fiets", "Brood", "Koffie", "Zee",
    "Licht", "Vuur", "Water", "Aarde", "Ster", "Zon", "Veld", "Berg", "Dal", "Bos",
]  # fmt: skip
SYLLABLES = [
    "ba", "ri", "lo", "ver", "tin", "mar", "del", "zo", "ka", "nel", "vi", "ro", "sa", "len",
    "dor", "mi", "ta", "wen", "bel", "ko", "ni", "ster", "ge", "lin", "pa", "ru", "fle", "jo",
]  # fmt: skip
SUFFIXES = [
    "kracht", "wijzer", "plaats", "punt", "huis", "lab", "fabriek", "hof", "werk", "maat",
    "baan", "kans", "stroom", "bries", "zaam", "hoek", "keuken", "straat", "winkel", "gaard",
]  # fmt: skip
QUALIFIERS = [
    "Noord", "Zuid", "Oost", "West", "Midden", "& Partners", "en Co", "Holding",
    "Groep", "Diensten", "Services", "Nederland", "Regio",
]  # fmt: skip
LONG_WORDS = [
    "Maatschappelijke Dienstverlening", "Arbeidsmatige Dagbesteding",
    "Sociale Werkvoorziening", "Duurzame Inzetbaarheid", "Participatie en Ontwikkeling",
    "Ontmoeting en Activering",
]  # fmt: skip
SURNAMES = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
    "Koster", "Willems", "Prins", "Huisman", "Postma", "Kuipers", "Schouten", "Hoekstra",
]  # fmt: skip
TRADES = [
    "Bouw", "Installatietechniek", "Schilders", "Advies", "Transport", "Groen", "ICT",
    "Catering", "Schoonmaak", "Elektro", "Administratie", "Accountants", "Hoveniers",
    "Loodgieters", "Dakwerken", "Beveiliging", "Verhuur", "Consultancy", "Print", "Events",
]  # fmt: skip
STREETS = [
    "Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Hoofdstraat", "Julianalaan",
    "Wilhelminaplein", "Burgemeester van Houtenlaan", "Prins Bernhardstraat", "Schoolstraat",
    "Koningin Julianaweg", "Industrieweg", "Nieuwstraat", "Marktplein", "Kastanjelaan",
    "Burgemeester de Withstraat", "Prinses Irenestraat", "Beatrixlaan", "Parallelweg",
    "Handelsweg", "Ambachtsstraat", "Van Goghstraat", "Rembrandtplein", "Eikenlaan",
    "Lindenlaan", "Havenstraat", "Spoorstraat", "Koningin Wilhelminalaan", "Prins Hendrikkade",
    "Sint Janstraat", "Oude Gracht", "Nieuwe Kade", "Singel", "Veldweg", "Meester Snijderlaan",
]  # fmt: skip
# register spelling of a legal form -> ledger spellings; the register puts it where the
# KvK extract does ("prefix" forms before the name, "suffix" forms after it)
LEGAL_FORMS = {
    "stichting": ("prefix", "Stichting", ["Stichting", "St.", "Stg.", "STICHTING", "Stichting"]),
    "bv": ("suffix", "B.V.", ["B.V.", "BV", "b.v.", "B.V", "bv"]),
    "cooperatie": ("wrap", "Coöperatie", ["Coöperatie", "Cooperatie", "Coop.", "Coöp."]),
    "vereniging": ("prefix", "Vereniging", ["Vereniging", "Vereniging"]),
    "nv": ("suffix", "N.V.", ["N.V.", "NV", "nv"]),
    "vof": ("suffix", "V.O.F.", ["V.O.F.", "VOF", "vof"]),
}
REGISTER_FORM_WEIGHTS = {
    "stichting": 45,
    "bv": 26,
    "cooperatie": 9,
    "vereniging": 5,
    "nv": 1,
    "vof": 4,
    "": 10,
}
STREET_ABBREVIATIONS = [
    ("straat", "str."), ("straat", "str"), ("laan", "ln"), ("plein", "pln"), ("weg", "wg"),
]  # fmt: skip
WORD_ABBREVIATIONS = {
    "Burgemeester": "Burg.",
    "Prins": "Pr.",
    "Koningin": "Kon.",
    "Meester": "Mr.",
    "Sint": "St.",
    "van": "v.",
}
CITY_ALIASES = {"'s-Hertogenbosch": ["Den Bosch", "DEN BOSCH"], "'s-Gravenhage": ["Den Haag"]}
BIG_CITIES = {
    "Amsterdam": 12,
    "Rotterdam": 10,
    "'s-Gravenhage": 10,
    "Utrecht": 9,
    "Eindhoven": 5,
    "Groningen": 5,
    "Tilburg": 4,
    "Almere": 4,
    "Breda": 4,
    "Nijmegen": 4,
    "'s-Hertogenbosch": 6,
}


@dataclass(slots=True)
class GeneratedData:
    register: list[RegisterEntry]
    suppliers: list[SupplierRecord]
    truth: dict[str, str | None]  # supplier_id -> register id, or None if not in the register
    cases: dict[str, list[str]] = field(default_factory=dict)  # supplier_id -> messy cases


@dataclass(slots=True)
class _Org:
    core: str
    form: str  # key of LEGAL_FORMS or ""
    trade_names: list[str]
    street: str
    number: int
    suffix: str
    postcode: str
    city: str
    kvk: str


def _strip_diacritics(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        munis = sorted(municipalities().values(), key=lambda m: m.code)
        self.cities = [m.name for m in munis]
        self.city_weights = [BIG_CITIES.get(m.name, 1) for m in munis]
        # a block of PC4 codes per municipality, as in reality (one region, one range)
        order = self.cities[:]
        self.rng.shuffle(order)
        self.pc4 = {city: 1000 + 25 * i for i, city in enumerate(order)}
        self.used_kvk: set[str] = set()
        self.used_names: set[str] = set()

    # --- building organisations -------------------------------------------------
    def kvk(self) -> str:
        while True:
            # about one in ten KvK numbers starts with 0 (spreadsheets drop it)
            first = "0" if self.rng.random() < 0.1 else str(self.rng.randint(1, 9))
            value = first + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
            if value not in self.used_kvk:
                self.used_kvk.add(value)
                return value

    def city(self) -> str:
        return self.rng.choices(self.cities, self.city_weights)[0]

    def invented_word(self) -> str:
        rng = self.rng
        word = rng.choice(PREFIXES) + rng.choice(SUFFIXES)
        if rng.random() < 0.5:  # brand-like words: "Doekracht", "Talentrix"
            word = (
                rng.choice(PREFIXES)
                + rng.choice(SYLLABLES)
                + rng.choice(["", "a", "o", "us", "ix"])
            )
        return word

    def distinctive_name(self, city: str) -> str:
        rng = self.rng
        r = rng.random()
        place = city if rng.random() < 0.8 else self.city()
        if r < 0.22:
            name = f"{rng.choice(ACTIVITIES)} {place}"
            if rng.random() < 0.4:
                name += " " + rng.choice(QUALIFIERS)
        elif r < 0.42:
            name = f"{rng.choice(ACTIVITIES)} De {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        elif r < 0.62:
            name = self.invented_word()
            if rng.random() < 0.5:
                name += " " + rng.choice(QUALIFIERS + ACTIVITIES)
        elif r < 0.77:
            surname = rng.choice(SURNAMES)
            surname = surname[0].upper() + surname[1:]
            name = rng.choice(
                [f"{rng.choice(ACTIVITIES)} {surname}", f"{surname} {rng.choice(ACTIVITIES)}"]
            )
        elif r < 0.87:
            name = f"{rng.choice(LONG_WORDS)} {place}"
        else:
            name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(ACTIVITIES)}"
        return name

    def new_org(self, *, sme: bool = False, core: str | None = None) -> _Org:
        rng = self.rng
        city = self.city()
        if core is None:
            for _ in range(50):
                if sme:
                    core = f"{rng.choice(SURNAMES)} {rng.choice(TRADES)}".strip()
                    core = core[0].upper() + core[1:]
                    if rng.random() < 0.4:
                        core = f"{core} {rng.choice(QUALIFIERS)}"
                elif rng.random() < 0.08:
                    core = rng.choice(GENERIC_NAMES)  # shared by organisations in other cities
                    break
                else:
                    core = self.distinctive_name(city)
                if core.lower() not in self.used_names:
                    break
            assert core is not None
            self.used_names.add(core.lower())
        if sme:
            form = rng.choices(["bv", "vof", "", "nv"], [55, 20, 23, 2])[0]
        else:
            form = rng.choices(list(REGISTER_FORM_WEIGHTS), list(REGISTER_FORM_WEIGHTS.values()))[0]
        trade: list[str] = []
        if not sme and rng.random() < 0.3:
            trade.append(self.distinctive_name(city))
            if rng.random() < 0.2:
                trade.append(f"{core} {rng.choice(ACTIVITIES)}")
            trade = [t for t in trade if t.lower() not in self.used_names]
            self.used_names.update(t.lower() for t in trade)
        return _Org(core, form, trade, *self.address(city), city, self.kvk())

    def address(self, city: str) -> tuple[str, int, str, str]:
        rng = self.rng
        suffix = ""
        if rng.random() < 0.15:
            suffix = rng.choice(["a", "b", "c", "A", "B", "bis", "1", "2"])
        pc4 = self.pc4[city] + rng.randint(0, 24)
        letters = "".join(rng.choice("ABCDEGHJKLMNPRTVWXZ") for _ in range(2))
        return rng.choice(STREETS), rng.randint(1, 250), suffix, f"{pc4} {letters}"

    def register_name(self, org: _Org) -> str:
        if not org.form:
            return org.core
        where, canonical, _ = LEGAL_FORMS[org.form]
        if where == "prefix":
            return f"{canonical} {org.core}"
        if where == "wrap":
            return f"{canonical} {org.core} U.A."
        return f"{org.core} {canonical}"

    # --- ledger versions ---------------------------------------------------------
    def typo(self, text: str) -> str:
        rng = self.rng
        positions = [i for i, ch in enumerate(text) if ch.isalpha()][1:]
        if len(positions) < 4:
            return text
        i = rng.choice(positions[:-1])
        kind = rng.random()
        if kind < 0.3:  # substitution
            return text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]
        if kind < 0.55:  # deletion
            return text[:i] + text[i + 1 :]
        if kind < 0.8:  # transposition
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text[:i] + text[i] + text[i:]  # doubled letter

    def ledger_name(self, org: _Org, cases: list[str]) -> str:
        rng = self.rng
        core = org.core
        use_trade = org.trade_names and rng.random() < 0.45
        if use_trade:
            core = rng.choice(org.trade_names)
            cases.append("name:trade_name")
        if rng.random() < 0.12:
            core = self.typo(core)
            cases.append("name:typo")
        name = core
        if org.form and not use_trade:
            where, canonical, spellings = LEGAL_FORMS[org.form]
            style = rng.random()
            if style < 0.35:
                name = self.register_name(_replace_core(org, core))
            elif style < 0.55:
                name = f"{core}, {canonical}" if where != "suffix" else f"{core} {canonical}"
                cases.append("name:form_moved")
            elif style < 0.8:
                spelling = rng.choice(spellings)
                if where == "wrap":
                    name = f"{spelling} {core} {rng.choice(['U.A.', 'UA', 'u.a.', ''])}".strip()
                elif where == "prefix":
                    name = f"{spelling} {core}"
                else:
                    name = f"{core} {spelling}"
                cases.append("name:form_abbreviated")
            else:
                cases.append("name:form_dropped")
        if org.trade_names and not use_trade and rng.random() < 0.25:
            name = f"{name} h.o.d.n. {rng.choice(org.trade_names)}"
            cases.append("name:hodn")
        if rng.random() < 0.5 and _strip_diacritics(name) != name:
            name = _strip_diacritics(name)
            cases.append("name:no_diacritics")
        if rng.random() < 0.45:
            name = name.upper()
            cases.append("name:upper")
        if len(name) > 35:
            name = name[:35].rstrip()
            cases.append("name:truncated")
        return name

    def ledger_kvk(self, org: _Org, cases: list[str], other_kvks: list[str]) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.33:
            cases.append("kvk:missing")
            return ""
        value = org.kvk
        if r < 0.39:
            i = rng.randrange(8)
            value = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1 :]
            cases.append("kvk:typo")
        elif r < 0.42 and other_kvks:
            value = rng.choice(other_kvks)  # a parent's or a mixed-up number
            cases.append("kvk:other_org")
        fmt = rng.random()
        if fmt < 0.45:
            return value
        cases.append("kvk:formatted")
        if fmt < 0.6:
            return f"{value[:4]} {value[4:]}"
        if fmt < 0.75:
            return f"{rng.choice(['KvK', 'KVK', 'kvk', 'KvK-nr:', 'KvK nr.'])} {value}"
        if fmt < 0.9:
            return value.lstrip("0") if value.startswith("0") else value
        return value.zfill(12)

    def ledger_address(self, org: _Org, cases: list[str]) -> tuple[str, str, str]:
        rng = self.rng
        street, number, suffix, postcode, city = (
            org.street,
            org.number,
            org.suffix,
            org.postcode,
            org.city,
        )
        if rng.random() < 0.05:  # moved since the register entry was made
            city = city if rng.random() < 0.4 else self.city()
            street, number, suffix, postcode = self.address(city)
            cases.append("addr:moved")
        if rng.random() < 0.3:
            for long, short in STREET_ABBREVIATIONS:
                if street.endswith(long):
                    street = street[: -len(long)] + short
                    break
            street = " ".join(WORD_ABBREVIATIONS.get(w, w) for w in street.split())
            cases.append("addr:street_abbreviated")
        elif rng.random() < 0.05:
            street = self.typo(street)
            cases.append("addr:street_typo")
        if suffix:
            sep = rng.choice(["", " ", "-"])
            suffix_text = sep + (suffix.upper() if rng.random() < 0.5 else suffix.lower())
            cases.append("addr:house_number_suffix")
        else:
            suffix_text = ""
        address = f"{street} {number}{suffix_text}"
        r = rng.random()
        if r < 0.4:
            postcode = postcode.replace(" ", "")
            cases.append("addr:postcode_no_space")
        elif r < 0.48:
            postcode = postcode.lower()
        if city in CITY_ALIASES and rng.random() < 0.7:
            city = rng.choice(CITY_ALIASES[city])
            cases.append("addr:city_alias")
        if rng.random() < 0.4:
            city = city.upper()
            address = address.upper()
        if rng.random() < 0.1:
            address = ""
            cases.append("addr:no_address")
        if rng.random() < 0.12:
            postcode = ""
            cases.append("addr:no_postcode")
        if rng.random() < 0.08:
            city = ""
            cases.append("addr:no_city")
        return address, postcode, city


def _replace_core(org: _Org, core: str) -> _Org:
    return _Org(core, org.form, org.trade_names, org.street, org.number, org.suffix,
                org.postcode, org.city, org.kvk)  # fmt: skip


def generate(
    n_register: int = 2_000,
    n_suppliers: int = 5_000,
    seed: int = 0,
    share_in_register: float = 0.3,
    share_duplicates: float = 0.04,
    share_namesakes: float = 0.08,
) -> GeneratedData:
    """Build a register, a ledger of suppliers and the true links between them.

    ``share_in_register``: fraction of ledger suppliers that are register organisations;
    ``share_duplicates``: fraction of those that appear a second time under another id;
    ``share_namesakes``: fraction of the others that copy a register name elsewhere.
    """
    g = _Generator(seed)
    rng = g.rng
    orgs = [g.new_org() for _ in range(n_register)]
    register = [
        RegisterEntry(
            id=f"R{i + 1:06d}",
            kvk=org.kvk,
            name=g.register_name(org),
            trade_names=tuple(org.trade_names),
            street=org.street,
            house_number=f"{org.number}{org.suffix}",
            postcode=org.postcode,
            city=org.city,
        )
        for i, org in enumerate(orgs)
    ]
    all_kvks = [org.kvk for org in orgs]
    rows: list[tuple[SupplierRecord | None, str | None, list[str], _Org]] = []
    n_in = min(int(n_suppliers * share_in_register), n_suppliers)
    picked = rng.sample(range(n_register), min(n_in, n_register))
    for idx in picked:
        rows.append((None, register[idx].id, [], orgs[idx]))
    for _ in range(n_in - len(picked)):  # tiny registers: reuse organisations
        idx = rng.randrange(n_register)
        rows.append((None, register[idx].id, [], orgs[idx]))
    n_dup = int(len(rows) * share_duplicates)
    for _, reg_id, _, org in rng.sample(rows, n_dup):
        rows.append((None, reg_id, ["dup:second_entry"], org))
    while len(rows) < n_suppliers:
        if rng.random() < share_namesakes:
            model = rng.choice(orgs)
            if rng.random() < 0.5:
                org = g.new_org(sme=False, core=model.core)
                rows.append((None, None, ["neg:namesake"], org))
            else:
                core = f"{model.core} {rng.choice(QUALIFIERS + TRADES)}"
                rows.append((None, None, ["neg:near_name"], g.new_org(sme=True, core=core)))
        else:
            rows.append((None, None, ["neg:other"], g.new_org(sme=rng.random() < 0.85)))
    rows = rows[:n_suppliers]
    rng.shuffle(rows)

    suppliers: list[SupplierRecord] = []
    truth: dict[str, str | None] = {}
    cases: dict[str, list[str]] = {}
    for i, (_, reg_id, tags, org) in enumerate(rows):
        sid = f"S{i + 1:06d}"
        tags = list(tags)
        if reg_id is not None:
            kvk = g.ledger_kvk(org, tags, all_kvks)
        else:
            kvk = org.kvk if rng.random() < 0.5 else ""
        name = g.ledger_name(org, tags)
        address, postcode, city = g.ledger_address(org, tags)
        suppliers.append(SupplierRecord(sid, name, kvk, address, postcode, city))
        truth[sid] = reg_id
        cases[sid] = tags
    return GeneratedData(register, suppliers, truth, cases)


def write_csv(data: GeneratedData, directory: Path) -> dict[str, Path]:
    """Write register.csv, suppliers.csv and truth.csv (``supplier_id,register_id``)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {k: directory / f"{k}.csv" for k in ("register", "suppliers", "truth")}
    with paths["register"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(REGISTER_COLUMNS)
        for r in data.register:
            w.writerow([r.id, r.kvk, r.name, "|".join(r.trade_names), r.street,
                        r.house_number, r.postcode, r.city])  # fmt: skip
    with paths["suppliers"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(SUPPLIER_COLUMNS)
        for s in data.suppliers:
            w.writerow([s.supplier_id, s.name, s.kvk, s.address, s.postcode, s.city])
    with paths["truth"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["supplier_id", "register_id", "cases"])
        for sid, reg_id in data.truth.items():
            w.writerow([sid, reg_id or "", " ".join(data.cases.get(sid, []))])
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write messy linkage test data with truth.")
    parser.add_argument("--register", type=int, default=2000, help="register size")
    parser.add_argument("--suppliers", type=int, default=5000, help="ledger size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    data = generate(args.register, args.suppliers, args.seed)
    for kind, path in write_csv(data, args.out_dir).items():
        print(f"{kind}: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
