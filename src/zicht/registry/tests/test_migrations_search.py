"""Upgrading a populated database to the search indexes keeps them whole and searchable.

Found by hand: migration 0006 corrupted an existing SQLite FTS5 index ("database disk image
is malformed") because the backfill updated rows before they were indexed.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registry", "0003_sdg_dismissed")]


@pytest.mark.django_db(transaction=True)
def test_upgrade_a_populated_database():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation = old.get_model("registry", "Organisation")
    Municipality = old.get_model("reference", "Municipality")
    place = Municipality.objects.get(code="GM0344")
    for n in range(30):
        Organisation.objects.create(
            kind="social_enterprise",
            kvk=f"{70000000 + n}",
            legal_form="bv",
            legal_name=f"Groenwerk {n}",
            municipality=place,
            status="accepted",
            tier="verified",
            search_text=f"groenwerk {n} utrecht",
            trade_names=[],
        )
    call_command("migrate", "registry", verbosity=0)  # back to the latest
    from zicht.registry.selectors import DirectoryQuery, search_organisations

    assert search_organisations(DirectoryQuery(q="groenwerk")).count() == 30
    assert (
        search_organisations(DirectoryQuery(q="groenwerk", region=place.region.code)).count() == 30
    )
    assert_search_indexes_intact()


def assert_search_indexes_intact() -> None:
    """SQLite: both FTS5 tables and the database pass their integrity checks (after a
    migration that rebuilt registry_organisation and had to re-create the triggers)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in ("registry_org_fts", "registry_org_facets"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
