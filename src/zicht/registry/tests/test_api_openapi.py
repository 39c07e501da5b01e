"""The committed OpenAPI document matches the code, and the served one follows the ADR.

The drift check is scripts/check_openapi.py (also `make check-openapi`); running it here
means `make test` catches a stale document too. Fix: `make openapi`, then commit.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from .factories import OrganisationFactory, forget_throttling

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "scripts" / "check_openapi.py"


@pytest.fixture(autouse=True)
def _no_throttle_history():
    forget_throttling()


def _check_openapi():
    spec = importlib.util.spec_from_file_location("check_openapi", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_openapi_document_matches_the_code():
    check = _check_openapi()
    committed = check.COMMITTED.read_text(encoding="utf-8")
    diff = check.drift(committed, check.generate())
    assert not diff, "OpenAPI document is stale; run `make openapi`:\n" + "".join(diff[:80])


@pytest.fixture
def served(db):
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_the_served_document_is_the_committed_one_in_any_language():
    committed = json.loads(_check_openapi().COMMITTED.read_text(encoding="utf-8"))
    for language in ("nl", "en"):
        response = APIClient().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE=language)
        assert json.loads(response.content) == committed, language


def test_the_served_document_may_be_read_from_any_site(served):
    assert served["Access-Control-Allow-Origin"] == "*"
    assert served["API-Version"] == "1.0.0"


def test_the_document_follows_the_api_design_rules(served):
    doc = json.loads(served.content)
    assert doc["openapi"].startswith("3.0")
    assert all("/v1" in server["url"] for server in doc["servers"])
    assert {"name", "email", "url"} <= set(doc["info"]["contact"])
    assert "/openapi.json" in doc["paths"]
    assert (
        "access-control-allow-origin"
        in (doc["paths"]["/openapi.json"]["get"]["responses"]["200"]["headers"])
    )
    for path, item in doc["paths"].items():
        assert not path.endswith("/"), path
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("2", "3")):
                    assert "API-Version" in response.get("headers", {}), (path, method, status)


@pytest.mark.django_db
def test_every_api_response_carries_the_version_header():
    org = OrganisationFactory()
    client = APIClient()
    for url in (
        "/api/v1/organisations",
        f"/api/v1/organisations/{org.kvk}",
        "/api/v1/organisations/00000000",
        "/api/v1/organisations?sdg=99",
        "/api/v1/verification-requests",
        "/api/v1/docs",
    ):
        assert client.get(url)["API-Version"] == "1.0.0", url


@pytest.mark.django_db
def test_no_api_route_has_a_trailing_slash():
    client = APIClient()
    assert client.get("/api/v1/organisations/").status_code == 404
