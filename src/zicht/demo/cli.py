"""``zicht demo`` (migrate, load demo data, run web server + worker + scheduler) and
``zicht worker``."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

DEMO_SETTINGS = "zicht.settings.dev"


def register(subparsers: argparse._SubParsersAction) -> None:
    from .generator import SCALES

    p = subparsers.add_parser(
        "demo",
        help="migrate, load demo data and run Zicht on http://127.0.0.1:8000 with a background worker",
        description="Migrate the database, load reference and demo data (idempotent), print the demo "
        "logins, then run the web server and a background worker until Ctrl-C.",
    )
    p.add_argument(
        "--scale",
        choices=list(SCALES),
        default="default",
        help="tiny (tests), default (2,000 social enterprises, 5,000 SMEs) or large "
        "(10,000 social enterprises, 100,000 SMEs; for benchmarks)",
    )
    p.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    p.add_argument(
        "--no-serve", action="store_true", help="load the data and exit without starting servers"
    )
    p.add_argument("--port", type=int, default=8000, help="web server port (default 8000)")
    p.set_defaults(func=_demo)

    w = subparsers.add_parser(
        "worker",
        help="run the background task worker (django-tasks database backend)",
        description="Run the django-tasks database worker (`zicht manage db_worker` has every option).",
    )
    w.add_argument("--queue-name", help="queues to process, comma-separated (default: default)")
    w.add_argument("--interval", type=float, help="seconds to wait between polls when idle")
    w.add_argument("--batch", action="store_true", help="process the outstanding tasks, then exit")
    w.add_argument("--max-tasks", type=int, help="exit after this many tasks")
    w.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    w.set_defaults(func=_worker)


def _setup() -> None:
    from zicht.cli import setup_django

    setup_django(os.environ.get("DJANGO_SETTINGS_MODULE", DEMO_SETTINGS))


def print_logins(out=None, url: str = "http://127.0.0.1:8000") -> None:
    from .generator import DEMO_PASSWORD
    from .texts import demo_users

    out = out or sys.stdout
    users = demo_users()
    width = max(len(u.email) for u in users)
    out.write("\n" + "=" * 78 + "\n")
    out.write(f"Zicht demo: {url}\n\n")
    out.write(
        "Demo logins (DEMO ONLY - never use these accounts or this password on a real site):\n"
    )
    for u in users:
        out.write(f"  {u.email:<{width}}  {u.label}\n")
    out.write(f"\n  Password for every demo login: {DEMO_PASSWORD}\n")
    out.write("=" * 78 + "\n\n")


def _demo(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    from .loader import DemoConflict, load_demo

    db = settings.DATABASES["default"]
    print(f"Database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME', '')}")
    print("Migrating the database (reference data loads automatically) ...")
    t = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"  done in {time.monotonic() - t:.1f} s")
    try:
        counts = load_demo(args.scale, args.seed)
    except DemoConflict as exc:
        print(f"zicht demo: {exc}", file=sys.stderr)
        return 1
    if counts.get("loaded"):
        print(f"Loaded the {args.scale} demo data in {counts['seconds']} s:")
    else:
        print("In the database:")
    for key, value in counts.items():
        if key not in ("loaded", "scale", "seconds"):
            print(f"  {value:>9,}  {key}")
    from .extensions import load_app_demos

    print("Demo data of the other apps:")
    load_app_demos()
    if settings.DEBUG:
        # runserver serves static files itself in DEBUG; an empty STATIC_ROOT keeps WhiteNoise quiet.
        os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    else:
        call_command("collectstatic", interactive=False, verbosity=0)
    url = f"http://127.0.0.1:{args.port}"
    print_logins(url=url)
    if args.no_serve:
        return 0
    return serve(args.port)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, make the child get SIGTERM when `zicht demo` dies, so nothing is left running."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _spawn(argv: list[str]) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "zicht.cli", "manage", *argv]
    # A new session: Ctrl-C reaches only this process, which then stops the children in order.
    return subprocess.Popen(cmd, start_new_session=True, preexec_fn=_die_with_parent)  # noqa: PLW1509


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve(port: int) -> int:
    """Run the worker, the scheduler and the web server; stop all when one ends or on a signal."""
    worker = _spawn(["db_worker", "--no-reload"])
    scheduler = _spawn(["scheduler"])
    server = _spawn(["runserver", "--noreload", f"127.0.0.1:{port}"])
    children = {"web server": server, "worker": worker, "scheduler": scheduler}
    stopping: list[int] = []

    def forward(signum, _frame):
        stopping.append(signum)
        _stop_all(signum)

    def _stop_all(signum: int) -> None:
        for proc in children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    previous = {
        s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        while all(proc.poll() is None for proc in children.values()):
            time.sleep(0.5)
        if not stopping:
            ended = next(name for name, proc in children.items() if proc.poll() is not None)
            print(f"zicht demo: the {ended} stopped; stopping the rest.", file=sys.stderr)
    finally:
        for proc in children.values():
            _stop(proc)
        for s, handler in previous.items():
            signal.signal(s, handler)
    print("Zicht demo stopped.")
    code = server.returncode
    return 0 if stopping or code in (0, -signal.SIGTERM, -signal.SIGINT) else code


def _worker(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    options = {"reload": args.reload, "batch": args.batch}
    for name in ("queue_name", "interval", "max_tasks"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    call_command("db_worker", **options)
    return 0
