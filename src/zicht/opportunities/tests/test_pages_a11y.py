"""Opportunity pages in a real headless Chromium: 0 axe-core violations (WCAG 2.1 AA),
including the create form with errors and the detail page with explained matches."""

from __future__ import annotations

import pytest

from zicht.core.tests.browser import assert_no_axe_violations, login
from zicht.opportunities import digests, services
from zicht.opportunities.models import Opportunity

from .conftest import future, make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email, password="correct horse battery"):
    page.context.clear_cookies()
    login(page, email, password)


def test_list_create_detail_and_inbox(browser_page, world):
    page = browser_page
    make_opportunity(world["gemeente"], title="Schoonmaak scholen", cpv=["90910000"])
    page.goto("/kansen")
    assert page.get_by_text("Schoonmaak scholen").count() == 1
    assert_no_axe_violations(page)
    page.goto("/kansen?kind=tender&cpv=90&sdg=8")
    assert_no_axe_violations(page)

    _login(page, world["staff"].email)
    page.goto("/kansen/nieuw")
    assert_no_axe_violations(page)
    page.locator("button[value=save]").click()  # empty: errors
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 2
    assert_no_axe_violations(page)

    page.locator("input[name=title]").fill("Groenonderhoud parken Utrecht")
    page.locator("textarea[name=description]").fill(
        "Onderhoud van parken en plantsoenen met mensen met een afstand tot de arbeidsmarkt."
    )
    page.locator("textarea[name=cpv]").fill("77310000-6")
    page.locator("input[name=deadline]").fill(future().isoformat())
    page.locator("button[value=suggest]").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    assert "/kansen/" in page.url
    assert page.locator("#matches").count() == 1
    assert page.get_by_role("link", name="Groen Werkt").count() == 1
    page.locator("details.zicht-explain").first.locator("summary").click()  # open an explanation
    assert_no_axe_violations(page)

    opp = Opportunity.objects.get(title="Groenonderhoud parken Utrecht")
    services.invite(opp, world["green"], world["staff"])
    _login(page, world["green_member"].email)
    for path in ("/kansen/inbox", "/kansen/mijn", "/kansen/meldingen", opp.get_absolute_url()):
        page.goto(path)
        assert_no_axe_violations(page)
    token = digests.unsubscribe_token(world["green_member"])
    page.goto(f"/kansen/afmelden/{token}")
    assert_no_axe_violations(page)
