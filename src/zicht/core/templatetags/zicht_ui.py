"""Template components on top of the NL Design System (Utrecht) CSS.

Load with ``{% load zicht_ui %}``. Every component renders plain, server-side HTML that
works without JavaScript and passes axe-core (WCAG 2.1 AA). See docs/ui.md.

Example::

    {% load zicht_ui %}
    <form method="post" novalidate>
      {% csrf_token %}
      {% form_fields form %}
      {% button _("Save") %}
    </form>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The main navigation. Each entry lists the url names that may serve it, first match wins;
# an entry is hidden while none of its urls exist, so apps can land in any order.
MAIN_NAV: list[tuple[Any, tuple[str, ...]]] = [
    (_("Home"), ("core:home",)),
    (_("Directory"), ("registry:directory",)),
    (_("Opportunities"), ("opportunities:list", "opportunities:index")),
    (_("Procurement"), ("procurement:index", "procurement:advisor")),
    (_("Spend"), ("spend:index", "spend:dashboard")),
    (_("SDG"), ("sdg:index", "sdg:classify")),
]


def url_or_none(*names: str) -> str | None:
    """Reverse the first url name that exists, or None when none do."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@register.inclusion_tag("components/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    items = []
    for label, names in MAIN_NAV:
        url = url_or_none(*names)
        if url is None:
            continue
        # Home is current only on itself; sections are current on any page below them.
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"items": items}


# --- Forms -----------------------------------------------------------------------------

_TEXT_INPUTS = {
    "text",
    "email",
    "number",
    "url",
    "password",
    "search",
    "tel",
    "date",
    "datetime-local",
    "time",
    "month",
    "week",
}


def _is_choice_group(widget: forms.Widget) -> bool:
    """Radio buttons and checkbox lists are a group of inputs: fieldset + legend, not label."""
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def _widget_class(widget: forms.Widget, invalid: bool) -> str:
    if isinstance(widget, forms.CheckboxInput):
        base = "utrecht-checkbox utrecht-checkbox--html-input"
        return base + (" utrecht-checkbox--invalid" if invalid else "")
    if isinstance(widget, forms.Select):
        return "utrecht-select utrecht-select--html-select" + (
            " utrecht-select--invalid" if invalid else ""
        )
    if isinstance(widget, forms.Textarea):
        return "utrecht-textarea utrecht-textarea--html-textarea" + (
            " utrecht-textarea--invalid" if invalid else ""
        )
    if getattr(widget, "input_type", None) in _TEXT_INPUTS:
        return "utrecht-textbox utrecht-textbox--html-input" + (
            " utrecht-textbox--invalid" if invalid else ""
        )
    return "zicht-input"


def field_ids(field: BoundField) -> dict[str, str]:
    """Ids of the parts of a field, shared by the field and the error summary."""
    base = field.id_for_label or field.auto_id or field.html_name
    return {
        "input": base,
        "help": f"{base}_helptext",
        "error": f"{base}_error",
        "container": f"{base}_field",
    }


@register.inclusion_tag("components/form_field.html")
def form_field(field: BoundField, **attrs):
    """One form field: label, required marker, help text, errors and the widget.

    ``{% form_field form.email autocomplete="email" %}``: extra keyword arguments become
    attributes of the input.
    """
    widget = field.field.widget
    ids = field_ids(field)
    invalid = bool(field.errors)
    described_by = []
    if field.help_text:
        described_by.append(ids["help"])
    if invalid:
        described_by.append(ids["error"])
    is_group = _is_choice_group(widget)
    widget_attrs = {}
    if not is_group:
        # Django puts a group's attrs on its wrapper <div> too, so groups keep native inputs
        # (styled in zicht.css) and carry aria-describedby on their <fieldset> instead.
        existing_class = widget.attrs.get("class", "")
        widget_attrs["class"] = f"{_widget_class(widget, invalid)} {existing_class}".strip()
        if described_by:
            widget_attrs["aria-describedby"] = " ".join(described_by)
    if invalid:
        widget_attrs["aria-invalid"] = "true"
    widget_attrs.update(attrs)
    return {
        "field": field,
        "ids": ids,
        "widget_html": field.as_widget(attrs=widget_attrs),
        "invalid": invalid,
        "required": field.field.required,
        "is_group": is_group,
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
    }


