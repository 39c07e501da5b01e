"""Supplier linkage: link a municipality's ledger suppliers to register organisations.

Framework-free (no Django). The public API:

    from zicht.spend.linkage import link, RegisterEntry, SupplierRecord

    links = link(register, suppliers, decisions={"CRED-001": "R000042", "CRED-002": "rejected"})
    for lk in links:
        lk.supplier_id, lk.register_id, lk.score, lk.method, lk.status, lk.explanation

See docs/spend-linkage.md for the method, calibration and benchmark.
"""

from .engine import REJECTED_DECISION, link
from .evaluation import Scores, evaluate
from .model import Model, load_model
from .records import (
    ACCEPTED,
    METHOD_DECISION,
    METHOD_FUZZY,
    METHOD_KVK,
    REJECTED,
    REVIEW,
    Evidence,
    Link,
    RegisterEntry,
    SupplierRecord,
)

__all__ = [
    "ACCEPTED",
    "METHOD_DECISION",
    "METHOD_FUZZY",
    "METHOD_KVK",
    "REJECTED",
    "REJECTED_DECISION",
    "REVIEW",
    "Evidence",
    "Link",
    "Model",
    "RegisterEntry",
    "Scores",
    "SupplierRecord",
    "evaluate",
    "link",
    "load_model",
]
