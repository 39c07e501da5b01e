"""The SDG steering pages have 0 axe-core violations, chart included."""

import pytest

from zicht.core.tests.browser import assert_no_axe_violations
from zicht.reference.models import Municipality, SdgGoal
from zicht.registry.tests.factories import OrganisationFactory, add_sdg, staff_of
from zicht.sdg.models import SdgPriority

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_steering_pages(browser_page):
    page = browser_page
    utrecht = Municipality.objects.get(code="GM0344")
    org = OrganisationFactory(municipality=utrecht, tier="verified", legal_name="Zon Werkt")
    add_sdg(org, 7)
    SdgPriority.objects.create(municipality=utrecht, goal=SdgGoal.objects.get(number=7))
    page.goto("/sdg")
    assert_no_axe_violations(page)
    page.goto("/sdg/gemeenten/GM0344")
    page.wait_for_selector("#sdg-chart svg")
    assert_no_axe_violations(page)

    user = staff_of("GM0344")
    page.goto("/account/inloggen")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("form.zicht-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/sdg/gemeenten/GM0344")
    page.locator("textarea[name=text]").fill("Wij bestrijden energiearmoede met zonnepanelen.")
    page.locator("form.zicht-form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
