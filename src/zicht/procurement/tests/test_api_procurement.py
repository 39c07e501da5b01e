"""POST /api/v1/procurement/advice and GET /api/v1/procurement/plans/{id}/ocds."""

from __future__ import annotations

import pytest

from ..ocds import validate_package
from .helpers import officer, plan_and_contract, supplier

pytestmark = pytest.mark.django_db

URL = "/api/v1/procurement/advice"
CASE = {
    "municipality": "GM0344",
    "date": "2026-03-01",
    "type": "services",
    "valueEur": 250000,
    "durationMonths": 24,
    "cpv": ["90910000-9"],
}


def test_advice(client):
    r = client.post(URL, CASE, content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["sroi"]["obligationEur"] == 12500
    assert body["euThreshold"]["above"] is True and body["euThreshold"]["validFrom"] == "2026-01-01"
    assert {"case", "procedures", "reservation282", "textNl", "checklist", "figures"} <= set(body)
    assert r["API-Version"] == "1.0.0"


def test_advice_accepts_the_case_json_keys(client):
    snake = {**CASE, "value_eur": 250000, "duration_months": 24}
    del snake["valueEur"], snake["durationMonths"]
    assert client.post(URL, snake, content_type="application/json").status_code == 200


@pytest.mark.parametrize(
    "change, name",
    [
        ({"valueEur": -5}, "valueEur"),
        ({"valueEur": 1e15}, "valueEur"),
        ({"date": "2019-06-01"}, "date"),
        ({"cpv": ["12345678-9"]}, "cpv"),
        ({"durationMonths": 0}, "durationMonths"),
        ({"municipality": "GM9999"}, "municipality"),
        ({"type": "magic"}, "type"),
        ({"cpv": []}, "cpv"),
    ],
)
def test_advice_invalid_is_problem_json(client, change, name):
    r = client.post(URL, {**CASE, **change}, content_type="application/json")
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 400 and body["title"]
    assert name in [p["name"] for p in body["invalidParams"]], body


def test_plan_ocds_and_isolation(client):
    staff = officer("GM0344")
    plan, _ = plan_and_contract(staff, supplier()[0])
    url = f"/api/v1/procurement/plans/{plan.pk}/ocds"
    assert client.get(url).status_code == 403
    client.force_login(staff)
    r = client.get(url)
    assert r.status_code == 200
    assert validate_package(r.json()) == []
    client.force_login(officer("GM0599"))
    r = client.get(url)
    assert r.status_code == 404 and r["Content-Type"].startswith("application/problem+json")
