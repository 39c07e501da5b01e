"""The SROI clause in the advice: municipal rule, obligation and bouwblokken ways."""

from __future__ import annotations

import pytest

from zicht.procurement.advisor import AdviceError, advise, parse_case

CASE = {
    "municipality": "GM0344",
    "date": "2026-03-01",
    "type": "services",
    "value_eur": 250000,
    "duration_months": 24,
    "cpv": ["90910000-9"],
}


def ways(sroi, kind):
    return {
        (w.get("target_group") or w.get("category") or w.get("attribute") or "hours"): w
        for w in sroi["ways"]
        if w["kind"] == kind
    }


def test_services_250k_gives_12500():
    sroi = advise(CASE)["sroi"]
    assert sroi["applies"] is True
    assert sroi["percentage"] == 5
    assert sroi["obligation_eur"] == 12500
    assert sroi["rule_source"]
    placements = ways(sroi, "placement")
    # 1 FTE-year Participatiewet placement = EUR 40,000 -> 0.31 FTE-year covers it
    assert placements["participatiewet"]["value_per_fte_year_eur"] == 40000
    assert placements["participatiewet"]["fte_years"] == pytest.approx(0.3125)
    assert "0,31 FTE-jaar" in placements["participatiewet"]["text_nl"]
    assert placements["doelgroepregister"]["fte_years"] == pytest.approx(0.25)
    assert ways(sroi, "purchase")["social_enterprise"]["amount_excl_vat_eur"] == 12500
    assert ways(sroi, "other_effort")["hours"]["hours"] == pytest.approx(125)
    assert all(w["valid_from"] == "2024-01-01" and w["source"] for w in sroi["ways"])


@pytest.mark.parametrize(
    ("ptype", "value", "applies", "obligation"),
    [
        ("works", 100000, True, 5000),  # "from EUR 100,000" is inclusive
        ("works", 99999.99, False, 0),
        ("services", 1000000, True, 50000),
        ("supplies", 250000, False, 0),  # the default rule has no clause for supplies
        ("social_services", 250000, False, 0),
    ],
)
def test_rule_by_type_and_value(ptype, value, applies, obligation):
    sroi = advise(dict(CASE, type=ptype, value_eur=value))["sroi"]
    assert sroi["applies"] is applies
    assert sroi["obligation_eur"] == obligation
    if not applies:
        assert sroi["ways"] == [] and sroi["reason"]


def test_municipality_override():
    overrides = {
        "sroi": {
            "source": "Inkoopbeleid (test)",
            "by_type": {"supplies": {"percentage": 2, "min_value_eur": 50000}},
        }
    }
    sroi = advise(dict(CASE, type="supplies", value_eur=60000), overrides=overrides)["sroi"]
    assert sroi["applies"] is True
    assert sroi["obligation_eur"] == 1200
    assert sroi["rule_source"] == "Inkoopbeleid (test)"
    # services are not in this override: it replaces the rule, it does not merge
    assert advise(CASE, overrides=overrides)["sroi"]["applies"] is False


def test_invalid_override_percentage_refused():
    with pytest.raises(ValueError, match="percentage"):
        advise(
            CASE,
            overrides={"sroi": {"by_type": {"services": {"percentage": 150, "min_value_eur": 0}}}},
        )


def test_minimum_duration_in_rule():
    overrides = {
        "sroi": {
            "by_type": {
                "services": {"percentage": 5, "min_value_eur": 250000, "min_duration_months": 6}
            }
        }
    }
    assert advise(dict(CASE, duration_months=5), overrides=overrides)["sroi"]["applies"] is False
    assert advise(dict(CASE, duration_months=6), overrides=overrides)["sroi"]["applies"] is True


def test_leiden_region_uses_its_own_table():
    sroi = advise(dict(CASE, municipality="GM0546", type="works", value_eur=600000))["sroi"]
    assert sroi["obligation_eur"] == 30000
    assert sroi["bouwblokken_table"]["table_id"] == "leiden-regio-2023-09"
    placements = ways(sroi, "placement")
    assert placements["participatiewet"]["fte_years"] == pytest.approx(1.0)
    assert placements["participatiewet_arbeidsbeperking"]["fte_years"] == pytest.approx(0.6)
    assert ways(sroi, "other_effort") == {}  # Leiden has no hourly value recorded


def test_twente_purchase_factors():
    sroi = advise(dict(CASE, municipality="GM0153"))["sroi"]  # Enschede
    purchases = ways(sroi, "purchase")
    assert purchases["code_register"]["amount_excl_vat_eur"] == 12500
    assert purchases["senl_member"]["amount_excl_vat_eur"] == 25000


def test_region_without_table_has_clause_but_no_ways():
    sroi = advise(dict(CASE, municipality="GM0014"))["sroi"]  # Groningen
    assert sroi["applies"] is True and sroi["obligation_eur"] == 12500
    assert sroi["ways"] == []
    assert any("no bouwblokken table" in n for n in sroi["notes"])


def test_text_block_and_checklist_in_dutch():
    advice = advise(CASE)
    assert "€ 12.500" in advice["text_nl"]
    assert "€ 216.000" in advice["text_nl"]
    assert "Europese" in advice["text_nl"]
    assert advice["checklist"][0].startswith("1. ")
    assert any("€ 12.500" in s for s in advice["checklist"])


def test_every_figure_has_source_and_valid_from():
    advice = advise(CASE)
    assert len(advice["figures"]) > 5
    for fig in advice["figures"]:
        assert fig["source"], fig
        assert fig["valid_from"], fig


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value_eur": -5}, "positive"),
        ({"value_eur": 0}, "positive"),
        ({"value_eur": 1e13}, "implausibly large"),
        ({"value_eur": True}, "must be a number"),
        ({"value_eur": "250000"}, "must be a number"),
        ({"duration_months": 0}, "at least 1"),
        ({"duration_months": 2.5}, "whole number"),
        ({"duration_months": 10000}, "implausibly long"),
        ({"cpv": ["99999999-9"]}, "unknown CPV"),
        ({"cpv": ["90910000-1"]}, "check digit"),
        ({"cpv": []}, "non-empty"),
        ({"municipality": "GM9999"}, "unknown municipality"),
        ({"municipality": None}, "unknown municipality"),
        ({"type": "consultancy"}, "unknown type"),
        ({"date": "01-03-2026"}, "ISO date"),
        ({"date": "2031-01-01"}, "outside every EU threshold period"),
    ],
)
def test_invalid_cases(change, message):
    with pytest.raises(AdviceError, match=message):
        parse_case(dict(CASE, **change))


def test_all_errors_reported_together():
    with pytest.raises(AdviceError) as err:
        parse_case(dict(CASE, value_eur=-1, duration_months=0, municipality="x"))
    assert len(err.value.errors) == 3
