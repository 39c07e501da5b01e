"""Cells that are safe to open in a spreadsheet (no formula injection). Plain Python.

A cell that starts with =, +, -, @, a tab, a carriage return or a line feed is run as a
formula by Excel and LibreOffice (or can be, after the line break). We prefix such text
with a single quote, as OWASP advises; real numbers stay numbers. Every CSV/XLSX export
in Zicht goes through :func:`safe_cell` — also the spend analytics engine, which is why
this module imports nothing but the standard library (no Django).
"""

from __future__ import annotations

import numbers

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Number):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_row(row) -> list:
    return [safe_cell(v) for v in row]
