"""The procurement demo on top of the tiny register demo."""

import datetime as dt
import io

import pytest

from zicht.demo.loader import load_demo

from ..demo import load_procurement_demo
from ..models import Contract, Delivery

pytestmark = pytest.mark.django_db


def test_procurement_demo_is_meaningful_and_idempotent(client):
    as_of = dt.date(2026, 6, 1)
    load_demo("tiny", 2026, stdout=io.StringIO(), as_of=as_of)
    result = load_procurement_demo(as_of, stdout=io.StringIO())
    assert result["loaded"] is True
    contract = Contract.objects.get()
    assert contract.plan.municipality.code == "GM0344"
    assert contract.supplier.display_name == "Bakkerij De Vries"
    assert sorted(Delivery.objects.values_list("state", flat=True)) == [
        "accepted",
        "rejected",
        "submitted",
    ]
    assert load_procurement_demo(as_of, stdout=io.StringIO())["loaded"] is False
    client.force_login(contract.plan.created_by)
    assert client.get(contract.get_absolute_url()).status_code == 200
    assert "Catering" in client.get("/inkoop/contracten").content.decode()


def test_procurement_demo_without_register_demo_does_nothing():
    out = io.StringIO()
    assert load_procurement_demo(stdout=out)["loaded"] is False
    assert "first" in out.getvalue()
