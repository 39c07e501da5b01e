"""Substring search on SQLite: an FTS5 trigram index over the folded search text.

Profiling the directory on the large demo scale (110,000 organisations) showed the
COUNT(*) with LIKE '%term%' scanning every row (~0.2 s). FTS5's trigram tokenizer
answers the same substring question from an index. External-content table kept in
step by triggers. PostgreSQL uses pg_trgm instead (0002). See ADR 0002.
"""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_org_fts USING fts5("
    "search_text, content='registry_organisation', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS registry_org_fts_ai AFTER INSERT ON registry_organisation BEGIN "
    "INSERT INTO registry_org_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS registry_org_fts_ad AFTER DELETE ON registry_organisation BEGIN "
    "INSERT INTO registry_org_fts(registry_org_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS registry_org_fts_au AFTER UPDATE ON registry_organisation BEGIN "
    "INSERT INTO registry_org_fts(registry_org_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO registry_org_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO registry_org_fts(registry_org_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS registry_org_fts_ai",
    "DROP TRIGGER IF EXISTS registry_org_fts_ad",
    "DROP TRIGGER IF EXISTS registry_org_fts_au",
    "DROP TABLE IF EXISTS registry_org_fts",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_sdg_dismissed")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
