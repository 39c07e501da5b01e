"""Demo opportunities on top of the register's demo data (``zicht demo``).

``load_opportunities_demo()`` creates 20 published opportunities (tenders, subcontracting
and partnership requests, municipal questions) owned by municipality organisations and
SMEs of the demo data, in Utrecht, Amsterdam, Rotterdam and elsewhere, and fills the
inboxes of the best-matching organisations' members. Idempotent: when the demo
opportunities exist it does nothing. Fictitious, like the rest of the demo data.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.reference.models import CpvCode, Municipality
from zicht.registry.models import Organisation

from .models import Opportunity, State, Visibility

# (owner, kind, title, description, cpv, sdgs, place, value, weeks to deadline, extra)
# owner: "GMxxxx" = that municipality's organisation; "sme:<legal name>" or
# "sme@GMxxxx:<cpv division>" = the first SME (by KvK) there that supplies the division.
DEMO = [
    (
        "GM0344",
        "tender",
        "Groenonderhoud wijkparken Utrecht-Oost 2027-2029",
        "Maaien, snoeien en onderhoud van plantsoenen en wijkparken in Utrecht-Oost. Wij "
        "vragen inzet van mensen met een afstand tot de arbeidsmarkt en elektrisch materieel.",
        ["77310000", "77314000"],
        [8, 11, 15],
        "GM0344",
        480_000,
        8,
        {"reserved_2_82": True},
    ),
    (
        "GM0344",
        "tender",
        "Schoonmaak stadskantoor en wijkbureaus",
        "Dagelijkse schoonmaak en glasbewassing van het stadskantoor en vijf wijkbureaus, "
        "met een social return-verplichting van 5% van de opdrachtwaarde.",
        ["90910000", "90911300", "90919200"],
        [8, 10],
        "GM0344",
        1_200_000,
        10,
        {"min_tier": "verified"},
    ),
    (
        "GM0344",
        "tender",
        "Catering voor bijeenkomsten in het stadhuis",
        "Lunches en borrels voor raadsvergaderingen en bewonersavonden, bij voorkeur "
        "biologisch en lokaal bereid door een leerwerkbedrijf.",
        ["55520000"],
        [2, 8, 12],
        "GM0344",
        90_000,
        5,
        {},
    ),
    (
        "GM0344",
        "question",
        "Vraagstuk: hoe krijgen we statushouders sneller aan het werk?",
        "De gemeente zoekt voorstellen van sociale ondernemers voor werkervaringsplekken "
        "en taaltrajecten op de werkvloer voor statushouders.",
        [],
        [4, 8, 10],
        "GM0344",
        None,
        12,
        {},
    ),
    (
        "sme:Bakkerij De Vries V.O.F.",
        "subcontracting",
        "SROI-opdracht: bezorging en inpakwerk voor een cateringcontract",
        "Wij hebben een contract met social return gewonnen en zoeken sociale ondernemingen "
        "voor bezorging per bakfiets, inpakwerk en schoonmaak van de bakkerij.",
        ["60100000", "79820000", "90910000"],
        [8, 11],
        "GM0344",
        45_000,
        6,
        {},
    ),
    (
        "GM0363",
        "tender",
        "Onderhoud en herstel van fietsen voor medewerkers",
        "Onderhoud, reparatie en inzameling van dienstfietsen van de gemeente Amsterdam.",
        ["50100000"],
        [8, 11, 13],
        "GM0363",
        150_000,
        7,
        {"reserved_2_82": True},
    ),
    (
        "GM0363",
        "tender",
        "Drukwerk en mailings voor de gemeente",
        "Drukken, vouwen en versturen van brieven en folders; duurzaam papier.",
        ["79810000", "79820000"],
        [8, 12],
        "GM0363",
        220_000,
        9,
        {},
    ),
    (
        "GM0363",
        "partnership",
        "Partner gezocht: circulaire inzameling van kantoormeubilair",
        "Samenwerking voor hergebruik en reparatie van kantoormeubilair uit gemeentelijke "
        "panden, met leerwerkplekken.",
        ["39130000"],
        [9, 12],
        "GM0363",
        60_000,
        10,
        {"visibility": Visibility.MEMBERS},
    ),
    (
        "GM0363",
        "question",
        "Vraagstuk: minder voedselverspilling in buurthuizen",
        "Wie helpt buurthuizen overgebleven voedsel te verwerken tot maaltijden voor "
        "bewoners met een kleine beurs?",
        ["55520000"],
        [2, 12],
        "GM0363",
        25_000,
        8,
        {},
    ),
    (
        "sme@GM0363:45",
        "subcontracting",
        "Onderaanneming schilderwerk en klein onderhoud (social return)",
        "Voor een renovatieproject met een SROI-verplichting zoeken wij sociale ondernemingen "
        "voor schilderwerk en timmerwerk.",
        ["45442100", "45421000"],
        [8, 11],
        "GM0363",
        120_000,
        6,
        {},
    ),
    (
        "GM0599",
        "tender",
        "Groenbeheer en zwerfafvalprojecten Rotterdam-Zuid",
        "Groenonderhoud en het opruimen van zwerfafval met buurtbewoners in Rotterdam-Zuid.",
        ["77310000", "90610000"],
        [11, 15],
        "GM0599",
        650_000,
        11,
        {"reserved_2_82": True},
    ),
    (
        "GM0599",
        "tender",
        "IT-ondersteuning en laptopherstel voor scholen",
        "Herstel en herinrichting van gebruikte laptops voor leerlingen, met helpdesk.",
        ["72600000", "50300000"],
        [4, 10, 12],
        "GM0599",
        300_000,
        7,
        {},
    ),
    (
        "GM0599",
        "question",
        "Vraagstuk: jongeren zonder startkwalificatie aan de slag in de haven",
        "Voorstellen voor leerwerktrajecten met werkgevers in de haven en de logistiek.",
        [],
        [4, 8],
        "GM0599",
        None,
        14,
        {},
    ),
    (
        "sme@GM0599:60",
        "subcontracting",
        "Social return: inzet bij pakketsortering",
        "Logistiek bedrijf met een SROI-verplichting zoekt een sociale werkplaats voor "
        "sorteer- en inpakwerk.",
        ["63000000", "79820000"],
        [8],
        "GM0599",
        80_000,
        5,
        {},
    ),
    (
        "GM0518",
        "tender",
        "Vervoer van leerlingen naar speciaal onderwijs",
        "Leerlingenvervoer met kleine bussen, chauffeurs met begeleidingservaring.",
        ["60100000"],
        [4, 10],
        "GM0518",
        900_000,
        12,
        {"min_tier": "verified"},
    ),
    (
        "GM0855",
        "tender",
        "Zonnepanelen op sporthallen",
        "Levering en plaatsing van zonnepanelen op drie gemeentelijke sporthallen.",
        ["09331200", "45310000"],
        [7, 13],
        "GM0855",
        400_000,
        9,
        {},
    ),
    (
        "GM0855",
        "partnership",
        "Partner gezocht voor een repaircafé en kringloopwinkel",
        "De gemeente stelt een pand beschikbaar voor een kringloopwinkel met leerwerkplekken.",
        [],
        [8, 12],
        "GM0855",
        None,
        10,
        {},
    ),
    (
        "GM0344",
        "tender",
        "Vertaalwerk en tolken voor de publieksbalie",
        "Vertaling van brieven en tolken in het Arabisch, Tigrinya en Turks.",
        ["79530000"],
        [10, 16],
        "GM0344",
        70_000,
        6,
        {"visibility": Visibility.MEMBERS},
    ),
    (
        "GM0363",
        "tender",
        "Beveiliging en gastheerschap van evenementen",
        "Gastheren en -vrouwen en beveiliging bij gemeentelijke evenementen.",
        ["79710000"],
        [8, 16],
        "GM0363",
        200_000,
        8,
        {},
    ),
    (
        "GM0599",
        "tender",
        "Kantoorschoonmaak en hygiënediensten",
        "Schoonmaak van gemeentelijke kantoren met inzet van mensen uit de doelgroep.",
        ["90919200"],
        [8],
        "GM0599",
        750_000,
        13,
        {"reserved_2_82": True, "certifications": ["pso"]},
    ),
]
TITLES = [row[2] for row in DEMO]


def _owner(ref: str) -> Organisation | None:
    if ref.startswith("GM"):
        return Organisation.objects.filter(kind="municipality", municipality__code=ref).first()
    if ref.startswith("sme:"):
        return Organisation.objects.filter(kind="sme", legal_name=ref[4:]).first()
    place, division = ref[4:].split(":")
    return (
        Organisation.objects.filter(
            kind="sme", municipality__code=place, cpv_codes__code__startswith=division
        )
        .order_by("kvk")
        .first()
    )


def load_opportunities_demo(stdout=None, as_of: dt.date | None = None) -> dict:
    """Create the demo opportunities and fill inboxes; returns counts. Idempotent."""
    from . import services

    out = stdout or sys.stdout
    existing = Opportunity.objects.filter(title__in=TITLES).count()
    if existing:
        out.write(f"Demo opportunities already loaded ({existing}): nothing to do.\n")
        return {"loaded": False, "opportunities": existing}
    started = time.monotonic()
    today = as_of or timezone.localdate()
    now = timezone.now()
    cpv = {c.code: c for c in CpvCode.objects.all()}
    places = {m.code: m for m in Municipality.objects.filter(code__in={r[6] for r in DEMO})}
    created, skipped = [], []
    with transaction.atomic():
        for n, (ref, kind, title, text, codes, sdgs, place, value, weeks, extra) in enumerate(DEMO):
            owner = _owner(ref)
            if owner is None or place not in places:
                skipped.append(title)
                continue
            member = User.objects.filter(memberships__organisation=owner).order_by("pk").first()
            opp = Opportunity.objects.create(
                owner=owner,
                created_by=member,
                kind=kind,
                title=title,
                description=text,
                sdgs={str(g): 1.0 for g in sdgs},
                municipality=places[place],
                value_eur=Decimal(value) if value is not None else None,
                deadline=today + dt.timedelta(weeks=weeks),
                contact_name=f"Contactpersoon {owner.display_name}",
                contact_email="inkoop@example.org",
                state=State.PUBLISHED,
                published_at=now - dt.timedelta(hours=6 * (len(DEMO) - n)),
                **extra,
            )
            opp.cpv_codes.set([cpv[c] for c in codes if c in cpv])
            created.append(opp)
    inbox = sum(len(services.fan_out(opp)) for opp in created)
    out.write(
        f"Demo opportunities: {len(created)} published, inbox items for {inbox} "
        f"member(s) of matching organisations, in {time.monotonic() - started:.1f} s.\n"
    )
    if skipped:
        out.write(f"  skipped (owner not in this data set): {'; '.join(skipped)}\n")
    return {"loaded": True, "opportunities": len(created), "skipped": len(skipped)}
