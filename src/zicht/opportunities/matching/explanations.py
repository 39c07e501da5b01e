"""Sentences that explain a match, in Dutch (``reasons``) and English (``reasons_en``).

One sentence per part of the score, one per hard requirement that applies, and one for
every part that was left out because its input is missing.
"""

from __future__ import annotations

import datetime as dt
import math

from zicht.reference import data as ref
from zicht.registry.facts import TIERS, OrganisationFacts

from .facts import OpportunityFacts
from .features import geography, significant
from .weights import Weights

TIER_NL = {
    "self_declared": "zelf opgegeven",
    "verified": "geverifieerd",
    "certified": "gecertificeerd",
}
# The register's target groups (registry TargetGroup; same wording as its nl translation).
TARGET_GROUP_NL = {
    "participatiewet": "Participatiewet (bijstand)",
    "doelgroepregister": "Doelgroepregister / banenafspraak",
    "wajong": "Wajong",
    "wia_wao": "WIA / WAO",
    "wsw": "Wsw (sociale werkvoorziening)",
    "ww": "WW (werkloosheidsuitkering)",
    "statushouder": "Statushouder",
    "over_50": "50-plusser met afstand tot de arbeidsmarkt",
}
TARGET_GROUP_EN = {
    "participatiewet": "Participatiewet (social assistance)",
    "doelgroepregister": "Doelgroepregister / banenafspraak",
    "wajong": "Wajong",
    "wia_wao": "WIA / WAO",
    "wsw": "Wsw (sheltered employment)",
    "ww": "WW (unemployment benefit)",
    "statushouder": "Statushouder (refugee with residence permit)",
    "over_50": "50+ with a distance to the labour market",
}


def group_names(groups, lang: str = "nl") -> str:
    labels = TARGET_GROUP_NL if lang == "nl" else TARGET_GROUP_EN
    return ", ".join(labels.get(g, g) for g in dict.fromkeys(groups))


TIER_EN = {"self_declared": "self-declared", "verified": "verified", "certified": "certified"}
LEVEL_NL = {
    "exact": "precies de gevraagde code of een onderdeel daarvan",
    "class": "dezelfde klasse",
    "group": "dezelfde groep",
    "division": "dezelfde afdeling",
}
LEVEL_EN = {
    "exact": "exactly the requested code or part of it",
    "class": "the same class",
    "group": "the same group",
    "division": "the same division",
}
PART_NL = {
    "cpv": "CPV-categorie",
    "text": "tekstgelijkenis",
    "geo": "geografie",
    "sdg": "SDG-overlap",
    "size": "omvang",
}
PART_EN = {
    "cpv": "CPV category",
    "text": "text similarity",
    "geo": "geography",
    "sdg": "SDG overlap",
    "size": "size fit",
}
MISSING_ORG_NL = {
    "cpv": "de organisatie heeft geen (bekende) CPV-codes",
    "text": "de organisatie heeft geen omschrijving",
    "geo": "de organisatie heeft geen bekende vestigingsgemeente of werkgebied",
    "sdg": "de organisatie heeft geen SDG-profiel",
    "size": "het aantal fte van de organisatie is onbekend",
}
MISSING_ORG_EN = {
    "cpv": "the organisation has no (known) CPV codes",
    "text": "the organisation has no description",
    "geo": "the organisation has no known municipality or service area",
    "sdg": "the organisation has no SDG profile",
    "size": "the organisation's FTE is unknown",
}
MISSING_OPP_NL = {
    "cpv": "de kans heeft geen (bekende) CPV-codes",
    "text": "de kans heeft geen titel of omschrijving",
    "geo": "de kans heeft geen bekende gemeente",
    "sdg": "de kans heeft geen SDG's",
    "size": "de waarde van de kans is onbekend",
}
NO_KNOWN_WORDS_NL = "geen woord uit de titel of omschrijving van de kans komt voor in de profielen"
NO_KNOWN_WORDS_EN = "no word of the opportunity's title or description occurs in the profiles"
MISSING_OPP_EN = {
    "cpv": "the opportunity has no (known) CPV codes",
    "text": "the opportunity has no title or description",
    "geo": "the opportunity has no known municipality",
    "sdg": "the opportunity has no SDGs",
    "size": "the opportunity's value is unknown",
}


