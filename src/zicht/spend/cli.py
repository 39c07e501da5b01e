"""Spend sub-commands for the ``zicht`` command (see ``zicht.cli``).

``link`` lives in :mod:`zicht.spend.linkage.cli`; ``import`` (when present) in
:mod:`zicht.spend.ingest.cli`.
"""

from __future__ import annotations

import argparse
import importlib

INGEST_CLI = "zicht.spend.ingest.cli"


def register(subparsers: argparse._SubParsersAction) -> None:
    from zicht.spend.linkage import cli as linkage_cli

    linkage_cli.register(subparsers)
    try:
        ingest_cli = importlib.import_module(INGEST_CLI)
    except ModuleNotFoundError as exc:
        if exc.name not in (INGEST_CLI, "zicht.spend.ingest"):
            raise  # a real import error inside the ingest module must show
        return
    ingest_cli.register(subparsers)
