"""Dutch text block for the tender documents and the social-procurement checklist.

The texts are assembled from the computed advice; every figure in them comes from the
advice (and so from the rules data), none is written here.
"""

from __future__ import annotations

from typing import Any

TYPE_NL = {
    "works": "werken",
    "supplies": "leveringen",
    "services": "diensten",
    "social_services": "sociale en andere specifieke diensten",
}


def eur(x: float) -> str:
    """'€ 12.500' or '€ 12.500,50' (Dutch notation)."""
    whole = f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return "€ " + (whole[:-3] if whole.endswith(",00") else whole)


def text_block_nl(advice: dict[str, Any]) -> str:
    case = advice["case"]
    thr = advice["eu_threshold"]
    res = advice["reservation_2_82"]
    sroi = advice["sroi"]
    rec = advice["procedures"][0]
    parts = [
        f"Opdracht: {TYPE_NL[case['type']]} met een geraamde waarde van {eur(case['value_eur'])} "
        f"excl. btw en een looptijd van {case['duration_months']} maanden "
        f"(CPV {', '.join(case['cpv'])}).",
        (
            f"De geraamde waarde ligt {'op of boven' if thr['above'] else 'onder'} de Europese "
            f"drempelwaarde van {eur(thr['value_eur'])} (geldig vanaf {thr['valid_from']}). "
            f"Procedure: {rec['label_nl'].lower()}."
        ),
    ]
    if res["viable"]:
        parts.append(
            "Voorbehouden opdracht: deelname aan deze aanbesteding is op grond van artikel 2.82 "
            "van de Aanbestedingswet 2012 voorbehouden aan sociale werkplaatsen en ondernemers "
            "die de maatschappelijke en beroepsmatige integratie van personen met een handicap "
            "of kansarme personen tot hoofddoel hebben, mits ten minste "
            f"{res['min_target_group_share']:.0%} van hun werknemers tot deze groepen behoort. "
            "Inschrijvers tonen dit aan met een verklaring van hun personeelsbestand."
        )
    if sroi["applies"]:
        parts.append(
            "Social return: de opdrachtnemer zet ten minste "
            f"{sroi['percentage']:g}% van de opdrachtwaarde excl. btw, dat is "
            f"{eur(sroi['obligation_eur'])}, in voor werk en ontwikkeling van mensen met een "
            "afstand tot de arbeidsmarkt of gelijkwaardige inspanningen. De invulling wordt "
            "gewaardeerd volgens de bouwblokkenmethode van de regio die geldt op de datum "
            "van de inzet. Kandidaten worden uitsluitend met een pseudoniem geregistreerd; "
            "de opdrachtnemer legt geen namen of BSN's vast in de rapportage. De opdrachtnemer "
            "maakt na gunning afspraken over de invulling en rapporteert "
            "de voortgang; de opdrachtgever accepteert of wijst inzet af met bewijsstukken."
        )
    return "\n\n".join(parts)


def checklist_nl(advice: dict[str, Any]) -> list[str]:
    res = advice["reservation_2_82"]
    sroi = advice["sroi"]
    steps = [
        "Stel de geraamde waarde vast over de hele looptijd, inclusief opties en "
        "verlengingen, excl. btw.",
        "Toets de waarde aan de Europese drempel die geldt op de publicatiedatum en aan de "
        "drempelbedragen van het eigen inkoopbeleid.",
        "Doe een marktverkenning onder sociale ondernemingen en sociale werkplaatsen in de regio "
        "(register Zicht, Werkgeversservicepunt, PSO- en Code-register).",
    ]
    if res["viable"]:
        steps.append(
            f"Overweeg voorbehouden (art. 2.82 Aw 2012): {res['eligible_count']} geverifieerde "
            "organisaties voldoen; houd mededinging tussen hen en leg de keuze vast."
        )
    else:
        steps.append(
            "Voorbehouden is nu niet haalbaar (te weinig geschikte organisaties bekend); overweeg "
            "percelen, onderaanneming of SROI-eisen."
        )
    if sroi["applies"]:
        steps += [
            f"Neem de SROI-voorwaarde op: {sroi['percentage']:g}% = {eur(sroi['obligation_eur'])}; "
            "verwijs naar de bouwblokken van de regio.",
            "Spreek met de opdrachtnemer de invulling af en registreer kandidaten alleen "
            "pseudoniem.",
            "Controleer elke opgevoerde inzet met bewijs en voorkom dubbeltelling van facturen "
            "(PSO, SROI en het aandeel inkoop bij sociale ondernemingen).",
            "Volg de voortgang per contract en bespreek achterstand tijdig.",
        ]
    else:
        steps.append("Overweeg vrijwillige SROI-afspraken of gunningscriteria voor sociale waarde.")
    steps += [
        "Betrek de beleidsvelden (werk en inkomen, economie, sociaal domein) bij de keuze.",
        "Publiceer de opdracht en later het contract als open data (OCDS) met de sociale "
        "voorwaarden.",
        "Evalueer na afloop en deel de resultaten met de sociale ondernemers.",
    ]
    return [f"{i}. {s}" for i, s in enumerate(steps, 1)]
