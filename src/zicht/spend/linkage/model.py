"""The scoring model: a weight per field level, learnt from labelled pairs.

``score = sigmoid(intercept + sum of level weights)`` is the pair's match
probability; the engine then shares probability between competing candidates of one
supplier and applies a final calibration: isotonic (``calibration.x`` -> ``.y``,
interpolated) when knots are given, else Platt (``calibration.a``, ``.b``). The
weights live in ``model.json`` next to this file (data, not code) and are
re-learnt with ``python -m zicht.spend.linkage.training`` (see docs/spend-linkage.md).
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "model.json"


@dataclass(frozen=True, slots=True)
class Model:
    intercept: float
    weights: dict[str, float]  # "field:level" -> log-odds contribution; missing levels = 0
    calibration_a: float = 1.0
    calibration_b: float = 0.0
    upper: float = 0.8
    lower: float = 0.2
    meta: dict = field(default_factory=dict)
    # isotonic calibration: score = piecewise-linear interpolation through these knots
    calibration_x: tuple[float, ...] = ()
    calibration_y: tuple[float, ...] = ()

    def weight(self, field_name: str, level: str) -> float:
        if level == "missing":
            return 0.0
        return self.weights.get(f"{field_name}:{level}", 0.0)

    def logit(self, levels: list[tuple[str, str, str]]) -> float:
        """Pair log-odds: intercept plus the weight of each (field, level)."""
        table = self._table()
        z = self.intercept
        for field_name, level, _ in levels:
            z += table.get((field_name, level), 0.0)
        return z

    def _table(self) -> dict[tuple[str, str], float]:
        table = self.meta.get("_table")  # cached per model instance
        if table is None:
            table = {tuple(k.split(":", 1)): v for k, v in self.weights.items()}
            self.meta["_table"] = table
        return table

    def calibrate(self, p: float) -> float:
        """Map a competition-adjusted pair probability to a calibrated score."""
        if self.calibration_x:
            return _interpolate(p, self.calibration_x, self.calibration_y)
        p = min(max(p, 1e-9), 1 - 1e-9)
        z = self.calibration_a * math.log(p / (1 - p)) + self.calibration_b
        return sigmoid(z)

    def to_dict(self) -> dict:
        return {
            "intercept": self.intercept,
            "weights": self.weights,
            "calibration": {
                "a": self.calibration_a,
                "b": self.calibration_b,
                "x": list(self.calibration_x),
                "y": list(self.calibration_y),
            },
            "thresholds": {"upper": self.upper, "lower": self.lower},
            "meta": {k: v for k, v in self.meta.items() if not k.startswith("_")},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        return cls(
            intercept=float(data["intercept"]),
            weights={k: float(v) for k, v in data["weights"].items()},
            calibration_a=float(data.get("calibration", {}).get("a", 1.0)),
            calibration_b=float(data.get("calibration", {}).get("b", 0.0)),
            upper=float(data.get("thresholds", {}).get("upper", 0.8)),
            lower=float(data.get("thresholds", {}).get("lower", 0.2)),
            meta=dict(data.get("meta", {})),
            calibration_x=tuple(float(v) for v in data.get("calibration", {}).get("x", ())),
            calibration_y=tuple(float(v) for v in data.get("calibration", {}).get("y", ())),
        )


def _interpolate(p: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    if p <= xs[0]:
        return ys[0]
    if p >= xs[-1]:
        return ys[-1]
    k = bisect.bisect_right(xs, p)
    x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@cache
def load_model(path: Path = MODEL_PATH) -> Model:
    with Path(path).open(encoding="utf-8") as fh:
        return Model.from_dict(json.load(fh))