@register.inclusion_tag("components/error_summary.html")
def error_summary(form: forms.BaseForm):
    """At the top of a form: what went wrong, with a link to each field that needs work."""
    items = []
    if form.is_bound and form.errors:
        for error in form.non_field_errors():
            items.append({"message": error, "href": None})
        for field in form.visible_fields():
            for error in field.errors:
                items.append(
                    {"message": f"{field.label}: {error}", "href": f"#{field_ids(field)['input']}"}
                )
        for field in form.hidden_fields():
            for error in field.errors:
                items.append({"message": f"{field.label}: {error}", "href": None})
    # Unique per form, so two forms with errors on one page keep valid ids.
    title_id = f"{form.prefix or 'form'}-error-summary-title"
    return {"items": items, "form": form, "title_id": title_id}


@register.inclusion_tag("components/form_fields.html")
def form_fields(form: forms.BaseForm, summary: bool = True):
    """A whole form's fields in one line: ``{% form_fields form %}``.

    Renders the error summary (unless ``summary=False``), hidden fields and every visible
    field with :func:`form_field`. The ``<form>`` element, csrf token and buttons stay in
    the page, so the page decides method, action and wording.
    """
    return {"form": form, "summary": summary}


# --- Buttons, badges, alerts -----------------------------------------------------------

_BUTTON_VARIANTS = {
    "primary": "utrecht-button--primary-action",
    "secondary": "utrecht-button--secondary-action",
    "subtle": "utrecht-button--subtle",
    "danger": "utrecht-button--primary-action utrecht-button--danger",
}


@register.simple_tag
def button(label, variant: str = "primary", type: str = "submit", **attrs):  # noqa: A002
    """``{% button _("Save") %}``, ``{% button _("Cancel") "secondary" type="button" %}``.

    Extra keyword arguments become attributes (``name``, ``value``, ``hx-post``…).
    """
    classes = f"utrecht-button {_BUTTON_VARIANTS.get(variant, _BUTTON_VARIANTS['primary'])}"
    if type == "submit":
        classes += " utrecht-button--submit"
    extra = format_html_join("", ' {}="{}"', ((k.replace("_", "-"), v) for k, v in attrs.items()))
    return format_html('<button type="{}" class="{}"{}>{}</button>', type, classes, extra, label)


@register.simple_tag
def link_button(label, href, variant: str = "primary"):
    """A link that looks like a button, for navigation (``<a>``, not ``<button>``)."""
    variant_class = _BUTTON_VARIANTS.get(variant, _BUTTON_VARIANTS["primary"])
    classes = f"utrecht-button-link utrecht-button-link--html-a utrecht-button {variant_class}"
    return format_html('<a class="{}" href="{}">{}</a>', classes, href, label)


_BADGE_STATUS = {
    "success",
    "warning",
    "danger",
    "error",
    "neutral",
    "active",
    "inactive",
    "valid",
    "invalid",
    "safe",
}


@register.simple_tag
def status_badge(label, status: str = "neutral"):
    """``{% status_badge _("Verified") "success" %}``: a short status word, never colour alone."""
    status = status if status in _BADGE_STATUS else "neutral"
    return format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{} zicht-badge">{}</span>',
        status,
        label,
    )


_ALERT_TYPES = {
    "info": "info",
    "success": "ok",
    "ok": "ok",
    "warning": "warning",
    "error": "error",
    "debug": "info",
}


@register.inclusion_tag("components/alert.html")
def alert(message, type: str = "info", heading: str = ""):  # noqa: A002
    """``{% alert _("Saved.") "success" %}``; types: info, success/ok, warning, error.

    Django message level tags map onto these, so ``{% alert message message.level_tag %}``.
    """
    return {"message": message, "type": _ALERT_TYPES.get(str(type), "info"), "heading": heading}


# --- Navigation helpers ----------------------------------------------------------------


