"""The procurement engines must not import Django (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec

ENGINES = ["zicht.procurement.advisor", "zicht.procurement.sroi", "zicht.procurement.ocds"]


def test_engines_do_not_import_django():
    present = [m for m in ENGINES if find_spec(m) is not None]
    assert "zicht.procurement.advisor" in present
    code = (
        "import importlib, json, sys\n"
        f"mods = {present!r}\n"
        "for m in mods:\n"
        "    mod = importlib.import_module(m)\n"
        "    for sub in getattr(mod, '__all__', []):\n"
        "        getattr(mod, sub)\n"
        "import zicht.procurement.advisor as a\n"
        "a.advise({'municipality': 'GM0344', 'date': '2026-03-01', 'type': 'services',"
        " 'value_eur': 250000, 'duration_months': 24, 'cpv': ['90910000-9']})\n"
        "print(json.dumps(sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_the_check_would_catch_django():
    """Guard against a vacuous test: importing Django is detected by the same probe."""
    code = (
        "import json, sys, django\n"
        "print(json.dumps(sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert json.loads(proc.stdout) != []
