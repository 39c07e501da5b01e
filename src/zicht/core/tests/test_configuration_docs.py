"""docs/configuration.md lists every environment variable the settings read."""

from pathlib import Path

from zicht.core.commands import envdocs_table

DOC = Path(__file__).resolve().parents[4] / "docs" / "configuration.md"


def test_configuration_docs_are_current():
    table = envdocs_table()
    assert "| `DATABASE_URL` |" in table and "| `SECRET_KEY` |" in table
    assert table in DOC.read_text(encoding="utf-8"), (
        "docs/configuration.md is stale: run `zicht envdocs`"
    )
