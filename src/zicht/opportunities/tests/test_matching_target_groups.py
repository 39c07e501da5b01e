"""Required target groups as a hard requirement (no database)."""

import pytest

from zicht.opportunities.matching import MatchIndex, Weights, score_pair

from .test_matching_scoring import opp, org

CPV = ["90911200"]


def _ids(ranking):
    return [m.organisation_id for m in ranking]


def _orgs():
    return [
        org("both", cpv=CPV, target_groups=["wajong", "statushouder", "ww"]),
        org("wajong", cpv=CPV, target_groups=["wajong"]),
        org("other", cpv=CPV, target_groups=["over_50"]),
        org("none", cpv=CPV, target_groups=[]),
        org("unknown", cpv=CPV),  # no figures per group: unknown, not zero
    ]


def _index(weights=None):
    return MatchIndex.build(_orgs(), weights)


REQUIRED = ["wajong", "statushouder"]


def test_any_mode_is_the_default_and_flags_unknown():
    assert Weights.default().target_groups_mode == "any"
    r = _index().top_for_opportunity(opp(cpv=CPV, target_groups=REQUIRED), k=10)
    assert _ids(r) == ["both", "wajong", "unknown"]
    by_id = {m.organisation_id: m for m in r}
    assert by_id["unknown"].flags == ["target_groups_unknown"]
    assert by_id["both"].flags == []
    assert any("geen cijfers per doelgroep" in s for s in by_id["unknown"].reasons)
    assert any("no figures per target group" in s for s in by_id["unknown"].reasons_en)
    # only the required groups the organisation employs are named, never 'WW'
    both_nl = [s for s in by_id["both"].reasons if "gevraagde doelgroepen" in s]
    assert both_nl == ["Heeft mensen in dienst uit de gevraagde doelgroepen: Wajong, Statushouder."]
    assert "Employs people from the required target groups: Wajong." in by_id["wajong"].reasons_en
    assert not any("WW" in s for s in by_id["both"].reasons + by_id["both"].reasons_en)
    # the list carries a notice about the unknown one
    assert any("1 organisatie heeft" in n for n in r.notices)
    assert any("1 organisation has" in n for n in r.notices_en)


def test_all_mode_needs_every_group():
    idx = _index({"requirements": {"target_groups": "all"}})
    r = idx.top_for_opportunity(opp(cpv=CPV, target_groups=REQUIRED), k=10)
    assert _ids(r) == ["both", "unknown"]


def test_unknown_can_be_excluded():
    idx = _index({"requirements": {"target_groups_unknown": "exclude"}})
    r = idx.top_for_opportunity(opp(cpv=CPV, target_groups=REQUIRED), k=10)
    assert _ids(r) == ["both", "wajong"]
    assert not any("cijfers per doelgroep" in n for n in r.notices)


def test_modes_are_validated():
    with pytest.raises(ValueError, match="target_groups"):
        Weights.from_dict({"requirements": {"target_groups": "some"}})
    with pytest.raises(ValueError, match="target_groups_unknown"):
        Weights.from_dict({"requirements": {"target_groups_unknown": "zero"}})


def test_no_requirement_leaves_scores_and_order_unchanged():
    plain = [org(o.id, cpv=o.cpv) for o in _orgs()]  # same profiles without group facts
    a = MatchIndex.build(_orgs()).top_for_opportunity(opp(cpv=CPV, municipality="GM0344"), k=10)
    b = MatchIndex.build(plain).top_for_opportunity(opp(cpv=CPV, municipality="GM0344"), k=10)
    assert [(m.organisation_id, m.score, m.reasons) for m in a] == [
        (m.organisation_id, m.score, m.reasons) for m in b
    ]
    assert all(not m.flags for m in a)


def test_both_directions_agree():
    idx = _index()
    opps = [
        opp("t1", cpv=CPV, target_groups=REQUIRED),
        opp("t2", cpv=CPV, target_groups=["over_50"]),
        opp("t3", cpv=CPV),
    ]
    idx.set_opportunities(opps)
    for o in _orgs():
        mine = idx.top_for_organisation(o.id, k=10)
        got = {m.opportunity_id: m.score for m in mine}
        for p in opps:
            ranked = {m.organisation_id: m.score for m in idx.top_for_opportunity(p, k=10)}
            assert (o.id in ranked) == (p.id in got)
            if o.id in ranked:
                assert ranked[o.id] == got[p.id]
    assert set({m.opportunity_id for m in idx.top_for_organisation("other", k=10)}) == {"t2", "t3"}
    flags = {m.opportunity_id: m.flags for m in idx.top_for_organisation("unknown", k=10)}
    assert flags == {"t1": ["target_groups_unknown"], "t2": ["target_groups_unknown"], "t3": []}


def test_updates_keep_stored_lists_exact():
    idx = _index()
    opps = [opp("t1", cpv=CPV, target_groups=REQUIRED), opp("t2", cpv=CPV)]
    idx.set_opportunities(opps)
    idx.recompute_all(k=2, keep=2)
    idx.update_organisation(org("none", cpv=CPV, target_groups=["statushouder"]))
    idx.update_organisation(org("new", cpv=CPV, target_groups=["doelgroepregister"]))
    idx.remove_organisation("both")
    assert "none" in _ids(idx.top_for_opportunity(opps[0], k=10))
    assert "new" not in _ids(idx.top_for_opportunity(opps[0], k=10))
    full = MatchIndex.build([o for o in idx.orgs if o.id != "both"])
    full.set_opportunities(opps)
    full.recompute_all(k=2, keep=2)
    for p in opps:
        assert idx.top_list_rows(p.id) == full.top_list_rows(p.id)


def test_impossible_notice_counts_target_groups():
    idx = _index({"requirements": {"target_groups": "all", "target_groups_unknown": "exclude"}})
    r = idx.top_for_opportunity(opp(cpv=CPV, target_groups=["wajong", "over_50"]), k=10)
    assert _ids(r) == []
    text = " ".join(r.notices_en)
    assert "0 employing people from all required target groups" in text
    assert "1 without figures per target group (excluded)" in text


def test_score_pair_flags_not_eligible():
    m = score_pair(org("x", cpv=CPV, target_groups=["ww"]), opp(cpv=CPV, target_groups=["wajong"]))
    assert "not_eligible" in m.flags
    assert any("Employs nobody from the required target groups" in s for s in m.reasons_en)
