"""Framework-free SDG classification engine (no Django imports).

    >>> from zicht.sdg.engine import classify
    >>> result = classify("Wij plaatsen zonnepanelen bij huishoudens met energiearmoede.")
    >>> result.sdgs, result.scores[7], result.evidence[7], result.targets

``classify(text, lang="auto", threshold=None) -> Classification``. Errors are
subclasses of ``SDGEngineError`` (a ``ValueError``): ``EmptyText``,
``TextTooLarge`` (API: 413), ``InvalidText`` (binary/garbled). See docs/sdg-engine.md.
"""

from __future__ import annotations

from functools import lru_cache

from .core import (
    MAX_TEXT_BYTES,
    SDGS,
    Classification,
    EmptyText,
    InvalidText,
    Model,
    SDGEngineError,
    TextTooLarge,
)

__all__ = [
    "MAX_TEXT_BYTES",
    "SDGS",
    "Classification",
    "EmptyText",
    "InvalidText",
    "Model",
    "SDGEngineError",
    "TextTooLarge",
    "classify",
    "load",
]


@lru_cache(maxsize=1)
def load() -> Model:
    """Load (once per process) the lexicons and trained weights shipped in data/."""
    return Model()


def classify(text: str | bytes, lang: str = "auto", threshold: float | None = None):
    """Classify a Dutch or English text against the 17 SDGs.

    ``lang``: "auto" (detect), "nl" or "en". ``threshold``: probability at or above
    which an SDG is listed in ``.sdgs`` (default: the calibrated value of the model).
    """
    return load().classify(text, lang=lang, threshold=threshold)
