"""SDG engine benchmark: quality on the held-out evaluation set and speed.

    .venv/bin/python benchmarks/bench_sdg.py                 # held-out quality + speed
    .venv/bin/python benchmarks/bench_sdg.py --split tune    # the tuning part instead
    .venv/bin/python benchmarks/bench_sdg.py --no-speed --errors 20
    .venv/bin/python benchmarks/bench_sdg.py --write-docs    # also update docs/sdg-engine.md

Prints markdown. Quality is measured per (text, SDG) pair against the expert-style
labels in src/zicht/sdg/engine/data/eval/eval.jsonl. Speed runs on one core
(sched_setaffinity) with ~100-word texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zicht.sdg.engine import SDGS, load  # noqa: E402

EVAL = ROOT / "src" / "zicht" / "sdg" / "engine" / "data" / "eval" / "eval.jsonl"
SECOND = EVAL.with_name("second_annotator.jsonl")
DOCS = ROOT / "docs" / "sdg-engine.md"


def read_eval(split: str) -> list[dict]:
    rows = [json.loads(line) for line in EVAL.open(encoding="utf-8") if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def score_sets(pred: list[set], gold: list[set], focus: list, keep=None) -> dict:
    """One labelling (``pred``) against another (``gold``), per SDG and averaged.

    P/R/F1 and pair accuracy over all (text, SDG) pairs; focus F1/accuracy over each
    SDG's own judged texts (its positives and realistic negatives, as in OSDG-style
    evaluation; "always yes" is the F1 of answering yes to all of them). ``keep(i, k)``
    may leave pairs out (e.g. those two annotators disagree on)."""
    out: dict = {"per_sdg": {}}
    for k in SDGS:
        tp = fp = fn = tn = f_ok = f_n = f_tp = f_fp = f_fn = f_pos = 0
        for i, (p, g, f) in enumerate(zip(pred, gold, focus, strict=True)):
            if keep is not None and not keep(i, k):
                continue
            a, q = k in g, k in p
            tp += a and q
            fp += q and not a
            fn += a and not q
            tn += not (a or q)
            if f == k:
                f_n += 1
                f_ok += a == q
                f_tp += a and q
                f_fp += q and not a
                f_fn += a and not q
                f_pos += a
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out["per_sdg"][k] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "pairs": tp + fp + fn + tn,
            "support": tp + fn,
            "p": prec,
            "r": rec,
            "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "acc": (tp + tn) / max(tp + fp + fn + tn, 1),
            "focus_acc": f_ok / f_n if f_n else float("nan"),
            "focus_n": f_n,
            "focus_f1": 2 * f_tp / (2 * f_tp + f_fp + f_fn) if f_tp else 0.0,
            "focus_yes_f1": 2 * f_pos / (f_pos + f_n) if f_n else 0.0,
        }
    per = out["per_sdg"].values()
    for key, name in (
        ("p", "macro_p"),
        ("r", "macro_r"),
        ("f1", "macro_f1"),
        ("focus_acc", "focus_acc"),
        ("focus_f1", "focus_f1"),
        ("focus_yes_f1", "focus_yes_f1"),
    ):
        out[name] = sum(v[key] for v in per) / 17
    tp, fp, fn = (sum(v[x] for v in per) for x in ("tp", "fp", "fn"))
    out["micro_f1"] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    pairs = sum(v["pairs"] for v in per)
    out["pair_acc"] = 1 - (fp + fn) / pairs if pairs else 0.0
    out["exact"] = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
    return out


def evaluate(rows: list[dict], threshold: float | None = None) -> dict:
    model = load()
    preds = [model.classify(r["text"], lang="auto", threshold=threshold) for r in rows]
    gold = [set(r["labels"]) for r in rows]
    out = score_sets([set(p.sdgs) for p in preds], gold, [r.get("focus") for r in rows])
    out["n"] = len(rows)
    top1 = atleast = with_gold = 0
    for g, p in zip(gold, preds, strict=True):
        if g:
            with_gold += 1
            best = max(SDGS, key=lambda k, p=p: p.scores[k])
            top1 += best in g
            atleast += bool(g & set(p.sdgs))
    out["top1"] = top1 / with_gold if with_gold else 0.0
    out["at_least_one"] = atleast / with_gold if with_gold else 0.0
    out["preds"] = preds
    return out


def quality_tables(split: str) -> tuple[str, dict]:
    rows = read_eval(split)
    lines = []
    results = {}
    for lang in ("nl", "en"):
        sub = [r for r in rows if r["lang"] == lang]
        res = evaluate(sub)
        results[lang] = res
        lines.append(f"\n#### {lang.upper()} ({len(sub)} texts, split: {split})\n")
        lines.append("| SDG | support | P | R | F1 | pair acc | focus F1 | focus acc (n) |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for k, v in res["per_sdg"].items():
            lines.append(
                f"| {k} | {v['support']} | {v['p']:.2f} | {v['r']:.2f} | {v['f1']:.2f} | "
                f"{v['acc']:.3f} | {v['focus_f1']:.2f} | {v['focus_acc']:.2f} ({v['focus_n']}) |"
            )
        lines.append(
            f"| **macro** | | **{res['macro_p']:.3f}** | **{res['macro_r']:.3f}** | "
            f"**{res['macro_f1']:.3f}** | **{res['pair_acc']:.3f}** | **{res['focus_f1']:.3f}** "
            f"| **{res['focus_acc']:.3f}** |"
        )
    lines.append("\n#### Summary\n")
    lines.append(
        "| lang | macro P | macro R | macro F1 | micro F1 | pair accuracy | focus F1 "
        "| focus F1 if always yes | focus accuracy | exact-match | top-1 in gold | ≥1 right |"
    )
    lines.append(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for lang, res in results.items():
        lines.append(
            f"| {lang} | {res['macro_p']:.3f} | {res['macro_r']:.3f} | {res['macro_f1']:.3f} | "
            f"{res['micro_f1']:.3f} | {res['pair_acc']:.3f} | {res['focus_f1']:.3f} | "
            f"{res['focus_yes_f1']:.3f} | {res['focus_acc']:.3f} | "
            f"{res['exact']:.3f} | {res['top1']:.3f} | {res['at_least_one']:.3f} |"
        )
    return "\n".join(lines), results


def speed() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    code = (
        "import time; t=time.perf_counter(); from zicht.sdg.engine import load; load(); "
        "print(time.perf_counter()-t)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    loads = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        loads.append(float(done.stdout.strip()))
    # ~100-word texts: consecutive eval texts joined until they reach 100 words
    rows = read_eval("all")
    texts, buf = [], []
    for i in range(3):
        for r in rows[i::3]:
            buf.append(r["text"])
            if sum(len(t.split()) for t in buf) >= 100:
                texts.append(" ".join(buf))
                buf = []
    words = sum(len(t.split()) for t in texts) / len(texts)
    model = load()
    for t in texts[:50]:
        model.classify(t)  # warm-up
    n = 0
    start = time.perf_counter()
    cpu0 = time.process_time()
    while time.perf_counter() - start < 5.0:
        for t in texts:
            model.classify(t)
        n += len(texts)
    rate = n / (time.perf_counter() - start)
    cpu_rate = n / (time.process_time() - cpu0)
    big = " ".join(r["text"] for r in rows)
    t0 = time.perf_counter()
    model.classify(big)
    big_s = time.perf_counter() - t0
    return (
        "| measure | value |\n| --- | ---: |\n"
        f"| texts/s (wall clock), one core, {len(texts)} distinct texts of ~{words:.0f} words "
        f"| {rate:,.0f} |\n"
        f"| texts/s (CPU time), same run | {cpu_rate:,.0f} |\n"
        f"| load average during the run (1 min) | {os.getloadavg()[0]:.1f} |\n"
        f"| model load in a fresh process (best of 3) | {min(loads):.2f} s |\n"
        f"| one text of {len(big.split()):,} words ({len(big.encode()) / 1024:.0f} KiB) "
        f"| {big_s * 1000:.0f} ms |"
    )


def agreement_table(results: dict) -> str:
    """The held-out texts were labelled a second time, independently (without seeing the
    first labels or the model): how far do two annotators agree, and how does the
    engine score against each of them?"""
    if not SECOND.exists():
        return ""
    second = {r["id"]: set(r["labels"]) for r in map(json.loads, SECOND.open(encoding="utf-8"))}
    rows = read_eval("heldout")
    lines = [
        "| lang | labelling | against | macro P | macro R | macro F1 | pair acc "
        "| focus F1 | focus acc | exact match |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lang, res in results.items():
        sub = [r for r in rows if r["lang"] == lang and r["id"] in second]
        if not sub:
            continue
        preds = {
            r["id"]: set(p.sdgs)
            for r, p in zip([r for r in rows if r["lang"] == lang], res["preds"], strict=True)
        }
        first = [set(r["labels"]) for r in sub]
        other = [second[r["id"]] for r in sub]
        engine = [preds[r["id"]] for r in sub]
        focus = [r.get("focus") for r in sub]

        def agreed(i, k, first=first, other=other):
            return (k in first[i]) == (k in other[i])

        for name, pred, gold, against, keep in (
            ("annotator B", other, first, "annotator A", None),
            ("engine", engine, first, "annotator A", None),
            ("engine", engine, other, "annotator B", None),
            ("engine", engine, first, "pairs A and B agree on", agreed),
        ):
            m = score_sets(pred, gold, focus, keep)
            exact = "–" if keep else f"{m['exact']:.3f}"
            lines.append(
                f"| {lang} | {name} | {against} | {m['macro_p']:.3f} | {m['macro_r']:.3f} | "
                f"**{m['macro_f1']:.3f}** | {m['pair_acc']:.3f} | {m['focus_f1']:.3f} | "
                f"{m['focus_acc']:.3f} | {exact} |"
            )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="heldout", choices=("heldout", "tune", "all"))
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="show N misclassified pairs")
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()
    model = load()
    md = [f"### Quality (threshold {model.threshold:.2f})"]
    table, results = quality_tables(args.split)
    md.append(table)
    if args.split == "heldout":
        agree = agreement_table(results)
        if agree:
            md.append("\n#### Agreement with a second, independent annotator\n")
            md.append(agree)
    if not args.no_speed:
        md.append("\n### Speed\n")
        md.append(speed())
    text = "\n".join(md)
    print(text)
    if args.errors:
        rows = read_eval(args.split)
        by_id = {}
        for lang, res in results.items():
            sub = [r for r in rows if r["lang"] == lang]
            for r, p in zip(sub, res["preds"], strict=True):
                by_id[r["id"]] = (r, p)
        shown = 0
        for r, p in by_id.values():
            gold, pred = set(r["labels"]), set(p.sdgs)
            if gold != pred and shown < args.errors:
                shown += 1
                top = sorted(p.scores.items(), key=lambda kv: -kv[1])[:3]
                print(f"\n{r['id']} gold={sorted(gold)} pred={sorted(pred)} top={top}")
                print(f"  {r['text'][:160]}")
                print(f"  evidence={ {k: v for k, v in p.evidence.items() if v} }")
    if args.write_docs and args.split == "heldout":
        doc = DOCS.read_text(encoding="utf-8")
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        if start in doc and end in doc:
            doc = re.sub(
                re.escape(start) + ".*?" + re.escape(end),
                lambda _m: f"{start}\n{text}\n{end}",
                doc,
                flags=re.S,
            )
            DOCS.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
