"""The spend demo on top of the tiny register demo: imported, linked, some links in
review, one period published; idempotent."""

import io
import time

import pytest

from zicht.demo.loader import load_demo

from ..demo import load_spend_demo
from ..models import PublishedReport, SpendImport, SupplierLink
from ..reports import store

pytestmark = pytest.mark.django_db


def test_spend_demo(client):
    load_demo("tiny", 2026, stdout=io.StringIO())
    started = time.monotonic()
    result = load_spend_demo(stdout=io.StringIO())
    seconds = time.monotonic() - started
    print(result, f"{seconds:.1f}s")
    assert result["loaded"] is True
    assert result["lines"] == 20_000
    assert result["review"] >= 1
    imp = SpendImport.objects.get()
    assert imp.state == "imported" and imp.period_from.year == 2023
    assert SupplierLink.objects.filter(status="accepted").count() >= 5
    assert PublishedReport.objects.count() == 1
    assert load_spend_demo(stdout=io.StringIO())["loaded"] is False
    assert len(store().imports("GM0344")) == 1
    assert client.get("/uitgaven/GM0344/openbaar").status_code == 200


def test_spend_demo_without_register_does_nothing():
    assert load_spend_demo(stdout=io.StringIO())["loaded"] is False
