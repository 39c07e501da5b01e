"""Deterministic generator of realistic Dutch demo data. Plain Python: no Django.

``generate(scale, seed)`` returns a :class:`DemoData` of plain dataclasses:
municipality organisations, sociale werkplaatsen, social enterprises, SMEs, the demo
users with their memberships, some verification decisions and the evidence files
to write. The same scale, seed and ``as_of`` date always give the same data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from functools import cache

from zicht.reference import data as ref

from . import texts, vocab

KEY_MUNICIPALITIES = ("GM0344", "GM0363", "GM0599")  # Utrecht, Amsterdam, Rotterdam
DEMO_PASSWORD = "zicht-demo-2026"  # noqa: S105 - demo only: printed by `zicht demo`, never use elsewhere
DEFAULT_AS_OF = dt.date(2026, 11, 1)
COUNTED_GROUPS = (
    "participatiewet",
    "doelgroepregister",
    "wajong",
    "wia_wao",
    "wsw",
    "ww",
    "statushouder",
    "over_50",
)
GROUP_WEIGHTS = (5, 5, 3, 2, 1.5, 1.5, 2, 2)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int | None  # municipality organisations; None = all 342
    social_enterprises: int  # including the sociale werkplaatsen
    smes: int
    queue_per_key_municipality: int = 6  # submitted social enterprises in each key municipality


SCALES = {
    "tiny": Scale("tiny", 24, 60, 60, 4),
    "default": Scale("default", None, 2000, 5000),
    "large": Scale("large", None, 10_000, 100_000),
}


@dataclass
class WorkforceRecord:
    impact_work_integration: bool
    impact_products: bool
    impact_profit_redistribution: bool
    revenue_share_trade: Decimal | None
    total_fte: Decimal | None
    workforce_year: int | None
    figures: dict[str, Decimal] = field(default_factory=dict)  # target group -> FTE


@dataclass
class CertificationRecord:
    kind: str  # code_so / sociaal_nl / pso / other
    name: str = ""
    pso_level: str = ""
    valid_until: dt.date | None = None


@dataclass
class SdgRecord:
    goal: int
    weight: Decimal
    source: str = "manual"  # manual / suggested
    confirmed: bool = True
    evidence: list[str] = field(default_factory=list)


@dataclass
class OrgRecord:
    ref: str  # stable handle inside one data set: "gm:GM0344", "se:groen-werkt", "se:17", ...
    kind: str
    kvk: str
    legal_form: str
    legal_name: str
    trade_names: list[str]
    street: str
    house_number: str
    postcode: str
    city: str
    municipality: str  # CBS code
    sector: str = ""
    website: str = ""
    description_nl: str = ""
    description_en: str = ""
    cpv: list[str] = field(default_factory=list)
    sdgs: list[SdgRecord] = field(default_factory=list)
    served_municipalities: list[str] = field(default_factory=list)  # CBS codes
    served_regions: list[str] = field(default_factory=list)  # region names
    served_provinces: list[str] = field(default_factory=list)
    serves_nationally: bool = False
    status: str = "accepted"
    tier: str = "self_declared"
    tier_expires: dt.date | None = None
    profile: WorkforceRecord | None = None
    certifications: list[CertificationRecord] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.trade_names[0] if self.trade_names else self.legal_name


@dataclass
class MembershipRecord:
    org_ref: str
    role: str
    department: str = ""


@dataclass
class UserRecord:
    email: str
    first_name: str
    last_name: str
    label: str  # what this login shows, for the printed list
    is_superuser: bool = False
    memberships: list[MembershipRecord] = field(default_factory=list)


@dataclass
class DecisionRecord:
    org_ref: str
    reviewer: str  # e-mail of a demo user
    decision: str  # verify / certify / request_changes / reject
    reason: str
    tier_granted: str = ""
    expires: dt.date | None = None


@dataclass
class EvidenceRecord:
    org_ref: str
    filename: str
    description: str
    content_type: str  # application/pdf or image/png
    certification_kind: str = ""  # link to this certification of the organisation, if any
    uploaded_by: str = ""  # e-mail of a demo user, or "" for none


@dataclass
class DemoData:
    scale: str
    seed: int
    as_of: dt.date
    organisations: list[OrgRecord]
    users: list[UserRecord]
    decisions: list[DecisionRecord]
    evidence: list[EvidenceRecord]

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for org in self.organisations:
            counts[org.kind] = counts.get(org.kind, 0) + 1
        return counts


def generate(scale: str = "default", seed: int = 2026, as_of: dt.date | None = None) -> DemoData:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: choose from {', '.join(SCALES)}")
    return _Generator(SCALES[scale], seed, as_of or DEFAULT_AS_OF).run()


def slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "", ascii_text)


def place_name(municipality_name: str) -> str:
    """How people write the place: 'Bergen (NH.)' -> 'Bergen', "'s-Gravenhage" -> 'Den Haag'."""
    if municipality_name == "'s-Gravenhage":
        return "Den Haag"
    return re.sub(r"\s*\(.*\)$", "", municipality_name)


@cache
def _neighbours(code: str) -> tuple[str, ...]:
    """Other municipalities of the same labour-market region, nearest first."""
    munis = ref.municipalities()
    me = munis[code]
    others = [
        m
        for m in munis.values()
        if m.labour_market_region == me.labour_market_region and m.code != code
    ]
    others.sort(key=lambda m: (ref.distance_km(me, m), m.code))
    return tuple(m.code for m in others)


def _q(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


class _Generator:
    def __init__(self, scale: Scale, seed: int, as_of: dt.date):
        self.scale, self.seed, self.as_of = scale, seed, as_of
        self.rng = random.Random(seed)
        self.munis = ref.municipalities()
        self.kvks: set[str] = set()
        self.names: set[str] = set()
        self.orgs: list[OrgRecord] = []
        self.decisions: list[DecisionRecord] = []
        self.evidence: list[EvidenceRecord] = []
        codes = sorted(self.munis)
        if scale.municipalities is not None:
            others = [c for c in codes if c not in KEY_MUNICIPALITIES]
            picked = self.rng.sample(others, scale.municipalities - len(KEY_MUNICIPALITIES))
            codes = sorted([*KEY_MUNICIPALITIES, *picked])
        self.codes = codes
        weights = [vocab.CITY_WEIGHTS.get(c, 1) for c in codes]
        self.cum_weights = list(itertools.accumulate(weights))
        self.postcode_base = {c: self._postcode_area(c) for c in codes}
        self.sector_cum = list(itertools.accumulate(s.weight for s in vocab.SE_SECTORS))
        self.sme_cum = list(itertools.accumulate(s[7] for s in vocab.SME_SECTORS))

    # ---- helpers -------------------------------------------------------------------
    def pick_municipality(self) -> str:
        x = self.rng.random() * self.cum_weights[-1]
        return self.codes[bisect.bisect_right(self.cum_weights, x)]

    def kvk(self) -> str:
        while True:
            value = str(self.rng.randrange(10_000_000, 100_000_000))
            if value not in self.kvks:
                self.kvks.add(value)
                return value

    def _postcode_area(self, code: str) -> tuple[int, int]:
        if code in vocab.CITY_POSTCODES:
            return vocab.CITY_POSTCODES[code]
        r = random.Random(f"{self.seed}:{code}")  # str seeds are stable across runs
        lo, hi = r.choice(vocab.POSTCODE_RANGES[self.munis[code].province])
        start = r.randrange(lo, hi - 8)
        return start, start + r.randrange(0, 9)

    def postcode(self, code: str) -> str:
        lo, hi = self.postcode_base[code]
        letters = "ABCDEFGHJKLMNPRSTVWXZ"
        while True:
            pair = self.rng.choice(letters) + self.rng.choice(letters)
            if pair not in {"SA", "SD", "SS"}:
                return f"{self.rng.randint(lo, hi)} {pair}"

    def house_number(self) -> str:
        n = min(int(self.rng.expovariate(1 / 40)) + 1, 350)
        roll = self.rng.random()
        if roll < 0.08:
            return f"{n}{self.rng.choice('abcd')}"
        if roll < 0.11:
            return f"{n}-{self.rng.randint(1, 3)}"
        if roll < 0.13:
            return f"{n}{self.rng.choice('ABC')}"
        return str(n)

    def address(self, code: str) -> tuple[str, str, str, str]:
        city = place_name(self.munis[code].name)
        return self.rng.choice(vocab.STREETS), self.house_number(), self.postcode(code), city

    def served(self, org: OrgRecord, region_p: float, province_p: float, national_p: float) -> None:
        m = self.munis[org.municipality]
        org.served_municipalities = [m.code]
        near = _neighbours(m.code)
        if near and self.rng.random() < 0.5:
            org.served_municipalities += list(near[: self.rng.randint(1, min(3, len(near)))])
        if self.rng.random() < region_p:
            org.served_regions = [m.labour_market_region]
        if self.rng.random() < province_p:
            org.served_provinces = [m.province]
        org.serves_nationally = self.rng.random() < national_p

    def unique_name(self, make, city: str) -> str:
        for _ in range(4):
            name = make()
            if name not in self.names:
                break
        else:
            name = f"{make()} {city}"
            if name in self.names:
                name = f"{name} {self.rng.choice(('Noord', 'Zuid', 'Oost', 'West', 'Centrum'))}"
        self.names.add(name)
        return name

    def date_from_now(self, lo_days: int, hi_days: int) -> dt.date:
        return self.as_of + dt.timedelta(days=self.rng.randint(lo_days, hi_days))

    # ---- organisations ---------------------------------------------------------------
    def municipality_org(self, code: str) -> OrgRecord:
        m = self.munis[code]
        org = OrgRecord(
            ref=f"gm:{code}",
            kind="municipality",
            kvk=self.kvk(),
            legal_form="publiekrechtelijk",
            legal_name=f"Gemeente {m.name}",
            trade_names=[],
            street=self.rng.choice(vocab.TOWN_HALL_STREETS),
            house_number=str(self.rng.randint(1, 3)),
            postcode=self.postcode(code),
            city=place_name(m.name),
            municipality=code,
            website=f"https://www.{slug(place_name(m.name))}.nl",
            status="accepted",
            tier="verified",
        )
        org.description_nl, org.description_en = texts.municipality_description(m)
        org.served_municipalities = [code]
        return org

    def workforce(self, work_integration: bool, sheltered: bool = False) -> WorkforceRecord:
        rng = self.rng
        if sheltered:
            total = round(rng.uniform(120, 900), 1)
            share = rng.uniform(0.55, 0.9)
        else:
            total = round(min(200.0, max(2.0, rng.lognormvariate(math.log(14), 0.95))), 1)
            # Work-integration firms: about 60% reach a 30% target-group share.
            share = rng.betavariate(2.2, 3.8) if work_integration else rng.betavariate(1.0, 9.0)
        total_d = _q(total)
        counted = Decimal(str(total * share)).quantize(CENT, ROUND_DOWN)
        k = 1 if sheltered else rng.choices((1, 2, 3, 4), (3, 4, 2, 1))[0]
        groups = ["wsw"] if sheltered else []
        while len(groups) < k + (1 if sheltered else 0):
            g = rng.choices(COUNTED_GROUPS, GROUP_WEIGHTS)[0]
            if g not in groups:
                groups.append(g)
        parts = [rng.expovariate(1.0) + 0.2 for _ in groups]
        figures = {
            g: (counted * Decimal(str(p / sum(parts)))).quantize(CENT, ROUND_DOWN)
            for g, p in zip(groups, parts, strict=True)
        }
        figures = {g: v for g, v in figures.items() if v > 0}
        if rng.random() < 0.6:
            rest = total_d - sum(figures.values(), Decimal(0))
            if rest > 0:
                figures["none"] = rest
        revenue = _q(rng.uniform(30, 70)) if sheltered else _q(50 + 50 * rng.betavariate(2.0, 1.3))
        return WorkforceRecord(
            impact_work_integration=work_integration or sheltered,
            impact_products=False,
            impact_profit_redistribution=False,
            revenue_share_trade=revenue,
            total_fte=total_d,
            workforce_year=self.as_of.year - (1 if rng.random() < 0.8 else 0),
            figures=dict(sorted(figures.items())),
        )

    def certifications(self, sheltered: bool) -> list[CertificationRecord]:
        rng, certs = self.rng, []
        if rng.random() < (0.1 if sheltered else 0.25):
            expired = rng.random() < 0.06
            certs.append(
                CertificationRecord(
                    "code_so",
                    valid_until=self.date_from_now(-200, -1)
                    if expired
                    else self.date_from_now(30, 730),
                )
            )
        if rng.random() < (0.5 if sheltered else 0.35):
            certs.append(CertificationRecord("sociaal_nl"))
        if rng.random() < (0.8 if sheltered else 0.2):
            level = rng.choices(
                ("aspirant", "basistrede", "trede_1", "trede_2", "trede_3"),
                (0, 1, 2, 3, 4) if sheltered else (2, 3, 3, 2, 1),
            )[0]
            certs.append(
                CertificationRecord(
                    "pso", pso_level=level, valid_until=self.date_from_now(-60, 1000)
                )
            )
        if rng.random() < 0.04:
            certs.append(CertificationRecord("other", name=rng.choice(texts.OTHER_CERTIFICATES)))
        return certs

    def status_and_tier(self, org: OrgRecord, weights=(74, 11, 8, 5, 2)) -> None:
        status = self.rng.choices(
            ("accepted", "submitted", "draft", "changes_requested", "rejected"), weights
        )[0]
        self.set_status(org, status)

    def set_status(self, org: OrgRecord, status: str) -> None:
        org.status = status
        org.tier, org.tier_expires = "self_declared", None
        if status == "accepted":
            if org.certifications:
                tier = self.rng.choices(("certified", "verified", "self_declared"), (45, 40, 15))[0]
            else:
                tier = self.rng.choices(("verified", "self_declared"), (55, 45))[0]
            org.tier = tier
            if tier != "self_declared":
                org.tier_expires = self.date_from_now(-30, 730)

    def sdg_profile(
        self, sector: vocab.Sector, work_integration: bool, draft: bool
    ) -> list[SdgRecord]:
        rng = self.rng
        goals: dict[int, float] = {}
        for goal, weight in sector.sdgs.items():
            if weight < 0.5 and rng.random() < 0.4:
                continue
            goals[goal] = min(1.0, max(0.1, weight + rng.uniform(-0.15, 0.1)))
        if work_integration:
            goals.setdefault(8, round(rng.uniform(0.7, 1.0), 2))
            goals.setdefault(10, round(rng.uniform(0.4, 0.8), 2))
        suggested_only = draft and rng.random() < 0.4
        out = [
            SdgRecord(
                goal,
                _q(w),
                "suggested" if suggested_only else "manual",
                not suggested_only,
                [sector.label_nl] if suggested_only else [],
            )
            for goal, w in sorted(goals.items())
        ]
        if not suggested_only and rng.random() < 0.2:
            extra = rng.choice([g for g in (4, 5, 11, 12, 13, 17) if g not in goals])
            out.append(
                SdgRecord(extra, _q(rng.uniform(0.3, 0.6)), "suggested", False, [sector.label_nl])
            )
            out.sort(key=lambda s: s.goal)
        return out

    def social_enterprise(
        self,
        ref_: str,
        code: str | None = None,
        sector_key: str | None = None,
        name: str | None = None,
        legal_form: str | None = None,
        status: str | None = None,
    ) -> OrgRecord:
        rng = self.rng
        code = code or self.pick_municipality()
        if sector_key:
            sector = vocab.SE_SECTOR_BY_KEY[sector_key]
        else:
            x = rng.random() * self.sector_cum[-1]
            sector = vocab.SE_SECTORS[bisect.bisect_right(self.sector_cum, x)]
        street, number, postcode, city = self.address(code)
        if name is None:
            name = self.unique_name(lambda: texts.se_name(rng, sector, city), city)
        else:
            self.names.add(name)
        form = legal_form or rng.choices(texts.SE_LEGAL_FORMS, texts.SE_LEGAL_FORM_WEIGHTS)[0]
        org = OrgRecord(
            ref=ref_,
            kind="social_enterprise",
            kvk=self.kvk(),
            legal_form=form,
            legal_name=texts.legal_name(name, form),
            trade_names=[],
            street=street,
            house_number=number,
            postcode=postcode,
            city=city,
            municipality=code,
            sector=sector.key,
        )
        org.trade_names = texts.trade_names(rng, name, form, city)
        if rng.random() < 0.75:
            org.website = f"https://www.{slug(name)}.nl"
        wi_p = texts.WORK_INTEGRATION_P.get(sector.key, 0.7)
        work_integration = rng.random() < wi_p
        profile = self.workforce(work_integration)
        profile.impact_products = rng.random() < texts.PRODUCTS_P.get(sector.key, 0.4)
        profile.impact_profit_redistribution = rng.random() < 0.15
        if not (profile.impact_work_integration or profile.impact_products):
            profile.impact_products = True
        org.profile = profile
        org.certifications = self.certifications(sheltered=False)
        if status:
            self.set_status(org, status)
        else:
            self.status_and_tier(org)
        if org.status == "draft" and rng.random() < 0.25:  # unfinished: workforce not entered yet
            profile.total_fte, profile.figures, profile.workforce_year = None, {}, None
        org.cpv = [
            sector.cpv[0],
            *rng.sample(sector.cpv[1:], rng.randint(1, min(3, len(sector.cpv) - 1))),
        ]
        org.sdgs = self.sdg_profile(sector, work_integration, org.status == "draft")
        self.served(org, 0.8, 0.25, sector.national)
        org.description_nl, org.description_en = texts.se_description(
            rng, org, sector, self.munis[code], self.as_of
        )
        return org

    def sociale_werkplaats(self, region: str, index: int) -> OrgRecord:
        rng = self.rng
        members = [c for c in self.codes if self.munis[c].labour_market_region == region]
        code = max(members, key=lambda c: (vocab.CITY_WEIGHTS.get(c, 1), -int(c[2:])))
        street, number, postcode, city = self.address(code)
        short = place_name(region.split(" en ")[0].split("/")[0]).replace(" ", "")
        name = self.unique_name(
            lambda: rng.choice(vocab.SW_NAMES).format(region=region, short=short), city
        )
        form = rng.choice(("publiekrechtelijk", "nv", "bv", "publiekrechtelijk"))
        sector = vocab.SW_SECTOR
        org = OrgRecord(
            ref=f"sw:{index}",
            kind="sociale_werkplaats",
            kvk=self.kvk(),
            legal_form=form,
            legal_name=texts.legal_name(name, form),
            trade_names=[name],
            street=street,
            house_number=number,
            postcode=postcode,
            city=city,
            municipality=code,
            sector=sector.key,
            website=f"https://www.{slug(name)}.nl",
        )
        org.profile = self.workforce(True, sheltered=True)
        org.profile.impact_products = rng.random() < 0.3
        org.certifications = self.certifications(sheltered=True)
        self.set_status(org, rng.choices(("accepted", "submitted"), (9, 1))[0])
        org.cpv = [sector.cpv[0], *rng.sample(sector.cpv[1:], 4)]
        org.sdgs = self.sdg_profile(sector, True, False)
        org.served_municipalities = sorted(members)
        org.served_regions = [region]
        org.description_nl, org.description_en = texts.se_description(
            rng, org, sector, self.munis[code], self.as_of
        )
        return org

    def sme(
        self,
        ref_: str,
        code: str | None = None,
        sector_index: int | None = None,
        name: str | None = None,
        legal_form: str | None = None,
    ) -> OrgRecord:
        rng = self.rng
        code = code or self.pick_municipality()
        if sector_index is None:
            x = rng.random() * self.sme_cum[-1]
            sector_index = bisect.bisect_right(self.sme_cum, x)
        sector = vocab.SME_SECTORS[sector_index]
        street, number, postcode, city = self.address(code)
        if name is None:
            name = self.unique_name(lambda: texts.sme_name(rng, sector[1]), city)
        else:
            self.names.add(name)
        form = legal_form or rng.choices(texts.SME_LEGAL_FORMS, texts.SME_LEGAL_FORM_WEIGHTS)[0]
        org = OrgRecord(
            ref=ref_,
            kind="sme",
            kvk=self.kvk(),
            legal_form=form,
            legal_name=texts.legal_name(name, form),
            trade_names=[name] if rng.random() < 0.6 else [],
            street=street,
            house_number=number,
            postcode=postcode,
            city=city,
            municipality=code,
            sector=sector[0],
        )
        if rng.random() < 0.6:
            org.website = f"https://www.{slug(name)}.nl"
        org.cpv = [sector[3][0], *rng.sample(sector[3][1:], rng.randint(0, len(sector[3]) - 1))]
        if rng.random() < 0.35:
            org.sdgs = [
                SdgRecord(g, _q(min(1.0, w + rng.uniform(0, 0.4))))
                for g, w in sorted(sector[4].items())
            ]
        self.served(org, 0.6, 0.15, 0.1 if sector[0] == "it" else 0.02)
        status = rng.choices(
            ("accepted", "draft", "submitted", "changes_requested", "rejected"), (80, 12, 5, 2, 1)
        )[0]
        org.status = status
        if status == "accepted" and rng.random() < 0.1:
            org.tier, org.tier_expires = "verified", self.date_from_now(-30, 730)
        org.description_nl, org.description_en = texts.sme_description(rng, org, sector)
        return org

    # ---- the data set -------------------------------------------------------------------
    def run(self) -> DemoData:
        scale, rng = self.scale, self.rng
        for code in self.codes:
            self.orgs.append(self.municipality_org(code))
        regions = sorted({self.munis[c].labour_market_region for c in self.codes})
        if scale.municipalities is not None:  # tiny: only the key municipalities' regions
            regions = sorted({self.munis[c].labour_market_region for c in KEY_MUNICIPALITIES})
        for i, region in enumerate(regions):
            self.orgs.append(self.sociale_werkplaats(region, i))
        # The social entrepreneur's own enterprise, in Utrecht.
        groen = self.social_enterprise(
            "se:groen-werkt", "GM0344", "groenonderhoud", "Groen Werkt", "stichting", "accepted"
        )
        groen.trade_names = ["Groen Werkt"]
        groen.website = "https://www.groenwerkt.example"
        groen.tier, groen.tier_expires = "certified", self.date_from_now(200, 600)
        groen.certifications = [
            CertificationRecord("sociaal_nl"),
            CertificationRecord(
                "pso", pso_level="trede_2", valid_until=self.date_from_now(300, 700)
            ),
        ]
        groen.profile = WorkforceRecord(
            True,
            True,
            False,
            Decimal("82.50"),
            Decimal("24.50"),
            self.as_of.year - 1,
            {
                "doelgroepregister": Decimal("6.00"),
                "none": Decimal("11.00"),
                "participatiewet": Decimal("5.50"),
                "wajong": Decimal("2.00"),
            },
        )
        groen.served_regions = ["Midden-Utrecht"]
        groen.description_nl, groen.description_en = texts.se_description(
            rng, groen, vocab.SE_SECTOR_BY_KEY["groenonderhoud"], self.munis["GM0344"], self.as_of
        )
        self.orgs.append(groen)
        # A verification queue in each key municipality.
        n = 0
        for code in KEY_MUNICIPALITIES:
            statuses = ["submitted"] * scale.queue_per_key_municipality + [
                "changes_requested",
                "draft",
            ]
            for status in statuses:
                self.orgs.append(self.social_enterprise(f"se:{n}", code, status=status))
                n += 1
        remaining = scale.social_enterprises - len(regions) - 1 - n
        for _ in range(remaining):
            self.orgs.append(self.social_enterprise(f"se:{n}"))
            n += 1
        self.orgs.append(self.sme("sme:bakkerij", "GM0344", 0, "Bakkerij De Vries", "vof"))
        self.orgs[-1].status, self.orgs[-1].trade_names = "accepted", ["Bakkerij De Vries"]
        for i in range(scale.smes - 1):
            self.orgs.append(self.sme(f"sme:{i}"))
        users = texts.demo_users()
        self.add_decisions_and_evidence(rng)
        return DemoData(
            scale.name, self.seed, self.as_of, self.orgs, users, self.decisions, self.evidence
        )

    def add_decisions_and_evidence(self, rng: random.Random) -> None:
        reviewers = texts.REVIEWERS
        others_with_evidence = 0
        for org in self.orgs:
            if org.kind == "municipality":
                continue
            reviewer = reviewers.get(org.municipality, texts.ADMIN_EMAIL)
            key = org.municipality in reviewers
            if (
                org.status == "accepted"
                and org.tier != "self_declared"
                and (key or rng.random() < 0.1)
            ):
                decision = "certify" if org.tier == "certified" else "verify"
                expires = org.tier_expires
                self.decisions.append(
                    DecisionRecord(
                        org.ref,
                        reviewer,
                        decision,
                        rng.choice(texts.REASONS["verify_sme" if org.kind == "sme" else decision]),
                        org.tier,
                        expires,
                    )
                )
            elif org.status in ("changes_requested", "rejected"):
                decision = "request_changes" if org.status == "changes_requested" else "reject"
                self.decisions.append(
                    DecisionRecord(org.ref, reviewer, decision, rng.choice(texts.REASONS[decision]))
                )
            if org.status == "submitted" and (key or others_with_evidence < 25):
                others_with_evidence += not key
                self.evidence.extend(texts.evidence_for(rng, org))
