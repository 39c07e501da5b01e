"""Tests for `zicht sdg classify` (run as a subprocess, no database)."""

import json
import subprocess
import sys


def run(stdin: bytes, *args: str):
    return subprocess.run(
        [sys.executable, "-m", "zicht.cli", "sdg", "classify", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def test_classify_jsonl_with_bad_lines():
    lines = [
        json.dumps({"id": "nl1", "text": "Wij bestrijden armoede en schulden bij gezinnen."}),
        "this is not json",
        json.dumps({"id": "x"}),
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "en1", "text": "Installing solar panels and wind turbines."}),
    ]
    stdin = ("\n".join(lines) + "\n").encode() + b"\xff\xfe\x00\n"
    done = run(stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 6
    assert out[0]["id"] == "nl1" and out[0]["lang"] == "nl" and 1 in out[0]["sdgs"]
    assert set(out[0]["scores"]) == {str(k) for k in range(1, 18)}
    assert "error" in out[1] and "error" in out[2] and out[2]["id"] == "x"
    assert out[3]["id"] == "empty" and "empty" in out[3]["error"]
    assert out[4]["lang"] == "en" and 7 in out[4]["sdgs"]
    assert out[4]["evidence"]["7"]
    assert "error" in out[5]


def test_threshold_and_lang_flags():
    stdin = json.dumps({"id": 1, "text": "Zonnepanelen op daken in de wijk."}).encode()
    everything = json.loads(run(stdin, "--threshold", "0", "--lang", "nl").stdout)
    assert everything["sdgs"] == list(range(1, 18))
    assert everything["lang"] == "nl"
    assert run(stdin, "--threshold", "2").returncode != 0
    assert run(stdin, "--lang", "fr").returncode != 0


def test_progress_bar_on_large_input_goes_to_stderr_only():
    line = json.dumps({"id": "x", "text": "Wij bestrijden armoede."}) + "\n"
    done = run((line * 1200).encode())
    assert done.returncode == 0
    out = done.stdout.decode().splitlines()
    assert len(out) == 1200 and all(json.loads(o)["id"] == "x" for o in out[:3])
    assert "sdg classify" in done.stderr.decode()
