"""Spend import and report benchmark.

    .venv/bin/python benchmarks/bench_spend.py                  # 10 million lines
    .venv/bin/python benchmarks/bench_spend.py --lines 1000000  # a quicker run

Generates (once, kept in benchmarks/out/, which git ignores) a realistic spend file with
50,000 distinct suppliers, imports it into a fresh store, runs the full report a few
times, and prints a markdown table. Import and report each run in a fresh process that
reports its own wall time, CPU time and peak resident memory (ru_maxrss), so the figures
are what a worker process would see. Targets (issue 4): 10M lines on 2 cores, import
<= 60 s, full report <= 2 s, peak memory <= 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
MUNICIPALITY = "GM0344"


def _child(stage: str, args: argparse.Namespace) -> None:
    """Runs inside a fresh process; prints one JSON object."""
    sys.path.insert(0, str(ROOT.parent / "src"))
    from zicht.spend.analytics import spend_report, suppliers
    from zicht.spend.ingest import SpendStore, import_file

    store = SpendStore(args.store)
    t0, c0 = time.perf_counter(), time.process_time()
    out: dict = {}
    if stage == "import":
        result = import_file(args.file, store=store, municipality=MUNICIPALITY)
        out = {"status": result.status, "rows": result.record.rows if result.record else 0,
               "message": result.message}  # fmt: skip
    elif stage == "report":
        sups = suppliers(store, MUNICIPALITY)
        # a classification as the register would give it: every 12th supplier a social
        # enterprise (tiers in turn), every 25th a sociale werkplaats, a third eligible
        cls = [
            {
                "supplier_key": s["supplier_key"],
                "kind": "social_enterprise"
                if i % 12 == 0
                else "sociale_werkplaats"
                if i % 25 == 1
                else "sme",
                "tier": ("self_declared", "verified", "certified")[i % 3],
                "eligible_2_82": i % 12 == 0 or i % 25 == 1 or i % 7 == 0,
            }  # fmt: skip
            for i, s in enumerate(sups)
        ]
        counts = {"77": 5, "90": 4, "55": 3, "79": 2, "18": 3}
        t_prep = time.perf_counter() - t0
        times, cpus = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            report = spend_report(store, MUNICIPALITY, classification=cls, eligible_counts=counts)
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        out = {"times": times, "cpus": cpus, "suppliers": report["suppliers"], "lines": report["lines"],
               "total": report["total"], "supplier_list_s": t_prep,
               "reservable_share": report["reservable"]["share"]}  # fmt: skip
    out.update(
        wall=time.perf_counter() - t0,
        cpu=time.process_time() - c0,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    print(json.dumps(out))


def _run(stage: str, **kw) -> dict:
    argv = [sys.executable, __file__, "--child", stage]
    for k, v in kw.items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{stage} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lines", type=int, default=10_000_000)
    p.add_argument("--suppliers", type=int, default=50_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--keep", action="store_true", help="keep the store afterwards")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--file", help=argparse.SUPPRESS)
    p.add_argument("--store", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        _child(args.child, args)
        return

    sys.path.insert(0, str(ROOT.parent / "src"))
    from zicht.spend.ingest.generator import generate, make_suppliers, write_suppliers

    OUT.mkdir(exist_ok=True)
    name = f"spend_{args.lines}_{args.suppliers}_s{args.seed}"
    path = OUT / f"{name}.csv"
    gen_s = None
    if not path.exists():
        t = time.perf_counter()
        sups = make_suppliers(args.suppliers, args.seed)
        write_suppliers(sups, OUT / f"suppliers_{args.suppliers}_s{args.seed}.csv")
        tmp = path.with_suffix(".tmp")
        generate(tmp, args.lines, suppliers=sups, seed=args.seed)
        tmp.rename(path)
        gen_s = time.perf_counter() - t
    store = OUT / f"store_{name}"
    shutil.rmtree(store, ignore_errors=True)
    load = os.getloadavg()
    imp = _run("import", file=path, store=store)
    load_mid = os.getloadavg()
    rep = _run("report", store=store, repeat=args.repeat)
    load_end = os.getloadavg()
    parquet = sum(f.stat().st_size for f in store.rglob("*.parquet"))
    times = sorted(rep["times"])
    rows = [
        ("lines", f"{args.lines:,}"),
        ("distinct suppliers (in the data)", f"{rep['suppliers']:,}"),
        ("CSV size", f"{path.stat().st_size / 1e9:.2f} GB"),
        ("Parquet size", f"{parquet / 1e6:.0f} MB"),
        ("generate (once)", f"{gen_s:.1f} s" if gen_s else "cached"),
        ("import: wall", f"{imp['wall']:.1f} s ({args.lines / imp['wall'] / 1e3:.0f}k lines/s)"),
        ("import: CPU (all threads)", f"{imp['cpu']:.1f} s"),
        ("import: peak RSS", f"{imp['peak_rss_mb']:.0f} MB"),
        ("report: first run", f"{rep['times'][0]:.2f} s"),
        ("report: median of later runs", f"{times[len(times) // 2]:.2f} s"),
        ("report: best", f"{times[0]:.2f} s"),
        (
            "report: CPU per run (all threads, median)",
            f"{sorted(rep['cpus'])[len(times) // 2]:.2f} s",
        ),
        ("report process: peak RSS", f"{rep['peak_rss_mb']:.0f} MB"),
        ("supplier list (linkage input)", f"{rep['supplier_list_s']:.2f} s"),
        (
            "machine",
            f"{os.cpu_count()} CPUs, {platform.machine()}, load average (1 min) {load[0]:.1f} "
            f"at start, {load_mid[0]:.1f} after the import, {load_end[0]:.1f} at the end",
        ),
    ]
    print(f"\n| spend benchmark ({imp['status']}: {imp['rows']:,} rows) | |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
