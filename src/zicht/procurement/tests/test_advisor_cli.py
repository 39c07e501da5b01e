"""`zicht procurement advise CASE.json` (exit status 0, or 2 with {"error": ...})."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from zicht import cli

CASE = {
    "municipality": "GM0344",
    "date": "2026-03-01",
    "type": "services",
    "value_eur": 250000,
    "duration_months": 24,
    "cpv": ["90910000-9"],
}
ORGS = [
    {
        "id": "o1",
        "name": "Schoon Werkt",
        "cpv": ["90911200"],
        "municipality": "GM0344",
        "target_group_share": 0.5,
        "tier": "verified",
        "kind": "social_enterprise",
    },
    {
        "id": "o2",
        "name": "Groen Doet",
        "cpv": ["77310000"],
        "municipality": "GM0344",
        "target_group_share": 0.5,
        "tier": "verified",
    },
]


@pytest.fixture
def files(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    reg = tmp_path / "orgs.jsonl"
    reg.write_text("\n".join(json.dumps(o) for o in ORGS) + "\n\n", encoding="utf-8")
    return tmp_path, case, reg


def run(argv, capsys):
    code = cli.main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_advise_with_register(files, capsys):
    _, case, reg = files
    code, out = run(["procurement", "advise", str(case), "--register", str(reg)], capsys)
    assert code == 0
    assert out["eu_threshold"]["value_eur"] == 216000 and out["eu_threshold"]["above"] is True
    assert {"value_eur", "above", "valid_from", "source"} <= set(out["eu_threshold"])
    assert out["procedures"][0]["procedure"] == "european"
    res = out["reservation_2_82"]
    assert {"viable", "eligible_count", "eligible", "notes"} <= set(res)
    assert res["eligible_count"] == 1 and res["eligible"][0]["id"] == "o1"
    assert res["eligible"][0]["name"] == "Schoon Werkt"
    assert {"applies", "percentage", "obligation_eur", "rule_source", "ways"} <= set(out["sroi"])
    assert out["sroi"]["obligation_eur"] == 12500
    assert out["text_nl"] and out["checklist"]


@pytest.mark.parametrize(
    "change",
    [
        {"value_eur": -1},
        {"date": "2030-01-01"},
        {"cpv": ["12345678-0"]},
        {"duration_months": 0},
        {"municipality": "GM0000"},
        {"value_eur": 1e15},
    ],
)
def test_invalid_case_exit_2(files, capsys, change):
    tmp, _, reg = files
    bad = tmp / "bad.json"
    bad.write_text(json.dumps(dict(CASE, **change)), encoding="utf-8")
    code, out = run(["procurement", "advise", str(bad), "--register", str(reg)], capsys)
    assert code == 2
    assert set(out) >= {"error"} and out["error"]


def test_unreadable_inputs_exit_2(files, capsys):
    tmp, case, reg = files
    code, out = run(
        ["procurement", "advise", str(tmp / "missing.json"), "--register", str(reg)], capsys
    )
    assert code == 2 and "cannot read" in out["error"]
    (tmp / "broken.json").write_text("{not json", encoding="utf-8")
    code, out = run(
        ["procurement", "advise", str(tmp / "broken.json"), "--register", str(reg)], capsys
    )
    assert code == 2 and "not valid JSON" in out["error"]
    (tmp / "bad.jsonl").write_text('{"id": "a"}\n{"name": "no id"}\n', encoding="utf-8")
    code, out = run(
        ["procurement", "advise", str(case), "--register", str(tmp / "bad.jsonl")], capsys
    )
    assert code == 2 and "line 2" in out["error"]


def test_overrides_file(files, capsys):
    tmp, case, reg = files
    ov = tmp / "ov.json"
    ov.write_text(
        json.dumps(
            {
                "sroi": {
                    "source": "test",
                    "by_type": {"services": {"percentage": 3, "min_value_eur": 0}},
                }
            }
        ),
        encoding="utf-8",
    )
    code, out = run(
        ["procurement", "advise", str(case), "--register", str(reg), "--overrides", str(ov)], capsys
    )
    assert code == 0 and out["sroi"]["obligation_eur"] == 7500


@pytest.mark.django_db
def test_without_register_the_database_and_its_dated_rule_are_used(files, capsys):
    """Without --register the CLI gives the same advice as the page: the register's verified
    organisations and its art. 2.82 rule."""
    from zicht.reference.models import CpvCode
    from zicht.registry.tests.factories import OrganisationFactory, add_workforce, municipality

    _, case, _ = files
    org = OrganisationFactory(municipality=municipality("GM0344"), tier="verified")
    org.cpv_codes.add(CpvCode.objects.get(code="90910000"))
    add_workforce(org, "10", wsw="4", none="6")
    code, out = run(["procurement", "advise", str(case)], capsys)
    assert code == 0
    assert [e["id"] for e in out["reservation_2_82"]["eligible"]] == [str(org.pk)]


def test_database_failure_is_a_clear_error(files, capsys, monkeypatch):
    from zicht.procurement import services

    def broken(*args, **kwargs):
        raise RuntimeError("no such table: registry_organisation")

    _, case, _ = files
    monkeypatch.setattr(cli, "setup_django", lambda *a, **k: None)
    monkeypatch.setattr(services, "get_advice", broken)
    code, out = run(["procurement", "advise", str(case)], capsys)
    assert code == 2
    assert "no such table" in out["error"] and "--register" in out["error"]


def test_real_process_exit_status(files):
    tmp, _, reg = files
    bad = tmp / "bad.json"
    bad.write_text(json.dumps(dict(CASE, value_eur=-3)), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "zicht.cli",
            "procurement",
            "advise",
            str(bad),
            "--register",
            str(reg),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "positive" in json.loads(proc.stdout)["error"]
