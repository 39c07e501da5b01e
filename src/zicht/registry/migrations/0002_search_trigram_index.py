"""Substring search on PostgreSQL: a trigram GIN index on the folded search text.

The directory matches query words as substrings (Dutch compounds: 'schoonmaak' finds
'schoonmaakdiensten'); without this index PostgreSQL scans every row. SQLite keeps the
plain scan (measured in docs/register.md). See docs/adr/0002-directory-search.md.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS registry_org_search_trgm "
        "ON registry_organisation USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_org_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
