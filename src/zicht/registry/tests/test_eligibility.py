"""The 2.82 calculation is plain Python: tested without a database."""

from decimal import Decimal

from zicht.registry.eligibility import Rule, compute

RULE = Rule(
    Decimal("0.30"), ("wsw", "wajong", "participatiewet"), "2016-07-01", "Aw 2012 art. 2.82"
)


def test_share_at_threshold_is_eligible():
    result = compute({"wsw": Decimal(3), "none": Decimal(7)}, Decimal(10), RULE)
    assert result.share == Decimal("0.3000")
    assert result.eligible
    assert any("30.0%" in step and "eligible" in step for step in result.steps)


def test_share_below_threshold_is_not_eligible_and_says_why():
    result = compute({"wajong": Decimal("2.9")}, Decimal(10), RULE)
    assert result.share == Decimal("0.2900")
    assert not result.eligible
    assert "29.0% < 30%" in result.steps[-1]


def test_groups_outside_the_rule_do_not_count():
    result = compute({"ww": Decimal(5), "wsw": Decimal(1)}, Decimal(10), RULE)
    assert result.counted_fte == Decimal(1)
    assert not result.eligible


def test_unknown_total_gives_no_share():
    result = compute({"wsw": Decimal(3)}, None, RULE)
    assert result.share is None and not result.eligible
    assert "unknown" in result.steps[-1]


def test_old_rule_of_fifty_percent_applies_when_passed_in():
    old = Rule(Decimal("0.50"), RULE.counted_groups, "2012-04-01", "Aw 2012 before 2016")
    assert not compute({"wsw": Decimal(4)}, Decimal(10), old).eligible
    assert compute({"wsw": Decimal(4)}, Decimal(10), RULE).eligible
