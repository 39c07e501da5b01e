"""The ``zicht`` command.

Engine commands (``sdg classify``, ``link``, ``match``, ``procurement advise``) are
registered by their domain apps in ``<app>/cli.py`` through a ``register(subparsers)``
function; they start without Django unless they need the database. Platform commands
(``demo``, ``worker``, ``manage``) set Django up first.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Each module has register(subparsers) adding its sub-commands.
COMMAND_MODULES = [
    "zicht.core.commands",
    "zicht.sdg.cli",
    "zicht.spend.cli",
    "zicht.procurement.cli",
    "zicht.opportunities.cli",
    "zicht.demo.cli",
]


def setup_django(settings: str = "zicht.settings.dev") -> None:
    """Configure Django for commands that need the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zicht", description="Zicht command line")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # the app has no commands yet
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:  # pass everything through to Django untouched
        setup_django(os.environ.get("DJANGO_SETTINGS_MODULE", "zicht.settings.dev"))
        from django.core.management import execute_from_command_line

        execute_from_command_line(["zicht manage", *argv[1:]])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
