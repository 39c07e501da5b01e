"""Procurement advisor: a framework-free rules engine (no Django).

Public API::

    advise(case, organisations, *, rules=None, overrides=None, tables=None) -> dict
    parse_case(case_dict, rules=None) -> Case            # raises AdviceError
    default_rules() / RuleSet.from_dir(path)             # the dated rules data
    cpv_match(org_code, tender_code), serves(org, municipality_code)
"""

from .engine import AdviceError, Case, advise, parse_case
from .reservation import cpv_match, reservation_2_82, serves
from .rules import RULES_DIR, Rule, RuleError, RuleSet, default_rules

__all__ = [
    "RULES_DIR",
    "AdviceError",
    "Case",
    "Rule",
    "RuleError",
    "RuleSet",
    "advise",
    "cpv_match",
    "default_rules",
    "parse_case",
    "reservation_2_82",
    "serves",
]
