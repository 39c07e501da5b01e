"""Platform commands: envdocs, scheduler (demo and worker are in zicht.demo.cli)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("envdocs", help="print the table of environment variables")
    p.set_defaults(func=_envdocs)

    s = subparsers.add_parser(
        "scheduler",
        help="enqueue the scheduled tasks (digests, SROI reminders) when they are due",
        description="Every minute, enqueue the scheduled django-tasks tasks that are due "
        "(each slot exactly once, also with several schedulers); `zicht worker` runs them. "
        "The schedule is in zicht.core.scheduler.SCHEDULE (or settings.SCHEDULE).",
    )
    s.add_argument("--once", action="store_true", help="check once and exit (for cron)")
    s.add_argument("--interval", type=float, default=60, help="seconds between checks")
    s.set_defaults(func=_scheduler)


def envdocs_table() -> str:
    from django.core.exceptions import ImproperlyConfigured

    from zicht.conf import markdown_table

    try:  # importing the settings registers every variable they read
        import zicht.settings.production  # noqa: F401
    except ImproperlyConfigured:
        pass  # the registry is complete by the time production.py checks its values
    return markdown_table()


def _envdocs(args: argparse.Namespace) -> int:
    print(envdocs_table(), end="")
    return 0


def _scheduler(args: argparse.Namespace) -> int:
    from zicht.demo.cli import _setup

    _setup()
    from django.core.management import call_command

    call_command("scheduler", once=args.once, interval=args.interval)
    return 0
