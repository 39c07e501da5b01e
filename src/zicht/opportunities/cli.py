"""``zicht match``: rank organisations for opportunities from JSON lines (no database).

    zicht match --organisations ORGS.jsonl --opportunities OPPS.jsonl --top K

stdout: one JSON line per valid opportunity, in input order::

    {"opportunity_id": ..., "matches": [{"organisation_id", "score", "parts", "reasons",
     "reasons_en"}], "notice": "...", "notice_en": "..."}   (notice only when there is one)

stderr: one JSON line per rejected input line, ``{"file": "organisations" |
"opportunities", "line": n, "error": "..."}``; the run continues without that line and
the exit status stays 0. Exit status 2 when a file cannot be read or the weights are
invalid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "match",
        help="rank organisations for opportunities (JSON lines in, JSON lines out)",
        description="Score every opportunity against every organisation and print the "
        "top K organisations per opportunity as JSON lines, with score parts and reasons.",
    )
    p.add_argument("--organisations", required=True, metavar="ORGS.jsonl")
    p.add_argument("--opportunities", required=True, metavar="OPPS.jsonl")
    p.add_argument("--top", type=int, default=10, metavar="K", help="matches per opportunity")
    p.add_argument("--weights", metavar="WEIGHTS.json", help="weights (default: shipped file)")
    p.add_argument(
        "--today", metavar="YYYY-MM-DD", help="date for the past-deadline check (default: today)"
    )
    p.set_defaults(func=handle)


def _error(file: str, line: int, message: str) -> None:
    sys.stderr.write(
        json.dumps({"file": file, "line": line, "error": message}, ensure_ascii=False) + "\n"
    )


def read_jsonl(
    path: str, label: str, build: Callable[[dict[str, Any]], Any]
) -> Iterator[tuple[int, Any]]:
    """(line number, object) of a JSON-lines file; bad lines go to stderr and are skipped."""
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                _error(label, n, f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            if not isinstance(data, dict):
                _error(label, n, "a line must hold one JSON object")
                continue
            try:
                yield n, build(data)
            except (ValueError, TypeError, AttributeError) as exc:
                _error(label, n, f"invalid {label[:-1]}: {exc}")


def handle(args: argparse.Namespace) -> int:
    from zicht.opportunities.matching import MatchIndex, OpportunityFacts, Weights
    from zicht.opportunities.matching.validate import organisation_from_dict

    try:
        weights = Weights.coerce(args.weights) if args.weights else Weights.default()
    except (OSError, ValueError, KeyError) as exc:
        sys.stderr.write(f"zicht match: cannot use weights: {exc}\n")
        return 2
    today = dt.date.fromisoformat(args.today) if args.today else None
    opp_ids: set[str] = set()

    def opportunity(data: dict[str, Any]):
        opp = OpportunityFacts.from_dict(data)
        if opp.id in opp_ids:
            raise ValueError(f"duplicate opportunity id {opp.id!r}; line skipped")
        opp_ids.add(opp.id)
        return opp

    if args.top < 1:
        sys.stderr.write("zicht match: --top must be at least 1\n")
        return 2
    try:
        orgs, seen = [], set()
        for n, org in read_jsonl(args.organisations, "organisations", organisation_from_dict):
            if org.id in seen:
                _error("organisations", n, f"duplicate organisation id {org.id!r}; line skipped")
                continue
            seen.add(org.id)
            orgs.append(org)
        index = MatchIndex.build(orgs, weights)
        index.today = today
        opps = (o for _, o in read_jsonl(args.opportunities, "opportunities", opportunity))
        out = sys.stdout
        for ranking in index.top_for_opportunities(opps, k=args.top):
            out.write(json.dumps(ranking.to_dict(), ensure_ascii=False) + "\n")
    except OSError as exc:
        sys.stderr.write(f"zicht match: {exc}\n")
        return 2
    return 0
