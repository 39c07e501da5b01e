"""``zicht sdg classify``: JSON lines in, JSON lines out. Starts without Django."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    sdg = subparsers.add_parser("sdg", help="SDG classification engine")
    sdg_sub = sdg.add_subparsers(dest="sdg_command", metavar="SUBCOMMAND")
    classify = sdg_sub.add_parser(
        "classify",
        help="classify JSON lines {id, text} from stdin into SDGs (JSON lines on stdout)",
        description=(
            "Reads JSON lines {'id': ..., 'text': ...} from stdin and writes one JSON line "
            "per input: {id, lang, sdgs, scores, evidence, targets}, or {id, error} for a "
            "bad line. Exit status 0 unless stdin could not be read."
        ),
    )
    classify.add_argument("--lang", choices=("auto", "nl", "en"), default="auto")
    classify.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="score at or above which an SDG is listed in 'sdgs' (default: calibrated)",
    )
    classify.set_defaults(func=_classify)
    sdg.set_defaults(func=lambda args: (sdg.print_help(), 2)[1])


def _classify(args) -> int:
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("zicht sdg classify: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    from zicht.sdg.engine import SDGEngineError, load

    model = load()
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        print(f"zicht sdg classify: cannot read input: {exc}", file=sys.stderr)
        return 1
    lines = data.splitlines()
    out = sys.stdout
    show_progress = not out.isatty() and len(lines) >= 1000
    iterable = lines
    if show_progress:
        from tqdm import tqdm

        iterable = tqdm(lines, desc="sdg classify", unit="text", file=sys.stderr)
    write = out.write
    for lineno, raw in enumerate(iterable, 1):
        if not raw.strip():
            continue
        record_id = None
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise SDGEngineError("line is not valid UTF-8") from None
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SDGEngineError(f"line {lineno} is not JSON: {exc.msg}") from None
            if not isinstance(obj, dict):
                raise SDGEngineError(f"line {lineno}: expected a JSON object")
            record_id = obj.get("id")
            text = obj.get("text")
            if text is None:
                raise SDGEngineError(f"line {lineno}: no 'text' field")
            if not isinstance(text, str):
                raise SDGEngineError(f"line {lineno}: 'text' must be a string")
            result = model.classify(text, lang=args.lang, threshold=args.threshold)
            record = {"id": record_id, **result.to_dict()}
        except SDGEngineError as exc:
            record = {"id": record_id, "error": str(exc)}
        write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0
