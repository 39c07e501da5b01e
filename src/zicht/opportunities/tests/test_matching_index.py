"""Both directions, top-k selection, stored lists and single-organisation updates."""

import copy
import random

import numpy as np
import pytest

from zicht.opportunities.matching import MatchIndex, synthetic
from zicht.opportunities.matching.index import top_rows

from .test_matching_scoring import opp, org


@pytest.fixture(scope="module")
def data():
    return synthetic.organisations(700, seed=11), synthetic.opportunities(60, seed=12)


def _full_sort(idx, o, k):
    """All scores of the block, fully sorted (score desc, position asc): no top-k shortcut."""
    feats = idx._opp_features([o])
    score, _ = idx._score_all(feats, idx._buyer_rows([o]))
    row = score[0]
    order = np.lexsort((np.arange(len(row)), -row))
    return [idx.orgs[i].id for i in order[:k] if np.isfinite(row[i])], row


def test_top_k_equals_full_sort_and_single_pair_scores(data):
    orgs, opps = data
    idx = MatchIndex.build(orgs)
    rng = random.Random(3)
    for o in opps[:4]:
        fast = [m.organisation_id for m in idx.top_for_opportunity(o, k=10)]
        expected, row = _full_sort(idx, o, 10)
        assert fast == expected and len(fast) == 10
        feats = idx._opp_features([o])
        for r in rng.sample(range(len(orgs)), 25):  # one organisation at a time: same number
            alone = idx._org_scores(r, feats, [o])[0]
            assert alone == row[r] or (np.isinf(alone) and np.isinf(row[r]))


def test_scores_identical_in_both_directions(data):
    orgs, opps = data
    idx = MatchIndex.build(orgs)
    idx.set_opportunities(opps)
    for org_id in (orgs[3].id, orgs[100].id, orgs[555].id):
        for m in idx.top_for_organisation(org_id, k=5):
            j = idx.opp_pos[m.opportunity_id]
            full = idx.top_for_opportunity(opps[j], k=len(orgs))
            assert {x.organisation_id: x.score for x in full}[org_id] == m.score


def test_top_rows_breaks_ties_by_position():
    score = np.array([[0.5, 0.9, 0.5, 0.5, -np.inf, 0.9]], dtype=np.float32)
    idx, vals = top_rows(score, 4)
    assert idx.tolist() == [[1, 5, 0, 2]]
    idx, _ = top_rows(np.full((1, 3), -np.inf, dtype=np.float32), 2)
    assert idx.tolist() == [[-1, -1]]


def _lists(idx):
    return {o.id: idx.top_list_rows(o.id) for o in idx.opps}


@pytest.mark.parametrize("keep", [None, 10])  # 10 = no reserve: forces per-list recomputes
def test_updates_equal_full_recomputation(data, keep):
    orgs, opps = data
    idx = MatchIndex.build(copy.deepcopy(orgs))
    idx.set_opportunities(opps)
    idx.recompute_all(k=10, keep=keep)
    rng = random.Random(5)
    changed_any = set()
    for step in range(40):
        victim = copy.deepcopy(idx.orgs[rng.randrange(len(idx.orgs))])
        donor = orgs[rng.randrange(len(orgs))]
        action = step % 5
        if action == 0:  # copy another profile's CPV and description
            victim.cpv, victim.description = list(donor.cpv), donor.description
        elif action == 1:
            victim.municipality, victim.regions_served = donor.municipality, ["NL"]
        elif action == 2:
            victim.target_group_share, victim.tier = 0.8, "certified"
        elif action == 3:
            victim.sdgs, victim.fte = {}, None
        else:  # a brand-new organisation
            victim = copy.deepcopy(donor)
            victim.id = f"new{step}"
        changed_any.update(idx.update_organisation(victim))
    idx.remove_organisation(orgs[0].id)
    patched = _lists(idx)
    idx.recompute_all(k=10, keep=keep)
    assert patched == _lists(idx)
    assert changed_any  # the updates did move some lists


def test_update_moves_organisation_into_and_out_of_lists():
    orgs = [org(f"o{i}", cpv=["90911200"], municipality="GM0014") for i in range(30)]
    idx = MatchIndex.build(orgs)
    idx.set_opportunities([opp("t", cpv=["90911200"], municipality="GM0344")])
    idx.recompute_all(k=5)
    assert "o29" not in [i for i, _ in idx.top_list_rows("t")]
    better = org("o29", cpv=["90911200"], municipality="GM0344")
    assert idx.update_organisation(better) == ["t"]
    assert idx.top_list_rows("t")[0][0] == "o29"
    assert idx.top_list("t")[0].organisation_id == "o29"
    assert idx.update_organisation(org("o29", cpv=["45000000"], municipality="GM0014")) == ["t"]
    assert "o29" not in [i for i, _ in idx.top_list_rows("t")]


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError):
        MatchIndex.build([org("a"), org("a")])