@register.inclusion_tag("components/breadcrumb.html")
def breadcrumb(*args):
    """``{% breadcrumb home_label home_url section_label section_url page_label %}``.

    Pairs of label and url; the last label has no url and is the current page. A single
    list of ``(label, url)`` tuples (url None for the current page) works too.
    """
    if len(args) == 1 and not isinstance(args[0], str):
        pairs = [(label, url) for label, url in args[0]]
    else:
        pairs = [
            (args[i], args[i + 1] if i + 1 < len(args) else None) for i in range(0, len(args), 2)
        ]
    items = [
        {"label": label, "url": url, "current": index == len(pairs) - 1}
        for index, (label, url) in enumerate(pairs)
    ]
    return {"items": items}


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context, page_obj, param: str = "page"):
    """``{% pagination page_obj %}``: prev/next with rel links, page numbers, aria-current.

    Other query parameters (filters, search) are kept in every link.
    """
    request = context.get("request")
    query = request.GET.copy() if request is not None else None

    def href(number: int) -> str:
        if query is None:
            return f"?{param}={number}"
        params = query.copy()
        params[param] = str(number)
        return f"?{params.urlencode()}"

    paginator = page_obj.paginator
    numbers = paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    pages = [
        {
            "number": n,
            "href": href(n) if n != paginator.ELLIPSIS else None,
            "current": n == page_obj.number,
            "ellipsis": n == paginator.ELLIPSIS,
        }
        for n in numbers
    ]
    return {
        "page_obj": page_obj,
        "pages": pages,
        "prev_href": href(page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next_href": href(page_obj.next_page_number()) if page_obj.has_next() else None,
        "show": paginator.num_pages > 1,
    }


# --- Data ------------------------------------------------------------------------------


@register.inclusion_tag("components/data_table.html")
def data_table(rows, headers, caption, numeric: str = ""):
    """``{% data_table rows headers caption numeric="2,3" %}``.

    ``rows`` is a list of lists (cells may be safe HTML), ``headers`` a list of labels,
    ``caption`` is required (it names the table for screen readers). ``numeric`` lists
    the 0-based columns to right-align. The table scrolls sideways on small screens.
    """
    numeric_cols = {int(c) for c in str(numeric).split(",") if c.strip().isdigit()}
    return {
        "caption": caption,
        "headers": [{"label": h, "numeric": i in numeric_cols} for i, h in enumerate(headers)],
        "rows": [
            [{"value": v, "numeric": i in numeric_cols} for i, v in enumerate(row)] for row in rows
        ],
    }


def _explanation_items(parts) -> list[dict[str, Any]]:
    if isinstance(parts, Mapping):
        return [{"label": k, "value": v, "note": ""} for k, v in parts.items()]
    items = []
    for part in parts or []:
        if isinstance(part, Mapping):
            items.append(
                {
                    "label": part.get("label", ""),
                    "value": part.get("value", ""),
                    "note": part.get("note", ""),
                }
            )
        elif isinstance(part, Iterable) and not isinstance(part, str):
            values = list(part) + ["", ""]
            items.append({"label": values[0], "value": values[1], "note": values[2]})
    return items


@register.inclusion_tag("components/explain.html")
def explain(parts, summary=None, open: bool = False):  # noqa: A002
    """ "How was this number computed?": a ``<details>`` with a definition list.

    ``parts`` is a dict ``{label: value}``, a list of ``(label, value[, note])`` tuples or a
    list of dicts with ``label``, ``value`` and optional ``note`` (what engines return).
    ``{% explain match.explanation %}`` or ``{% explain parts _("Why this score?") %}``.
    """
    return {
        "items": _explanation_items(parts),
        "summary": summary or _("How was this computed?"),
        "open": open,
    }


# --- SDG chips -------------------------------------------------------------------------

# Official UN SDG colours. The text colour is picked per goal for a contrast of at least
# 4.5:1 (WCAG 1.4.3), checked in tests/test_templatetags.py.
SDG_COLOURS = {
    1: "#E5243B",
    2: "#DDA63A",
    3: "#4C9F38",
    4: "#C5192D",
    5: "#FF3A21",
    6: "#26BDE2",
    7: "#FCC30B",
    8: "#A21942",
    9: "#FD6925",
    10: "#DD1367",
    11: "#FD9D24",
    12: "#BF8B2E",
    13: "#3F7E44",
    14: "#0A97D9",
    15: "#56C02B",
    16: "#00689D",
    17: "#19486A",
}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def sdg_text_colour(goal: int) -> str:
    background = SDG_COLOURS[goal]
    white, black = contrast_ratio(background, "#FFFFFF"), contrast_ratio(background, "#000000")
    return "#FFFFFF" if white >= 4.5 and white >= black else "#000000"


@register.simple_tag
def sdg_chip(goal, label: str = ""):
    """``{% sdg_chip 8 %}`` or ``{% sdg_chip 8 goal.title %}``: the goal number always as text.

    Colours come from classes in zicht.css (no inline styles, so a strict CSP works).
    """
    number = int(goal)
    text = format_html("{} {}", _("SDG"), number)
    if label:
        text = format_html("{} · {}", text, label)
    modifier = number if number in SDG_COLOURS else "unknown"
    return format_html('<span class="zicht-sdg-chip zicht-sdg-chip--{}">{}</span>', modifier, text)


def sdg_chip_css() -> str:
    """The SDG chip rules of zicht.css; regenerate with this when colours change."""
    return "\n".join(
        f".zicht-sdg-chip--{goal} {{ background-color: {colour}; color: {sdg_text_colour(goal)}; }}"
        for goal, colour in SDG_COLOURS.items()
    )
