"""Template filters of the procurement pages: ``{% load zicht_procurement %}``."""

from django import template

register = template.Library()


@register.filter
def eur(value) -> str:
    """€ 12.500,00 (Dutch grouping), or a dash for no value."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return f"{float(value):.1f}%".replace(".", ",")


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)
