"""Ingest's Parquet fast path (DuckDB's own reader) stores exactly what the row path stores.

A clean canonical Parquet file is copied by the engine; one with a value the readers must word
(an empty required field, a NaN), an extra column (kept in ``attrs``) or an adapter's layout goes
through the readers as before.  Either way: the same rows, in the same order, the same duplicates
dropped, the same rejects and per-file counts, in a fresh store and when appending.
"""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.engines import duckdb as D
from distillguard.engines.duckdb import DuckDBEngine
from distillguard.events import store

T = 1_764_547_200_000


def _events(n: int, off: int = 0) -> pa.Table:
    return pa.table({
        "ts": pa.array([T + i * 997 for i in range(n)], pa.timestamp("ms", tz="UTC")),
        "request_id": [f"r{(i + off) % max(n - 3, 1)}" for i in range(n)],  # repeats inside the file and across files
        "account_id": [f"acct_{i % 7}" for i in range(n)],
        "org_id": ["" if i % 5 == 0 else f"org_{i % 3}" for i in range(n)],  # "" is unknown
        "ip": [None if i % 4 == 0 else f"203.0.113.{i % 9}" for i in range(n)],
        "asn": pa.array([64_500 + i % 3 for i in range(n)], pa.int32()),
        "prompt": [f"Think step by step and show your reasoning: what is {i} + {i}?" for i in range(n)],
        "temperature": pa.array([0.7 if i % 2 else None for i in range(n)], pa.float32()),
        "logprobs": [bool(i % 2) for i in range(n)],
        "ts_ms": [0] * n,  # recomputed by every path
    })


def _files(d: Path) -> list[Path]:
    a = _events(60)
    b = _events(40, off=30)
    b = b.set_column(0, "ts", pa.array([(T + 5_000 + i) * 1000 + 999 for i in range(40)], pa.timestamp("us", tz="UTC")))
    c = _events(20, off=100)
    c = c.set_column(c.schema.get_field_index("account_id"), "account_id", pa.array(["" if i == 3 else "acct_x" for i in range(20)]))
    e = _events(12, off=300)
    e = e.set_column(e.schema.get_field_index("temperature"), "temperature", pa.array([math.nan] + [1.0] * 11, pa.float32()))
    x = _events(10, off=200).append_column("team", pa.array(["red"] * 10))
    out = []
    for name, t in (("a", a), ("b", b), ("c_empty_account", c), ("x_extra_column", x), ("e_nan", e)):
        pq.write_table(t, d / f"{name}.parquet")
        out.append(d / f"{name}.parquet")
    return out


def _ingest(tmp: Path, files: list[Path], *, fast: bool, first: list[Path] | None = None) -> tuple[dict, pa.Table, list[str]]:
    out = tmp / ("fast" if fast else "rows") / ("append" if first else "fresh")
    engine = DuckDBEngine()
    engine.open(out)
    try:
        if first:
            engine.ingest(first, rejects_path=out / "rejects0.jsonl")
        summary = engine.ingest(files, rejects_path=out / "rejects.jsonl")
        events = engine.read("events")
    finally:
        engine.close()
    d = summary.to_dict()
    d.pop("seconds"), d.pop("rejects_path")
    rejects = [line.replace(str(out), "OUT") for line in (out / "rejects.jsonl").read_text().splitlines()]
    return d, events, rejects


@pytest.mark.parametrize("append", [False, True])
def test_fast_path_stores_what_the_row_path_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, append: bool) -> None:
    files = _files(tmp_path)
    first = [files[3]] if append else None
    copied: list[tuple[str, int | None]] = []
    real = D.DuckDBIngestSink.stage_parquet

    def spy(self: D.DuckDBIngestSink, kind: str, path: Path, index: int, seq: int) -> int | None:
        n = real(self, kind, path, index, seq)
        copied.append((path.name, n))
        return n

    monkeypatch.setattr(D.DuckDBIngestSink, "stage_parquet", spy)
    fast = _ingest(tmp_path, files, fast=True, first=first)
    monkeypatch.setattr(store, "parquet_fast_path", lambda path, spec: False)
    rows = _ingest(tmp_path, files, fast=False, first=first)
    # the clean files went through DuckDB's reader; the others were declined or never offered
    assert ("a.parquet", 60) in copied and ("b.parquet", 40) in copied
    assert ("c_empty_account.parquet", None) in copied and ("e_nan.parquet", None) in copied
    assert not any(name.startswith("x_") for name, _ in copied)
    assert fast[0] == rows[0]  # the summary, per-file counts included
    assert fast[1].equals(rows[1]), "stored events differ"
    assert fast[2] == rows[2] and len(fast[2]) == 2  # the empty account_id and the NaN temperature
    assert fast[0]["duplicates"] > 0
    assert fast[0]["rows_loaded"] == fast[1].num_rows - (len(set(pq.read_table(files[3]).column("request_id").to_pylist())) if append else 0)


