"""SROI deliveries: bouwblokken valuation, privacy checks, balance (no Django).

Public API::

    value_delivery(delivery, contract, *, tables=None, counted=None) -> Valuation
    find_double_count(supplier_id, invoice_ref, counted) -> where | None
    balance(contract, accepted, as_of, planned=(), obligation_eur=None) -> dict
    check_reference(ref) -> ref          # raises PrivacyError
    table_for(region, on, tables=None) -> BouwblokkenTable
"""

from .balance import balance
from .privacy import PrivacyError, bsn_candidates, check_reference, passes_eleven_test
from .tables import BouwblokkenTable, TableError, default_tables, load_tables, table_for
from .valuation import (
    Contract,
    DeliveryRefused,
    OtherEffort,
    Placement,
    Purchase,
    Valuation,
    find_double_count,
    invoice_key,
    value_delivery,
)

__all__ = [
    "BouwblokkenTable",
    "Contract",
    "DeliveryRefused",
    "OtherEffort",
    "Placement",
    "PrivacyError",
    "Purchase",
    "TableError",
    "Valuation",
    "balance",
    "bsn_candidates",
    "check_reference",
    "default_tables",
    "find_double_count",
    "invoice_key",
    "load_tables",
    "passes_eleven_test",
    "table_for",
    "value_delivery",
]
