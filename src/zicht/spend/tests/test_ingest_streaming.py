"""Large files are streamed: memory stays bounded by the batch size, not the file size.

A 2 GB upload is simulated by a 20 MB file read with 1 MB blocks and 5,000-row row
groups: what is held stays flat while the file is read, bounded by the block and row
group sizes and not by the file (the benchmark measures the real thing at 2 GB).
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from zicht.spend.ingest import SpendStore, import_file
from zicht.spend.ingest import pipeline as pipeline_module
from zicht.spend.ingest import readers as readers_module
from zicht.spend.ingest.generator import generate, make_suppliers


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "spend.csv"
    generate(path, 100_000, suppliers=make_suppliers(2000, seed=3), seed=3)
    return path


def test_a_large_file_is_streamed_in_bounded_memory(big_file, tmp_path, monkeypatch):
    monkeypatch.setattr(readers_module, "BLOCK_BYTES", 1024 * 1024)
    monkeypatch.setattr(pipeline_module, "ROW_GROUP_ROWS", 5_000)
    size = big_file.stat().st_size
    assert size > 15 * 1024 * 1024
    baseline = pa.total_allocated_bytes()
    calls: list[tuple[int, int, int]] = []

    def progress(done, total):
        calls.append((done, total, pa.total_allocated_bytes() - baseline))

    result = import_file(
        big_file, store=SpendStore(tmp_path), municipality="GM0344", progress=progress
    )
    assert result.status == "imported", result.report.to_text()
    assert result.record.rows == 100_000
    assert len(calls) >= 10
    assert calls[0][0] < size / 2  # the first batch arrives long before the end of the file
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert calls[-1][0] == size and calls[-1][1] == size
    held = [c[2] for c in calls]
    # parsed into Arrow as a whole, the file would take more than its own size
    assert max(held) < 0.75 * size, f"{max(held):,} bytes of Arrow memory for a {size:,}-byte file"
    # and what is held does not grow as the file goes on
    third = len(held) // 3
    assert max(held[2 * third :]) <= 1.5 * max(held[third : 2 * third]), held


def test_the_generator_is_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    generate(a, 2000, suppliers=50, seed=7)
    generate(b, 2000, suppliers=50, seed=7)
    assert a.read_bytes() == b.read_bytes()
    generate(b, 2000, suppliers=50, seed=8)
    assert a.read_bytes() != b.read_bytes()


def test_generated_files_import_cleanly(tmp_path):
    path = generate(tmp_path / "a.csv", 5000, suppliers=300, seed=11)
    result = import_file(path, store=SpendStore(tmp_path / "s"), municipality="GM0344")
    assert result.status == "imported", result.report.to_text()
    assert result.report.counts == {}
    assert result.record.rows == 5000
