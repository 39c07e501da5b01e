"""Valuing deliveries with the bouwblokken table in force on the delivery date."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from zicht.procurement.sroi import (
    Contract,
    DeliveryRefused,
    OtherEffort,
    Placement,
    Purchase,
    balance,
    default_tables,
    find_double_count,
    load_tables,
    table_for,
    value_delivery,
)
from zicht.procurement.sroi.tables import TABLES_DIR, TableError

UTRECHT = Contract("C-UTR", date(2026, 1, 1), date(2027, 12, 31), "GM0344", 12500)
LEIDEN = Contract("C-LEI", date(2023, 1, 1), date(2025, 12, 31), "GM0546", 30000)
TWENTE = Contract("C-TW", date(2026, 1, 1), date(2026, 12, 31), "GM0153", 10000)


def placement(**kw):
    base = dict(
        reference="KAND-0001",
        target_group="participatiewet",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        fte=1.0,
    )
    base.update(kw)
    return Placement(**base)


def test_full_year_participatiewet_utrecht():
    v = value_delivery(placement(), UTRECHT)
    assert v.value_eur == 40000
    assert v.parts[0]["fte_years"] == pytest.approx(1.0)
    assert v.table["table_id"] == "utrecht-bouwblokken"
    assert v.table["source"] and v.table["valid_from"] == "2024-01-01"


def test_hours_per_week_and_bonuses():
    v = value_delivery(
        placement(fte=None, hours_per_week=18, contract_type="permanent", attributes=("50+",)),
        UTRECHT,
    )
    # 18/36 = 0.5 FTE for a year: 0.5 x (40,000 + 10,000 for 50+ + 10,000 permanent)
    assert v.value_eur == 30000
    assert {p["what"] for p in v.parts} == {
        "placement participatiewet",
        "bonus age_50_plus",
        "bonus permanent_contract",
    }


def test_permanent_bonus_only_where_the_table_has_it():
    """Leiden's table has no permanent-contract bonus; 55+ adds 15,000 there."""
    v = value_delivery(
        placement(
            start=date(2024, 1, 1),
            end=date(2024, 12, 30),
            contract_type="permanent",
            attributes=("55+",),
        ),
        LEIDEN,
    )
    assert v.table["table_id"] == "leiden-regio-2023-09"
    assert v.value_eur == pytest.approx(30000 + 15000)
    assert any("permanent_contract" in n for n in v.notes)


def test_leiden_table_starts_on_1_september_2023():
    before = placement(start=date(2023, 8, 1), end=date(2023, 8, 31))
    with pytest.raises(DeliveryRefused) as err:
        value_delivery(before, LEIDEN)
    assert err.value.code == "no_table"
    after = value_delivery(placement(start=date(2023, 9, 1), end=date(2023, 9, 30)), LEIDEN)
    assert after.value_eur == pytest.approx(30000 * 30 / 365, abs=0.01)


def test_placement_clipped_to_contract_period():
    v = value_delivery(placement(start=date(2025, 7, 1), end=date(2026, 1, 31)), UTRECHT)
    assert v.parts[0]["fte_years"] == pytest.approx(31 / 365, abs=1e-6)
    assert v.value_eur == pytest.approx(40000 * 31 / 365, abs=0.01)
    assert any("inside the contract period" in n for n in v.notes)


def test_fte_capped_per_placement():
    v = value_delivery(placement(fte=None, hours_per_week=40), UTRECHT)
    assert v.parts[0]["fte_years"] == pytest.approx(1.0)
    assert any("capped" in n for n in v.notes)


@pytest.mark.parametrize(
    ("delivery", "code"),
    [
        (placement(start=date(2025, 1, 1), end=date(2025, 12, 31)), "outside_contract_period"),
        (placement(start=date(2028, 1, 1), end=date(2028, 3, 31)), "outside_contract_period"),
        (placement(reference="Jan de Vries"), "privacy"),
        (placement(reference="P-111222333"), "privacy"),
        (placement(target_group="wajong"), "unknown_target_group"),
        (placement(fte=None), "invalid"),
        (placement(fte=0.0), "invalid"),
        (placement(start=date(2026, 5, 1), end=date(2026, 4, 1)), "invalid"),
        (
            Purchase("12345678", "F1", date(2028, 1, 5), 1000, "social_enterprise"),
            "outside_contract_period",
        ),
        (Purchase("12345678", "F1", date(2026, 1, 5), -10, "social_enterprise"), "invalid"),
        (Purchase("12345678", "F1", date(2026, 1, 5), 1000, "sme"), "supplier_not_qualified"),
        (OtherEffort("workshop", date(2025, 12, 31), 10), "outside_contract_period"),
        (OtherEffort("klant 111222333 begeleid", date(2026, 3, 1), 10), "privacy"),
    ],
)
def test_refusals(delivery, code):
    with pytest.raises(DeliveryRefused) as err:
        value_delivery(delivery, UTRECHT)
    assert err.value.code == code


