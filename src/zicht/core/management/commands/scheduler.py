"""``zicht manage scheduler [--once] [--interval 60]`` (also ``zicht scheduler``)."""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from zicht.core import scheduler

logger = logging.getLogger("zicht.scheduler")


class Command(BaseCommand):
    help = (
        "Enqueue the scheduled tasks (daily and weekly digests, SROI reminders) when they "
        "are due; the worker runs them. Safe to run more than once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit (cron)")
        parser.add_argument(
            "--interval", type=float, default=60, help="seconds between checks (default 60)"
        )

    def handle(self, *args, once: bool, interval: float, **options):
        if once:
            self._check(verbose=True)
            return
        self.stdout.write(f"Scheduler: checking every {interval:g} s (Ctrl-C stops).")
        try:
            while True:
                close_old_connections()
                try:
                    self._check(verbose=False)
                except Exception:  # a database hiccup must not stop the schedule
                    logger.exception("scheduler: check failed; retrying at the next interval")
                close_old_connections()
                time.sleep(max(1.0, interval - time.time() % interval))
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")

    def _check(self, verbose: bool) -> None:
        for o in scheduler.run_due():
            if o.status == "done" and not verbose:
                continue
            when = o.slot.astimezone(scheduler.ZoneInfo(scheduler.settings.TIME_ZONE))
            extra = f" (task {o.task_id})" if o.task_id else ""
            self.stdout.write(f"{o.job} {when:%Y-%m-%d %H:%M %Z}: {o.status}{extra}")
