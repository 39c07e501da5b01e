"""`zicht scheduler`: local slots across DST and weekdays, exactly once, catch-up window,
the tasks it enqueues (database backend rows, not run in the scheduler) and the CLI."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from zicht.cli import main
from zicht.core import scheduler
from zicht.core.models import ScheduledRun

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
DAILY = scheduler.Job.from_dict({"name": "d", "task": "x.y", "at": "07:00"})
WEEKLY = scheduler.Job.from_dict({"name": "w", "task": "x.y", "at": "07:00", "weekdays": [0]})


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


@pytest.fixture(autouse=True)
def db_backend(settings):
    """Enqueue into the database like production, so the rows show what was enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_slots_are_local_time_across_the_dst_change():
    # Summer time ends on Sunday 2026-10-25: 07:00 local is 05:00 UTC before, 06:00 UTC after.
    assert DAILY.latest_slot(local(2026, 10, 24, 9, 0), AMS) == dt.datetime(
        2026, 10, 24, 5, 0, tzinfo=dt.UTC
    )
    assert DAILY.latest_slot(local(2026, 10, 25, 9, 0), AMS) == dt.datetime(
        2026, 10, 25, 6, 0, tzinfo=dt.UTC
    )
    # Summer time starts on Sunday 2026-03-29.
    assert DAILY.latest_slot(local(2026, 3, 29, 7, 0), AMS).astimezone(AMS) == local(
        2026, 3, 29, 7, 0
    )
    # Before 07:00 the latest slot is yesterday's.
    assert DAILY.latest_slot(local(2026, 10, 26, 6, 59), AMS).astimezone(AMS) == local(
        2026, 10, 25, 7, 0
    )


def test_weekly_slot_is_the_last_monday():
    assert WEEKLY.latest_slot(local(2026, 11, 26, 12, 0), AMS).astimezone(AMS) == local(
        2026, 11, 23, 7, 0
    )  # Thursday -> Monday
    assert WEEKLY.latest_slot(local(2026, 11, 23, 6, 59), AMS).astimezone(AMS) == local(
        2026, 11, 16, 7, 0
    )  # Monday before 07:00 -> the Monday before
    assert WEEKLY.latest_slot(local(2026, 11, 23, 7, 0), AMS).astimezone(AMS) == local(
        2026, 11, 23, 7, 0
    )


def test_the_schedule_table_is_valid():
    names = [job.name for job in scheduler.jobs()]
    assert names == ["digests-daily", "digests-weekly", "sroi-reminders"]


def test_due_jobs_are_enqueued_once_not_run():
    now = local(2026, 11, 23, 8, 1)  # a Monday: all three are due
    first = scheduler.run_due(now)
    assert {o.job: o.status for o in first} == {
        "digests-daily": "enqueued",
        "digests-weekly": "enqueued",
        "sroi-reminders": "enqueued",
    }
    rows = list(DBTaskResult.objects.all())
    assert sorted(
        (r.task_path, sorted(r.args_kwargs["kwargs"].items()), r.status) for r in rows
    ) == [
        ("zicht.opportunities.tasks.send_digests", [("frequency", "daily")], "READY"),
        ("zicht.opportunities.tasks.send_digests", [("frequency", "weekly")], "READY"),
        ("zicht.procurement.tasks.send_sroi_reminders", [("days_before", 30)], "READY"),
    ]
    runs = {r.job: r for r in ScheduledRun.objects.all()}
    assert {str(r.id) for r in rows} == {r.task_id for r in runs.values()}
    assert runs["digests-weekly"].slot.astimezone(AMS) == local(2026, 11, 23, 7, 0)

    # A second scheduler (or a restart) in the same minute and later that day: nothing new.
    for again in (now, local(2026, 11, 23, 8, 2), local(2026, 11, 23, 23, 0)):
        assert {o.status for o in scheduler.run_due(again)} == {"done"}
    assert DBTaskResult.objects.count() == 3
    assert ScheduledRun.objects.count() == 3

    # The next day: the daily jobs again, the weekly one not.
    nxt = {o.job: o.status for o in scheduler.run_due(local(2026, 11, 24, 8, 0))}
    assert nxt == {
        "digests-daily": "enqueued",
        "digests-weekly": "done",
        "sroi-reminders": "enqueued",
    }
    assert DBTaskResult.objects.count() == 5


def test_a_slot_recorded_by_another_scheduler_is_not_enqueued():
    slot = DAILY.latest_slot(local(2026, 11, 24, 7, 30), AMS)
    ScheduledRun.objects.create(job="digests-daily", slot=slot, status=ScheduledRun.ENQUEUED)
    out = {o.job: o.status for o in scheduler.run_due(local(2026, 11, 24, 7, 30))}
    assert out["digests-daily"] == "done"
    assert not DBTaskResult.objects.filter(args_kwargs__kwargs__frequency="daily").exists()


def test_missed_slot_is_caught_up_within_the_window_else_skipped(caplog):
    # Down from Tuesday 06:00 to 18:30: 07:00 digests are 11.5 h late, 08:00 reminders 10.5 h.
    out = {o.job: o.status for o in scheduler.run_due(local(2026, 11, 24, 18, 30))}
    assert out == {
        "digests-daily": "enqueued",
        "digests-weekly": "skipped",  # Monday 07:00, 35.5 h ago
        "sroi-reminders": "enqueued",
    }
    assert "skipped digests-weekly" in caplog.text
    # Down until 19:30: the daily digest is 12.5 h late and skipped, once.
    out = {o.job: o.status for o in scheduler.run_due(local(2026, 11, 25, 19, 30))}
    assert out == {
        "digests-daily": "skipped",
        "digests-weekly": "done",
        "sroi-reminders": "enqueued",
    }
    assert ScheduledRun.objects.filter(status=ScheduledRun.SKIPPED).count() == 2
    assert {o.status for o in scheduler.run_due(local(2026, 11, 25, 19, 31))} == {"done"}
    assert DBTaskResult.objects.count() == 3


def test_catch_up_window_is_a_setting(settings):
    settings.SCHEDULER_CATCH_UP_HOURS = 1
    out = {o.job: o.status for o in scheduler.run_due(local(2026, 11, 24, 8, 30))}
    assert out == {
        "digests-daily": "skipped",
        "digests-weekly": "skipped",
        "sroi-reminders": "enqueued",
    }


def test_schedule_can_be_replaced_in_settings(settings):
    settings.SCHEDULE = [
        {
            "name": "reminders-weekdays",
            "task": "zicht.procurement.tasks.send_sroi_reminders",
            "kwargs": {"days_before": 14},
            "at": "02:30",  # does not exist on 2026-03-29 (clocks go 02:00 -> 03:00)
            "weekdays": [6],
        }
    ]
    (o,) = scheduler.run_due(local(2026, 3, 29, 4, 0))
    assert o.status == "enqueued"
    assert o.slot.astimezone(AMS) == local(2026, 3, 29, 3, 30)
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"days_before": 14}


def test_zicht_scheduler_once_via_the_cli(capsys):
    assert main(["scheduler", "--once"]) == 0
    first = capsys.readouterr().out
    for name in ("digests-daily", "digests-weekly", "sroi-reminders"):
        assert name in first
    runs = ScheduledRun.objects.count()
    assert runs == 3
    assert main(["scheduler", "--once"]) == 0  # a second run (cron overlap): nothing new
    assert capsys.readouterr().out.count(": done") == 3
    assert ScheduledRun.objects.count() == 3
    enqueued = ScheduledRun.objects.filter(status=ScheduledRun.ENQUEUED).count()
    assert DBTaskResult.objects.count() == enqueued
