"""Background tasks of the spend app (django_tasks; `zicht worker` runs them).

They take primary keys and are enqueued from ``transaction.on_commit`` by the services;
each keeps ``SpendImport.progress`` up to date for the status page.
"""

from __future__ import annotations

from django_tasks import task


@task()
def validate_import(import_id: int) -> None:
    """Read, validate and stage an uploaded file (one streaming pass)."""
    from . import services

    services.run_validation(import_id)


@task()
def commit_spend_import(import_id: int, accept_valid: bool = False, replace: bool = False) -> str:
    """Commit a staged import atomically, then link its suppliers to the register."""
    from . import services

    return services.run_import(import_id, accept_valid=accept_valid, replace=replace)
