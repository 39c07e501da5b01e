"""``zicht manage sroi_reminders [--days 30] [--as-of YYYY-MM-DD] [--enqueue]``.

Run daily (cron or a scheduler): e-mails the supplier of each active contract whose SROI
deadline falls within ``--days`` days while the accepted value is short of the obligation.
A contract is reminded once per window.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zicht.procurement import services
from zicht.procurement.tasks import send_sroi_reminders


class Command(BaseCommand):
    help = "E-mail suppliers N days before their SROI deadline when the balance is short."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="days before the deadline")
        parser.add_argument("--as-of", help="date to compute for (default today)")
        parser.add_argument(
            "--enqueue", action="store_true", help="enqueue the task for the worker instead"
        )

    def handle(self, *args, days: int, as_of: str | None, enqueue: bool, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more")
        if as_of:
            try:
                dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of: {exc}") from exc
        if enqueue:
            result = send_sroi_reminders.enqueue(days, as_of)
            self.stdout.write(f"Enqueued reminder task {result.id}.")
            return
        sent = services.send_reminders(days, dt.date.fromisoformat(as_of) if as_of else None)
        self.stdout.write(f"Reminders sent for {len(sent)} contract(s).")
