"""Upload, mapping (with preview), validation report, review, report and the public page:
0 axe-core violations (WCAG 2.1 AA) in a real headless Chromium."""

import datetime as dt

import pytest

from zicht.core.tests.browser import assert_no_axe_violations, login
from zicht.registry.tests.factories import staff_of

from .helpers import register, spend_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_spend_pages_are_accessible(browser_page, tmp_path):
    page = browser_page
    register()
    user = staff_of("GM0344")
    login(page, user.email)
    page.goto("/uitgaven/uploaden")
    assert_no_axe_violations(page)
    page.locator("form.zicht-form button[type=submit]").click()  # empty: errors
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    path = spend_file(tmp_path, lines=40, bad_rows=2, start=dt.date(2024, 1, 1))
    page.locator("input[name=source_system]").fill("Key2Financiën")
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("form.zicht-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/kolommen" in page.url
    assert page.locator("table caption").count() == 1  # the preview (the page is in Dutch)
    assert_no_axe_violations(page)
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)  # the status page
    page.locator("a[href$='/controle']").click()
    page.wait_for_load_state()
    assert "/controle" in page.url
    assert_no_axe_violations(page)
    page.locator("input[name=accept_valid]").check()
    page.locator("button[value=import]").click()
    page.wait_for_load_state()
    assert page.locator("text=Imported 38 lines").count() or page.locator("text=38").count()
    page.goto("/uitgaven/GM0344/beoordelen")
    assert page.locator("h2", has_text="Werkbedrijf Utrecht").count() == 1
    assert_no_axe_violations(page)
    page.goto("/uitgaven/GM0344/rapport")
    page.wait_for_selector("#chart-trend svg", timeout=10_000)
    assert page.locator(".zicht-chart svg").count() == 5  # every chart has rendered
    assert_no_axe_violations(page)
    page.locator("form[action$='/publiceren'] button").click()  # publish this period
    page.wait_for_load_state()
    page.goto("/uitgaven/GM0344/openbaar")
    page.wait_for_selector("#chart-trend svg", timeout=10_000)
    assert "Jan Jansen" not in page.content()  # a sole trader: staff pages only
    assert_no_axe_violations(page)
    page.goto("/uitgaven/")
    assert_no_axe_violations(page)