def test_purchases_by_factor():
    utr = value_delivery(
        Purchase("12345678", "F-1", date(2026, 3, 1), 8000, "sociale_werkplaats"), UTRECHT
    )
    assert utr.value_eur == 8000
    code = value_delivery(Purchase("1", "F-1", date(2026, 3, 1), 8000, "sme", ("code_so",)), TWENTE)
    assert code.value_eur == 8000
    senl = value_delivery(
        Purchase("2", "F-1", date(2026, 3, 1), 8000, "sme", ("sociaal_nl",)), TWENTE
    )
    assert senl.value_eur == 4000
    both = value_delivery(
        Purchase("3", "F-1", date(2026, 3, 1), 8000, "sme", ("sociaal_nl", "code_so")), TWENTE
    )
    assert both.value_eur == 8000  # the best category the supplier qualifies for
    with pytest.raises(DeliveryRefused) as err:  # Twente has no placement values
        value_delivery(placement(), TWENTE)
    assert err.value.code == "unknown_target_group"


def test_other_efforts():
    assert (
        value_delivery(OtherEffort("coaching", date(2026, 3, 1), 12.5), UTRECHT).value_eur == 1250
    )
    with pytest.raises(DeliveryRefused) as err:
        value_delivery(OtherEffort("coaching", date(2024, 3, 1), 10), LEIDEN)
    assert err.value.code == "not_in_table"


def test_invoice_double_count_refused_with_where():
    counted = {
        ("12345678", "INV-2026-001"): "PSO indirect contribution 2026 (Schoon BV)",
        ("87654321", "A7"): {"contract": "C-OTHER"},
    }
    assert find_double_count("12345678", "inv 2026 001", counted) == (
        "PSO indirect contribution 2026 (Schoon BV)"
    )
    assert find_double_count("12345678", "INV-2026-002", counted) is None
    assert find_double_count("87654321", "a7", [("87654321", "A7", "spend share")]) == "spend share"
    purchase = Purchase("12345678", "INV-2026-001", date(2026, 3, 1), 500, "social_enterprise")
    with pytest.raises(DeliveryRefused) as err:
        value_delivery(purchase, UTRECHT, counted=counted)
    assert err.value.code == "already_counted"
    assert err.value.details["where"] == "PSO indirect contribution 2026 (Schoon BV)"
    assert value_delivery(purchase, UTRECHT, counted={}).value_eur == 500


def test_balance_and_forecast():
    accepted = [
        value_delivery(placement(end=date(2026, 6, 30), fte=0.5), UTRECHT),  # 0.5 x 181/365 x 40k
        value_delivery(Purchase("1", "F-1", date(2026, 2, 1), 2000, "social_enterprise"), UTRECHT),
        value_delivery(Purchase("1", "f 1", date(2026, 2, 1), 2000, "social_enterprise"), UTRECHT),
    ]
    planned = [value_delivery(OtherEffort("coaching", date(2027, 3, 1), 20), UTRECHT)]
    b = balance(UTRECHT, accepted, as_of=date(2026, 12, 31), planned=planned)
    placement_value = round(0.5 * 181 / 365 * 40000, 2)
    assert b["delivered_eur"] == pytest.approx(placement_value + 2000)
    assert b["duplicates"] == [["1", "f1"]]  # the same invoice twice counts once
    assert b["remaining_eur"] == pytest.approx(12500 - placement_value - 2000)
    assert b["elapsed_share"] == pytest.approx(365 / 730)
    assert b["expected_by_now_eur"] == pytest.approx(6250)
    assert b["on_track"] is True
    assert b["forecast_at_current_pace_eur"] == pytest.approx(
        2 * (placement_value + 2000), abs=0.02
    )
    assert b["forecast_with_planned_eur"] == pytest.approx(placement_value + 2000 + 2000)
    assert b["fulfilled"] is False
    early = balance(UTRECHT, accepted[1:2], as_of=date(2026, 12, 31))
    assert early["on_track"] is False
    before = balance(UTRECHT, [], as_of=date(2025, 6, 1))
    assert before["elapsed_share"] == 0 and before["forecast_at_current_pace_eur"] is None


def test_new_regional_table_is_data(tmp_path):
    shutil.copytree(TABLES_DIR, tmp_path / "bb")
    doc = json.loads((tmp_path / "bb" / "utrecht.json").read_text(encoding="utf-8"))
    doc.update(id="utrecht-2027", valid_from="2027-01-01")
    doc["placements"]["participatiewet"]["value_per_fte_year_eur"] = 45000
    (tmp_path / "bb" / "utrecht-2027.json").write_text(json.dumps(doc), encoding="utf-8")
    tables = load_tables(tmp_path / "bb")
    old = value_delivery(placement(), UTRECHT, tables=tables)
    new = value_delivery(
        placement(start=date(2027, 1, 1), end=date(2027, 12, 31)), UTRECHT, tables=tables
    )
    assert (old.value_eur, new.value_eur) == (40000, 45000)
    assert new.table["table_id"] == "utrecht-2027"


def test_table_lookup():
    assert table_for("GM0546", date(2024, 1, 1)).id == "leiden-regio-2023-09"
    assert table_for("AM13", date(2026, 1, 1)).id == "utrecht-bouwblokken"
    with pytest.raises(TableError):
        table_for("GM0014", date(2026, 1, 1))
    for t in default_tables():
        assert t.source and t.source_url and t.licence and t.valid_from
