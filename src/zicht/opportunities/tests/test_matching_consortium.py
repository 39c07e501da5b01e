"""Consortium suggestions, precision@k and the synthetic generator."""

import pytest

from zicht.opportunities.matching import MatchIndex, precision_at_k, suggest_consortium, synthetic

from .test_matching_scoring import org


def _index():
    return MatchIndex.build(
        [
            org("clean", cpv=["90911200"], municipality="GM0344"),
            org("green", cpv=["77310000"], municipality="GM0355"),
            org("both", cpv=["90911200", "77311000"], municipality="GM0014"),
            org("sme", kind="sme", cpv=["45000000"], municipality="GM0344"),
            org("far_clean", cpv=["90911200"], municipality="GM0014"),
        ]
    )


def test_greedy_cover_prefers_one_member_covering_two_categories():
    company = org("bouw", kind="sme", cpv=["90911200", "77310000"], municipality="GM0344")
    c = suggest_consortium(_index(), company)
    assert [m.organisation_id for m in c.members] == ["both"]
    assert c.covered == ["90911200", "77310000"] and c.uncovered == []
    member = c.members[0]
    assert member.categories == ["90911200", "77310000"]
    assert any("Dekt CPV 90911200" in r for r in member.reasons)
    assert any("Dekt CPV 77310000" in r and "CPV 77311000" in r for r in member.reasons)


def test_uncovered_and_kinds_and_max_members():
    company = org("bouw", kind="sme", cpv=["90911200", "45000000"], municipality="GM0344")
    c = suggest_consortium(_index(), company, sroi_obligation_eur=25_000)
    assert "sme" not in [m.organisation_id for m in c.members]  # not a social enterprise
    assert c.uncovered == ["45000000"]
    assert c.members[0].organisation_id == "clean"  # local beats the same offer far away
    text = " ".join(c.reasons)
    assert "Niet gedekt: 45000000" in text and "€ 25.000" in text
    c2 = suggest_consortium(_index(), company, kinds=("social_enterprise", "sme"))
    assert {m.organisation_id for m in c2.members} == {"clean", "sme"} and not c2.uncovered
    c3 = suggest_consortium(_index(), company, kinds=("social_enterprise", "sme"), max_members=1)
    assert len(c3.members) == 1 and "maximum van 1" in " ".join(c3.reasons)


def test_min_level_controls_what_counts_as_covering():
    company = org("bouw", kind="sme", cpv=["90919200"], municipality="GM0344")  # class 9091
    assert suggest_consortium(_index(), company, min_level="class").covered == ["90919200"]
    assert suggest_consortium(_index(), company, min_level="exact").uncovered == ["90919200"]


def test_precision_at_10_per_kind():
    judgements = [("tender", r, r % 2 == 1) for r in range(1, 13)] + [
        ("request", 1, True),
        ("request", 11, False),
        ("question", 15, True),
    ]
    p = precision_at_k(judgements)
    assert p["tender"].precision == pytest.approx(0.5) and p["tender"].judged == 10
    assert p["request"].precision == 1.0 and p["request"].judged == 1
    assert p["question"].precision is None
    with pytest.raises(ValueError):
        precision_at_k([("tender", 0, True)])


def test_synthetic_data_is_deterministic_and_real():
    a, b = synthetic.organisations(50, seed=3), synthetic.organisations(50, seed=3)
    assert a == b and synthetic.organisations(50, seed=4) != a
    from zicht.reference import data as ref

    assert all(c in ref.cpv_codes() for o in a for c in o.cpv)
    assert all(o.municipality in ref.municipalities() for o in a if o.municipality)
