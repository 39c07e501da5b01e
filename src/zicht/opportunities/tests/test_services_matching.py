"""Matching from the database: facts, hard requirements, notices, explanations, weights."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from zicht.opportunities import matches
from zicht.opportunities.models import MatchWeights, Opportunity
from zicht.registry.models import Organisation

from .conftest import make_opportunity

pytestmark = pytest.mark.django_db


def ids(shown):
    return [s.organisation.pk for s in shown]


def test_only_public_matchable_organisations_are_matched(world):
    facts = {f.id for f in matches.organisation_facts_fast()}
    assert str(world["green"].pk) in facts
    assert str(world["draft"].pk) not in facts  # drafts are never matched
    assert str(world["gemeente"].pk) not in facts  # nor municipalities


def test_top_matches_are_ranked_and_explained(world):
    opp = make_opportunity(world["gemeente"])
    ranking, shown, seconds = matches.top_matches(opp)
    assert ids(shown)[0] == world["green"].pk
    assert world["draft"].pk not in ids(shown)
    assert world["gemeente"].pk not in ids(shown)
    top = shown[0]
    assert top.rank == 1 and 0 < top.score <= 1
    assert set(top.match.parts) == {"cpv", "text", "geo", "sdg", "size"}
    assert top.match.parts["cpv"] == 1.0
    assert top.reasons and all(isinstance(r, str) for r in top.reasons)
    # the {% explain %} items: one per part with its weight, then the total
    labels = [p["label"] for p in top.parts]
    assert str(labels[-1]) in ("Total score", "Totaalscore") and len(labels) == 6
    assert seconds < 1.0


def test_reasons_follow_the_language(world):
    opp = make_opportunity(world["gemeente"])
    with translation.override("nl"):
        _r, shown_nl, _s = matches.top_matches(opp)
    with translation.override("en"):
        _r, shown_en, _s = matches.top_matches(opp)
    assert shown_nl[0].reasons == shown_nl[0].match.reasons
    assert shown_en[0].reasons == shown_en[0].match.reasons_en
    assert shown_nl[0].reasons != shown_en[0].reasons


def test_reserved_2_82_only_organisations_with_at_least_30_percent(world):
    opp = make_opportunity(world["gemeente"], reserved_2_82=True, cpv=["77310000", "90910000"])
    _r, shown, _s = matches.top_matches(opp)
    found = ids(shown)
    assert world["green"].pk in found  # 50% target-group staff
    assert world["clean"].pk not in found  # 10%
    unknown = [s for s in shown if s.organisation.pk == world["sme"].pk]
    # share unknown: kept with a warning (weights: reserved_unknown_share = "flag")
    assert unknown and "target_group_share_unknown" in unknown[0].match.flags


def test_minimum_tier(world):
    opp = make_opportunity(world["gemeente"], min_tier="verified")
    _r, shown, _s = matches.top_matches(opp)
    assert ids(shown) == [world["green"].pk]


def test_required_certification(world):
    opp = make_opportunity(world["gemeente"], certifications=["pso"])
    _r, shown, _s = matches.top_matches(opp)
    assert ids(shown) == [world["green"].pk]


def test_impossible_requirements_say_so(world):
    opp = make_opportunity(
        world["gemeente"], reserved_2_82=True, min_tier="certified", certifications=["code_so"]
    )
    with translation.override("en"):
        ranking, shown, _s = matches.top_matches(opp)
        notices = matches.notices(ranking)
    assert shown == []
    assert any("No organisation meets all hard requirements" in n for n in notices)


def test_missing_cpv_and_sdgs_match_on_what_is_there(world):
    opp = make_opportunity(world["gemeente"], cpv=[], sdgs={})
    with translation.override("en"):
        ranking, shown, _s = matches.top_matches(opp)
        notices = matches.notices(ranking)
    assert shown, "text and geography still match"
    text = " ".join(notices)
    assert "matched on what is there" in text
    assert "CPV" in text and "SDG" in text


def test_past_deadline_notice(world):
    opp = make_opportunity(world["gemeente"], deadline=dt.date.today() - dt.timedelta(days=3))
    with translation.override("en"):
        ranking, _shown, _s = matches.top_matches(opp)
        assert any("deadline" in n and "passed" in n for n in matches.notices(ranking))


def test_best_opportunities_for_an_organisation(world):
    green_job = make_opportunity(world["gemeente"], title="Groenonderhoud")
    cleaning = make_opportunity(
        world["gemeente"],
        title="Schoonmaak kantoren",
        description="Schoonmaak van kantoren",
        cpv=["90910000"],
        sdgs={},
    )
    make_opportunity(world["gemeente"], title="Concept", state="draft")
    make_opportunity(
        world["gemeente"], title="Verlopen", deadline=dt.date.today() - dt.timedelta(days=1)
    )
    ranking, shown = matches.best_opportunities(world["green"], Opportunity.objects.all())
    titles = [s.opportunity.title for s in shown]
    assert titles[0] == "Groenonderhoud"
    assert "Concept" not in titles and "Verlopen" not in titles
    assert shown[0].reasons and shown[0].opportunity == green_job
    assert cleaning in [s.opportunity for s in shown] or len(shown) == 1


def test_organisation_not_in_the_index_gets_none(world):
    ranking, shown = matches.best_opportunities(world["draft"], Opportunity.objects.all())
    assert ranking is None and shown == []


def test_index_is_cached_and_patched_when_the_register_changes(world):
    first = matches.get_index()
    assert matches.get_index() is first
    org = Organisation.objects.get(pk=world["clean"].pk)
    org.description_nl = "Nu ook glasbewassing."
    org.save()
    index = matches.get_index()
    assert index is first  # patched with update_organisation, not rebuilt
    assert "glasbewassing" in index.orgs[index.pos[str(org.pk)]].description
    org.status = "draft"  # no longer public: taken out of matching
    org.save()
    index = matches.get_index()
    assert not index.feats.enabled[index.pos[str(org.pk)]]
    matches.invalidate_index()
    assert matches.get_index() is not first  # weights changed: rebuilt


def test_weights_record_is_used_and_validated(world):
    assert matches.current_weights().version == "2026-11-26"
    record = MatchWeights(
        valid_from=dt.date.today(),
        data={"version": "test-1", "parts": {"cpv": 1.0, "text": 0, "geo": 0, "sdg": 0, "size": 0}},
    )
    record.full_clean()
    record.save()
    matches.invalidate_index()
    index = matches.get_index()
    assert index.weights.version == "test-1"
    opp = make_opportunity(world["gemeente"], sdgs={})
    _r, shown, _s = matches.top_matches(opp)
    assert shown[0].score == pytest.approx(1.0)
    bad = MatchWeights(valid_from=dt.date.today(), data={"parts": {"cpv": -1}})
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_future_weights_are_not_used_yet(world):
    MatchWeights.objects.create(
        valid_from=dt.date.today() + dt.timedelta(days=10), data={"version": "later"}
    )
    assert matches.current_weights().version == "2026-11-26"


def test_reserved_threshold_comes_from_the_register_rule(world):
    from zicht.registry.services import rule_2_82

    assert matches.current_weights().reserved_min_share == pytest.approx(
        float(rule_2_82().threshold)
    )


def test_match_timing_command(world):
    import io

    from django.core.management import call_command

    make_opportunity(world["gemeente"])
    out = io.StringIO()
    call_command("match_timing", "--repeat", "1", stdout=out)
    text = out.getvalue()
    assert "organisations read in" in text and "median" in text


def test_target_groups_come_from_workforce_figures_names_only(world):
    facts = {f.id: f for f in matches.organisation_facts_fast()}
    assert facts[str(world["green"].pk)].target_groups == ["participatiewet"]
    assert facts[str(world["sme"].pk)].target_groups is None  # no figures: unknown, not zero


def test_required_target_groups_filter_and_flag(world):
    from zicht.registry.tests.factories import add_workforce

    add_workforce(world["clean"], "10", statushouder="0")  # 0 FTE: does not count
    opp = make_opportunity(
        world["gemeente"], target_groups=["participatiewet"], cpv=["77310000", "90910000"]
    )
    _r, shown, _s = matches.top_matches(opp)
    by_pk = {s.organisation.pk: s for s in shown}
    assert world["green"].pk in by_pk and world["clean"].pk in by_pk
    assert "target_groups_unknown" in by_pk[world["sme"].pk].match.flags
    opp.target_groups = ["statushouder"]
    opp.save()
    _r, shown, _s = matches.top_matches(opp)
    assert ids(shown) == [world["sme"].pk]  # only the unknown one, flagged
