from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def euro(value):
    """'€ 1.234,56' (grouping and decimal sign follow the active language)."""
    if value in (None, ""):
        return ""
    return f"€ {floatformat(value, '2g')}"


@register.filter
def pct(value):
    """A share 0..1 as a percentage with one decimal."""
    if value in (None, ""):
        return ""
    return f"{floatformat(float(value) * 100, 1)}%"
