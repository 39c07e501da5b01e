"""POST /api/v1/sdg/classify: same fields as the command line, clear errors, throttled."""

import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from zicht.sdg.api.views import AnonymousClassifyThrottle

URL = "/api/v1/sdg/classify"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def post(body, client=None, **extra):
    client = client or APIClient()
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def test_dutch_text_gets_sdgs_scores_evidence_and_targets():
    response = post(
        {"id": "a1", "text": "Wij plaatsen zonnepanelen bij huishoudens met energiearmoede."}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "a1" and body["lang"] == "nl"
    assert 7 in body["sdgs"]
    assert set(body["scores"]) == {str(n) for n in range(1, 18)}
    assert body["evidence"]["7"]
    assert response["API-Version"]


def test_english_text_and_threshold():
    text = "We train long-term unemployed people and place them in decent jobs with a fair wage."
    low = post({"text": text, "lang": "en", "threshold": 0.01}).json()
    high = post({"text": text, "lang": "en", "threshold": 0.99}).json()
    assert low["lang"] == "en" and 8 in low["sdgs"]
    assert len(high["sdgs"]) <= len(low["sdgs"])


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_a_clear_error(text):
    response = post({"text": text})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"][0]["name"] == "text"


def test_missing_text_and_bad_json():
    assert post({"id": "x"}).status_code == 400
    response = APIClient().post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_text_over_one_megabyte_is_413():
    response = post({"text": "energie " * 140_000})
    assert response.status_code == 413
    assert "1 MB" in response.json()["detail"] or "MB" in response.json()["detail"]


def test_binary_garbage_is_refused_without_crash():
    response = post({"text": "\x00\x01\x02\x03\ufffd\ufffd\x00" * 50})
    assert response.status_code == 400


def test_other_language_is_flagged_unsupported():
    text = "Wir bauen Solaranlagen für Haushalte und bilden Langzeitarbeitslose zu Fachkräften aus."
    body = post({"text": text}).json()
    assert body.get("unsupportedLanguage") is True
    assert len(body["scores"]) == 17


def test_anonymous_callers_are_rate_limited(monkeypatch):
    monkeypatch.setattr(
        AnonymousClassifyThrottle, "THROTTLE_RATES", {"sdg_classify_anon": "2/minute"}
    )
    statuses = [post({"text": "Schoon water voor iedereen."}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_logged_in_users_are_not_limited_by_the_anonymous_rate(monkeypatch, django_user_model):
    monkeypatch.setattr(
        AnonymousClassifyThrottle, "THROTTLE_RATES", {"sdg_classify_anon": "1/minute"}
    )
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create(email="a@example.org", username="a"))
    assert [post({"text": "Schoon water."}, client).status_code for _ in range(3)] == [
        200,
        200,
        200,
    ]
