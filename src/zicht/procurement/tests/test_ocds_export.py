"""OCDS release packages validate against the shipped OCDS 1.1 and extension schemas."""

from __future__ import annotations

import json
from datetime import date

import pytest

from zicht.procurement.advisor import advise
from zicht.procurement.ocds import (
    EXTENSIONS,
    AwardedContract,
    OcdsError,
    Party,
    Plan,
    SocialTerms,
    build_contract_release,
    build_plan_release,
    build_release_package,
    codelist,
    merge_patch,
    release_schema,
    validate_package,
)
from zicht.procurement.ocds.schema import SCHEMA_DIR

BUYER = Party("gm0344", "Gemeente Utrecht", municipality="GM0344")
SUPPLIER = Party("o1", "Schoon Werkt BV", kvk="12345678", municipality="GM0344")
PREFIX = "ocds-test01"


NO_SOCIAL = SocialTerms()


def plan(social=NO_SOCIAL, **kw):
    base = dict(
        id="P-2026-001",
        title="Schoonmaak gemeentelijke gebouwen",
        buyer=BUYER,
        type="services",
        value_eur=250000,
        cpv=["90910000-9"],
        planned_publication=date(2026, 3, 1),
        duration_months=24,
        procedure="european",
        social=social,
    )
    base.update(kw)
    return Plan(**base)


def package(*releases):
    return build_release_package(
        list(releases),
        uri="https://zicht.example.org/ocds/packages/1",
        publisher_name="Zicht",
        published_date=date(2026, 5, 21),
    )


def contract(p):
    return AwardedContract(
        "C-2026-001", p, SUPPLIER, 240000, date(2026, 6, 1), date(2028, 5, 31), date(2026, 5, 20)
    )


def test_reserved_plan_with_sroi_validates():
    p = plan(SocialTerms(reserved_2_82=True, sroi_percentage=5, sroi_obligation_eur=12500))
    release = build_plan_release(p, ocid_prefix=PREFIX, release_date=date(2026, 1, 15))
    pkg = package(release)
    assert validate_package(pkg) == []
    tender = release["tender"]
    assert tender["status"] == "planned"
    assert tender["otherRequirements"]["reservedParticipation"] == ["shelteredWorkshop"]
    assert tender["sustainability"][0]["strategies"] == [
        "reservedParticipation",
        "contractPerformanceConditions",
    ]
    assert "€ 12.500" in tender["sustainability"][0]["description"]
    assert sorted(pkg["extensions"]) == sorted(url for url, _ in EXTENSIONS.values())
    json.dumps(pkg)  # plain JSON-serialisable dicts


def test_codes_come_from_the_shipped_codelists():
    p = plan(SocialTerms(reserved_2_82=True, sroi_percentage=5))
    tender = build_plan_release(p, ocid_prefix=PREFIX, release_date=date(2026, 1, 15))["tender"]
    assert set(tender["otherRequirements"]["reservedParticipation"]) <= codelist(
        "reservedParticipation"
    )
    assert set(tender["sustainability"][0]["strategies"]) <= codelist("sustainabilityStrategy")
    assert tender["sustainability"][0]["goal"] in codelist("sustainabilityGoal")


def test_plain_plan_declares_no_extensions():
    release = build_plan_release(plan(), ocid_prefix=PREFIX, release_date=date(2026, 1, 15))
    pkg = package(release)
    assert "extensions" not in pkg
    assert "otherRequirements" not in release["tender"]
    assert "sustainability" not in release["tender"]
    assert validate_package(pkg) == []


def test_sroi_only_uses_contract_performance_conditions():
    release = build_plan_release(
        plan(SocialTerms(sroi_percentage=5)), ocid_prefix=PREFIX, release_date=date(2026, 1, 15)
    )
    pkg = package(release)
    assert release["tender"]["sustainability"][0]["strategies"] == ["contractPerformanceConditions"]
    assert "otherRequirements" not in release["tender"]
    assert pkg["extensions"] == [EXTENSIONS["sustainability"][0]]
    assert validate_package(pkg) == []


def test_contract_release_validates():
    p = plan(SocialTerms(reserved_2_82=True, sroi_percentage=5, sroi_obligation_eur=12000))
    planning = build_plan_release(p, ocid_prefix=PREFIX, release_date=date(2026, 1, 15))
    signed = build_contract_release(contract(p), ocid_prefix=PREFIX, release_date=date(2026, 5, 21))
    pkg = package(planning, signed)
    assert validate_package(pkg) == []
    assert signed["ocid"] == planning["ocid"] == f"{PREFIX}-P-2026-001"
    assert signed["awards"][0]["suppliers"][0]["id"] == "NL-KVK-12345678"
    assert signed["contracts"][0]["awardID"] == signed["awards"][0]["id"]
    assert {"supplier"} == set(signed["parties"][1]["roles"])


