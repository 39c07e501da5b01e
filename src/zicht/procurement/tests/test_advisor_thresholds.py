"""EU thresholds and purchasing-policy procedures, with dated cases."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from zicht.procurement.advisor import AdviceError, RuleSet, advise, default_rules, parse_case
from zicht.procurement.advisor.rules import RULES_DIR
from zicht.procurement.advisor.thresholds import NoThresholdPeriod, eu_threshold


def case(**kw):
    base = {
        "municipality": "GM0344",
        "date": "2026-03-01",
        "type": "services",
        "value_eur": 250000,
        "duration_months": 24,
        "cpv": ["90910000-9"],
    }
    base.update(kw)
    return base


@pytest.mark.parametrize(
    ("on", "ptype", "value", "threshold", "above"),
    [
        # supplies of EUR 220,000: above in 2026 (216,000) but not in 2025 (221,000)
        ("2026-03-01", "supplies", 220000, 216000, True),
        ("2025-12-31", "supplies", 220000, 221000, False),
        ("2026-01-01", "supplies", 220000, 216000, True),
        ("2024-01-01", "services", 220000, 221000, False),
        ("2027-12-31", "services", 216000, 216000, True),  # equal counts as above
        ("2027-12-31", "services", 215999.99, 216000, False),
        ("2025-06-01", "works", 5500000, 5538000, False),
        ("2026-06-01", "works", 5500000, 5404000, True),
        ("2026-06-01", "social_services", 700000, 750000, False),
        ("2026-06-01", "social_services", 750000, 750000, True),
    ],
)
def test_threshold_by_date(on, ptype, value, threshold, above):
    advice = advise(case(date=on, type=ptype, value_eur=value))
    thr = advice["eu_threshold"]
    assert thr["value_eur"] == threshold
    assert thr["above"] is above
    assert thr["source"] and thr["valid_from"] in ("2024-01-01", "2026-01-01")


def test_central_government_threshold_is_data_too():
    rules = default_rules()
    assert (
        eu_threshold(rules.thresholds, date(2026, 5, 1), "services", 1, "central").value_eur
        == 140000
    )
    assert (
        eu_threshold(rules.thresholds, date(2025, 5, 1), "services", 1, "central").value_eur
        == 143000
    )


@pytest.mark.parametrize("on", ["2023-12-31", "2028-01-01", "1999-01-01"])
def test_date_outside_every_threshold_period_is_an_error(on):
    with pytest.raises(AdviceError, match="outside every EU threshold period"):
        parse_case(case(date=on))
    with pytest.raises(NoThresholdPeriod):
        eu_threshold(default_rules().thresholds, date.fromisoformat(on), "services", 1)


def test_new_period_is_added_as_data(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    with (rules_dir / "eu_thresholds.csv").open("a", encoding="utf-8") as fh:
        fh.write(
            "2028-01-01,2029-12-31,EU,sub_central,services,230000,test source,"
            "https://example.org,CC0,unverified,test row\n"
        )
    rules = RuleSet.from_dir(rules_dir)
    advice = advise(case(date="2028-02-01", value_eur=225000), rules=rules)
    assert advice["eu_threshold"]["value_eur"] == 230000
    assert advice["eu_threshold"]["above"] is False
    assert advice["eu_threshold"]["source"] == "test source"


def statuses(advice):
    return {p["procedure"]: p["status"] for p in advice["procedures"]}


@pytest.mark.parametrize(
    ("ptype", "value", "recommended"),
    [
        ("services", 30000, "single_quote"),
        ("services", 50000, "multiple_quotes"),  # band upper bound is exclusive
        ("services", 150000, "multiple_quotes"),
        ("services", 216000, "european"),
        ("works", 149999, "single_quote"),
        ("works", 200000, "multiple_quotes"),
        ("works", 2000000, "national"),
        ("works", 6000000, "european"),
        ("supplies", 220000, "european"),
    ],
)
def test_procedure_bands(ptype, value, recommended):
    advice = advise(case(type=ptype, value_eur=value))
    assert advice["procedures"][0]["procedure"] == recommended
    assert advice["procedures"][0]["status"] == "recommended"
    st = statuses(advice)
    order = ["single_quote", "multiple_quotes", "national", "european"]
    for proc in order:
        if order.index(proc) < order.index(recommended):
            assert st[proc] == "not_allowed"
        elif order.index(proc) > order.index(recommended):
            # heavier procedures stay open below the threshold, nothing else above it
            assert st[proc] == ("not_allowed" if recommended == "european" else "allowed")


def test_band_override_from_caller():
    overrides = {
        "procedure_bands": {
            "source": "Inkoopbeleid gemeente Utrecht (test)",
            "bands": {
                "services": [
                    {"procedure": "single_quote", "up_to_eur": 30000},
                    {"procedure": "multiple_quotes", "up_to_eur": 100000},
                    {"procedure": "national", "up_to_eur": None},
                ]
            },
        }
    }
    advice = advise(case(value_eur=40000), overrides=overrides)
    assert advice["procedures"][0]["procedure"] == "multiple_quotes"
    assert advice["procedures"][0]["basis"]["source"] == "Inkoopbeleid gemeente Utrecht (test)"
    advice = advise(case(value_eur=120000), overrides=overrides)
    assert advice["procedures"][0]["procedure"] == "national"
    without = advise(case(value_eur=40000))
    assert without["procedures"][0]["procedure"] == "single_quote"


def test_bad_band_override_is_refused():
    bad = {
        "procedure_bands": {
            "bands": {
                "services": [
                    {"procedure": "single_quote", "up_to_eur": 50000},
                    {"procedure": "multiple_quotes", "up_to_eur": 40000},
                ]
            }
        }
    }
    with pytest.raises(ValueError, match="must increase"):
        advise(case(value_eur=10000), overrides=bad)


def test_municipality_rule_in_data_wins_over_default(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    doc = json.loads((rules_dir / "procedure_bands.json").read_text(encoding="utf-8"))
    own = dict(doc["rules"][0], id="gm0344-own", region="GM0344", valid_from="2026-01-01")
    own["bands"] = dict(
        own["bands"],
        services=[
            {"procedure": "single_quote", "up_to_eur": 25000},
            {"procedure": "multiple_quotes", "up_to_eur": None},
        ],
    )
    doc["rules"].append(own)
    (rules_dir / "procedure_bands.json").write_text(json.dumps(doc), encoding="utf-8")
    rules = RuleSet.from_dir(rules_dir)
    assert (
        advise(case(value_eur=30000), rules=rules)["procedures"][0]["procedure"]
        == "multiple_quotes"
    )
    # another municipality keeps the default; before 2026 Utrecht's own rule is not in force
    other = advise(case(municipality="GM0363", value_eur=30000), rules=rules)
    assert other["procedures"][0]["procedure"] == "single_quote"
    earlier = advise(case(date="2025-06-01", value_eur=30000), rules=rules)
    assert earlier["procedures"][0]["procedure"] == "single_quote"
