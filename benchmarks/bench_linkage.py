"""Supplier linkage benchmark: Zicht's engine against Splink 5 (DuckDB), same data, same run.

    .venv/bin/pip install -r requirements/bench.txt      # Splink, for this benchmark only
    .venv/bin/python benchmarks/bench_linkage.py          # 20,000 register x 50,000 suppliers
    .venv/bin/python benchmarks/bench_linkage.py --register 2000 --suppliers 5000 --scaling ""

What it does:

1. generates a register and a messy ledger with ground truth
   (``zicht.spend.linkage.generator``, seed ``--seed``; the engine's weights were
   learnt on seed 1000, never on the benchmark seed) and writes them as CSV;
2. runs each tool in its own fresh Python process that reads those CSV files and
   writes its links (so peak memory is per tool, and nothing is shared or warm):
   * ``zicht``: ``zicht.spend.linkage.link`` with its default thresholds, with as
     many processes as ``zicht link`` uses by default (2 on a machine with 2 or more
     CPUs of which one is free, from 10,000 suppliers on), and at the main size also
     with ``--workers 1`` and ``--workers 2``;
   * ``splink``: Splink 5 on DuckDB set up as a skilled user would (below);
3. scores both against the truth (precision, recall, F1 of supplier -> register
   links, at most one per supplier) and prints wall time, CPU time and peak RSS.

Splink set-up: the same cleaning as Zicht gets (KvK digits, names folded with the
legal form removed, register trade names and 'h.o.d.n.' names as extra rows,
postcodes, city aliases, street abbreviations, house numbers), comparisons on name
(Jaro-Winkler 0.95/0.88/0.70 with term-frequency adjustment), KvK (exact, one edit),
postcode (exact, four digits), house number, street (Jaro-Winkler 0.9) and city;
prediction blocking on KvK, postcode, first name word + city, and exact name;
lambda from KvK agreement (recall 0.6), u by random sampling (10 million pairs, the
lower end of what Splink's documentation advises; early stopping left on), m by
EM in two sessions (blocked on KvK, then on postcode). The best-scoring register
entry per supplier is its link. Splink is reported at match probability 0.5 and, to
be generous, at the threshold that gives it the best F1 against the truth.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


# --- children -----------------------------------------------------------------------
def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_zicht(workdir: Path, workers: int) -> dict:
    """``workers`` 0: as many as ``zicht link`` uses by default (decided here, as the
    command line decides it, from the CPUs and the load average)."""
    from zicht.spend.linkage import link
    from zicht.spend.linkage.csvio import read_register, read_suppliers
    from zicht.spend.linkage.engine import MIN_PER_WORKER, default_workers

    t0, c0 = time.perf_counter(), time.process_time()
    asked = workers
    workers = default_workers() if workers == 0 else workers
    register = read_register(workdir / "register.csv")
    suppliers = read_suppliers(workdir / "suppliers.csv")
    links = link(register, suppliers, workers=workers, explain=False)  # as `zicht link` does
    processes = max(1, min(workers, len(suppliers) // MIN_PER_WORKER or 1))
    with (workdir / "zicht_links.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["supplier_id", "register_id", "score", "status"])
        for lk in links:
            w.writerow([lk.supplier_id, lk.register_id, lk.score, lk.status])
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return {"seconds": time.perf_counter() - t0,
            "cpu_seconds": time.process_time() - c0 + children_cpu(),  # workers included
            "peak_rss_mb": peak_rss_mb(), "workers_asked": asked, "workers": workers,
            "processes": processes,
            "worker_peak_rss_mb": worker_peak if processes > 1 else 0.0}  # fmt: skip


def _splink_rows(workdir: Path) -> tuple[list[dict], list[dict]]:
    """Both files cleaned with the same helpers Zicht uses; one row per name variant."""
    from zicht.spend.linkage.candidates import words
    from zicht.spend.linkage.compare import prepare_registers, prepare_suppliers
    from zicht.spend.linkage.csvio import read_register, read_suppliers

    def rows(prepared, prefix):
        out = []
        for p in prepared:
            for k, v in enumerate(p.names or []):
                toks = words(v.core)
                out.append(
                    {
                        "unique_id": f"{prefix}{p.key}#{k}",
                        "record_id": f"{prefix}{p.key}",
                        "name": v.core or None,
                        "name_token": toks[0] if toks else None,
                        "kvk": p.kvk or None,
                        "postcode": p.postcode if len(p.postcode) == 6 else None,
                        "pc4": p.postcode[:4] or None,
                        "house_number": (p.address.number + p.address.suffix) or None,
                        "street": p.address.street or None,
                        "city": p.city or None,
                    }
                )
        return out

    # the same bulk cleaning Zicht's engine uses (each distinct value cleaned once)
    register = prepare_registers(read_register(workdir / "register.csv"))
    suppliers = prepare_suppliers(read_suppliers(workdir / "suppliers.csv"))
    return rows(register, "R:"), rows(suppliers, "S:")


def run_splink(workdir: Path) -> dict:
    import logging

    import pyarrow as pa
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    t0, c0 = time.perf_counter(), time.process_time()
    reg_rows, sup_rows = _splink_rows(workdir)
    db_api = DuckDBAPI()
    left = db_api.register(pa.Table.from_pylist(reg_rows), dataset_display_name="register")
    right = db_api.register(pa.Table.from_pylist(sup_rows), dataset_display_name="suppliers")
    postcode = cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel("pc4"),
            cll.ExactMatchLevel("postcode"),
            cll.ExactMatchLevel("pc4"),
            cll.ElseLevel(),
        ],
        output_column_name="postcode",
    )
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.7]).configure(
                term_frequency_adjustments=True
            ),
            cl.LevenshteinAtThresholds("kvk", [1]),
            postcode,
            cl.ExactMatch("house_number"),
            cl.JaroWinklerAtThresholds("street", [0.9]),
            cl.ExactMatch("city"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("kvk"),
            block_on("postcode"),
            block_on("name_token", "city"),
            block_on("name"),
        ],
        additional_columns_to_retain=["record_id"],
        retain_matching_columns=False,
    )
    t_prep = time.perf_counter() - t0
    linker = Linker([left, right], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("kvk")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("kvk"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    t_train = time.perf_counter() - t0 - t_prep
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    rel = predictions.as_duckdbpyrelation()
    best: dict[str, tuple[float, str]] = {}
    rows = rel.select("record_id_l, record_id_r, match_probability").fetchall()
    for rec_l, rec_r, prob in rows:
        sup, reg = (rec_l, rec_r) if rec_l.startswith("S:") else (rec_r, rec_l)
        if prob > best.get(sup, (-1.0, ""))[0]:
            best[sup] = (prob, reg)
    with (workdir / "splink_links.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["supplier_id", "register_id", "score"])
        for sup, (prob, reg) in best.items():
            w.writerow([sup[2:], reg[2:], prob])
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0,
            "peak_rss_mb": peak_rss_mb(), "pairs_above_0.01": len(rows),
            "seconds_cleaning": t_prep, "seconds_training": t_train}  # fmt: skip


# --- parent -------------------------------------------------------------------------
REPEAT = 1  # set from --repeat


def child(tool: str, workdir: Path, workers: int = 1) -> dict:
    """Run one tool REPEAT times in fresh processes; the run with the median wall time
    is returned, with the minimum and maximum wall times of all runs."""
    runs = sorted((_child_once(tool, workdir, workers) for _ in range(REPEAT)),
                  key=lambda r: r["seconds"])  # fmt: skip
    median = dict(runs[len(runs) // 2])
    median["runs"] = len(runs)
    median["seconds_min"], median["seconds_max"] = runs[0]["seconds"], runs[-1]["seconds"]
    median["cpu_seconds_all"] = [r["cpu_seconds"] for r in runs]
    median["all_runs"] = runs
    return median


def _child_once(tool: str, workdir: Path, workers: int = 1) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run(
        [sys.executable, __file__, "--child", tool, "--workdir", str(workdir),
         "--workers", str(workers)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if res.returncode != 0:
        raise SystemExit(f"{tool} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def read_links(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_links_scores(workdir: Path, tool: str) -> list[tuple[str, str, float]]:
    rows = read_links(workdir / f"{tool}_links.csv")
    return [(r["supplier_id"], r["register_id"], float(r["score"])) for r in rows]


BANDS = [(0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.99), (0.99, 1.01)]


def reliability(links: list[tuple[str, str, float]], truth: dict[str, str | None]) -> list[dict]:
    """Per score band: how many links, their mean score, and the share that is right."""
    out = []
    for lo, hi in BANDS:
        band = [(s, r, p) for s, r, p in links if lo <= p < hi]
        if band:
            right = sum(truth.get(s) == r for s, r, _ in band) / len(band)
            mean = sum(p for _, _, p in band) / len(band)
            out.append({"band": f"{lo:.2f}-{min(hi, 1):.2f}", "links": len(band),
                        "mean_score": mean, "right": right})  # fmt: skip
    return out


def scores(pred: dict[str, str], truth: dict[str, str | None]) -> dict:
    from zicht.spend.linkage import evaluate

    s = evaluate(pred, truth)
    return {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp,
            "fn": s.fn}  # fmt: skip


def line(name: str, sc: dict, run: dict | None) -> str:
    base = f"{name:34s} F1 {sc['f1']:.4f}  P {sc['precision']:.4f}  R {sc['recall']:.4f}"
    if run:
        base += (f"  {run['seconds']:6.1f} s wall  {run['cpu_seconds']:6.1f} s CPU"
                 f"  {run['peak_rss_mb']:5.0f} MB peak")  # fmt: skip
        if run.get("runs", 1) > 1:
            base += (
                f"  [median of {run['runs']}: {run['seconds_min']:.1f}-{run['seconds_max']:.1f} s]"
            )
        if run.get("worker_peak_rss_mb"):
            base += f" (+ forked processes, {run['worker_peak_rss_mb']:.0f} MB peak at most)"
    return base


def bench(n_register: int, n_suppliers: int, seed: int, splink: bool, workdir: Path,
          worker_counts: tuple[int, ...]) -> dict:  # fmt: skip
    from zicht.spend.linkage.generator import generate, write_csv

    data = generate(n_register, n_suppliers, seed=seed)
    write_csv(data, workdir)
    truth = data.truth
    out: dict = {"register": n_register, "suppliers": n_suppliers, "seed": seed,
                 "true_links": sum(v is not None for v in truth.values())}  # fmt: skip
    print(f"\n{n_register} register entries x {n_suppliers} suppliers (seed {seed}, "
          f"{out['true_links']} true links); load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    for workers in worker_counts:
        run = child("zicht", workdir, workers)
        links = read_links(workdir / "zicht_links.csv")
        acc = {r["supplier_id"]: r["register_id"] for r in links if r["status"] == "accepted"}
        both = {r["supplier_id"]: r["register_id"] for r in links}
        key = "zicht" if workers == 0 else f"zicht_workers_{workers}"
        out[key] = {"run": run, "accepted": scores(acc, truth),
                    "accepted_or_review": scores(both, truth),
                    "review_links": sum(r["status"] == "review" for r in links)}  # fmt: skip
        if workers == 0:
            chosen = sorted({r["processes"] for r in run["all_runs"]})
            label = f"zicht, default ({'/'.join(map(str, chosen))} proc.)"
        else:
            label = f"zicht, --workers {workers}"
        print(line(f"{label} (accepted links)", out[key]["accepted"], run), flush=True)
    out["zicht"]["calibration"] = reliability(read_links_scores(workdir, "zicht"), truth)
    print("zicht calibration (score band: links, mean score, share right): " + "; ".join(
        f"{b['band']}: {b['links']}, {b['mean_score']:.2f}, {b['right']:.2f}"
        for b in out["zicht"]["calibration"]))  # fmt: skip
    print(line("zicht (accepted + review)", out["zicht"]["accepted_or_review"], None)
          + f"  [{out['zicht']['review_links']} in review]")  # fmt: skip
    if splink:
        run = child("splink", workdir)
        links = read_links(workdir / "splink_links.csv")
        at = {}
        for t in (0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999):
            at[t] = scores({r["supplier_id"]: r["register_id"] for r in links
                            if float(r["score"]) >= t}, truth)  # fmt: skip
        best_t = max(at, key=lambda t: at[t]["f1"])
        out["splink"] = {"run": run, "at_0.5": at[0.5], "best_threshold": best_t,
                         "at_best": at[best_t], "by_threshold": {str(k): v for k, v in at.items()}}  # fmt: skip
        print(line("splink (p >= 0.5)", at[0.5], run))
        print(f"{'':34s} splink: cleaning {run['seconds_cleaning']:.1f} s, "
              f"training {run['seconds_training']:.1f} s, {run['pairs_above_0.01']} pairs >= 0.01")  # fmt: skip
        print(line(f"splink (best: p >= {best_t})", at[best_t], None))
        for key in [k for k in out if k.startswith("zicht")]:
            ours = out[key]["run"]
            print(f"{key}: {run['seconds'] / ours['seconds']:.1f}x less wall time than Splink, "
                  f"{run['cpu_seconds'] / ours['cpu_seconds']:.1f}x less CPU time")  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--register", type=int, default=20_000)
    p.add_argument("--suppliers", type=int, default=50_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--no-splink", action="store_true", help="only run Zicht's engine")
    p.add_argument("--scaling", default="2000x5000,5000x12500,10000x25000",
                   help="extra sizes for Zicht only (REGISTERxSUPPLIERS,...; '' for none)")  # fmt: skip
    p.add_argument("--json", type=Path, help="write all figures as JSON here")
    p.add_argument("--repeat", type=int, default=1,
                   help="run each tool this many times; report the median wall time")  # fmt: skip
    p.add_argument("--child", choices=["zicht", "splink"], help=argparse.SUPPRESS)
    p.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        if args.child == "zicht":
            result = run_zicht(args.workdir, args.workers)
        else:
            result = run_splink(args.workdir)
        print(json.dumps(result))
        return 0
    global REPEAT
    REPEAT = max(1, args.repeat)
    # Zicht runs the way `zicht link` runs by default (0: decided in the child, as the
    # command line decides: 2 processes when there are 2 or more CPUs and one is free,
    # for 10,000 suppliers or more), and with 1 and 2 processes for comparison
    counts = (0, 1, 2) if (os.cpu_count() or 1) > 1 else (0, 1)
    results = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "repeat": REPEAT,
               "runs": []}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench_linkage_") as tmp:
        for size in [s for s in args.scaling.split(",") if s]:
            n_reg, n_sup = (int(x) for x in size.split("x"))
            d = Path(tmp) / size
            d.mkdir()
            results["runs"].append(bench(n_reg, n_sup, args.seed, not args.no_splink, d, (0,)))
        d = Path(tmp) / "main"
        d.mkdir()
        results["runs"].append(bench(args.register, args.suppliers, args.seed,
                                     not args.no_splink, d, counts))  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
