"""``zicht procurement advise CASE.json``: the procurement advisor on the command line.

Prints the advice as JSON. An invalid case, an unreadable file or an unavailable
register prints ``{"error": ...}`` and exits with status 2.

Organisations come from ``--register ORGS.jsonl`` (one OrganisationFacts JSON object
per line) or, without that option, from the Zicht database through
``zicht.registry.selectors.organisation_facts()``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_INVALID = 2


class CliError(Exception):
    def __init__(self, message: str, **extra: Any):
        super().__init__(message)
        self.payload = {"error": message, **extra}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("procurement", help="social procurement tools")
    sub = p.add_subparsers(dest="procurement_command", metavar="SUBCOMMAND")
    a = sub.add_parser(
        "advise",
        help="advise on a planned procurement (thresholds, procedures, art. 2.82, SROI)",
    )
    a.add_argument("case", metavar="CASE.json", help="the planned procurement as JSON")
    a.add_argument(
        "--register",
        metavar="ORGS.jsonl",
        help="organisations as JSON lines (OrganisationFacts); default: the Zicht database",
    )
    a.add_argument(
        "--overrides",
        metavar="OVERRIDES.json",
        help='municipality settings: {"procedure_bands": {...}, "sroi": {...}}',
    )
    a.set_defaults(func=_advise)
    p.set_defaults(func=lambda args: (p.print_help(), EXIT_INVALID)[1])


def _read_json(path: str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{what} {path} is not valid JSON: {exc}") from exc


def read_register(path: str) -> list:
    """OrganisationFacts from a JSON-lines file; blank lines are skipped."""
    from zicht.registry.facts import OrganisationFacts

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CliError(f"cannot read register {path}: {exc.strerror or exc}") from exc
    orgs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            orgs.append(OrganisationFacts.from_dict(json.loads(line)))
        except (json.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise CliError(f"register {path} line {n}: {exc}") from exc
    return orgs


def database_advice(case_data: dict, overrides: dict | None) -> dict:
    """Advice from the Zicht database: the register's organisations and its dated art. 2.82
    rule, the shipped and administrator-added bouwblokken tables (procurement.services)."""
    try:
        from zicht.cli import setup_django

        setup_django()
        from zicht.procurement.services import get_advice
    except Exception as exc:  # Django misconfigured, settings missing, ...
        raise CliError(
            f"cannot set up Django to read the register ({type(exc).__name__}: {exc}). "
            "Pass --register ORGS.jsonl instead."
        ) from exc
    from zicht.procurement.advisor import AdviceError

    try:
        return get_advice(case_data, overrides)
    except AdviceError:
        raise
    except Exception as exc:  # e.g. database not migrated
        raise CliError(
            f"reading the register from the database failed ({type(exc).__name__}: {exc}). "
            "Pass --register ORGS.jsonl instead."
        ) from exc


def _advise(args: argparse.Namespace) -> int:
    from zicht.procurement.advisor import AdviceError, RuleError, advise, parse_case

    try:
        case_data = _read_json(args.case, "case file")
        case = parse_case(case_data)  # validate before touching the database
        overrides = _read_json(args.overrides, "overrides file") if args.overrides else None
        if overrides is not None and not isinstance(overrides, dict):
            raise CliError("the overrides file must hold a JSON object")
        if args.register:
            advice = advise(case, read_register(args.register), overrides=overrides)
        else:  # the database: the same path as the page and the API
            advice = database_advice(case_data, overrides)
    except CliError as exc:
        print(json.dumps(exc.payload, ensure_ascii=False, indent=2))
        return EXIT_INVALID
    except AdviceError as exc:
        print(json.dumps({"error": str(exc), "errors": exc.errors}, ensure_ascii=False, indent=2))
        return EXIT_INVALID
    except RuleError as exc:
        print(json.dumps({"error": f"rules: {exc}"}, ensure_ascii=False, indent=2))
        return EXIT_INVALID
    json.dump(advice, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