def test_plan_from_advice():
    """The Django app turns an advice into a plan: the recommended procedure and SROI terms."""
    advice = advise(
        {
            "municipality": "GM0344",
            "date": "2026-03-01",
            "type": "services",
            "value_eur": 250000,
            "duration_months": 24,
            "cpv": ["90910000-9"],
        }
    )
    social = SocialTerms(
        reserved_2_82=advice["reservation_2_82"]["viable"],
        sroi_percentage=advice["sroi"]["percentage"] if advice["sroi"]["applies"] else None,
        sroi_obligation_eur=advice["sroi"]["obligation_eur"],
    )
    p = plan(social, procedure=advice["procedures"][0]["procedure"])
    release = build_plan_release(p, ocid_prefix=PREFIX, release_date=date(2026, 1, 15))
    assert release["tender"]["procurementMethod"] == "open"
    assert validate_package(package(release)) == []


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (
            lambda r: r["tender"].update(otherRequirements={"reservedParticipation": "yes"}),
            "reservedParticipation",
        ),
        (lambda r: r["tender"].update(otherRequirements={}), "otherRequirements"),
        (lambda r: r["tender"].update(sustainability=[]), "sustainability"),
        (
            lambda r: r["tender"]["sustainability"][0].update(strategies="awardCriteria"),
            "strategies",
        ),
        (lambda r: r.update(tag=["not-a-tag"]), "tag"),
        (lambda r: r["tender"].update(status="dreaming"), "status"),
        (
            lambda r: r["tender"].update(mainProcurementCategory="goods-and-more"),
            "mainProcurementCategory",
        ),
        (lambda r: r.update(date="2026-01-15"), "date"),  # date-time needs a time
        (lambda r: r.pop("ocid"), "ocid"),
    ],
)
def test_invalid_releases_are_caught(mutate, where):
    p = plan(SocialTerms(reserved_2_82=True, sroi_percentage=5))
    release = build_plan_release(p, ocid_prefix=PREFIX, release_date=date(2026, 1, 15))
    mutate(release)
    errors = validate_package(package(release))
    assert errors and any(where in e for e in errors), errors


def test_package_level_errors():
    release = build_plan_release(plan(), ocid_prefix=PREFIX, release_date=date(2026, 1, 15))
    pkg = package(release)
    pkg["version"] = "one"
    pkg["uri"] = "not a uri"
    errors = validate_package(pkg)
    assert any(e.startswith("version") for e in errors)
    assert any(e.startswith("uri") for e in errors)


def test_extension_patches_matter():
    """Without the extension patches the core schema would not check these fields."""
    core = release_schema(())
    patched = release_schema(("otherRequirements", "sustainability"))
    assert "otherRequirements" not in core["definitions"]["Tender"]["properties"]
    assert "sustainability" not in core["definitions"]["Tender"]["properties"]
    assert "OtherRequirements" in patched["definitions"]
    assert "reservedParticipation" in patched["definitions"]["OtherRequirements"]["properties"]
    assert patched["definitions"]["Sustainability"]["properties"]["strategies"]


def test_merge_patch_rfc7386():
    assert merge_patch({"a": 1, "b": {"c": 2}}, {"b": {"d": 3}, "a": None}) == {
        "b": {"c": 2, "d": 3}
    }
    assert merge_patch({"a": [1]}, {"a": [2]}) == {"a": [2]}


def test_schemas_are_shipped_files():
    names = {p.relative_to(SCHEMA_DIR).as_posix() for p in SCHEMA_DIR.rglob("*.json")}
    assert {
        "release-package-schema-1.1.5.json",
        "release-schema-1.1.4.json",
        "extensions/otherRequirements-release-schema.json",
        "extensions/sustainability-release-schema.json",
    } <= names
    assert (SCHEMA_DIR / "SOURCES.md").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"cpv": ["99999999"]},
        {"cpv": []},
        {"type": "consultancy"},
        {"value_eur": -1},
        {"procedure": "lottery"},
    ],
)
def test_bad_input_refused(change):
    with pytest.raises(OcdsError):
        build_plan_release(plan(**change), ocid_prefix=PREFIX, release_date=date(2026, 1, 15))


def test_bad_prefix_and_empty_package():
    with pytest.raises(OcdsError):
        build_plan_release(plan(), ocid_prefix="zicht", release_date=date(2026, 1, 15))
    with pytest.raises(OcdsError):
        package()
