"""Platform commands: demo, worker, envdocs."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("envdocs", help="print the table of environment variables")
    p.set_defaults(func=_envdocs)


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
