"""``zicht match`` end to end on small JSON-lines files, and the no-Django rule."""

import json
import subprocess
import sys

from zicht.opportunities import cli

ORGS = [
    {
        "id": "a",
        "kind": "social_enterprise",
        "name": "Schoon",
        "cpv": ["90910000"],
        "sdgs": {"8": 1.0},
        "municipality": "GM0344",
        "target_group_share": 0.42,
        "tier": "verified",
        "fte": 12,
        "description": "Schoonmaakdiensten",
        "colour": "blue",
    },
    "this is not json",
    {"id": "b", "kind": "sme", "name": "Groen", "cpv": ["77310000"], "municipality": "GM0363"},
    {"id": "c", "name": "Kapot", "fte": "veel"},
    {"name": "zonder id"},
    {"id": "a", "name": "dubbel"},
]
OPPS = [
    {
        "id": "t1",
        "title": "Schoonmaak stadskantoor",
        "cpv": ["90910000-9"],
        "sdgs": {"8": 1},
        "municipality": "GM0344",
        "value_eur": 200000,
        "reserved_2_82": True,
        "min_tier": "verified",
        "extra": [1, 2],
    },
    {"id": "t2", "title": "Groenonderhoud", "municipality": "GM0363", "deadline": "2020-05-01"},
    "{broken",
    {"id": "t3", "cpv": ["90910000"], "min_tier": "certified"},
]


def _write(path, rows):
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n\n",
        encoding="utf-8",
    )
    return str(path)


def _run(tmp_path, capsys, top=5):
    from zicht.cli import main

    orgs = _write(tmp_path / "orgs.jsonl", ORGS)
    opps = _write(tmp_path / "opps.jsonl", OPPS)
    args = ["match", "--organisations", orgs, "--opportunities", opps, "--top", str(top)]
    rc = main([*args, "--today", "2026-11-26"])
    out, err = capsys.readouterr()
    return rc, [json.loads(x) for x in out.splitlines()], [json.loads(x) for x in err.splitlines()]


def test_output_lines_and_fields(tmp_path, capsys):
    rc, out, _ = _run(tmp_path, capsys)
    assert rc == 0
    assert [o["opportunity_id"] for o in out] == ["t1", "t2", "t3"]
    first = out[0]["matches"][0]
    assert first["organisation_id"] == "a"
    assert set(first) >= {"organisation_id", "score", "parts", "reasons", "reasons_en"}
    assert set(first["parts"]) == {"cpv", "text", "geo", "sdg", "size"}
    assert 0 < first["score"] <= 1
    assert any("Levert reinigingsdiensten (CPV 90910000)" in r for r in first["reasons"])
    assert [m["organisation_id"] for m in out[0]["matches"]] == ["a"]  # b: no 30% share


def test_bad_lines_reported_on_stderr_and_run_continues(tmp_path, capsys):
    _, out, err = _run(tmp_path, capsys)
    by = {(e["file"], e["line"]) for e in err}
    assert by == {
        ("organisations", 2),
        ("organisations", 4),
        ("organisations", 5),
        ("organisations", 6),
        ("opportunities", 3),
    }
    assert all(e["error"] for e in err)
    assert "invalid JSON" in next(e["error"] for e in err if e["line"] == 2)
    assert "duplicate" in next(e["error"] for e in err if e["line"] == 6)


def test_notices_for_missing_cpv_past_deadline_and_impossible(tmp_path, capsys):
    _, out, _ = _run(tmp_path, capsys)
    t2, t3 = out[1], out[2]
    assert "geen (bekende) CPV-codes" in t2["notice"]
    assert "De sluitingsdatum (2020-05-01) ligt in het verleden" in t2["notice"]
    assert [m["organisation_id"] for m in t2["matches"]] == ["b", "a"]
    assert t3["matches"] == []
    assert "Geen enkele organisatie voldoet aan alle harde eisen" in t3["notice"]


def test_top_k_limits_the_list(tmp_path, capsys):
    _, out, _ = _run(tmp_path, capsys, top=1)
    assert all(len(o["matches"]) <= 1 for o in out)


def test_missing_file_exits_2(tmp_path, capsys):
    from zicht.cli import main

    rc = main(["match", "--organisations", str(tmp_path / "nope"), "--opportunities", "x"])
    assert rc == 2
    assert "zicht match" in capsys.readouterr().err


def test_register_adds_match_command():
    import argparse

    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["match", "--organisations", "o", "--opportunities", "p"])
    assert args.top == 10 and args.func is cli.handle


def test_engine_does_not_import_django():
    code = (
        "import sys\n"
        "import zicht.opportunities.matching as m\n"
        "import zicht.opportunities.matching.synthetic\n"
        "idx = m.MatchIndex.build(m.synthetic.organisations(20))\n"
        "idx.top_for_opportunity(m.synthetic.opportunities(1)[0])\n"
        "bad = sorted(x for x in sys.modules if x == 'django' or x.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
