"""Demo data of the other apps (procurement, opportunities, spend), loaded after the register.

Each app ships ``<app>/demo.py`` with an idempotent loader; an app without one is skipped.
A new app adds one line here.
"""

from __future__ import annotations

import importlib

APP_LOADERS = [
    ("zicht.procurement.demo", "load_procurement_demo"),
    ("zicht.opportunities.demo", "load_opportunities_demo"),
    ("zicht.spend.demo", "load_spend_demo"),
]


def load_app_demos(out=print) -> None:
    for module_name, function in APP_LOADERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        result = getattr(module, function)()
        out(f"  {module_name.split('.')[1]}: {result if result is not None else 'loaded'}")