def cap(text: str) -> str:
    """First letter upper case, the rest untouched ("SDG-overlap" stays "SDG-overlap")."""
    return text[:1].upper() + text[1:]


def _lc(label: str) -> str:
    return label[:1].lower() + label[1:] if label and not label[:2].isupper() else label


def cpv_label(code: str, lang: str = "nl") -> str:
    c = ref.cpv_codes().get(code)
    if c is None:
        return code
    return _lc((c.label_nl or c.label_en) if lang == "nl" else c.label_en)


def euro_nl(value: float) -> str:
    return "€ " + f"{value:,.0f}".replace(",", ".")


def euro_en(value: float) -> str:
    return f"€{value:,.0f}"


def pct(x: float) -> str:
    return f"{round(x * 100):.0f}%"


def cpv_level(org_code: str, opp_code: str) -> str | None:
    s = len(significant(opp_code))
    if org_code[:s] == opp_code[:s]:
        return "exact"
    for level, k in (("class", 4), ("group", 3), ("division", 2)):
        if k < s and org_code[:k] == opp_code[:k]:
            return level
    return None


def best_cpv_matches(org: OrganisationFacts, opp: OpportunityFacts, w: Weights):
    """Per requested code: (requested code, organisation code, level, score)."""
    order = ("exact", "class", "group", "division")
    out = []
    for c in dict.fromkeys(opp.cpv):
        best = None
        for o in org.cpv:
            lv = cpv_level(o, c)
            if lv and (best is None or order.index(lv) < order.index(best[1])):
                best = (o, lv)
        if best:
            out.append((c, best[0], best[1], w.cpv_levels[best[1]]))
        else:
            out.append((c, None, None, 0.0))
    return out


def _cpv_sentences(org, opp, w):
    matches = best_cpv_matches(org, opp, w)
    hit = [m for m in matches if m[1]]
    if not hit:
        codes = ", ".join(opp.cpv[:3])
        return (
            f"Geen CPV-code van de organisatie valt in dezelfde afdeling als de gevraagde ({codes}).",
            f"None of the organisation's CPV codes is in the same division as requested ({codes}).",
        )
    c, o, lv, _ = max(hit, key=lambda m: m[3])
    nl = f"Levert {cpv_label(o)} (CPV {o}): {LEVEL_NL[lv]}"
    en = f"Supplies {cpv_label(o, 'en')} (CPV {o}): {LEVEL_EN[lv]}"
    if lv != "exact":
        nl += f" als de gevraagde CPV {c} ({cpv_label(c)})"
        en += f" as the requested CPV {c} ({cpv_label(c, 'en')})"
    if len(matches) > 1:
        nl += f"; {len(hit)} van {len(matches)} gevraagde CPV-codes geraakt"
        en += f"; {len(hit)} of {len(matches)} requested CPV codes covered"
    return nl + ".", en + "."


def _geo_sentences(org, opp, w, value):
    g = geography()
    munis = ref.municipalities()
    om = munis.get((org.municipality or "").upper())
    pm = munis[opp.municipality.upper()]
    served = {p.strip().lower() for p in org.regions_served or []}
    region = pm.labour_market_region
    if om and om.code == pm.code:
        return (
            f"Gevestigd in de gemeente {pm.name}, waar de kans ligt.",
            f"Based in the municipality of {pm.name}, where the opportunity is.",
        )
    keys = [
        (pm.code.lower(), f"de gemeente {pm.name}", f"the municipality of {pm.name}"),
        (region.lower(), f"de arbeidsmarktregio {region}", f"the labour-market region {region}"),
        (
            g.region_codes.get(region, "-").lower(),
            f"de arbeidsmarktregio {region}",
            f"the labour-market region {region}",
        ),
        (pm.province.lower(), f"de provincie {pm.province}", f"the province of {pm.province}"),
        ("nl", "heel Nederland", "the whole of the Netherlands"),
    ]
    served_hit = next((k for k in keys if k[0] in served), None)
    near = ""
    near_en = ""
    if om:
        km = ref.distance_km(om, pm)
        near = f" Gevestigd in {om.name}, {km:.0f} km van {pm.name}"
        near_en = f" Based in {om.name}, {km:.0f} km from {pm.name}"
        if om.labour_market_region == region:
            near += f", in dezelfde arbeidsmarktregio {region}"
            near_en += f", in the same labour-market region {region}"
        near += "."
        near_en += "."
    if served_hit:
        return (
            f"Werkt in {served_hit[1]} (opgegeven werkgebied).{near}".strip(),
            f"Works in {served_hit[2]} (stated service area).{near_en}".strip(),
        )
    if om:
        return near.strip(), near_en.strip()
    return (
        f"Het opgegeven werkgebied omvat {pm.name} niet.",
        f"The stated service area does not include {pm.name}.",
    )


