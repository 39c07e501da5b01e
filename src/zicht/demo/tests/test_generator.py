"""The demo generator: deterministic, valid Dutch identifiers, plausible distributions. No database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from zicht.demo import files, vocab
from zicht.demo.generator import KEY_MUNICIPALITIES, SCALES, generate, place_name
from zicht.reference import data as ref
from zicht.registry import eligibility
from zicht.registry.validators import normalise_postcode, validate_kvk, validate_no_markup

AS_OF = dt.date(2026, 11, 1)
RULE = eligibility.Rule(
    Decimal("0.30"), tuple(g for g in vocab.TARGET_GROUPS_NL), "2016-07-01", "test"
)


@pytest.fixture(scope="module")
def default():
    return generate("default", 2026, AS_OF)


@pytest.fixture(scope="module")
def tiny():
    return generate("tiny", 2026, AS_OF)


def _fingerprint(data):
    return [
        (
            o.kvk,
            o.legal_name,
            o.postcode,
            o.house_number,
            o.status,
            o.tier,
            o.description_nl,
            o.cpv,
            [(s.goal, s.weight) for s in o.sdgs],
            o.profile and o.profile.figures,
        )
        for o in data.organisations
    ]


def test_same_seed_same_data(tiny):
    again = generate("tiny", 2026, AS_OF)
    assert _fingerprint(again) == _fingerprint(tiny)
    assert [(d.org_ref, d.decision, d.reason) for d in again.decisions] == [
        (d.org_ref, d.decision, d.reason) for d in tiny.decisions
    ]


def test_other_seed_other_data(tiny):
    other = generate("tiny", 7, AS_OF)
    assert _fingerprint(other) != _fingerprint(tiny)
    assert {o.kvk for o in other.organisations} != {o.kvk for o in tiny.organisations}


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="unknown scale"):
        generate("huge")


def test_counts_per_scale(default, tiny):
    counts = default.by_kind()
    assert counts["municipality"] == 342
    assert (
        counts["social_enterprise"] + counts["sociale_werkplaats"]
        == SCALES["default"].social_enterprises
        == 2000
    )
    assert counts["sme"] == 5000
    assert 30 <= counts["sociale_werkplaats"] <= 40  # about one per labour-market region
    tiny_counts = tiny.by_kind()
    assert tiny_counts["social_enterprise"] + tiny_counts["sociale_werkplaats"] == 60
    assert tiny_counts["sme"] == 60
    assert tiny_counts["municipality"] == SCALES["tiny"].municipalities
    tiny_municipalities = {o.municipality for o in tiny.organisations if o.kind == "municipality"}
    assert set(KEY_MUNICIPALITIES) <= tiny_municipalities
    assert SCALES["large"].social_enterprises == 10_000 and SCALES["large"].smes == 100_000


def test_municipality_organisations(default):
    municipalities = ref.municipalities()
    orgs = [o for o in default.organisations if o.kind == "municipality"]
    assert {o.municipality for o in orgs} == set(municipalities)
    for o in orgs:
        assert o.legal_form == "publiekrechtelijk"
        assert o.legal_name == f"Gemeente {municipalities[o.municipality].name}"


def test_identifiers_and_addresses_are_valid(default):
    kvks = [o.kvk for o in default.organisations]
    assert len(set(kvks)) == len(kvks)
    municipalities = ref.municipalities()
    for o in default.organisations:
        validate_kvk(o.kvk)
        assert normalise_postcode(o.postcode) == o.postcode
        assert o.municipality in municipalities
        assert o.street and o.house_number[0].isdigit() and len(o.house_number) <= 12
        assert o.city == place_name(municipalities[o.municipality].name)
        validate_no_markup(o.description_nl)
        validate_no_markup(o.description_en)
        assert len(o.description_nl) < 5000 and len(o.legal_name) <= 200
    suffixed = sum(not o.house_number.isdigit() for o in default.organisations)
    assert 0.05 < suffixed / len(kvks) < 0.25  # some 12a, 7-2, 3B


def test_reference_codes_exist(default):
    cpv, goals, munis = ref.cpv_codes(), ref.sdg_goals(), ref.municipalities()
    regions = {m.labour_market_region for m in munis.values()}
    provinces = set(ref.provinces())
    for o in default.organisations:
        assert all(c in cpv for c in o.cpv)
        assert all(s.goal in goals and Decimal(0) <= s.weight <= 1 for s in o.sdgs)
        assert len({s.goal for s in o.sdgs}) == len(o.sdgs)
        assert set(o.served_municipalities) <= set(munis)
        assert set(o.served_regions) <= regions and set(o.served_provinces) <= provinces
    for sector in (*vocab.SE_SECTORS, vocab.SW_SECTOR):
        assert all(c in cpv for c in sector.cpv), sector.key
    for sector in vocab.SME_SECTORS:
        assert all(c in cpv for c in sector[3]), sector[0]


def test_workforce_never_exceeds_total(default):
    for o in default.organisations:
        if o.kind == "sme" or o.kind == "municipality":
            assert o.profile is None
            continue
        p = o.profile
        assert p is not None
        if p.total_fte is None:
            assert not p.figures
            continue
        assert Decimal(2) <= p.total_fte <= 200 or o.kind == "sociale_werkplaats"
        assert sum(p.figures.values()) <= p.total_fte
        assert all(v > 0 for v in p.figures.values())
        assert set(p.figures) <= set(vocab.TARGET_GROUPS_NL) | {"none"}
        assert Decimal(30) <= p.revenue_share_trade <= 100 or o.kind != "social_enterprise"


def test_share_distribution_is_plausible(default):
    work_integration = [
        o
        for o in default.organisations
        if o.kind == "social_enterprise"
        and o.profile.impact_work_integration
        and o.profile.total_fte
    ]
    eligible = [
        eligibility.compute(o.profile.figures, o.profile.total_fte, RULE).eligible
        for o in work_integration
    ]
    assert 0.55 <= sum(eligible) / len(eligible) <= 0.65
    werkplaatsen = [o for o in default.organisations if o.kind == "sociale_werkplaats"]
    assert all(
        eligibility.compute(o.profile.figures, o.profile.total_fte, RULE).eligible
        for o in werkplaatsen
    )


def test_statuses_tiers_and_certifications(default):
    se = [o for o in default.organisations if o.kind == "social_enterprise"]
    status = Counter(o.status for o in se)
    assert status["accepted"] / len(se) > 0.6
    assert status["submitted"] and status["draft"] and status["changes_requested"]
    tiers = Counter(o.tier for o in se if o.status == "accepted")
    assert tiers["verified"] and tiers["certified"] and tiers["self_declared"]
    assert all(o.tier == "self_declared" for o in se if o.status != "accepted")
    assert all(o.certifications for o in se if o.tier == "certified")
    kinds = Counter(c.kind for o in se for c in o.certifications)
    assert 0.18 < kinds["code_so"] / len(se) < 0.32
    assert 0.28 < kinds["sociaal_nl"] / len(se) < 0.42
    assert 0.14 < kinds["pso"] / len(se) < 0.26
    assert all(
        c.pso_level and c.valid_until for o in se for c in o.certifications if c.kind == "pso"
    )


def test_key_municipalities_have_a_queue(tiny, default):
    for data in (tiny, default):
        queue = Counter(
            o.municipality
            for o in data.organisations
            if o.status == "submitted" and o.kind == "social_enterprise"
        )
        for code in KEY_MUNICIPALITIES:
            assert queue[code] >= 4, (data.scale, code)


def test_demo_users_and_their_organisations(tiny):
    refs = {o.ref: o for o in tiny.organisations}
    emails = {u.email: u for u in tiny.users}
    assert emails["admin@zicht.example"].is_superuser
    roles = {(u.email, m.org_ref, m.role) for u in tiny.users for m in u.memberships}
    assert ("inkoper@utrecht.example", "gm:GM0344", "procurement_officer") in roles
    assert ("beleid@utrecht.example", "gm:GM0344", "policy_officer") in roles
    assert ("medewerker@amsterdam.example", "gm:GM0363", "staff") in roles
    assert ("medewerker@rotterdam.example", "gm:GM0599", "staff") in roles
    assert ("ondernemer@groenwerkt.example", "se:groen-werkt", "owner") in roles
    assert ("mkb@bakkerij.example", "sme:bakkerij", "owner") in roles
    groen = refs["se:groen-werkt"]
    assert groen.legal_name == "Stichting Groen Werkt" and groen.municipality == "GM0344"
    assert refs["sme:bakkerij"].kind == "sme" and refs["sme:bakkerij"].municipality == "GM0344"
    for d in tiny.decisions:
        assert d.reviewer in emails and d.org_ref in refs


def test_tiny_files_are_valid():
    pdf = files.tiny_pdf(["Hello (demo)", "Coöperatie"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF") and b"startxref" in pdf
    png = files.tiny_png(seed=3)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
