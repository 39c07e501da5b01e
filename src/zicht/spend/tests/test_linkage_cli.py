"""``zicht link`` end to end, in a subprocess (no database)."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zicht.spend.linkage import evaluate
from zicht.spend.linkage.generator import generate, write_csv

SRC = str(Path(__file__).resolve().parents[3])


def run_link(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """The real command, ``python -m zicht.cli link …``, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "zicht.cli", "link", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("link")
    data = generate(400, 1000, seed=77)
    return data, write_csv(data, directory), directory


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_link_writes_accepted_links(files):
    data, paths, directory = files
    out = directory / "links.csv"
    res = run_link("--register", str(paths["register"]), "--suppliers", str(paths["suppliers"]),
                   "--out", str(out))  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "read 400 register entries" in res.stderr and "accepted" in res.stderr  # progress
    assert res.stdout == ""
    with out.open(encoding="utf-8") as fh:
        assert fh.readline().strip() == "supplier_id,register_id,score,method"
    rows = read_csv(out)
    ids = [r["supplier_id"] for r in rows]
    assert len(ids) == len(set(ids))  # at most one row per supplier
    assert {r["method"] for r in rows} <= {"kvk", "fuzzy"}
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows)
    scores = evaluate({r["supplier_id"]: r["register_id"] for r in rows}, data.truth)
    assert scores.f1 >= 0.95, scores


def test_include_review_adds_status_column_and_rows(files, capsys):
    _, paths, directory = files
    plain, review = directory / "plain.csv", directory / "review.csv"
    common = ["--register", str(paths["register"]), "--suppliers", str(paths["suppliers"])]
    assert link_in_process(capsys, *common, "--out", str(plain), "--quiet").returncode == 0
    res = link_in_process(capsys, *common, "--out", str(review), "--include-review",
                          "--upper", "0.999")  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = read_csv(review)
    assert set(rows[0]) == {"supplier_id", "register_id", "score", "method", "status"}
    assert {r["status"] for r in rows} == {"accepted", "review"}
    assert len(rows) >= len(read_csv(plain))
    assert all(float(r["score"]) < 0.999 for r in rows if r["status"] == "review")


def test_decisions_and_explain(files, capsys):
    data, paths, directory = files
    first, second = data.suppliers[0].supplier_id, data.suppliers[1].supplier_id
    decisions = directory / "decisions.csv"
    decisions.write_text(f"supplier_id,register_id\n{first},rejected\n{second},R000007\n",
                         encoding="utf-8")  # fmt: skip
    out, explain = directory / "dec.csv", directory / "explain.jsonl"
    res = link_in_process(capsys, "--register", str(paths["register"]), "--suppliers",
                          str(paths["suppliers"]), "--out", str(out), "--decisions",
                          str(decisions), "--explain", str(explain))  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = {r["supplier_id"]: r for r in read_csv(out)}
    assert first not in rows
    assert rows[second]["register_id"] == "R000007" and rows[second]["method"] == "decision"
    text = explain.read_text(encoding="utf-8")
    assert '"field": "decision"' in text and '"status": "rejected"' in text


def link_in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """The same command in this process (fast, for the many bad-input cases)."""
    import argparse

    from zicht.spend.linkage import cli

    parser = argparse.ArgumentParser(prog="zicht")
    cli.register(parser.add_subparsers())
    parsed = parser.parse_args(["link", *args])
    code = parsed.func(parsed)
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


REGISTER_OK = "id,kvk,name,trade_names,street,house_number,postcode,city\nR1,12345678,Werkwijzer B.V.,,Kerkstraat,1,1234 AB,Utrecht\n"
SUPPLIERS_OK = "supplier_id,name,kvk,address,postcode,city\nS1,WERKWIJZER BV,1234 5678,,,\n"


