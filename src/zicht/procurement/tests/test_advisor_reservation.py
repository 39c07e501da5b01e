"""Art. 2.82 reservation: eligibility by dated share rule, tier, region and CPV hierarchy."""

from __future__ import annotations

from datetime import date

import pytest

from zicht.procurement.advisor import advise, cpv_match, default_rules, reservation_2_82, serves
from zicht.registry.facts import OrganisationFacts


def org(id, **kw):
    base = {
        "id": id,
        "name": f"Org {id}",
        "kind": "social_enterprise",
        "cpv": ["90910000"],
        "municipality": "GM0344",
        "target_group_share": 0.4,
        "tier": "verified",
    }
    base.update(kw)
    return OrganisationFacts.from_dict(base)


CASE = {
    "municipality": "GM0344",
    "date": "2026-03-01",
    "type": "services",
    "value_eur": 250000,
    "duration_months": 24,
    "cpv": ["90910000-9"],
}


@pytest.mark.parametrize(
    ("org_code", "tender_code", "expected"),
    [
        ("90910000", "90910000", "exact"),
        ("90900000", "90910000", "parent"),  # group covers the class
        ("90000000", "90910000", "parent"),  # division
        ("90911000", "90911200", "parent"),  # broader category
        ("90911200", "90910000", "child"),  # more specific, under the tender code
        ("90920000", "90910000", None),  # sibling class: no match
        ("45000000", "90910000", None),
        ("90910000", "90900000", "child"),
    ],
)
def test_cpv_hierarchy(org_code, tender_code, expected):
    assert cpv_match(org_code, tender_code) == expected


@pytest.mark.parametrize(
    ("regions", "home", "serves_utrecht"),
    [
        (["GM0344"], "GM0014", True),
        (["AM13"], "GM0014", True),
        (["Midden-Utrecht"], "GM0014", True),
        (["utrecht"], "GM0014", True),  # province, case-insensitive
        (["NL"], "GM0014", True),
        (["GM0363", "Twente"], "GM0344", False),  # regions_served wins over the address
        ([], "GM0355", True),  # Zeist: same labour-market region as Utrecht
        ([], "GM0307", False),  # Amersfoort: other labour-market region, same province
        ([], "", False),
    ],
)
def test_region_served(regions, home, serves_utrecht):
    o = org("x", regions_served=regions, municipality=home)
    assert bool(serves(o, "GM0344")) is serves_utrecht


def register():
    return [
        org("a", regions_served=["AM13"], cpv=["90900000"], target_group_share=0.30),
        org(
            "b",
            regions_served=["NL"],
            cpv=["90911200"],
            tier="certified",
            kind="sociale_werkplaats",
        ),
        org("c", municipality="GM0356", cpv=["90910000"], target_group_share=0.9),
        org("low", target_group_share=0.29),
        org("unknown", target_group_share=None),
        org("selfdecl", tier="self_declared", target_group_share=0.8),
        org("far", municipality="GM0014"),
        org("sibling", cpv=["90920000"]),
        org("muni", kind="municipality", target_group_share=1.0),
    ]


def test_three_eligible_is_viable():
    res = advise(CASE, register())["reservation_2_82"]
    assert res["eligible_count"] == 3
    assert sorted(e["id"] for e in res["eligible"]) == ["a", "b", "c"]
    assert res["eligible"][0]["id"] == "c"  # highest share first
    assert all(e["name"] for e in res["eligible"])
    assert res["viable"] is True
    assert [e["id"] for e in res["to_verify"]] == ["selfdecl"]
    assert any("mededinging" in n for n in res["notes"])  # reservation still needs competition
    assert not any("Minder dan" in w for w in res["warnings"])


def test_fewer_than_three_warns():
    orgs = [o for o in register() if o.id != "c"]
    res = advise(CASE, orgs)["reservation_2_82"]
    assert res["eligible_count"] == 2
    assert res["viable"] is False
    assert any("Minder dan 3" in w for w in res["warnings"])


def test_share_rule_is_dated():
    """40% qualifies under the 30% rule (from 1 July 2016), not under the earlier 50% rule."""
    rules = default_rules()
    orgs = [org("p", target_group_share=0.4), org("q", target_group_share=0.55)]
    before = reservation_2_82(rules, date(2016, 6, 30), "GM0344", ["90910000-9"], orgs)
    after = reservation_2_82(rules, date(2016, 7, 1), "GM0344", ["90910000-9"], orgs)
    assert [e["id"] for e in before["eligible"]] == ["q"]
    assert before["min_target_group_share"] == 0.5
    assert sorted(e["id"] for e in after["eligible"]) == ["p", "q"]
    assert after["min_target_group_share"] == 0.3
    share_rule = next(r for r in after["rules"] if r["key"] == "min_target_group_share")
    assert share_rule["valid_from"] == "2016-07-01" and share_rule["source"]


def test_delivery_municipality_decides_the_region():
    orgs = [org("u", regions_served=["AM13"])]
    in_utrecht = advise(CASE, orgs)["reservation_2_82"]
    in_leiden = advise(dict(CASE, delivery_municipality="GM0546"), orgs)["reservation_2_82"]
    assert in_utrecht["eligible_count"] == 1
    assert in_leiden["eligible_count"] == 0


def test_viable_reservation_appears_in_text_and_checklist():
    advice = advise(CASE, register())
    assert "2.82" in advice["text_nl"] and "30%" in advice["text_nl"]
    assert any("3 geverifieerde" in step for step in advice["checklist"])
    none = advise(CASE, [])
    assert "2.82" not in none["text_nl"]


def test_share_rule_override_from_the_register():
    """The Django app can pass the register's own dated 2.82 rule so both agree."""
    orgs = [org("p", target_group_share=0.35), org("q", target_group_share=0.45)]
    override = {
        "min_target_group_share": {
            "value": 0.4,
            "source": "register rule (test)",
            "valid_from": "2016-07-01",
        }
    }
    res = advise(CASE, orgs, overrides=override)["reservation_2_82"]
    assert [e["id"] for e in res["eligible"]] == ["q"]
    assert res["rules"][0]["source"] == "register rule (test)"
    with pytest.raises(ValueError, match="minimum share"):
        advise(CASE, orgs, overrides={"min_target_group_share": {"value": 30}})
