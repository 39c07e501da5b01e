"""The `zicht demo` and `zicht worker` commands parse, and the logins are printed with a warning."""

import io

from zicht.cli import build_parser
from zicht.demo.cli import print_logins
from zicht.demo.generator import DEMO_PASSWORD


def test_commands_are_registered():
    parser = build_parser()
    args = parser.parse_args(
        ["demo", "--scale", "large", "--no-serve", "--seed", "3", "--port", "8123"]
    )
    assert (args.scale, args.seed, args.no_serve, args.port) == ("large", 3, True, 8123)
    args = parser.parse_args(["worker", "--batch", "--queue-name", "default"])
    assert args.batch and args.queue_name == "default" and not args.reload


def test_logins_are_printed_as_demo_only():
    out = io.StringIO()
    print_logins(out, url="http://127.0.0.1:8123")
    text = out.getvalue()
    assert "DEMO ONLY" in text and DEMO_PASSWORD in text and "http://127.0.0.1:8123" in text
    for email in (
        "admin@zicht.example",
        "inkoper@utrecht.example",
        "beleid@utrecht.example",
        "ondernemer@groenwerkt.example",
        "mkb@bakkerij.example",
    ):
        assert email in text
