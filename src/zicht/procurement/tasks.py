"""Background tasks of the procurement app (django_tasks; `zicht worker` runs them)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task()
def send_sroi_reminders(days_before: int = 30, as_of: str | None = None) -> list[int]:
    """E-mail suppliers whose SROI deadline is near while the balance is short."""
    on = dt.date.fromisoformat(as_of) if as_of else None
    return services.send_reminders(days_before, on)
