"""A small built-in scheduler: ``zicht scheduler`` enqueues the periodic tasks on time.

The schedule is data (``SCHEDULE`` below, or ``settings.SCHEDULE`` when a settings module
sets it). Times are wall-clock times in ``settings.TIME_ZONE`` (Europe/Amsterdam), so a
07:00 job runs at 07:00 local time in summer and winter. The scheduler only *enqueues*
django-tasks tasks; ``zicht worker`` does the work.

Every (job, slot) is recorded in :class:`~zicht.core.models.ScheduledRun` under a unique
constraint, in the same transaction as the enqueue: with several schedulers, or after a
restart, each slot is enqueued exactly once. Only the latest slot of a job is looked at:
when it was missed (the scheduler was down) it is caught up once if it is less than
``SCHEDULER_CATCH_UP_HOURS`` old, otherwise recorded as skipped and logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("zicht.scheduler")

# name: unique and stable (it is stored with each run); task: dotted path of a django-tasks
# task; at: local "HH:MM"; weekdays: None for every day, else 0 = Monday ... 6 = Sunday.
SCHEDULE: list[dict] = [
    {
        "name": "digests-daily",
        "task": "zicht.opportunities.tasks.send_digests",
        "kwargs": {"frequency": "daily"},
        "at": "07:00",
    },
    {
        "name": "digests-weekly",
        "task": "zicht.opportunities.tasks.send_digests",
        "kwargs": {"frequency": "weekly"},
        "at": "07:00",
        "weekdays": [0],
    },
    {
        "name": "sroi-reminders",
        "task": "zicht.procurement.tasks.send_sroi_reminders",
        "kwargs": {"days_before": 30},
        "at": "08:00",
    },
]


@dataclass(frozen=True)
class Job:
    name: str
    task: str
    at: dt.time
    weekdays: frozenset[int] | None = None
    kwargs: dict = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict) -> Job:
        weekdays = data.get("weekdays")
        if weekdays is not None and not set(weekdays) <= set(range(7)):
            raise ValueError(f"{data['name']}: weekdays are 0 (Monday) to 6 (Sunday)")
        return cls(
            name=data["name"],
            task=data["task"],
            at=dt.time.fromisoformat(data["at"]),
            weekdays=frozenset(weekdays) if weekdays is not None else None,
            kwargs=dict(data.get("kwargs") or {}),
        )

    def latest_slot(self, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
        """The latest scheduled moment at or before ``now`` (aware, in UTC)."""
        local_today = now.astimezone(tz).date()
        for back in range(8):
            day = local_today - dt.timedelta(days=back)
            if self.weekdays is not None and day.weekday() not in self.weekdays:
                continue
            # A wall-clock time that does not exist (spring forward) lands an hour later;
            # one that exists twice (fall back) is the first of the two (fold=0).
            slot = dt.datetime.combine(day, self.at, tzinfo=tz).astimezone(dt.UTC)
            if slot <= now:
                return slot
        raise ValueError(f"{self.name}: no weekdays")  # pragma: no cover - validated


def jobs() -> list[Job]:
    return [Job.from_dict(d) for d in getattr(settings, "SCHEDULE", SCHEDULE)]


def catch_up_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.SCHEDULER_CATCH_UP_HOURS)


@dataclass(frozen=True)
class Outcome:
    job: str
    slot: dt.datetime
    status: str  # "enqueued", "skipped" or "done" (recorded before, nothing to do)
    task_id: str = ""


def run_due(now: dt.datetime | None = None) -> list[Outcome]:
    """One check: enqueue (or skip) the latest slot of every job not recorded yet."""
    from .models import ScheduledRun

    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    tz = ZoneInfo(settings.TIME_ZONE)
    window = catch_up_window()
    outcomes = []
    for job in jobs():
        slot = job.latest_slot(now, tz)
        if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
            outcomes.append(Outcome(job.name, slot, "done"))
            continue
        late = now - slot
        try:
            with transaction.atomic():
                if late > window:
                    ScheduledRun.objects.create(
                        job=job.name, slot=slot, status=ScheduledRun.SKIPPED
                    )
                    outcome = Outcome(job.name, slot, ScheduledRun.SKIPPED)
                else:
                    run = ScheduledRun.objects.create(
                        job=job.name, slot=slot, status=ScheduledRun.ENQUEUED
                    )
                    result = import_string(job.task).enqueue(**job.kwargs)
                    run.task_id = str(result.id)
                    run.save(update_fields=["task_id"])
                    outcome = Outcome(job.name, slot, ScheduledRun.ENQUEUED, run.task_id)
        except IntegrityError:  # another scheduler recorded this slot first
            outcomes.append(Outcome(job.name, slot, "done"))
            continue
        local = slot.astimezone(tz)
        if outcome.status == ScheduledRun.SKIPPED:
            log.warning(
                "scheduler: skipped %s of %s: missed by %s (catch-up window %s)",
                job.name, f"{local:%Y-%m-%d %H:%M %Z}", late, window,
            )  # fmt: skip
        else:
            log.info(
                "scheduler: enqueued %s of %s as task %s",
                job.name, f"{local:%Y-%m-%d %H:%M %Z}", outcome.task_id,
            )  # fmt: skip
        outcomes.append(outcome)
    return outcomes
