"""The spend report over a small store whose answers are known by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from zicht.spend.analytics import spend_report, suppliers
from zicht.spend.ingest import SpendStore, import_file

M = "GM0344"
HEADER = "Crediteurnummer;Naam crediteur;Factuurdatum;Bedrag excl. BTW;Kostenplaats;Programma;Grootboekrekening;Omschrijving"
LINES = [
    # supplier, name, date, amount, cost centre, programme, ledger, description
    ("1", "Groen Werkt", "15-01-2024", "1.000,00", "KP1", "Openbare ruimte", "4410 Onderhoud groen", "Maaien"),
    ("1", "Groen Werkt", "15-04-2024", "500,00", "KP1", "Openbare ruimte", "4410 Onderhoud groen", "Snoeien"),
    ("2", "Schoon Sociaal", "20-02-2024", "2.000,00", "KP2", "Bedrijfsvoering", "4420 Schoonmaak", "Schoonmaak"),
    ("3", "Werkbedrijf SW", "10-07-2024", "1.500,00", "KP2", "Bedrijfsvoering", "4420 Schoonmaak", "Glas"),
    ("4", "Groot ICT BV", "01-03-2024", "5.000,00", "KP3", "Bedrijfsvoering", "4460 ICT", "Licenties"),
    ("4", "Groot ICT BV", "01-03-2023", "9.999,00", "KP3", "Bedrijfsvoering", "4460 ICT", "Licenties 2023"),
    ("5", "Onbekend BV", "05-11-2024", "-100,00", "KP1", "Openbare ruimte", "", "Creditnota catering"),
]  # fmt: skip
CLASSIFICATION = [
    {"supplier_key": "1", "register_id": "o1", "kind": "social_enterprise", "tier": "certified",
     "eligible_2_82": True, "published": True},
    {"supplier_key": "2", "register_id": "o2", "kind": "social_enterprise", "tier": "self_declared",
     "eligible_2_82": False, "published": False},
    {"supplier_key": "3", "register_id": "o3", "kind": "sociale_werkplaats", "eligible_2_82": True},
    {"supplier_key": "4", "register_id": "o4", "kind": "sme", "eligible_2_82": False},
]  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    path = root / "lines.csv"
    path.write_text(HEADER + "\n" + "\n".join(";".join(r) for r in LINES) + "\n", "utf-8")
    store = SpendStore(root / "store")
    result = import_file(path, store=store, municipality=M)
    assert result.status == "imported", result.report.to_text()
    return store


def report_2024(store, **kw):
    kw.setdefault("classification", CLASSIFICATION)
    return spend_report(store, M, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), **kw)


def test_totals_and_shares_by_group(store):
    r = report_2024(store)
    assert (r["total"], r["lines"], r["suppliers"]) == (9900.0, 6, 5)
    groups = {g["group"]: (g["amount"], g["share"]) for g in r["groups"]}
    assert groups["social_enterprise"] == (3500.0, round(3500 / 9900, 4))
    assert groups["social_enterprise_certified"] == (1500.0, round(1500 / 9900, 4))
    assert groups["social_enterprise_self_declared"] == (2000.0, round(2000 / 9900, 4))
    assert groups["social_enterprise_verified"] == (0.0, 0.0)
    assert groups["sociale_werkplaats"] == (1500.0, round(1500 / 9900, 4))
    assert groups["eligible_2_82"] == (3000.0, round(3000 / 9900, 4))
    assert groups["classified"] == (10000.0, round(10000 / 9900, 4))  # the credit note is unknown
    assert (r["data_from"], r["data_to"]) == ("2024-01-15", "2024-11-05")
    json.dumps(r)


def test_periods_add_up(store):
    r = report_2024(store)
    assert [y["year"] for y in r["by_year"]] == [2024]
    quarters = {q["quarter"]: (q["total"], q["social_enterprise"]) for q in r["by_quarter"]}
    assert quarters == {
        "2024-Q1": (8000.0, 3000.0),
        "2024-Q2": (500.0, 500.0),
        "2024-Q3": (1500.0, 0.0),
        "2024-Q4": (-100.0, 0.0),
    }
    assert [m["month"] for m in r["by_month"]] == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-07",
        "2024-11",
    ]
    assert sum(m["total"] for m in r["by_month"]) == r["total"]
    everything = spend_report(store, M, classification=CLASSIFICATION)
    assert [y["year"] for y in everything["by_year"]] == [2023, 2024]
    assert everything["total"] == 9900.0 + 9999.0


def test_cost_centres_and_portfolios(store):
    r = report_2024(store)
    cc = {
        c["cost_centre"]: (c["total"], c["sociale_werkplaats_share"]) for c in r["by_cost_centre"]
    }
    assert cc == {
        "KP3": (5000.0, 0.0),
        "KP2": (3500.0, round(1500 / 3500, 4)),
        "KP1": (1400.0, 0.0),
    }
    assert [p["portfolio"] for p in r["by_portfolio"]] == ["Bedrijfsvoering", "Openbare ruimte"]


def test_categories_come_from_ledger_and_description_and_reservable_spend(store):
    r = report_2024(store, eligible_counts={"77": 3, "90": 2, "ledger:4460 ICT": 7})
    cats = {c["category"]: c for c in r["by_category"]}
    assert cats["cpv:77"]["total"] == 1500.0  # "4410 Onderhoud groen"
    assert cats["cpv:77"]["basis"] == ["ledger_derived"]
    assert cats["cpv:90"]["total"] == 3500.0
    assert cats["cpv:72"]["total"] == 5000.0  # "4460 ICT"
    assert cats["cpv:55"]["basis"] == ["description_derived"]  # no ledger: "Creditnota catering"
    assert cats["cpv:77"]["reservable"] and not cats["cpv:90"]["reservable"]
    assert cats["cpv:72"]["eligible_organisations"] is None  # counted under its raw key only
    assert r["reservable"]["categories"] == ["cpv:77"]
    assert r["reservable"]["amount"] == 1500.0
    assert r["reservable"]["share"] == round(1500 / 9900, 4)
    assert r["reservable"]["already_at_eligible"] == 1500.0
    assert (
        report_2024(store, eligible_counts={"77": 3}, min_eligible=4)["reservable"]["amount"] == 0.0
    )


def test_top_suppliers(store):
    r = report_2024(store, top=3)
    top = r["top_suppliers"]
    assert [(s["name"], s["total"]) for s in top] == [
        ("Groot ICT BV", 5000.0), ("Schoon Sociaal", 2000.0), ("Groen Werkt", 1500.0),
    ]  # fmt: skip
    assert (top[2]["kind"], top[2]["tier"], top[2]["eligible_2_82"]) == (
        "social_enterprise",
        "certified",
        True,
    )
    assert (top[2]["first"], top[2]["last"]) == ("2024-01-15", "2024-04-15")
    assert r["suppliers"] == 5  # all of them, not only the top three


def test_published_only_ignores_unpublished_classifications(store):
    groups = {g["group"]: g["amount"] for g in report_2024(store, published_only=True)["groups"]}
    assert groups["social_enterprise"] == 1500.0  # supplier 2 is not published


def test_without_classification_or_data(store, tmp_path):
    r = report_2024(store, classification=None)
    assert r["total"] == 9900.0
    assert all(g["amount"] == 0 for g in r["groups"])
    empty = spend_report(SpendStore(tmp_path), M)
    assert empty["total"] == 0 and empty["groups"] == [] and empty["top_suppliers"] == []
    nothing = spend_report(store, M, start=dt.date(2030, 1, 1))
    assert nothing["lines"] == 0 and nothing["data_from"] is None


def test_supplier_list_for_the_linkage(store):
    rows = {s["supplier_key"]: s for s in suppliers(store, M)}
    assert rows["4"]["name"] == "Groot ICT BV"
    assert rows["4"]["total"] == 14999.0
    assert (rows["4"]["first"], rows["4"]["last"]) == ("2023-03-01", "2024-03-01")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (None, None),
        (dt.date(2023, 3, 1), dt.date(2024, 3, 31)),
    ],
)
def test_monthly_aggregates_give_the_same_report_as_the_lines(store, start, end):
    kw = {
        "start": start,
        "end": end,
        "classification": CLASSIFICATION,
        "eligible_counts": {"77": 3},
    }
    fast = spend_report(store, M, **kw)
    slow = spend_report(store.files(M), M, **kw)  # a list of files: always the lines
    assert (fast.pop("source"), slow.pop("source")) == ("monthly_aggregates", "lines")
    assert fast == slow


def test_a_period_that_is_not_whole_months_reads_the_lines(store):
    r = spend_report(store, M, start=dt.date(2024, 1, 16), end=dt.date(2024, 3, 1))
    assert r["source"] == "lines"
    assert (r["total"], r["lines"]) == (7000.0, 2)  # 20-02 and 01-03, not 15-01


def test_groups_count_their_suppliers(store):
    groups = {g["group"]: g["suppliers"] for g in report_2024(store)["groups"]}
    assert groups["social_enterprise"] == 2 and groups["social_enterprise_verified"] == 0
    assert groups["sociale_werkplaats"] == 1 and groups["eligible_2_82"] == 2
    assert groups["classified"] == 4  # supplier 5 (the credit note) is unknown
