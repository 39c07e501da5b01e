"""Directory search speed on the large demo scale (10,000 social enterprises, 100,000 SMEs).

Measures server time of GET /organisaties with a text query and two filters, in-process
through Django's test client (the whole view: form, query, count, page, template), on
SQLite and, when --postgres is given, on PostgreSQL.

    .venv/bin/python benchmarks/bench_directory.py                 # SQLite
    .venv/bin/python benchmarks/bench_directory.py --postgres postgres://postgres@127.0.0.1:5432/zicht_bench

The first run loads the large demo data (several minutes); later runs reuse it.
Target (issue 2): p95 <= 150 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
WORDS = [
    "groen",
    "schoon",
    "catering",
    "fiets",
    "kringloop",
    "koffie",
    "bouw",
    "zorg",
    "textiel",
    "druk",
    "werk",
    "post",
    "ict",
    "energie",
    "verhuis",
    "bakker",
    "install",
    "stichting",
]
FILTERS = [
    ("province", ["Utrecht", "Noord-Holland", "Zuid-Holland", "Gelderland", "Noord-Brabant"]),
    ("region", ["AM12", "AM20", "AM24", "AM16", "AM08"]),
    ("sdg", ["8", "10", "12", "11", "3"]),
    ("tier", ["verified", "certified", "self_declared"]),
    ("eligible", ["yes", "no"]),
    ("kind", ["social_enterprise", "sme", "sociale_werkplaats"]),
    ("cpv", ["90", "77", "55", "45", "79"]),
]


def ensure_data(env: dict) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "zicht"), "demo", "--scale", "large", "--no-serve"],
        env=env,
        check=True,
    )


def run(label: str, env: dict, n: int, seed: int) -> dict:
    code = f"""
import os, random, statistics, time, json
import django
django.setup()
import re
from django.test import Client
from django.db import connection
c = Client(HTTP_HOST="localhost")
rng = random.Random({seed})
WORDS = {WORDS!r}
FILTERS = {FILTERS!r}
times = []
counts = []
for i in range({n} + 10):
    a, b = rng.sample(FILTERS, 2)
    params = {{"q": rng.choice(WORDS), a[0]: rng.choice(a[1]), b[0]: rng.choice(b[1])}}
    t = time.perf_counter()
    r = c.get("/organisaties", params)
    dt = (time.perf_counter() - t) * 1000
    assert r.status_code == 200, r.status_code
    if i >= 10:  # warm-up excluded
        times.append(dt)
        counts.append(int(re.search(rb'data-count="(\\d+)"', r.content).group(1)))
times.sort()
from zicht.registry.models import Organisation
print(json.dumps({{"n": len(times), "orgs": Organisation.objects.count(),
    "p50": statistics.median(times), "p95": times[int(0.95 * len(times)) - 1], "max": times[-1],
    "mean_hits": statistics.mean(counts), "vendor": connection.vendor}}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{label} benchmark failed:\n{out.stderr[-3000:]}")
    import json

    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["label"] = label
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="PostgreSQL URL to benchmark as well")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zicht.settings.dev",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    targets = [
        (
            "SQLite",
            {
                **base,
                "ZICHT_VAR_DIR": str(OUT / "directory-sqlite"),
                "DATABASE_URL": f"sqlite:///{OUT / 'directory-sqlite' / 'zicht.sqlite3'}",
            },
        )
    ]
    if args.postgres:
        targets.append(
            (
                "PostgreSQL",
                {**base, "ZICHT_VAR_DIR": str(OUT / "directory-pg"), "DATABASE_URL": args.postgres},
            )
        )
    results = []
    for label, env in targets:
        Path(env["ZICHT_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        ensure_data(env)
        print(f"{label}: data ready in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        results.append(run(label, env, args.queries, args.seed))
    print("| database | organisations | queries | p50 ms | p95 ms | max ms | mean hits |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['label']} | {r['orgs']:,} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | {r['mean_hits']:.0f} |"
        )
    ok = all(r["p95"] <= 150 for r in results)
    print(f"\ntarget p95 <= 150 ms: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
