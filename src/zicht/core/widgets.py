"""Form widgets that render long option lists without the template engine.

Django renders every <option> of a Select through a template; with the 342
municipalities that was most of the directory page's server time (profiled with
cProfile: ~0.2 s of 0.3 s). These widgets build the same HTML in Python.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A single-choice <select>; flat choices only (no optgroups)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
        selected.discard("None")
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in selected else "", label)
                for key, label in ((self.format_value_key(k), lbl) for k, lbl in self.choices)
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)

    @staticmethod
    def format_value_key(key) -> str:
        return "" if key is None else str(getattr(key, "value", key))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "multiple": True}
        return super().render(name, value, attrs, renderer)
