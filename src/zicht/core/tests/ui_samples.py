"""A sample form and a page that shows every zicht_ui component, shared by the tests."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory


class SampleForm(forms.Form):
    name = forms.CharField(label="Organisation name", help_text="As registered at the KvK.")
    email = forms.EmailField(label="E-mail address")
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("se", "Social enterprise"), ("municipality", "Municipality")],
        widget=forms.RadioSelect,
    )
    region = forms.ChoiceField(label="Region", choices=[("", "—"), ("utrecht", "Utrecht")])
    goals = forms.MultipleChoiceField(
        label="Goals",
        choices=[("8", "Decent work"), ("10", "Reduced inequalities")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="I agree to the terms")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "conflict":
            raise forms.ValidationError("This organisation is already registered.")
        return cleaned


GALLERY = """{% extends "base.html" %}{% load zicht_ui %}
{% block title %}Components{% endblock %}
{% block breadcrumbs %}
{% breadcrumb "Home" "/" "Components" %}
{% endblock %}
{% block content %}
<h1 class="utrecht-heading-1">Components</h1>
{% alert "Your changes were saved." "success" %}
{% alert "Check the figures below." "warning" heading="Note" %}
<form method="post" novalidate>{% csrf_token %}
  {% form_fields form %}
  {% button "Save" %} {% button "Cancel" "secondary" type="button" %}
</form>
<p class="utrecht-paragraph">
  {% status_badge "Verified" "success" %} {% status_badge "Pending" "warning" %}
</p>
<p class="utrecht-paragraph">{% for goal in goals %}{% sdg_chip goal %} {% endfor %}</p>
{% data_table rows headers "Spend per supplier" numeric="1" %}
{% pagination page_obj %}
<p class="utrecht-paragraph">Match score: 0.82</p>
{% explain parts "How was this score computed?" open=True %}
{% link_button "Back to the directory" "/" "secondary" %}
{% endblock %}
"""


def render_gallery(data: dict | None = None, path: str = "/components/") -> str:
    request = RequestFactory().get(path, {"page": 2, "q": "bakery"})
    request.user = AnonymousUser()
    form = SampleForm(data=data if data is not None else {"name": "conflict", "email": "nope"})
    form.is_valid()
    context = {
        "form": form,
        "goals": range(1, 18),
        "rows": [["Bakkerij De Zon", "€ 12.400"], ["Groen & Co", "€ 3.150"]],
        "headers": ["Supplier", "Amount"],
        "page_obj": Paginator(list(range(100)), 10).page(2),
        "parts": [
            ("SDG overlap", "0.40", "2 of 5 goals shared"),
            ("Region", "0.25"),
            {"label": "Capacity", "value": "0.17", "note": "from workforce aggregates"},
        ],
    }
    return Template(GALLERY).render(RequestContext(request, context))
