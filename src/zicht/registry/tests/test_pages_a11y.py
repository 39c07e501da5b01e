"""Every public and form page of the register: 0 axe-core violations (WCAG 2.1 AA),
in a real headless Chromium, with and without form errors."""

import pytest

from zicht.core.tests.browser import assert_no_axe_violations, login

from .factories import OrganisationFactory, UserFactory, add_sdg, add_workforce, member_of, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_register_pages(browser_page):
    page = browser_page
    org = OrganisationFactory(
        legal_name="Stichting Schoon Werk", description_nl="Schoonmaak met impact."
    )
    add_sdg(org, 8)
    add_sdg(org, 10, confirmed=False)
    add_workforce(org, "10", wsw="4", none="6")
    org.save()
    for path in (
        "/organisaties",
        "/organisaties?q=schoon&sdg=8&tier=self_declared&eligible=yes",
        org.get_absolute_url(),
        "/account/aanmelden",
        "/account/inloggen",
    ):
        page.goto(path)
        assert_no_axe_violations(page)


def test_forms_with_errors(browser_page):
    page = browser_page
    page.goto("/account/aanmelden")
    page.locator("form.zicht-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(page)
    UserFactory(email="iemand@example.org")
    login(page, "iemand@example.org", "verkeerd-wachtwoord")
    assert_no_axe_violations(page)


def test_profile_wizard_and_review_pages(browser_page):
    page = browser_page
    org = OrganisationFactory(submitted=True, kind="social_enterprise")
    add_workforce(org, "12", wajong="5", none="7")
    user = member_of(org)
    login(page, user.email)
    for path in ("/account", "/organisaties/nieuw"):
        page.goto(path)
        assert_no_axe_violations(page)
    for step in ("basics", "address", "activities", "workforce", "certifications", "submit"):
        page.goto(f"/organisaties/{org.kvk}/bewerken/{step}")
        assert_no_axe_violations(page)
    # a step with errors
    page.goto(f"/organisaties/{org.kvk}/bewerken/workforce")
    page.locator("input[name=total_fte]").fill("1")
    page.locator("form.zicht-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(page)

    reviewer = staff_of("GM0363")
    page.context.clear_cookies()
    login(page, reviewer.email)
    for path in ("/organisaties/verificatie", f"/organisaties/{org.kvk}/beoordelen"):
        page.goto(path)
        assert_no_axe_violations(page)
