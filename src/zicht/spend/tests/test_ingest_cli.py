"""``zicht spend import``: exit codes, report on invalid input; and no Django in the engine."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from zicht.spend.ingest import SpendStore
from zicht.spend.ingest.cli import register

HEADER = "Crediteurnummer;Naam crediteur;Factuurdatum;Bedrag excl. BTW"


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="zicht")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\n1;Groen BV;15-01-2024;10,00\n2;Schoon BV;16-01-2024;5,00\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n1;Groen BV;15-02-2024;tien\n2;Schoon BV;16-02-2024;5,00\n")
    again = tmp_path / "overlap.csv"
    again.write_text(f"{HEADER}\n1;Groen BV;16-01-2024;11,00\n")
    return good, bad, again


def test_import_exit_codes(tmp_path, files, capsys):
    good, bad, again = files
    store = tmp_path / "store"
    common = ["--municipality", "GM0344", "--store", str(store), "--quiet"]
    assert run("spend", "import", str(good), *common) == 0
    assert run("spend", "import", str(good), *common) == 0  # already imported
    assert "imported before" in capsys.readouterr().out
    assert run("spend", "import", str(bad), *common) == 2
    out = capsys.readouterr().out
    assert "row 2, column 'Bedrag excl. BTW': not an amount: 'tien'" in out
    assert run("spend", "import", str(bad), *common, "--accept-valid") == 0
    assert run("spend", "import", str(again), *common) == 3
    assert "overlaps good.csv" in capsys.readouterr().out
    assert run("spend", "import", str(again), *common, "--replace") == 0
    records = {r.file: r for r in SpendStore(store).imports("GM0344")}
    assert sorted(records) == ["bad.csv", "good.csv", "overlap.csv"]
    assert records["good.csv"].rows == 1  # its line of 16-01 was replaced


def test_import_with_a_mapping_and_json_output(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text("A;B;C\nGroen BV;2024-01-15;12.50\n")
    mapping = json.dumps({"supplier_name": "A", "invoice_date": "B", "amount_excl": "C"})
    store = ["--municipality", "GM0344", "--store", str(tmp_path / "s"), "--quiet"]
    assert run("spend", "import", str(path), *store, "--mapping", mapping, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "imported"
    assert result["record"]["total"] == "12.50"


def test_bad_mapping_json_is_refused(tmp_path, files, capsys):
    good, _, _ = files
    argv = ["spend", "import", str(good), "--municipality", "GM0344", "--store", str(tmp_path)]
    assert run(*argv, "--mapping", "{not json") == 2


def test_progress_bar_goes_to_stderr(tmp_path, files, capsys):
    good, _, _ = files
    assert (
        run("spend", "import", str(good), "--municipality", "GM0344", "--store", str(tmp_path)) == 0
    )
    captured = capsys.readouterr()
    assert "import" in captured.err
    assert "imported 2 lines" in captured.out


def test_the_engines_do_not_import_django():
    code = (
        "import sys\n"
        "import zicht.spend.ingest, zicht.spend.ingest.cli, zicht.spend.ingest.generator\n"
        "import zicht.spend.analytics\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_report_prints_json(tmp_path, files, capsys):
    good, _, _ = files
    store = ["--municipality", "GM0344", "--store", str(tmp_path / "s")]
    assert run("spend", "import", str(good), *store, "--quiet") == 0
    capsys.readouterr()
    cls = tmp_path / "cls.csv"
    cls.write_text("supplier_key;kind;tier;eligible_2_82\n1;social_enterprise;verified;ja\n")
    counts = tmp_path / "counts.json"
    counts.write_text('{"77": 3}')
    argv = ["spend", "report", *store, "--from", "2024-01-01", "--to", "2024-12-31"]
    assert run(*argv, "--classification", str(cls), "--eligible-counts", str(counts)) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 15.0
    groups = {g["group"]: g["amount"] for g in report["groups"]}
    assert groups["social_enterprise_verified"] == 10.0
    assert groups["eligible_2_82"] == 10.0
