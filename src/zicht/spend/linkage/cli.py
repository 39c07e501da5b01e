"""``zicht link``: link ledger suppliers to the register from CSV files (no database).

    zicht link --register REGISTER.csv --suppliers SUPPLIERS.csv --out LINKS.csv

LINKS.csv has ``supplier_id,register_id,score,method`` with one row per *accepted*
link (score at or above the upper threshold). Links in the review band are left out
unless ``--include-review`` is given; then they are written too and a ``status``
column (``accepted`` / ``review``) is added so the two can be told apart.
``--decisions`` reads remembered decisions (``supplier_id,register_id``, where
register_id may be ``rejected``); ``--explain`` writes every link with its evidence
as JSON lines. Progress goes to stderr. Bad input: a message naming file, row and
column on stderr and exit status 2.

Files of 10,000 suppliers or more are linked in 2 processes where the machine has 2
CPUs or more and one of them is free (POSIX: forked; the register index is built in
one while the other cleans the suppliers, then each links half of them);
``--workers 1`` or ``--workers 2`` decides it yourself.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "link",
        help="link ledger suppliers to register organisations (CSV in, CSV out)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--register", required=True, type=Path, metavar="REGISTER.csv",
                   help="columns id,kvk,name,trade_names,street,house_number,postcode,city")  # fmt: skip
    p.add_argument("--suppliers", required=True, type=Path, metavar="SUPPLIERS.csv",
                   help="columns supplier_id,name,kvk,address,postcode,city")  # fmt: skip
    p.add_argument("--out", required=True, type=Path, metavar="LINKS.csv")
    p.add_argument("--include-review", action="store_true",
                   help="also write review-band links, with a status column")  # fmt: skip
    p.add_argument("--decisions", type=Path, metavar="DECISIONS.csv",
                   help="remembered decisions: supplier_id,register_id (or 'rejected')")  # fmt: skip
    p.add_argument("--explain", type=Path, metavar="EXPLAIN.jsonl",
                   help="write every link with its evidence as JSON lines")  # fmt: skip
    p.add_argument("--upper", type=float, default=None, help="accept at or above (default: model)")
    p.add_argument("--lower", type=float, default=None, help="discard below (default: model)")
    p.add_argument("--workers", type=int, default=None,
                   help="processes for large files (default: 2 when 2 CPUs or more and one "
                        "of them is free; 1 for small files)")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .csvio import InputError, read_decisions, read_register, read_suppliers, write_links
    from .engine import default_workers, link
    from .model import load_model
    from .records import ACCEPTED, REVIEW

    started = time.perf_counter()

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"zicht link: {msg}", file=sys.stderr, flush=True)

    model = load_model()
    upper = model.upper if args.upper is None else args.upper
    lower = model.lower if args.lower is None else args.lower
    if not 0.0 <= lower <= upper <= 1.0:
        print(f"zicht link: need 0 <= --lower <= --upper <= 1 (got {lower}, {upper})",
              file=sys.stderr)  # fmt: skip
        return EXIT_BAD_INPUT
    try:
        register_entries = read_register(args.register)
        say(f"read {len(register_entries)} register entries from {args.register}")
        suppliers = read_suppliers(args.suppliers)
        say(f"read {len(suppliers)} suppliers from {args.suppliers}")
        decisions = read_decisions(args.decisions) if args.decisions else {}
        if args.decisions:
            say(f"read {len(decisions)} decisions from {args.decisions}")
    except InputError as exc:
        for problem in exc.problems:
            print(f"zicht link: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    workers = default_workers() if args.workers is None else args.workers
    links = link(register_entries, suppliers, decisions, upper=upper, lower=lower,
                 model=model, progress=say, workers=workers,
                 explain=bool(args.explain))  # fmt: skip
    wanted = {ACCEPTED, REVIEW} if args.include_review else {ACCEPTED}
    out = [lk for lk in links if lk.status in wanted and lk.register_id]
    try:
        write_links(args.out, out, with_status=args.include_review)
        if args.explain:
            with args.explain.open("w", encoding="utf-8") as fh:
                for lk in links:
                    fh.write(json.dumps(lk.to_dict(), ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"zicht link: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    n_acc = sum(lk.status == ACCEPTED for lk in links)
    n_rev = sum(lk.status == REVIEW for lk in links)
    say(f"{n_acc} accepted, {n_rev} for review, {len(suppliers) - n_acc - n_rev} without link; "
        f"wrote {len(out)} rows to {args.out} in {time.perf_counter() - started:.1f}s")  # fmt: skip
    return 0
