"""Matching engine: part scores, CPV hierarchy, renormalisation, weights (no database)."""

import math

import pytest

from zicht.opportunities.matching import MatchIndex, OpportunityFacts, Weights, score_pair
from zicht.reference import data as ref
from zicht.registry.facts import OrganisationFacts

ONLY = {p: 0.0 for p in ("cpv", "text", "geo", "sdg", "size")}


def org(id="o1", **kw):
    data = {"id": id, "name": f"Org {id}", "kind": "social_enterprise"} | kw
    return OrganisationFacts.from_dict(data)


def opp(id="t1", **kw):
    return OpportunityFacts.from_dict({"id": id} | kw)


def only(part, **extra):
    """Weights that score one part alone (and no evidence penalty)."""
    return {"parts": ONLY | {part: 1.0}, "evidence": {"min_available_weight": 0.0}} | extra


@pytest.mark.parametrize(
    ("org_code", "opp_code", "expected"),
    [
        ("90911200", "90911200", 1.0),  # exact
        ("90911200", "90911000", 1.0),  # organisation code falls under the requested code
        ("90911200", "90919200", 0.7),  # same class 9091
        ("90911200", "90920000", 0.45),  # same group 909
        ("90911200", "90510000", 0.2),  # same division 90
        ("90911200", "45000000", 0.0),  # nothing in common
        ("90900000", "90911200", 0.45),  # a broader organisation code: same group only
    ],
)
def test_cpv_hierarchy_levels(org_code, opp_code, expected):
    m = score_pair(org(cpv=[org_code]), opp(cpv=[opp_code]), only("cpv"))
    assert m.parts["cpv"] == pytest.approx(expected)
    assert m.score == pytest.approx(expected, abs=1e-6)


def test_cpv_averages_over_requested_codes_and_takes_best_org_code():
    o = org(cpv=["45000000", "90911200"])
    m = score_pair(o, opp(cpv=["90911200", "79530000"]), only("cpv"))
    assert m.parts["cpv"] == pytest.approx(0.5)  # 1.0 for the first, 0 for the second


def test_cpv_check_digit_and_level_weights_are_data():
    w = only("cpv", cpv_levels={"class": 0.5})
    m = score_pair(org(cpv=["90911200-8"]), opp(cpv=["90919200"]), w)
    assert m.parts["cpv"] == pytest.approx(0.5)


def test_sdg_overlap_weighted_by_organisation_weights():
    o = org(sdgs={"8": 1.0, "10": 0.5, "3": 1.0})
    assert score_pair(o, opp(sdgs={"8": 1, "10": 1}), only("sdg")).parts["sdg"] == pytest.approx(
        0.75
    )
    assert score_pair(o, opp(sdgs={"15": 1}), only("sdg")).parts["sdg"] == 0.0


def test_geography_levels():
    w = only("geo")
    same = score_pair(org(municipality="GM0344"), opp(municipality="GM0344"), w)
    region = score_pair(org(municipality="GM0355"), opp(municipality="GM0344"), w)  # Zeist
    far = score_pair(org(municipality="GM0014"), opp(municipality="GM0344"), w)  # Groningen
    served = score_pair(
        org(municipality="GM0014", regions_served=["AM13"]), opp(municipality="GM0344"), w
    )
    nl = score_pair(org(regions_served=["NL"]), opp(municipality="GM0344"), w)
    assert same.parts["geo"] == 1.0
    assert region.parts["geo"] >= 0.8
    munis = ref.municipalities()
    km = ref.distance_km(munis["GM0014"], munis["GM0344"])
    assert far.parts["geo"] == pytest.approx(0.5 ** (km / 25.0), abs=1e-4)
    assert far.parts["geo"] < 0.05
    assert served.parts["geo"] == pytest.approx(0.9)
    assert nl.parts["geo"] == pytest.approx(0.9)


def test_size_fit_against_value():
    w = only("size")  # capacity = fte * 75,000; band 0.01..1, falls to 0 over 1.5 decades
    o = org(fte=10)
    assert score_pair(o, opp(value_eur=750_000), w).parts["size"] == pytest.approx(1.0)
    assert score_pair(o, opp(value_eur=7_500_000), w).parts["size"] == pytest.approx(1 / 3, 1e-3)
    assert score_pair(o, opp(value_eur=75_000_000), w).parts["size"] == 0.0
    assert score_pair(o, opp(value_eur=750), w).parts["size"] == pytest.approx(1 / 3, 1e-3)


