"""Procurement pages in a real headless Chromium: 0 axe-core violations (WCAG 2.1 AA) on
the advisor form (empty and with errors), the advice, the plan, the contract with review
forms and a delivery form with errors."""

import datetime as dt

import pytest

from zicht.core.tests.browser import assert_no_axe_violations, login

from .helpers import log, officer, plan_and_contract, social_enterprise, supplier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_procurement_pages_are_accessible(browser_page):
    page = browser_page
    staff = officer()
    sup, sup_user = supplier()
    plan, contract = plan_and_contract(staff, sup)
    log(
        sup_user,
        contract,
        "purchase",
        social_enterprise=social_enterprise(),
        invoice_ref="F-1",
        invoice_date=dt.date(2026, 5, 1),
        amount_excl_vat_eur=1000,
    )
    login(page, staff.email)

    page.goto("/inkoop/advies")
    assert_no_axe_violations(page)
    page.goto(
        "/inkoop/advies?municipality=GM0344&date=2019-01-01&type=services&value_eur=-1"
        "&duration_months=0&cpv=123"
    )
    assert page.locator("[aria-invalid=true]").count() >= 3
    assert_no_axe_violations(page)
    page.goto(
        "/inkoop/advies?municipality=GM0344&date=2026-03-01&type=services"
        "&value_eur=250000&duration_months=24&cpv=90910000-9"
    )
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    for path in (
        plan.get_absolute_url(),
        contract.get_absolute_url(),
        "/inkoop/contracten",
        f"/inkoop/plannen/{plan.pk}/contract",
    ):
        page.goto(path)
        assert_no_axe_violations(page)

    page.context.clear_cookies()
    login(page, sup_user.email)
    page.goto(f"/inkoop/contracten/{contract.pk}/leveringen/plaatsing")
    page.locator("input[name=reference]").fill("Jan Jansen")
    page.locator("form.zicht-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(page)