def _sdg_sentences(org, opp):
    goals = ref.sdg_goals()
    shared = [g for g in sorted(opp.sdgs) if org.sdgs.get(g, 0) > 0 and opp.sdgs[g] > 0]
    if not shared:
        asked = ", ".join(f"SDG {g}" for g in sorted(opp.sdgs))
        return (
            f"Geen overlap met de SDG's van de kans ({asked}).",
            f"No overlap with the opportunity's SDGs ({asked}).",
        )
    nl = " en ".join(f"SDG {g} ({goals[g].short_title_nl})" for g in shared if g in goals)
    en = " and ".join(f"SDG {g} ({goals[g].short_title_en})" for g in shared if g in goals)
    return (
        f"Draagt bij aan {nl}, gewogen naar het SDG-profiel van de organisatie.",
        f"Contributes to {en}, weighted by the organisation's SDG profile.",
    )


def _size_sentences(org, opp, w, value):
    cap = float(org.fte) * w.size_revenue_per_fte_eur
    ratio = float(opp.value_eur) / cap
    fte = f"{float(org.fte):g}"
    if ratio > w.size_ratio_high:
        judge_nl, judge_en = "groot voor deze omvang", "large for this size"
    elif ratio < w.size_ratio_low:
        judge_nl, judge_en = "klein voor deze omvang", "small for this size"
    else:
        judge_nl, judge_en = "past bij deze omvang", "fits this size"
    return (
        f"{fte} fte tegenover een waarde van {euro_nl(opp.value_eur)}: {judge_nl}.",
        f"{fte} FTE against a value of {euro_en(opp.value_eur)}: {judge_en}.",
    )


