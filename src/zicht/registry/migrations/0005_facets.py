"""Directory filters as words in a full-text index (registry/facets.py, ADR 0002).

SQLite: an FTS5 table over ``facets`` (unicode61 words), kept in step by triggers.
PostgreSQL: a GIN index over ``to_tsvector('simple', facets)``.
Existing organisations get their facets computed here.
"""

import importlib

from django.db import migrations, models

from zicht.registry import facets as facet_words

_TEXT_CREATE = importlib.import_module("zicht.registry.migrations.0004_search_fts5_sqlite").CREATE
TEXT_INDEX = [sql for sql in _TEXT_CREATE if "'rebuild'" not in sql]

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_org_facets USING fts5("
    "facets, content='registry_organisation', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS registry_org_facets_ai AFTER INSERT ON registry_organisation "
    "BEGIN INSERT INTO registry_org_facets(rowid, facets) VALUES (new.id, new.facets); END",
    "CREATE TRIGGER IF NOT EXISTS registry_org_facets_ad AFTER DELETE ON registry_organisation "
    "BEGIN INSERT INTO registry_org_facets(registry_org_facets, rowid, facets) "
    "VALUES ('delete', old.id, old.facets); END",
    "CREATE TRIGGER IF NOT EXISTS registry_org_facets_au AFTER UPDATE ON registry_organisation "
    "BEGIN INSERT INTO registry_org_facets(registry_org_facets, rowid, facets) "
    "VALUES ('delete', old.id, old.facets); "
    "INSERT INTO registry_org_facets(rowid, facets) VALUES (new.id, new.facets); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS registry_org_facets_ai",
    "DROP TRIGGER IF EXISTS registry_org_facets_ad",
    "DROP TRIGGER IF EXISTS registry_org_facets_au",
    "DROP TABLE IF EXISTS registry_org_facets",
]
POSTGRES = (
    "CREATE INDEX IF NOT EXISTS registry_org_facets_gin "
    "ON registry_organisation USING gin (to_tsvector('simple', facets))"
)
PUBLIC = {"submitted", "changes_requested", "accepted"}


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # AddField rebuilds the table on SQLite, which drops its triggers: restore the text
        # index triggers of 0004 too. A later migration that rebuilds registry_organisation
        # must do the same (see registry/tests/test_search.py, which fails otherwise).
        for sql in TEXT_INDEX + SQLITE:
            schema_editor.execute(sql)
        for table in ("registry_org_fts", "registry_org_facets"):
            schema_editor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_org_facets_gin")


def backfill(apps, schema_editor):
    Organisation = apps.get_model("registry", "Organisation")
    Sdg = apps.get_model("registry", "OrganisationSdg")
    Figure = apps.get_model("registry", "WorkforceFigure")
    Profile = apps.get_model("registry", "SocialEnterpriseProfile")
    through = Organisation.cpv_codes.through
    sdgs, cpv, groups, impact = {}, {}, {}, {}
    for org_id, number in Sdg.objects.filter(confirmed=True).values_list(
        "organisation_id", "goal__number"
    ):
        sdgs.setdefault(org_id, []).append(number)
    for org_id, code in through.objects.values_list("organisation_id", "cpvcode__code"):
        cpv.setdefault(org_id, []).append(code)
    for org_id, group in Figure.objects.filter(fte__gt=0).values_list(
        "profile__organisation_id", "target_group"
    ):
        groups.setdefault(org_id, []).append(group)
    for p in Profile.objects.all():
        impact[p.organisation_id] = [
            name
            for name, on in (
                ("work_integration", p.impact_work_integration),
                ("products", p.impact_products),
                ("profit_redistribution", p.impact_profit_redistribution),
            )
            if on
        ]
    batch = []
    for org in Organisation.objects.select_related(
        "municipality__region", "municipality__province"
    ).iterator(chunk_size=2000):
        org.facets = facet_words.tokens(
            public=org.status in PUBLIC and org.kind != "municipality",
            kind=org.kind,
            tier=org.tier,
            eligible=org.eligible_2_82,
            municipality=org.municipality.code,
            region=org.municipality.region.code,
            province=org.municipality.province.name,
            sdgs=sdgs.get(org.pk, []),
            cpv=cpv.get(org.pk, []),
            target_groups=groups.get(org.pk, []),
            impact_models=impact.get(org.pk, []),
        )
        batch.append(org)
        if len(batch) >= 2000:
            Organisation.objects.bulk_update(batch, ["facets"])
            batch = []
    Organisation.objects.bulk_update(batch, ["facets"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_search_fts5_sqlite")]
    operations = [
        migrations.AddField(
            model_name="organisation",
            name="facets",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