def test_text_similarity_bilingual_and_stop_words():
    orgs = [
        org("a", description="Wij leveren schoonmaakdiensten voor kantoren en scholen"),
        org("b", description="Catering and lunch services for offices"),
        org("c", description="Hoveniersbedrijf voor groenonderhoud"),
    ]
    idx = MatchIndex.build(orgs, only("text"))
    nl = idx.explain("a", opp(title="Schoonmaakdiensten kantoren"))
    en = idx.explain("b", opp(title="Lunch catering for the town hall offices"))
    none = idx.explain("c", opp(title="Schoonmaakdiensten kantoren"))
    assert nl.parts["text"] > 0.5 and en.parts["text"] > 0.3
    assert none.parts["text"] == 0.0
    stop = idx.explain("a", opp(title="de het een the of and voor"))
    assert stop.parts["text"] is None  # nothing to compare: left out, not zero


def test_missing_part_is_left_out_and_weights_renormalised():
    w = Weights.default()
    o = org(cpv=["90911200"], municipality="GM0344")  # no SDGs, no FTE, no description
    t = opp(cpv=["90911200"], municipality="GM0344", sdgs={"8": 1}, value_eur=100_000)
    m = score_pair(o, t, w)
    assert m.parts["sdg"] is None and m.parts["size"] is None and m.parts["text"] is None
    # CPV and geo are perfect: renormalised mean is 1; available weight 0.55 of the 0.8 the
    # opportunity offers (it has no text) = 0.6875 < 0.75, so the evidence factor applies.
    factor = (0.55 / 0.8) / 0.75
    assert m.score == pytest.approx(factor, abs=1e-5)
    assert any("telt niet mee" in r and "SDG" in r for r in m.reasons)
    assert any("Weinig gegevens" in r for r in m.reasons)


def test_missing_on_opportunity_side_does_not_penalise():
    o = org(cpv=["90911200"], municipality="GM0344", sdgs={"8": 1.0}, fte=5)
    bare = score_pair(o, opp(cpv=["90911200"]), Weights.default())
    assert bare.score == pytest.approx(1.0)  # only CPV comparable, and it is perfect
    assert bare.parts["geo"] is None and bare.parts["sdg"] is None


def test_unknown_share_is_not_zero():
    o = org(cpv=["90911200"])
    assert o.target_group_share is None
    m = score_pair(o, opp(cpv=["90911200"]))
    assert m.score == 1.0 and not any("doelgroep" in r for r in m.reasons)


def test_weights_validation_and_override():
    with pytest.raises(ValueError):
        Weights.from_dict({"parts": {"cpv": -1}})
    with pytest.raises(ValueError):
        Weights.from_dict({"cpv_levels": {"exact": 0.5, "class": 0.7}})
    with pytest.raises(ValueError):
        Weights.from_dict({"requirements": {"reserved_unknown_share": "maybe"}})
    w = Weights.from_dict({"parts": {"cpv": 2.0}})
    assert w.parts["cpv"] == 2.0 and w.parts["geo"] == 0.2  # partial override keeps defaults
    d = Weights.default().to_dict()
    assert d["source"] and d["rationale"] and d["requirements"]["reserved_min_target_group_share"]


def test_score_is_weighted_mean_of_parts():
    w = Weights.default()
    o = org(
        cpv=["90911200"],
        municipality="GM0355",
        sdgs={"8": 0.5},
        fte=4,
        description="schoonmaak van kantoren",
    )
    t = opp(
        cpv=["90919200"],
        municipality="GM0344",
        sdgs={"8": 1, "1": 1},
        value_eur=50_000,
        title="Schoonmaak kantoren",
    )
    m = score_pair(o, t, w)
    expected = sum(w.parts[p] * m.parts[p] for p in w.parts) / w.total
    assert all(not math.isnan(v) for v in m.parts.values())
    assert m.score == pytest.approx(expected, abs=1e-3)  # parts are shown rounded to 4 places
