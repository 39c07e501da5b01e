"""OCDS open data for social procurement (no Django).

Public API::

    build_plan_release(plan, *, ocid_prefix, release_date) -> dict
    build_contract_release(contract, *, ocid_prefix, release_date) -> dict
    build_release_package(releases, *, uri, publisher_name, published_date, ...) -> dict
    validate_package(package) -> list[str]      # shipped schemas, no network
    Plan, AwardedContract, Party, SocialTerms   # input shapes
"""

from .builder import (
    AwardedContract,
    OcdsError,
    Party,
    Plan,
    SocialTerms,
    build_contract_release,
    build_plan_release,
    build_release_package,
    codelist,
    social_fields,
)
from .schema import EXTENSIONS, merge_patch, release_schema, validate_package

__all__ = [
    "EXTENSIONS",
    "AwardedContract",
    "OcdsError",
    "Party",
    "Plan",
    "SocialTerms",
    "build_contract_release",
    "build_plan_release",
    "build_release_package",
    "codelist",
    "merge_patch",
    "release_schema",
    "social_fields",
    "validate_package",
]
