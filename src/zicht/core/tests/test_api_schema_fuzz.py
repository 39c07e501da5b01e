"""Property-based API tests: Schemathesis generates requests from the committed OpenAPI
document (src/zicht/openapi.json) and sends them in-process to the WSGI application.

Every response must: not be a 5xx (``not_a_server_error``), have a status code the
document lists for the operation (``status_code_conformance``), have the documented
content type (``content_type_conformance``, so errors are ``application/problem+json``)
and match the documented schema (``response_schema_conformance``).

Three callers: anonymous (every operation), a member of a public organisation (the write
and member operations) and municipal staff (the reviewer operations). Path parameters are
drawn partly from the objects made below, so requests reach real items as well as 404s.

Deterministic (``derandomize``, no example database) and bounded: a few examples per
operation, the whole file runs in well under a minute. See docs/api.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import zicht
from zicht.registry.models import Certification, Tier
from zicht.registry.tests.factories import (
    OrganisationFactory,
    add_sdg,
    add_workforce,
    forget_throttling,
    member_of,
    municipality,
)

pytestmark = pytest.mark.django_db

OPENAPI = Path(zicht.__file__).parent / "openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Objects made by the `world` fixture, with fixed keys so Hypothesis can draw them.
PUBLIC_KVK = "91000001"  # accepted, the member's organisation
OTHER_KVK = "91000002"  # accepted, someone else's
DRAFT_KVK = "91000003"  # draft, invisible to others
SUBMITTED_KVK = "91000004"  # waiting for review in GM0344
KNOWN_KVKS = [PUBLIC_KVK, OTHER_KVK, DRAFT_KVK, SUBMITTED_KVK]
KNOWN_IDS: list[int] = []  # the opportunity and the plan; ids are set by `world`
CSRF_TOKEN = "fuzz" * 8  # any 32 allowed characters; sent as cookie and as X-CSRFToken

schema = schemathesis.openapi.from_dict(json.loads(OPENAPI.read_text()))

FUZZ = settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    # Explicit examples and generation (positive and negative cases); no shrinking, so a
    # failure is reported as found and the run time stays bounded.
    phases=[Phase.explicit, Phase.generate],
    # `world` is made once per operation and shared by its examples, on purpose
    # (function_scoped_fixture); generated bodies may be large or mostly filtered.
    suppress_health_check=list(HealthCheck),
)
# Half of the draws use a real object, the others whatever Schemathesis generated.
KNOWN = st.one_of(st.none(), st.integers(min_value=0, max_value=len(KNOWN_KVKS) - 1))


@pytest.fixture(scope="module")
def app():
    return get_wsgi_application()


@pytest.fixture
def in_process(app):
    """Requests share the test's database connection: the handler must not close it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    forget_throttling()
    yield app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    forget_throttling()


@pytest.fixture
def world(db):
    """A small, realistic register: two public social enterprises (one verified, with
    workforce figures, SDGs, CPV codes and a certification), a draft, a submitted profile
    in Utrecht, a published opportunity and a procurement plan of Utrecht."""
    from zicht.opportunities.tests.conftest import cpv, make_opportunity
    from zicht.procurement.tests.helpers import officer, plan_and_contract

    utrecht = municipality("GM0344")
    gemeente = OrganisationFactory(
        gemeente=True, municipality=utrecht, legal_name="Gemeente Utrecht", city="Utrecht"
    )
    green = OrganisationFactory(
        kvk=PUBLIC_KVK,
        legal_name="Groen Werkt B.V.",
        trade_names=["Groen Werkt"],
        municipality=utrecht,
        city="Utrecht",
        website="https://groenwerkt.example",
        description_nl="Groenonderhoud met mensen met een afstand tot de arbeidsmarkt.",
        tier=Tier.VERIFIED,
    )
    green.cpv_codes.set(cpv("77310000"))
    add_sdg(green, 8)
    add_sdg(green, 15, confirmed=False)
    add_workforce(green, "10", participatiewet="5")
    Certification.objects.create(organisation=green, kind="pso")
    other = OrganisationFactory(kvk=OTHER_KVK, sme=True, legal_name="Hovenier Jansen")
    OrganisationFactory(kvk=DRAFT_KVK, draft=True, legal_name="Nog Niet Openbaar")
    submitted = OrganisationFactory(
        kvk=SUBMITTED_KVK, submitted=True, legal_name="Schoon Werkt", municipality=utrecht
    )
    add_workforce(submitted, "4", participatiewet="1")
    for org in (green, other, submitted):
        org.save()
    opportunity = make_opportunity(gemeente, title="Groenonderhoud parken")
    buyer = officer("GM0344")
    plan, _contract = plan_and_contract(buyer, other)
    KNOWN_IDS[:] = [opportunity.pk, plan.pk]
    return {"member": member_of(green), "staff": buyer}


@pytest.fixture
def member_cookies(world):
    return login(world["member"])


@pytest.fixture
def staff_cookies(world):
    return login(world["staff"])


def login(user) -> dict[str, str]:
    """Session and CSRF cookies of a logged-in user, as a browser would send them."""
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}


def send(case, app, known, cookies=None):
    if known is not None and case.path_parameters:
        for name in case.path_parameters:
            if name == "kvk":
                case.path_parameters[name] = KNOWN_KVKS[known]
            elif name == "id":
                case.path_parameters[name] = KNOWN_IDS[known % len(KNOWN_IDS)]
    headers = {"Accept-Language": "en"}
    if cookies:
        headers["X-CSRFToken"] = cookies["csrftoken"]
    forget_throttling()
    case.call_and_validate(app=app, headers=headers, cookies=cookies, checks=CHECKS)


@schema.parametrize()
@schema.given(known=KNOWN)
@FUZZ
def test_anonymous(case, known, in_process, world):
    send(case, in_process, known)


MEMBER_OPERATIONS = {
    ("PATCH", "/organisations/{kvk}"),
    ("GET", "/organisations/{kvk}"),
    ("GET", "/organisations/{kvk}/audit-trail"),
    ("GET", "/opportunities/{id}/matches"),
}
STAFF_OPERATIONS = {
    ("GET", "/verification-requests"),
    ("GET", "/verification-requests/{kvk}"),
    ("GET", "/organisations/{kvk}/audit-trail"),
    ("GET", "/opportunities/{id}/matches"),
    ("GET", "/procurement/plans/{id}/ocds"),
    ("PATCH", "/organisations/{kvk}"),
}


def _in(operations):
    return lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in operations


@schema.include(_in(MEMBER_OPERATIONS)).parametrize()
@schema.given(known=KNOWN)
@FUZZ
def test_member(case, known, in_process, member_cookies):
    send(case, in_process, known, member_cookies)


@schema.include(_in(STAFF_OPERATIONS)).parametrize()
@schema.given(known=KNOWN)
@FUZZ
def test_municipal_staff(case, known, in_process, staff_cookies):
    send(case, in_process, known, staff_cookies)


@pytest.mark.parametrize(
    "path", ["/api/v1/opportunities/abc", "/api/v1/procurement/plans/-1/ocds", "/api/v1/nothing"]
)
def test_unrouted_api_paths_are_problem_json_404s(client, path):
    """Found by the fuzz tests: a path no route matches was the site's HTML 404 page."""
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not found.",
        "status": 404,
        "detail": "Not found.",
    }
    assert response["API-Version"] == "1.0.0"