@pytest.mark.parametrize(
    ("which", "content", "expected"),
    [
        ("suppliers", "supplier_id,name,address,postcode,city\nS1,X,,,\n",
         ["row 1", "missing column 'kvk'"]),
        ("register", "id,name\nR1,X\n", ["row 1", "missing columns 'kvk', 'trade_names'"]),
        ("suppliers", "", ["file is empty"]),
        ("register", "  \n", ["file is empty"]),
        ("suppliers", "supplier_id,name,kvk,address,postcode,city\n",
         ["no data rows"]),
        ("suppliers",
         "supplier_id,name,kvk,address,postcode,city\nS1,Caf\xe9 X,,,,\n".encode("latin-1"),
         ["row 2, column 'name'", "not valid UTF-8", "0xe9"]),
        ("suppliers", "supplier_id,name,kvk,address,postcode,city\nS1,X,,\n",
         ["row 2", "expected 6 fields, found 4"]),
        ("suppliers", "supplier_id,name,kvk,address,postcode,city\nS1,X,,,,\nS1,Y,,,,\n",
         ["row 3, column 'supplier_id'", "already used on row 2"]),
        ("suppliers", "supplier_id,name,kvk,address,postcode,city\nS1,,,,,\n",
         ["row 2, column 'name'", "value is empty"]),
        ("register", "id,kvk,name,trade_names,street,house_number,postcode,city\n,1,X,,,,,\n",
         ["row 2, column 'id'", "value is empty"]),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_file_row_column(tmp_path, capsys, which, content, expected):
    register = _write(tmp_path / "register.csv", REGISTER_OK)
    suppliers = _write(tmp_path / "suppliers.csv", SUPPLIERS_OK)
    bad = _write(tmp_path / f"{which}.csv", content)
    out = tmp_path / "links.csv"
    res = link_in_process(capsys, "--register", str(register), "--suppliers", str(suppliers),
                          "--out", str(out))  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert str(bad) in res.stderr
    for fragment in expected:
        assert fragment in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert not out.exists()


def test_bad_input_in_a_real_process(tmp_path):
    register = _write(tmp_path / "register.csv", REGISTER_OK)
    suppliers = _write(tmp_path / "suppliers.csv", "supplier_id,name\nS1,X\n")
    res = run_link("--register", str(register), "--suppliers", str(suppliers),
                   "--out", str(tmp_path / "o.csv"))  # fmt: skip
    assert res.returncode == 2
    assert (
        "suppliers.csv: row 1: missing columns 'kvk', 'address', 'postcode', 'city'" in res.stderr
    )
    assert "Traceback" not in res.stderr


def test_missing_file_and_bad_thresholds(tmp_path, capsys):
    suppliers = _write(tmp_path / "suppliers.csv", SUPPLIERS_OK)
    res = link_in_process(capsys, "--register", str(tmp_path / "nope.csv"),
                          "--suppliers", str(suppliers), "--out", str(tmp_path / "o.csv"))  # fmt: skip
    assert res.returncode == 2 and "nope.csv: file not found" in res.stderr
    register = _write(tmp_path / "register.csv", REGISTER_OK)
    res = link_in_process(capsys, "--register", str(register), "--suppliers", str(suppliers),
                          "--out", str(tmp_path / "o.csv"), "--upper", "0.1", "--lower", "0.5")  # fmt: skip
    assert res.returncode == 2 and "--lower" in res.stderr


def test_semicolons_bom_and_utf8_names(tmp_path, capsys):
    register = _write(tmp_path / "register.csv", REGISTER_OK.replace(",", ";"))
    suppliers = _write(
        tmp_path / "suppliers.csv",
        "\ufeffsupplier_id;name;kvk;address;postcode;city\nS1;Wérkwijzer b.v.;;Kerkstr. 1;1234AB;UTRECHT\n",
    )
    out = tmp_path / "links.csv"
    res = link_in_process(capsys, "--register", str(register), "--suppliers", str(suppliers),
                          "--out", str(out))  # fmt: skip
    assert res.returncode == 0, res.stderr
    (row,) = read_csv(out)
    assert (row["supplier_id"], row["register_id"], row["method"]) == ("S1", "R1", "fuzzy")


@pytest.mark.parametrize(("flag", "expected"), [([], 2), (["--workers", "1"], 1)])
def test_workers_default_to_default_workers(tmp_path, capsys, monkeypatch, flag, expected):
    from zicht.spend.linkage import engine

    seen: dict = {}

    def fake_link(*args, **kwargs):
        seen.update(kwargs)
        return []

    monkeypatch.setattr(engine, "link", fake_link)
    monkeypatch.setattr(engine, "default_workers", lambda: 2)
    reg = _write(tmp_path / "r.csv", REGISTER_OK)
    sup = _write(tmp_path / "s.csv", SUPPLIERS_OK)
    out = tmp_path / "links.csv"
    res = link_in_process(capsys, "--register", str(reg), "--suppliers", str(sup),
                          "--out", str(out), "--quiet", *flag)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert seen["workers"] == expected


def test_records_made_column_by_column_equal_the_constructed_ones():
    import dataclasses

    from zicht.spend.linkage.csvio import _records
    from zicht.spend.linkage.records import RegisterEntry, SupplierRecord

    cols = [["S1", "S2"], ["A", "B"], ["", "12345678"], ["Kerkstr 1", ""], ["", "1234AB"],
            ["Utrecht", ""]]  # fmt: skip
    made = _records(SupplierRecord, cols)
    assert made == list(map(SupplierRecord, *cols))
    assert [hash(r) for r in made] == [hash(r) for r in map(SupplierRecord, *cols)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].name = "x"  # type: ignore[misc]
    reg = [["R1"], ["X"], [""], [("Y", "Z")], [""], ["1"], [""], [""]]
    assert _records(RegisterEntry, reg) == [
        RegisterEntry("R1", "X", "", ("Y", "Z"), "", "1", "", "")
    ]
    with pytest.raises(ValueError):
        _records(SupplierRecord, cols[:5])
