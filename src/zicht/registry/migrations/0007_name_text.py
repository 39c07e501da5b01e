"""Folded names for relevance ranking (``name_text``, see selectors.relevance).

AddField rebuilds ``registry_organisation`` on SQLite, which drops the FTS5 triggers of
0005/0006: they are re-created here, after the backfill (so the backfill's updates do not
re-index every row) and followed by a rebuild of both indexes. Reversing (RemoveField
rebuilds the table again) re-creates them as well.
"""

import importlib

from django.db import migrations, models

from zicht.registry.models.organisation import build_name_text

_0005 = importlib.import_module("zicht.registry.migrations.0005_facets")
_0006 = importlib.import_module("zicht.registry.migrations.0006_search_text_and_facets_together")

# Triggers only: the FTS5 tables survive the table rebuild (their content is unchanged).
TRIGGERS = (
    [sql for sql in _0006.TEXT_DROP if "TRIGGER" in sql]
    + [sql for sql in _0006.COMBINED if "TRIGGER" in sql]
    + [sql for sql in _0005.SQLITE_DROP if "TRIGGER" in sql]
    + [sql for sql in _0005.SQLITE if "TRIGGER" in sql]
)


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in TRIGGERS:
            schema_editor.execute(sql)
        for table in ("registry_org_fts", "registry_org_facets"):
            schema_editor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def backfill(apps, schema_editor):
    Organisation = apps.get_model("registry", "Organisation")
    batch = []
    for org in Organisation.objects.only("id", "legal_name", "trade_names").iterator(
        chunk_size=2000
    ):
        org.name_text = build_name_text(org.legal_name, org.trade_names)
        batch.append(org)
        if len(batch) >= 2000:
            Organisation.objects.bulk_update(batch, ["name_text"])
            batch = []
    Organisation.objects.bulk_update(batch, ["name_text"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_search_text_and_facets_together")]
    operations = [
        # Runs last when reversing, after RemoveField rebuilt the table.
        migrations.RunPython(migrations.RunPython.noop, restore_triggers, elidable=False),
        migrations.AddField(
            model_name="organisation",
            name="name_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop, elidable=False),
    ]