def explain_pair(
    org: OrganisationFacts,
    opp: OpportunityFacts,
    parts: dict[str, float | None],
    weights: Weights,
    *,
    shared_terms: list[str] | None = None,
    share_unknown: bool = False,
    available_weight: float = 1.0,
    org_avail: dict[str, bool] | None = None,
    opp_avail: dict[str, bool] | None = None,
    groups_unknown: bool = False,
    groups_employed: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """Reasons for one pair. Target groups: only the names of required groups the
    organisation employs people from (``groups_employed``), never FTE per group."""
    nl: list[str] = []
    en: list[str] = []

    def add(pair):
        nl.append(pair[0])
        en.append(pair[1])

    for part in ("cpv", "geo", "sdg", "text", "size"):
        value = parts.get(part)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            org_has = (org_avail or {}).get(part, True)
            opp_has = (opp_avail or {}).get(part, org_has is False)
            opp_nl, opp_en = MISSING_OPP_NL[part], MISSING_OPP_EN[part]
            if part == "text" and (opp.title or opp.description).strip():
                opp_nl, opp_en = NO_KNOWN_WORDS_NL, NO_KNOWN_WORDS_EN
            why_nl = [MISSING_ORG_NL[part]] if not org_has else []
            why_en = [MISSING_ORG_EN[part]] if not org_has else []
            if not opp_has:
                why_nl.append(opp_nl)
                why_en.append(opp_en)
            why_nl, why_en = " en ".join(why_nl), " and ".join(why_en)
            add(
                (
                    f"{cap(PART_NL[part])} telt niet mee: {why_nl}.",
                    f"{cap(PART_EN[part])} left out: {why_en}.",
                )
            )
            continue
        if part == "cpv":
            add(_cpv_sentences(org, opp, weights))
        elif part == "geo":
            add(_geo_sentences(org, opp, weights, value))
        elif part == "sdg":
            add(_sdg_sentences(org, opp))
        elif part == "text":
            if shared_terms:
                terms = ", ".join(shared_terms)
                add(
                    (
                        f"Omschrijving lijkt op de kans ({pct(value)}; gedeelde woorden: {terms}).",
                        f"Description resembles the opportunity ({pct(value)}; shared words: {terms}).",
                    )
                )
            else:
                add(
                    (
                        "Omschrijving deelt geen kenmerkende woorden met de kans.",
                        "Description shares no distinctive words with the opportunity.",
                    )
                )
        elif part == "size":
            add(_size_sentences(org, opp, weights, value))

    threshold = pct(weights.reserved_min_share)
    if opp.reserved_2_82:
        if share_unknown:
            add(
                (
                    "Let op: aandeel personeel uit de doelgroep onbekend, terwijl de kans "
                    f"voorbehouden is (art. 2.82 Aanbestedingswet: minimaal {threshold}); eerst nagaan.",
                    "Note: share of staff from the target group unknown, while the opportunity is "
                    f"reserved (art. 2.82 Public Procurement Act: at least {threshold}); check first.",
                )
            )
        else:
            share = pct(float(org.target_group_share))
            add(
                (
                    f"{share} van het personeel uit de doelgroep (voorbehouden opdracht, "
                    f"art. 2.82: minimaal {threshold}).",
                    f"{share} of staff from the target group (reserved contract, "
                    f"art. 2.82: at least {threshold}).",
                )
            )
    elif org.target_group_share is not None:
        share = pct(float(org.target_group_share))
        add(
            (
                f"{share} van het personeel uit de doelgroep.",
                f"{share} of staff from the target group.",
            )
        )
    if opp.target_groups:
        asked_nl, asked_en = group_names(opp.target_groups), group_names(opp.target_groups, "en")
        how_nl = "alle" if weights.target_groups_mode == "all" else "ten minste één van de"
        how_en = "all" if weights.target_groups_mode == "all" else "at least one of the"
        if groups_unknown:
            add(
                (
                    "Let op: geen cijfers per doelgroep bekend, terwijl de kans mensen vraagt uit "
                    f"{how_nl} doelgroepen {asked_nl}; eerst nagaan.",
                    "Note: no figures per target group known, while the opportunity asks for "
                    f"people from {how_en} target groups {asked_en}; check first.",
                )
            )
        elif groups_employed:
            add(
                (
                    "Heeft mensen in dienst uit de gevraagde doelgroepen: "
                    f"{group_names(groups_employed)}.",
                    "Employs people from the required target groups: "
                    f"{group_names(groups_employed, 'en')}.",
                )
            )
        else:
            add(
                (
                    f"Heeft geen mensen in dienst uit de gevraagde doelgroepen ({asked_nl}).",
                    f"Employs nobody from the required target groups ({asked_en}).",
                )
            )
    if opp.min_tier in TIERS and TIERS.index(opp.min_tier) > 0:
        add(
            (
                f"Verificatieniveau {TIER_NL.get(org.tier, org.tier)} voldoet aan het vereiste "
                f"niveau {TIER_NL[opp.min_tier]}.",
                f"Verification tier {TIER_EN.get(org.tier, org.tier)} meets the required "
                f"tier {TIER_EN[opp.min_tier]}.",
            )
        )
    if opp.certifications:
        certs = ", ".join(opp.certifications)
        add(
            (
                f"Heeft de vereiste certificering(en): {certs}.",
                f"Holds the required certification(s): {certs}.",
            )
        )
    if available_weight < weights.min_available_weight - 1e-9:
        add(
            (
                f"Weinig gegevens om te vergelijken ({pct(available_weight)} van het gewicht); "
                "score daarom verlaagd.",
                f"Little data to compare ({pct(available_weight)} of the weight); "
                "score lowered accordingly.",
            )
        )
    return nl, en


def opportunity_notices(
    opp: OpportunityFacts,
    avail: dict[str, bool],
    today: dt.date | None,
    unknown_cpv: list[str],
) -> tuple[list[str], list[str]]:
    nl: list[str] = []
    en: list[str] = []
    if unknown_cpv:
        codes = ", ".join(unknown_cpv)
        nl.append(f"Onbekende CPV-codes genegeerd: {codes}.")
        en.append(f"Unknown CPV codes ignored: {codes}.")
    for part in ("cpv", "sdg", "geo", "text", "size"):
        if part == "text" and not avail[part] and (opp.title or opp.description).strip():
            nl.append(f"{cap(NO_KNOWN_WORDS_NL)}; tekstgelijkenis telt niet mee.")
            en.append(f"{cap(NO_KNOWN_WORDS_EN)}; text similarity left out.")
        elif not avail[part]:
            nl.append(
                f"{MISSING_OPP_NL[part][0].upper()}{MISSING_OPP_NL[part][1:]}; "
                f"gematcht op wat er wel is ({PART_NL[part]} telt niet mee)."
            )
            en.append(
                f"{MISSING_OPP_EN[part][0].upper()}{MISSING_OPP_EN[part][1:]}; "
                f"matched on what is there ({PART_EN[part]} left out)."
            )
    if opp.deadline and opp.deadline_passed(today):
        nl.append(f"De sluitingsdatum ({opp.deadline}) ligt in het verleden.")
        en.append(f"The deadline ({opp.deadline}) has passed.")
    return nl, en


def impossible_notice(opp: OpportunityFacts, counts: dict[str, int], w: Weights):
    """Why no organisation qualifies, with the count per requirement."""
    nl = ["Geen enkele organisatie voldoet aan alle harde eisen"]
    en = ["No organisation meets all hard requirements"]
    details_nl, details_en = [], []
    if "reserved_share_known_ok" in counts:
        t = pct(w.reserved_min_share)
        details_nl.append(
            f"{counts['reserved_share_known_ok']} met ten minste {t} personeel uit de doelgroep"
        )
        details_en.append(
            f"{counts['reserved_share_known_ok']} with at least {t} of staff from the target group"
        )
    if "tier_ok" in counts:
        details_nl.append(
            f"{counts['tier_ok']} met niveau {TIER_NL.get(opp.min_tier, opp.min_tier)}"
        )
        details_en.append(
            f"{counts['tier_ok']} with tier {TIER_EN.get(opp.min_tier, opp.min_tier)}"
        )
    if "certifications_ok" in counts:
        certs = ", ".join(opp.certifications)
        details_nl.append(f"{counts['certifications_ok']} met certificering {certs}")
        details_en.append(f"{counts['certifications_ok']} with certification {certs}")
    if "target_groups_ok" in counts:
        how_nl = "alle" if w.target_groups_mode == "all" else "ten minste één van de"
        how_en = "all" if w.target_groups_mode == "all" else "at least one of the"
        details_nl.append(
            f"{counts['target_groups_ok']} met mensen uit {how_nl} gevraagde doelgroepen "
            f"({group_names(opp.target_groups)})"
        )
        details_en.append(
            f"{counts['target_groups_ok']} employing people from {how_en} required target "
            f"groups ({group_names(opp.target_groups, 'en')})"
        )
        if w.target_groups_unknown == "exclude" and counts.get("target_groups_unknown"):
            details_nl.append(
                f"{counts['target_groups_unknown']} zonder cijfers per doelgroep (uitgesloten)"
            )
            details_en.append(
                f"{counts['target_groups_unknown']} without figures per target group (excluded)"
            )
    total = counts.get("organisations", 0)
    if total == 0:
        return (
            "Er zijn geen organisaties om te matchen.",
            "There are no organisations to match.",
        )
    return (
        f"{nl[0]} (van {total} organisaties: " + "; ".join(details_nl) + ").",
        f"{en[0]} (of {total} organisations: " + "; ".join(details_en) + ").",
    )


def groups_unknown_notice(count: int) -> tuple[str, str]:
    """A notice on the list: how many listed organisations lack figures per target group."""
    org_nl = "organisatie heeft" if count == 1 else "organisaties hebben"
    org_en = "organisation has" if count == 1 else "organisations have"
    return (
        f"{count} {org_nl} in deze lijst geen cijfers per doelgroep: onbekend, niet nul; "
        "ze staan erin met een waarschuwing. Vraag na of ze mensen uit de gevraagde "
        "doelgroepen in dienst hebben.",
        f"{count} {org_en} in this list no figures per target group: unknown, not zero; "
        "they are listed with a warning. Ask whether they employ people from the required "
        "target groups.",
    )
