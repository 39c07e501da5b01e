"""Accessibility of the public pages and the UI components (WCAG 2.1 AA).

The browser tests run axe-core in headless Chromium; see docs/ui.md.
"""

import re

import pytest
from django.utils import translation

from zicht.core.tests.browser import assert_no_axe_violations, run_axe
from zicht.core.tests.ui_samples import render_gallery


@pytest.mark.browser
def test_home_page_in_dutch_and_english_has_no_axe_violations(browser_page):
    page = browser_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    with translation.override("nl"):
        skip_nl = translation.gettext("Skip to main content")
    assert skip_nl != "Skip to main content"  # the Dutch catalogue is in use
    assert page.get_by_role("link", name=skip_nl).count() == 1
    assert_no_axe_violations(page)

    # Switch through the real form (a POST to Django's set_language view), not a cookie.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    assert page.get_by_role("button", name="Nederlands").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.browser
def test_skip_link_is_first_focusable_and_moves_focus_to_main(browser_page):
    page = browser_page
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert "utrecht-skip-link" in focused[0]
    assert focused[1] == "#main-content"
    assert page.locator(".utrecht-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


@pytest.mark.browser
def test_components_with_form_errors_have_no_axe_violations(browser_page):
    page = browser_page
    page.goto("/")  # so the gallery's /static/ links resolve against the live server
    with translation.override("nl"):
        page.set_content(render_gallery())
    page.wait_for_load_state()
    # The error summary takes focus, so keyboard users start at the list of problems.
    page.wait_for_function("() => document.activeElement.matches('[data-error-summary]')")
    page.get_by_role("link", name=re.compile("^E-mail address")).click()
    assert page.evaluate("() => document.activeElement.id") == "id_email"
    assert_no_axe_violations(page)

    # The harness itself: a page with known problems must fail, with ids and targets.
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {violation["id"] for violation in run_axe(page)}


def test_form_field_with_errors_is_linked_to_its_messages():
    with translation.override("en"):
        html = render_gallery(data={"name": "", "email": "nope"})
    name_input = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    assert '<label class="utrecht-form-label" for="id_name">' in html
    # The error summary links to the field.
    assert '<a class="utrecht-link" href="#id_name">Organisation name:' in html
    # A radio group is a fieldset with a legend, described by its error.
    assert re.search(r'<fieldset[^>]*aria-describedby="id_kind_error"', html)
    assert "<legend" in html
