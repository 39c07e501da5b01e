"""Benchmark of the matching engine (zicht.opportunities.matching) on synthetic data.

    .venv/bin/python benchmarks/bench_matching.py                         # quick: 10k x 1k
    .venv/bin/python benchmarks/bench_matching.py --orgs 10000,30000,100000 --opps 10000

Each organisation count runs in its own subprocess so that peak RSS is per size. Data
come from the deterministic generator (real municipality and CPV codes). Prints a
markdown table; --json writes the raw figures too.

Measured per size:
* build: fit the text vocabulary and build the organisation matrices;
* top-k one opportunity: scores only (rank) and the full answer with parts and reasons
  (explained), median and p95 over --queries opportunities;
* full recomputation: every opportunity's stored top-k list (wall and CPU seconds);
* update: one organisation's profile changes and every affected stored list is patched,
  median / p95 / max over --updates random changes;
* peak RSS of the subprocess.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_one(n_orgs: int, n_opps: int, k: int, queries: int, updates: int, seed: int) -> dict:
    from zicht.opportunities.matching import MatchIndex, synthetic
    from zicht.opportunities.matching.index import top_rows

    out: dict = {"organisations": n_orgs, "opportunities": n_opps, "k": k}
    t = time.perf_counter()
    orgs = synthetic.organisations(n_orgs, seed=seed)
    opps = synthetic.opportunities(n_opps, seed=seed + 1)
    out["generate_s"] = time.perf_counter() - t

    t, c = time.perf_counter(), time.process_time()
    index = MatchIndex.build(orgs)
    out["build_s"] = time.perf_counter() - t
    out["build_cpu_s"] = time.process_time() - c

    t = time.perf_counter()
    index.set_opportunities(opps)
    out["prepare_opps_s"] = time.perf_counter() - t

    rng = random.Random(seed)
    sample = [opps[rng.randrange(len(opps))] for _ in range(queries)]
    index.top_for_opportunity(sample[0], k)  # warm caches (reference tables, stemmer)
    rank_ms, explained_ms, rank_cpu, explained_cpu = [], [], [], []
    for o in sample:
        t, c = time.perf_counter(), time.process_time()
        feats = index._opp_features([o])
        score, _ = index._score_all(feats, index._buyer_rows([o]))
        top_rows(score, k)
        rank_ms.append((time.perf_counter() - t) * 1000)
        rank_cpu.append((time.process_time() - c) * 1000)
        t, c = time.perf_counter(), time.process_time()
        ranking = index.top_for_opportunity(o, k)
        explained_ms.append((time.perf_counter() - t) * 1000)
        explained_cpu.append((time.process_time() - c) * 1000)
    out["one_rank_cpu_ms_median"] = statistics.median(rank_cpu)
    out["one_explained_cpu_ms_median"] = statistics.median(explained_cpu)
    out["one_rank_ms_median"] = statistics.median(rank_ms)
    out["one_rank_ms_p95"] = _pct(rank_ms, 0.95)
    out["one_explained_ms_median"] = statistics.median(explained_ms)
    out["one_explained_ms_p95"] = _pct(explained_ms, 0.95)
    out["example_matches"] = len(ranking)

    t, c = time.perf_counter(), time.process_time()
    index.recompute_all(k=k)
    out["recompute_all_s"] = time.perf_counter() - t
    out["recompute_all_cpu_s"] = time.process_time() - c

    upd_ms, upd_cpu, changed = [], [], []
    for step in range(updates):
        victim = copy.deepcopy(index.orgs[rng.randrange(len(index.orgs))])
        donor = orgs[rng.randrange(len(orgs))]
        victim.cpv, victim.description = list(donor.cpv), donor.description
        victim.municipality, victim.sdgs = donor.municipality, dict(donor.sdgs)
        if step % 4 == 0:
            victim.target_group_share, victim.tier = 0.6, "certified"
        t, c = time.perf_counter(), time.process_time()
        changed.append(len(index.update_organisation(victim)))
        upd_ms.append((time.perf_counter() - t) * 1000)
        upd_cpu.append((time.process_time() - c) * 1000)
    out["update_cpu_ms_median"] = statistics.median(upd_cpu)
    out["update_ms_median"] = statistics.median(upd_ms)
    out["update_ms_p95"] = _pct(upd_ms, 0.95)
    out["update_ms_max"] = max(upd_ms)
    out["update_lists_changed_mean"] = statistics.mean(changed)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


ROWS = [
    ("organisations", "organisations", "{:,}"),
    ("opportunities", "opportunities", "{:,}"),
    ("build index (s)", "build_s", "{:.1f}"),
    ("top-{k} one opportunity, scores only (ms wall median / p95; CPU median)", "one_rank", None),
    ("top-{k} one opportunity, with parts + reasons (same)", "one_explained", None),
    ("recompute all top-{k} lists (s wall / CPU)", "recompute_all", None),
    ("update one organisation (ms wall median / p95 / max; CPU median)", "update", None),
    ("lists changed per update (mean)", "update_lists_changed_mean", "{:.1f}"),
    ("peak RSS (MB)", "peak_rss_mb", "{:,.0f}"),
]


def _cell(r: dict, key: str, fmt: str | None) -> str:
    if fmt:
        return fmt.format(r[key])
    if key in ("one_rank", "one_explained"):
        return (
            f"{r[key + '_ms_median']:.1f} / {r[key + '_ms_p95']:.1f}; "
            f"{r[key + '_cpu_ms_median']:.1f}"
        )
    if key == "recompute_all":
        return f"{r['recompute_all_s']:.1f} / {r['recompute_all_cpu_s']:.1f}"
    return (
        f"{r['update_ms_median']:.1f} / {r['update_ms_p95']:.1f} / {r['update_ms_max']:.1f}; "
        f"{r['update_cpu_ms_median']:.1f}"
    )


def table(results: list[dict]) -> str:
    k = results[0]["k"]
    lines = ["| measure | " + " | ".join(f"{r['organisations']:,}" for r in results) + " |"]
    lines.append("|---|" + "---|" * len(results))
    for label, key, fmt in ROWS[2:]:
        cells = " | ".join(_cell(r, key, fmt) for r in results)
        lines.append(f"| {label.format(k=k)} | {cells} |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--orgs", default="10000", help="comma-separated organisation counts")
    p.add_argument("--opps", type=int, default=1000)
    p.add_argument("--k", type=int, default=20)
    p.add_argument("--queries", type=int, default=30)
    p.add_argument("--updates", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", help="also write the raw figures to this file")
    p.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sizes = [int(x) for x in args.orgs.split(",")]
    if args.single:
        print(
            json.dumps(run_one(sizes[0], args.opps, args.k, args.queries, args.updates, args.seed))
        )
        return 0
    results = []
    load0 = os.getloadavg()
    for n in sizes:
        cmd = [
            sys.executable,
            __file__,
            "--single",
            "--orgs",
            str(n),
            "--opps",
            str(args.opps),
            "--k",
            str(args.k),
            "--queries",
            str(args.queries),
            "--updates",
            str(args.updates),
            "--seed",
            str(args.seed),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"done {n:,} organisations", file=sys.stderr)
    print(f"load average before: {load0[0]:.1f} / {load0[1]:.1f} / {load0[2]:.1f}")
    load = os.getloadavg()
    print(
        f"cores: {os.cpu_count()}, load average at end: {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f}, python {sys.version.split()[0]}"
    )
    print()
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
