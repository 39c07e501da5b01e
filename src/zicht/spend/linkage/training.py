"""Learn the linkage model's weights from labelled pairs and write ``model.json``.

By default the labels come from the messy-data generator (a seed not used by the
tests or the benchmark). Reviewed links from municipalities are better labels; pass
them as (register, suppliers, truth) to :func:`fit`.

    python -m zicht.spend.linkage.training [--seed 1000] [--out model.json]

The model is logistic regression over one-hot field levels (a discriminative
Fellegi-Sunter model: every level gets a log-odds weight, ``missing`` is the
reference with weight 0), followed by a Platt calibration of the best candidate's
score after competition between candidates.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence

import numpy as np

from .engine import candidate_pairs
from .generator import generate
from .model import MODEL_PATH, Model
from .pairs import FIELDS, LEVELS
from .records import RegisterEntry, SupplierRecord


def _knots(xs, ys) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Round and thin the isotonic step function to a short, strictly increasing x list."""
    out_x: list[float] = []
    out_y: list[float] = []
    for x, y in zip(xs, ys, strict=True):
        x, y = round(float(x), 6), round(float(y), 4)
        if out_x and x <= out_x[-1]:
            out_y[-1] = max(out_y[-1], y)
            continue
        if len(out_y) >= 2 and out_y[-1] == y == out_y[-2]:
            out_x[-1] = x  # extend a flat run instead of adding a knot
            continue
        out_x.append(x)
        out_y.append(y)
    return tuple(out_x), tuple(out_y)


def fit(
    register: Sequence[RegisterEntry],
    suppliers: Sequence[SupplierRecord],
    truth: Mapping[str, str | None],
    *,
    upper: float = 0.8,
    lower: float = 0.2,
    meta: dict | None = None,
) -> Model:
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    blank = Model(intercept=0.0, weights={})
    reg, batch = candidate_pairs(register, suppliers, blank)
    names: list[str] = []
    columns = []
    for f in FIELDS:
        for code, level in enumerate(LEVELS[f]):
            if level != "missing":
                names.append(f"{f}:{level}")
                columns.append(batch.levels[f] == code)
    x = np.column_stack(columns).astype(np.float64)
    sup_truth = [truth.get(p.key) for p in batch.sup]
    y = np.fromiter((reg[i].key == sup_truth[j] for j, i in zip(batch.si, batch.ri, strict=True)),
                    bool, len(batch.si)).astype(int)  # fmt: skip
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(x, y)
    model = Model(
        intercept=float(clf.intercept_[0]),
        weights={n: round(float(w), 4) for n, w in zip(names, clf.coef_[0], strict=True)},
        upper=upper,
        lower=lower,
    )
    # calibration of the best candidate's competition-adjusted share
    batch.score(model)
    has = batch.best >= 0
    shares = np.clip(batch.share[has], 1e-9, 1 - 1e-9)
    best_reg = batch.ri[batch.best[has]]
    labels = np.fromiter((reg[i].key == sup_truth[j] for j, i in
                          zip(np.nonzero(has)[0], best_reg, strict=True)), bool).astype(int)  # fmt: skip
    logits = np.log(shares / (1 - shares))
    platt = LogisticRegression(C=100.0)
    platt.fit(logits.reshape(-1, 1), labels)
    # isotonic: monotone, makes "score 0.6" mean "right 6 times in 10" on the training set
    shares = 1.0 / (1.0 + np.exp(-np.asarray(logits)))
    # never 0 or 1: a score is evidence, not certainty (only a person's decision is 1.0)
    iso = IsotonicRegression(y_min=0.0005, y_max=0.9995, out_of_bounds="clip")
    iso.fit(shares, labels)
    knots_x, knots_y = _knots(iso.X_thresholds_, iso.y_thresholds_)
    return Model(
        intercept=model.intercept,
        weights=model.weights,
        calibration_a=round(float(platt.coef_[0][0]), 4),
        calibration_b=round(float(platt.intercept_[0]), 4),
        calibration_x=knots_x,
        calibration_y=knots_y,
        upper=upper,
        lower=lower,
        meta={**(meta or {}), "pairs": len(y), "positive_pairs": int(y.sum())},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--register", type=int, default=12000)
    parser.add_argument("--suppliers", type=int, default=30000)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    data = generate(args.register, args.suppliers, seed=args.seed)
    meta = {"source": "zicht.spend.linkage.generator", "seed": args.seed,
            "register": args.register, "suppliers": args.suppliers}  # fmt: skip
    model = fit(data.register, data.suppliers, data.truth, meta=meta)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(model.to_dict(), fh, indent=2, sort_keys=True)
        fh.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
