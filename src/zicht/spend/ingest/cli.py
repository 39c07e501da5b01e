"""``zicht spend import`` and ``zicht spend report``: the engines without Django.

``register(subparsers)`` is called by ``zicht.spend.cli``. Exit codes of ``import``:
0 imported or already imported, 2 invalid input (the report is printed), 3 the period
overlaps earlier imports (rerun with ``--replace``), 1 other errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    spend = subparsers.add_parser("spend", help="import spend files and report on them")
    sub = spend.add_subparsers(dest="spend_command", metavar="SUBCOMMAND")
    spend.set_defaults(func=lambda args: _help(spend))

    p = sub.add_parser("import", help="validate a CSV/XLSX of invoice lines and store it")
    p.add_argument("file", type=Path)
    p.add_argument("--municipality", required=True, help="CBS code, e.g. GM0344")
    p.add_argument("--store", required=True, type=Path, help="directory of the Parquet store")
    p.add_argument("--mapping", help="JSON {field: header}, inline or a path to a .json file")
    p.add_argument("--sheet", help="XLSX: the sheet to read")
    p.add_argument(
        "--accept-valid", action="store_true", help="store the valid rows, skip bad ones"
    )
    p.add_argument("--replace", action="store_true", help="replace lines of overlapping imports")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_import)

    r = sub.add_parser("report", help="spend report for a municipality and period, as JSON")
    r.add_argument("--municipality", required=True)
    r.add_argument("--store", required=True, type=Path)
    r.add_argument("--from", dest="start", type=dt.date.fromisoformat, help="yyyy-mm-dd")
    r.add_argument("--to", dest="end", type=dt.date.fromisoformat, help="yyyy-mm-dd")
    r.add_argument("--classification", type=Path, help="CSV/JSON of supplier classifications")
    r.add_argument("--eligible-counts", type=Path, help="JSON {category: number of eligible orgs}")
    r.set_defaults(func=_report)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _load_mapping(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    text = Path(value).read_text("utf-8") if value.strip()[:1] != "{" else value
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("--mapping must be a JSON object {field: header}")
    return {str(k): str(v) for k, v in data.items()}


def _import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .pipeline import import_file
    from .report import IngestError
    from .store import SpendStore

    try:
        mapping = _load_mapping(args.mapping)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            unit = "B" if args.file.suffix.lower() != ".xlsx" else "rows"
            bar = tqdm(total=total, unit=unit, unit_scale=True, file=sys.stderr, desc="import")
        bar.total = max(total, done)
        bar.update(done - bar.n)

    try:
        result = import_file(
            args.file,
            store=SpendStore(args.store),
            municipality=args.municipality,
            mapping=mapping,
            sheet=args.sheet,
            accept_valid=args.accept_valid,
            replace=args.replace,
            progress=None if args.quiet else progress,
        )
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        print(json.dumps(result.to_dict(), indent=1, ensure_ascii=False, default=str))
    else:
        if result.report is not None and (result.report.problems or result.status == "invalid"):
            print(
                result.report.to_text(),
                file=sys.stderr if result.status != "invalid" else sys.stdout,
            )
        print(result.message)
    return {"imported": 0, "already_imported": 0, "invalid": 2, "overlap": 3}.get(result.status, 1)


def _report(args: argparse.Namespace) -> int:
    from ..analytics import Classification, load_classification, spend_report
    from .store import SpendStore

    classification = (
        load_classification(args.classification) if args.classification else Classification()
    )
    counts = json.loads(args.eligible_counts.read_text("utf-8")) if args.eligible_counts else {}
    report = spend_report(
        SpendStore(args.store),
        args.municipality,
        start=args.start,
        end=args.end,
        classification=classification,
        eligible_counts=counts,
    )
    print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    return 0