def test_a_file_duckdb_cannot_read_is_declined_not_fatal(tmp_path: Path) -> None:
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"PAR1 not really parquet PAR1")
    engine = DuckDBEngine()
    engine.open(tmp_path / "out")
    try:
        assert not store.parquet_fast_path(bad, store.EVENTS_SPEC)
        sink = D.DuckDBIngestSink(engine.con)
        assert sink.stage_parquet("events", bad, 0, 0) is None
        sink.discard()
    finally:
        engine.close()


def test_the_unordered_copy_keeps_the_first_copy_of_each_request(tmp_path: Path) -> None:
    """DuckDB copies a clean file without keeping row order (its parallel reader writes as it
    reads), so ``rowid`` no longer follows the file: the copy of a request that is kept must still
    be the first in input order, by file and line.  Here every request appears twice, 20,000 rows
    apart and in other row groups, the second copy with another prompt; a second file repeats the
    first one's first 5,000 rows."""
    n = 40_000
    rid = [f"r{i % (n // 2):05d}" for i in range(n)]
    prompt = [f"copy {i // (n // 2)} of request {i % (n // 2)}" for i in range(n)]
    first = pa.table({
        "ts": pa.array([T + i for i in range(n)], pa.timestamp("ms", tz="UTC")),
        "request_id": rid,
        "account_id": [f"acct_{i % 13}" for i in range(n)],
        "prompt": prompt,
    })
    pq.write_table(first, tmp_path / "a.parquet", row_group_size=1_000)
    second = first.slice(0, 5_000).set_column(3, "prompt", pa.array(["from the second file"] * 5_000))
    pq.write_table(second, tmp_path / "b.parquet", row_group_size=1_000)
    engine = DuckDBEngine()
    engine.open(tmp_path / "out")
    try:
        summary = engine.ingest([tmp_path / "a.parquet", tmp_path / "b.parquet"], rejects_path=tmp_path / "rejects.jsonl")
        events = engine.read("events", columns=["request_id", "prompt", "source_file", "source_line"])
        order = engine.con.execute("select current_setting('preserve_insertion_order')").fetchone()[0]  # type: ignore[index]
    finally:
        engine.close()
    assert summary.to_dict()["duplicates"] == n // 2 + 5_000
    assert events.num_rows == n // 2
    kept = dict(zip(events.column("request_id").to_pylist(), events.column("prompt").to_pylist()))
    assert kept == {f"r{i:05d}": f"copy 0 of request {i}" for i in range(n // 2)}
    assert set(events.column("source_file").to_pylist()) == {str(tmp_path / "a.parquet")}
    assert sorted(events.column("source_line").to_pylist()) == list(range(1, n // 2 + 1))
    assert order is True  # the connection's setting is restored after the copy


def test_a_copy_that_fails_keeps_its_error_and_the_setting_comes_back(tmp_path: Path) -> None:
    """A statement failing inside the unordered block aborts the transaction, which refuses even
    a ``SET``: the caller must see the statement's own error, and the sink's rollback puts the
    connection's ordered inserts back."""
    engine = DuckDBEngine()
    engine.open(tmp_path / "out")
    try:
        sink = D.DuckDBIngestSink(engine.con)
        sink._begin()
        with pytest.raises(D.duckdb.ConversionException):
            with D._unordered(engine.con):
                engine.con.execute("INSERT INTO events (request_id) SELECT CAST('x' AS INTEGER)")
        sink.discard()
        assert engine.con.execute("select current_setting('preserve_insertion_order')").fetchone()[0] is True  # type: ignore[index]
        assert engine.count_events() == 0
    finally:
        engine.close()
