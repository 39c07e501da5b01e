"""Names, descriptions, users and reasons for the demo generator. Plain Python: no Django."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import TYPE_CHECKING

from zicht.reference import data as ref

from . import vocab

if TYPE_CHECKING:  # pragma: no cover
    from .generator import EvidenceRecord, OrgRecord, UserRecord

SE_LEGAL_FORMS = (
    "stichting",
    "bv",
    "cooperatie_ua",
    "vof",
    "eenmanszaak",
    "vereniging",
    "nv",
    "maatschap",
    "cv",
    "cooperatie",
)
SE_LEGAL_FORM_WEIGHTS = (34, 38, 8, 6, 5, 3, 1, 2, 1, 2)
SME_LEGAL_FORMS = ("bv", "eenmanszaak", "vof", "cv", "maatschap", "nv")
SME_LEGAL_FORM_WEIGHTS = (50, 24, 19, 3, 3, 1)

WORK_INTEGRATION_P = {
    "re-integratie": 0.95,
    "schoonmaak": 0.85,
    "groenonderhoud": 0.85,
    "ict-testen": 0.85,
    "bezorging": 0.85,
    "kringloop": 0.8,
    "fietsenmakerij": 0.8,
    "verhuizingen": 0.8,
    "facilitair": 0.8,
    "catering": 0.75,
    "drukwerk": 0.75,
    "textiel": 0.7,
    "voeding": 0.6,
    "bouw": 0.6,
    "zorg": 0.45,
    "energie": 0.4,
}
PRODUCTS_P = {
    "zorg": 0.85,
    "energie": 0.85,
    "kringloop": 0.8,
    "textiel": 0.6,
    "voeding": 0.5,
    "catering": 0.4,
}

OTHER_CERTIFICATES = (
    "B Corp",
    "ISO 14001",
    "Erkend Leerbedrijf (SBB)",
    "Keurmerk Schoon",
    "VCA",
    "Fair Wear",
    "Keurmerk Zorgboerderijen",
    "Groenkeur",
)

ADMIN_EMAIL = "admin@zicht.example"
REVIEWERS = {  # municipality -> the demo user who reviews its organisations
    "GM0344": "beleid@utrecht.example",
    "GM0363": "medewerker@amsterdam.example",
    "GM0599": "medewerker@rotterdam.example",
}

REASONS = {
    "verify": (
        "Jaarverslag en geanonimiseerde loonstaten gecontroleerd; het doelgroepaandeel klopt met de opgave.",
        "KvK-uittreksel en statuten gecontroleerd: de maatschappelijke missie staat in de statuten.",
        "Werkbezoek afgelegd; begeleiding en werkwijze sluiten aan bij het profiel.",
        "Verklaring van de accountant over de personeelsopbouw ontvangen en akkoord.",
    ),
    "verify_sme": (
        "KvK-uittreksel gecontroleerd; naam, adres en activiteiten kloppen.",
        "Gegevens gecontroleerd bij de KvK en op de website van het bedrijf.",
    ),
    "certify": (
        "Inschrijving in het Register Sociale Ondernemingen en PSO-certificaat gecontroleerd.",
        "Geldig PSO-certificaat ontvangen; de trede komt overeen met de opgave.",
        "Lidmaatschap Social Enterprise NL en impactrapport gecontroleerd.",
    ),
    "request_changes": (
        "Het totaal aantal fte ontbreekt of lijkt niet te kloppen. Voeg het jaarverslag toe.",
        "Beschrijf in het profiel welke begeleiding medewerkers krijgen.",
        "Het PSO-certificaat is verlopen. Upload het nieuwe certificaat.",
        "De fte per doelgroep tellen niet op tot het totaal; controleer de cijfers.",
    ),
    "reject": (
        "Geen sociale onderneming: er staat geen maatschappelijke missie in de statuten.",
        "Minder dan de helft van de inkomsten komt uit handel; neem contact op als dit verandert.",
    ),
}

# Patterns that glue the stem to another word ("De {S}fabriek") need a one-word stem.
_PLAIN = tuple(
    p for p in vocab.SE_NAME_PATTERNS if "{s}" not in p and not re.search(r"\{S\}[a-z]", p)
)


def se_name(rng: random.Random, sector: vocab.Sector, city: str) -> str:
    stem = rng.choice(sector.stems)
    compounds = " " not in stem and not stem.endswith(("ij", "ers", "fabriek"))
    pattern = rng.choice(vocab.SE_NAME_PATTERNS if compounds else _PLAIN)
    return pattern.format(S=stem, s=stem.lower(), C=city)


def legal_name(name: str, form: str) -> str:
    if form == "stichting":
        return f"Stichting {name}"
    if form == "vereniging":
        return f"Vereniging {name}"
    if form == "cooperatie_ua":
        return f"Coöperatie {name} U.A."
    if form == "cooperatie":
        return f"Coöperatie {name}"
    suffix = {
        "bv": "B.V.",
        "nv": "N.V.",
        "vof": "V.O.F.",
        "cv": "C.V.",
        "maatschap": "(maatschap)",
    }.get(form)
    if form == "publiekrechtelijk":
        return f"Gemeenschappelijke Regeling {name}"
    return f"{name} {suffix}" if suffix else name


def trade_names(rng: random.Random, name: str, form: str, city: str) -> list[str]:
    roll = rng.random()
    if roll < 0.15 and form in ("bv", "nv"):
        return []  # the legal name is the only name used
    if roll > 0.88:
        return [name, f"{name} {city}"]
    return [name]


def _person_in_name(rng: random.Random) -> str:
    sur = rng.choice(vocab.SURNAMES)
    roll = rng.random()
    if roll < 0.55:
        return sur
    if roll < 0.65:
        return f"{sur} & Zn."
    if roll < 0.72:
        return f"Gebr. {sur}"
    if roll < 0.85:
        other = rng.choice(vocab.SURNAMES)
        return f"{sur} & {other}" if other != sur else sur
    initial = rng.choice("ABCDEFGHJKLMNPRSTW")
    first, _, rest = sur.partition(" ")
    lowered = f"{first.lower()} {rest}" if rest and first in ("De", "Van", "El") else sur
    return f"{initial}. {lowered}"


def sme_name(rng: random.Random, pattern: str) -> str:
    return pattern.format(N=_person_in_name(rng))


def municipality_description(m: ref.Municipality) -> tuple[str, str]:
    nl = (
        f"Gemeente {m.name} ligt in de provincie {m.province} en hoort bij de arbeidsmarktregio "
        f"{m.labour_market_region}. De gemeente werkt samen met sociale ondernemingen bij inkoop, "
        "re-integratie en social return, en zoekt leveranciers voor voorbehouden opdrachten."
    )
    en = (
        f"The municipality of {m.name} lies in the province of {m.province} and belongs to the "
        f"{m.labour_market_region} labour-market region. It works with social enterprises on "
        "procurement, re-integration and social return, and looks for suppliers for reserved contracts."
    )
    return nl, en


def _join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def se_description(
    rng: random.Random, org: OrgRecord, sector: vocab.Sector, m: ref.Municipality, as_of: dt.date
) -> tuple[str, str]:
    """A few sentences in Dutch and English: what, for whom, with whom, and the impact."""
    name, city, region = org.display_name, org.city, m.labour_market_region
    p = org.profile
    year = as_of.year - rng.randint(2, 25)
    nl: list[str] = []
    en: list[str] = []
    kind_nl = "sociaal werkbedrijf" if org.kind == "sociale_werkplaats" else "sociale onderneming"
    kind_en = (
        "sheltered employment company" if org.kind == "sociale_werkplaats" else "social enterprise"
    )
    opening = rng.randrange(4)
    if opening == 0:
        nl.append(f"{name} is een {kind_nl} uit {city}. De onderneming {sector.does_nl}.")
        en.append(f"{name} is a {kind_en} from {city}. It {sector.does_en}.")
    elif opening == 1:
        nl.append(f"{name} uit {city} {sector.does_nl}.")
        en.append(f"{name}, based in {city}, {sector.does_en}.")
    elif opening == 2:
        nl.append(
            f"Sinds {year} is {name} in {city} actief in {sector.label_nl}: de onderneming {sector.does_nl}."
        )
        en.append(
            f"Since {year}, {name} has worked in {sector.label_en} in {city}: it {sector.does_en}."
        )
    else:
        fte = int(p.total_fte) if p and p.total_fte else rng.randint(5, 40)
        nl.append(
            f"Wat in {year} begon als klein initiatief in {city} is nu een bedrijf met zo'n {fte} fte: "
            f"{name} {sector.does_nl}."
        )
        en.append(
            f"What started in {year} as a small initiative in {city} is now a business of about {fte} FTE: "
            f"{name} {sector.does_en}."
        )
    clients = rng.randrange(3)
    nl.append(
        (
            f"Onze klanten zijn vooral {sector.clients_nl}.",
            f"We werken voor {sector.clients_nl} in de regio {region}.",
            f"Opdrachtgevers zijn onder meer {sector.clients_nl}.",
        )[clients]
    )
    en.append(
        (
            f"Our clients are mainly {sector.clients_en}.",
            f"We work for {sector.clients_en} in the {region} region.",
            f"Clients include {sector.clients_en}.",
        )[clients]
    )
    groups = [g for g in (p.figures if p else {}) if g != "none"]
    if p and p.impact_work_integration:
        groups = groups or ["participatiewet", "doelgroepregister"]
        g_nl = _join([vocab.TARGET_GROUPS_NL[g] for g in groups], "en")
        g_en = _join([vocab.TARGET_GROUPS_EN[g] for g in groups], "and")
        counted = sum(v for g, v in p.figures.items() if g != "none")
        pct = round(float(counted / p.total_fte) * 20) * 5 if p.total_fte else None
        style = rng.randrange(3)
        if style == 0 and pct:
            nl.append(
                f"Ongeveer {pct}% van onze medewerkers heeft een afstand tot de arbeidsmarkt, onder wie {g_nl}."
            )
            en.append(
                f"About {pct}% of our staff are distant from the labour market, including {g_en}."
            )
        elif style == 1:
            nl.append(f"We bieden een vaste werkplek, opleiding en begeleiding aan {g_nl}.")
            en.append(f"We offer a steady workplace, training and support to {g_en}.")
        else:
            nl.append(
                f"Iedere medewerker krijgt een eigen leerplan en een vaste begeleider; we werken vooral met {g_nl}."
            )
            en.append(
                f"Every employee has a personal learning plan and a coach; we mainly work with {g_en}."
            )
        if rng.random() < 0.5:
            n = rng.randint(1, max(1, int(p.total_fte or 0) // 4))
            nl.append(
                f"Vorig jaar stroomden {n} medewerkers door naar een baan bij een reguliere werkgever."
            )
            en.append(f"Last year {n} employees moved on to a job with a regular employer.")
    else:
        nl.append("We zijn een inclusieve werkgever en bieden ook leerwerkplekken.")
        en.append("We are an inclusive employer and also offer work-experience places.")
    if p and p.impact_products:
        nl.append("Ook het werk zelf is goed voor de buurt en het milieu.")
        en.append("The work itself also benefits the neighbourhood and the environment.")
    if p and p.impact_profit_redistribution:
        purpose = rng.randrange(3)
        nl.append(
            (
                "Onze winst investeren we in opleiding van medewerkers.",
                f"Een deel van onze winst gaat naar buurtprojecten in {city}.",
                "Winst gebruiken we voor nieuwe werkplekken.",
            )[purpose]
        )
        en.append(
            (
                "We invest our profits in training our staff.",
                f"Part of our profit goes to neighbourhood projects in {city}.",
                "Profits pay for new jobs.",
            )[purpose]
        )
    goals = [s.goal for s in org.sdgs if s.confirmed][:3]
    if goals:
        titles = ref.sdg_goals()
        nl.append(
            "Zo dragen we bij aan "
            + _join([titles[g].short_title_nl.lower() for g in goals], "en")
            + "."
        )
        en.append(
            "This way we contribute to "
            + _join([titles[g].short_title_en.lower() for g in goals], "and")
            + "."
        )
    kinds = {c.kind for c in org.certifications}
    if "pso" in kinds:
        nl.append("We zijn gecertificeerd op de Prestatieladder Socialer Ondernemen.")
        en.append("We are certified on the Social Enterprise Performance Ladder (PSO).")
    if "code_so" in kinds:
        nl.append("We staan ingeschreven in het Register Sociale Ondernemingen.")
        en.append(
            "We are listed in the Register of Social Enterprises (Code Sociale Ondernemingen)."
        )
    elif "sociaal_nl" in kinds:
        nl.append("We zijn lid van Social Enterprise NL.")
        en.append("We are a member of Social Enterprise NL.")
    closing = rng.randrange(3)
    if closing == 0:
        nl.append("Samenwerken? Neem contact op voor een offerte of een kennismaking.")
        en.append("Want to work together? Get in touch for a quote or an introduction.")
    elif closing == 1:
        nl.append(
            "Gemeenten kunnen ons inzetten voor social return en bij voorbehouden opdrachten."
        )
        en.append("Municipalities can engage us for social return and reserved contracts.")
    return " ".join(nl), " ".join(en)


def sme_description(rng: random.Random, org: OrgRecord, sector) -> tuple[str, str]:
    name, city = org.display_name, org.city
    nl = [f"{name} uit {city} {sector[5]}."]
    en = [f"{name}, based in {city}, {sector[6]}."]
    n = max(1, int(rng.lognormvariate(1.8, 0.9)))
    extra = rng.randrange(4)
    if extra == 0:
        nl.append(f"Het bedrijf heeft {n} medewerkers.")
        en.append(f"The company has {n} employees.")
    elif extra == 1:
        nl.append("We werken graag samen met sociale ondernemingen en bieden stageplekken.")
        en.append("We like to work with social enterprises and offer internships.")
    elif extra == 2:
        nl.append("Erkend leerbedrijf.")
        en.append("Accredited work-based learning company.")
    return " ".join(nl), " ".join(en)


def demo_users() -> list[UserRecord]:
    from .generator import MembershipRecord as M
    from .generator import UserRecord as U

    return [
        U(
            ADMIN_EMAIL,
            "Beheerder",
            "Zicht",
            "platform administrator (superuser)",
            is_superuser=True,
        ),
        U(
            "inkoper@utrecht.example",
            "Iris",
            "de Inkoper",
            "procurement officer, Gemeente Utrecht",
            memberships=[M("gm:GM0344", "procurement_officer", "Inkoop")],
        ),
        U(
            "beleid@utrecht.example",
            "Bas",
            "van Beleid",
            "policy officer, Gemeente Utrecht (reviews Utrecht)",
            memberships=[M("gm:GM0344", "policy_officer", "Werk en Inkomen")],
        ),
        U(
            "medewerker@amsterdam.example",
            "Aïsha",
            "Amrani",
            "municipal staff, Gemeente Amsterdam",
            memberships=[M("gm:GM0363", "staff", "Economische Zaken")],
        ),
        U(
            "medewerker@rotterdam.example",
            "Ruud",
            "Rotteveel",
            "municipal staff, Gemeente Rotterdam",
            memberships=[M("gm:GM0599", "staff", "Werk en Inkomen")],
        ),
        U(
            "ondernemer@groenwerkt.example",
            "Sanne",
            "Groen",
            "social entrepreneur, owner of Groen Werkt (Utrecht)",
            memberships=[M("se:groen-werkt", "owner")],
        ),
        U(
            "collega@groenwerkt.example",
            "Daan",
            "Hovenier",
            "member of Groen Werkt",
            memberships=[M("se:groen-werkt", "member")],
        ),
        U(
            "mkb@bakkerij.example",
            "Kees",
            "de Vries",
            "SME owner, Bakkerij De Vries (Utrecht)",
            memberships=[M("sme:bakkerij", "owner")],
        ),
    ]


def evidence_for(rng: random.Random, org: OrgRecord) -> list[EvidenceRecord]:
    from .generator import EvidenceRecord as E

    base = org.kvk
    files = [E(org.ref, f"kvk-uittreksel-{base}.pdf", "KvK-uittreksel", "application/pdf")]
    if org.profile and org.profile.total_fte:
        files.append(
            E(
                org.ref,
                f"personeelsopbouw-{base}.pdf",
                "Personeelsopbouw per doelgroep (geanonimiseerd)",
                "application/pdf",
            )
        )
    for cert in org.certifications:
        if cert.kind == "pso":
            files.append(
                E(
                    org.ref,
                    f"pso-certificaat-{base}.pdf",
                    "PSO-certificaat",
                    "application/pdf",
                    "pso",
                )
            )
        elif cert.kind == "code_so":
            files.append(
                E(
                    org.ref,
                    f"register-so-{base}.png",
                    "Inschrijving Register Sociale Ondernemingen",
                    "image/png",
                    "code_so",
                )
            )
    return files
