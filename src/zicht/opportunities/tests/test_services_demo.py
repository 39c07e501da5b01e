"""The demo opportunities load on the tiny demo register, match, and load only once."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from zicht.demo.loader import load_demo
from zicht.opportunities import matches
from zicht.opportunities.demo import DEMO, load_opportunities_demo
from zicht.opportunities.models import InboxItem, Opportunity

pytestmark = pytest.mark.django_db


def test_demo_opportunities_load_match_and_are_idempotent():
    load_demo("tiny", 2026, stdout=io.StringIO(), as_of=dt.date(2026, 11, 1))
    out = io.StringIO()
    result = load_opportunities_demo(stdout=out)
    assert result["loaded"] and result["opportunities"] + result["skipped"] == len(DEMO)
    # Utrecht, Amsterdam and Rotterdam are in every scale, so most opportunities load
    assert result["opportunities"] >= 15
    opps = list(Opportunity.objects.all())
    assert {o.kind for o in opps} == {"tender", "subcontracting", "partnership", "question"}
    assert {o.municipality.code for o in opps} >= {"GM0344", "GM0363", "GM0599"}
    assert all(o.state == "published" and o.published_at for o in opps)
    assert {o.owner.kind for o in opps} == {"municipality", "sme"}
    assert InboxItem.objects.filter(kind="match").exists()
    for opp in opps[:5]:
        _ranking, shown, seconds = matches.top_matches(opp)
        assert shown and shown[0].reasons and seconds < 1.0
    again = load_opportunities_demo(stdout=out)
    assert not again["loaded"] and Opportunity.objects.count() == len(opps)
