#!/usr/bin/env python
"""Fail when the committed OpenAPI document (src/zicht/openapi.json) differs from the code.

Regenerates the document into a temporary file with the same command as `make openapi`
and prints a unified diff. Fix a failure with `make openapi` and commit the result.
Runs standalone: `.venv/bin/python scripts/check_openapi.py` (CI: `make check-openapi`).
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "src" / "zicht" / "openapi.json"


def generate() -> str:
    """The document as the code describes it now (validated against the OpenAPI schema)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings.test")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command
    from django.utils import translation

    django.setup()
    # The document is written in English (the msgids), like `make openapi` (--lang en), so it
    # does not change when the Dutch translations do.
    with (
        tempfile.TemporaryDirectory(prefix="zicht-openapi-") as tmp,
        translation.override("en"),
    ):
        target = Path(tmp) / "openapi.json"
        call_command(
            "spectacular", format="openapi-json", file=str(target), validate=True, fail_on_warn=True
        )
        return target.read_text(encoding="utf-8")


def drift(committed: str, generated: str) -> list[str]:
    return list(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            fromfile="src/zicht/openapi.json (committed)",
            tofile="src/zicht/openapi.json (generated from the code)",
        )
    )


def main() -> int:
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    diff = drift(committed, generate())
    if diff:
        sys.stdout.writelines(diff)
        print("\nThe OpenAPI document is out of date: run `make openapi` and commit it.")
        return 1
    print("OpenAPI document is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
