"""The zicht_ui components render accessible HTML (no browser needed)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from zicht.core.templatetags import zicht_ui


def render(source: str, **context) -> str:
    from django.utils import translation

    with translation.override("en"):  # assertions below read the English msgids
        return Template("{% load zicht_ui %}" + source).render(Context(context))


class ContactForm(forms.Form):
    email = forms.EmailField(label="E-mail", help_text="We never share it.")
    newsletter = forms.BooleanField(label="Newsletter", required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def test_valid_field_has_label_help_and_no_invalid_state():
    html = render("{% form_field form.email %}", form=ContactForm())
    assert '<label class="utrecht-form-label" for="id_email">E-mail' in html
    assert "(required)" in html
    assert 'id="id_email_helptext"' in html
    assert 'aria-describedby="id_email_helptext"' in html
    assert "aria-invalid" not in html
    assert "utrecht-textbox" in html


def test_invalid_field_points_to_its_error_and_help():
    form = ContactForm(data={"email": "not-an-address"})
    assert not form.is_valid()
    html = render("{% form_field form.email %}", form=form)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert re.search(r'id="id_email_error"[^>]*>.*?valid', html, re.S)
    assert "utrecht-form-field--invalid" in html


def test_checkbox_label_follows_the_input_and_optional_fields_have_no_marker():
    html = render("{% form_field form.newsletter %}", form=ContactForm())
    assert html.index('type="checkbox"') < html.index("<label")
    assert "(required)" not in html


def test_extra_attributes_reach_the_input():
    html = render('{% form_field form.email autocomplete="email" %}', form=ContactForm())
    assert 'autocomplete="email"' in html


def test_form_fields_renders_summary_hidden_and_visible_fields():
    form = ContactForm(data={"email": ""})
    form.is_valid()
    with translation.override("en"):
        html = render("{% form_fields form %}", form=form)
    assert "There is 1 problem with this form" in html
    assert 'href="#id_email"' in html
    assert 'type="hidden" name="hidden"' in html
    assert html.count('class="utrecht-form-field ') == 2
    assert "data-error-summary" not in render("{% form_fields form %}", form=ContactForm())
    assert "data-error-summary" not in render("{% form_fields form summary=False %}", form=form)


def test_buttons_and_link_buttons():
    assert render('{% button "Save" %}') == (
        '<button type="submit" class="utrecht-button utrecht-button--primary-action '
        'utrecht-button--submit">Save</button>'
    )
    html = render('{% button "Filter" "secondary" type="button" hx_get="/x" %}')
    assert 'type="button"' in html and 'hx-get="/x"' in html and "secondary-action" in html
    assert render("{% button label %}", label="<b>").count("&lt;b&gt;") == 1
    assert 'href="/go"' in render('{% link_button "Go" "/go" %}')


def test_status_badge_and_alert():
    assert "utrecht-status-badge--success" in render('{% status_badge "OK" "success" %}')
    assert "utrecht-status-badge--neutral" in render('{% status_badge "?" "bogus" %}')
    html = render('{% alert "Saved" "success" heading="Done" %}')
    assert "utrecht-alert--ok" in html and "Saved" in html and "Done" in html


def test_breadcrumb_marks_the_last_item_current():
    html = render('{% breadcrumb "Home" "/" "Directory" "/d/" "Bakery" %}')
    assert html.count("<li") == 3
    assert 'href="/d/"' in html
    assert re.search(r'aria-current="page">Bakery<', html)
    same = render("{% breadcrumb items %}", items=[("Home", "/"), ("Bakery", None)])
    assert re.search(r'aria-current="page">Bakery<', same)


def test_pagination_keeps_filters_and_marks_current_page():
    request = RequestFactory().get("/d/", {"q": "bakery", "page": "3"})
    page = Paginator(list(range(100)), 10).page(3)
    html = Template("{% load zicht_ui %}{% pagination page_obj %}").render(
        Context({"page_obj": page, "request": request})
    )
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'href="?q=bakery&amp;page=2"' in html
    assert re.search(r'href="\?q=bakery&amp;page=3" aria-current="page"', html)
    one_page = Paginator([1], 10).page(1)
    assert "<nav" not in render("{% pagination p %}", p=one_page)


def test_data_table_has_caption_scope_and_numeric_columns():
    html = render(
        '{% data_table rows headers "Spend" numeric="1" %}',
        rows=[["A", "1"]],
        headers=["Supplier", "Amount"],
    )
    assert "<caption" in html and 'scope="col"' in html
    assert html.count("numeric-column") == 2


@pytest.mark.parametrize(
    "parts",
    [
        {"Overlap": "0.4"},
        [("Overlap", "0.4", "2 of 5")],
        [{"label": "Overlap", "value": "0.4", "note": "2 of 5"}],
    ],
)
def test_explain_accepts_dicts_tuples_and_engine_parts(parts):
    with translation.override("en"):
        html = render("{% explain parts %}", parts=parts)
    assert "<details" in html and "How was this computed?" in html
    assert re.search(r"<dt[^>]*>Overlap</dt>", html)
    assert "0.4" in html


def test_sdg_chips_meet_text_contrast_and_match_the_stylesheet():
    css = (Path(zicht_ui.__file__).parents[2] / "static" / "zicht" / "zicht.css").read_text()
    for line in zicht_ui.sdg_chip_css().splitlines():
        assert line in css, "zicht.css is stale: paste zicht_ui.sdg_chip_css() into it"
    for goal, colour in zicht_ui.SDG_COLOURS.items():
        assert zicht_ui.contrast_ratio(colour, zicht_ui.sdg_text_colour(goal)) >= 4.5
    html = render("{% sdg_chip 8 'Decent work' %}")
    assert "zicht-sdg-chip--8" in html and "SDG 8" in html and "Decent work" in html


def test_main_nav_hides_missing_urls_and_marks_the_current_section():
    request = RequestFactory().get("/")
    context = zicht_ui.main_nav({"request": request})
    urls = [item["url"] for item in context["items"]]
    assert "/" in urls
    assert all(url for url in urls)
    assert [item["current"] for item in context["items"] if item["url"] == "/"] == [True]
    assert zicht_ui.url_or_none("nope:missing", "core:home") == "/"
    assert zicht_ui.url_or_none("nope:missing") is None


@pytest.mark.django_db
def test_home_page_renders_dutch_by_default_with_landmarks(client):
    html = client.get("/").content.decode()
    assert '<html lang="nl"' in html
    assert (
        'href="#main-content"' in html
        and '<main class="utrecht-page-content zicht-main" id="main-content"' in html
    )
    assert 'action="/i18n/setlang/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'href="/api/v1/docs"' in html
    assert 'role="status"' in html
    assert 'name="viewport"' in html


def test_fast_select_renders_like_a_select_with_the_choice_selected():
    from django import forms

    from zicht.core.widgets import FastSelect, FastSelectMultiple

    html = FastSelect(choices=[("", "Any"), ("GM0344", "Utrecht"), ("x<y", "A & B")]).render(
        "m", "GM0344", attrs={"id": "id_m", "aria-invalid": "true"}
    )
    assert html.startswith('<select name="m" id="id_m" aria-invalid="true">') or 'name="m"' in html
    assert '<option value="GM0344" selected>Utrecht</option>' in html
    assert '<option value="x&lt;y">A &amp; B</option>' in html
    multi = FastSelectMultiple(choices=[(1, "a"), (2, "b")]).render("n", [2])
    assert "multiple" in multi and '<option value="2" selected>b</option>' in multi
    assert isinstance(FastSelect(), forms.Select)
