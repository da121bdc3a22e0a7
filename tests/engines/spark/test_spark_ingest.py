"""Spark ingest reads, validates, locates and deduplicates exactly as the embedded (DuckDB) ingest.

Every test reads the same files with both and compares the events and accounts tables row for
row, the rejects file line for line and the per-file counts.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.engines._spark_ingest import ingest as spark_ingest
from distillguard.errors import DistillguardError
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA
from distillguard.events.store import IngestError, accounts_table, events_table
from distillguard.events.store import ingest as duck_ingest

LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"


def _sorted(t: pa.Table, key: str) -> pa.Table:
    return t.sort_by([(key, "ascending")])


def _spark_table(df: Any, schema: pa.Schema, key: str) -> pa.Table:
    t = df.toArrow()
    cols = [t.column(f.name).cast(f.type) for f in schema]
    return _sorted(pa.Table.from_arrays(cols, schema=schema), key)


def _rejects(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _both(spark: Any, tmp: Path, paths: list[Path], accounts: list[Path] = (), fmt: str = "auto", **kw: Any) -> tuple[Any, Any]:  # type: ignore[assignment]
    """Ingest with both engines; assert identical tables, rejects and counts; return both summaries."""
    con = duckdb.connect()
    d = duck_ingest(paths, con, rejects_path=tmp / "duck" / "rejects.jsonl", accounts_paths=accounts, format=fmt, **kw)
    s = spark_ingest(spark, paths, rejects_path=tmp / "spark" / "rejects.jsonl", accounts_paths=accounts, format=fmt, **kw)
    assert _spark_table(s.events, EVENTS_ARROW_SCHEMA, "request_id").equals(_sorted(events_table(con), "request_id"))
    assert _spark_table(s.accounts, ACCOUNTS_ARROW_SCHEMA, "account_id").equals(_sorted(accounts_table(con), "account_id"))
    # the same rejects, in input order (events files, then accounts files; each by line)
    assert _rejects(tmp / "spark" / "rejects.jsonl") == _rejects(tmp / "duck" / "rejects.jsonl")
    dd, sd = d.to_dict(), s.summary.to_dict()
    for x in (dd, sd):
        x.pop("seconds")
        x.pop("rejects_path")
    assert sd == dd
    con.close()
    return d, s.summary


def test_fixture_logs_with_bad_rows(spark: Any, tmp_path: Path) -> None:
    d, s = _both(spark, tmp_path, [LOGS / "gateway_mixed.jsonl"], [LOGS / "accounts.csv"])
    # the story of the fixture: 7 good rows, a retry logged twice, 7 bad rows, one naive timestamp
    assert (s.rows_read, s.rows_loaded, s.duplicates, s.rejected, s.naive_ts) == (15, 7, 1, 7, 1)
    assert (s.accounts_loaded, s.accounts_duplicates, s.accounts_rejected) == (3, 1, 2)
    lines = {(r["line"], r["field"]) for r in _rejects(tmp_path / "spark" / "rejects.jsonl") if r["file"].endswith(".jsonl")}
    assert {(7, "top_logprobs"), (8, "ts"), (9, "account_id"), (15, "turn"), (16, "request_id")} <= lines


def test_gzip_parquet_json_array_and_an_odd_file_name(spark: Any, tmp_path: Path) -> None:
    src = (LOGS / "gateway_mixed.jsonl").read_bytes()
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "a.jsonl.gz").write_bytes(gzip.compress(src))
    odd = logs / "b day [1] 50%.jsonl"  # spaces, glob characters and a percent sign
    odd.write_bytes(src.replace(b"req_01HXA", b"req_odd_A"))
    good = [orjson.loads(x) for x in src.splitlines()[:6] if x.strip()]
    (logs / "c.json").write_bytes(orjson.dumps([{**r, "request_id": r["request_id"] + "_arr"} for r in good]))
    # gzip under a plain name is still read as gzip, as the embedded reader does
    (logs / "d.jsonl").write_bytes(gzip.compress(src.replace(b"req_01HXB", b"req_gz_B")))
    t = pa.Table.from_pylist([{"ts": r["ts"] if isinstance(r["ts"], int) else None, "request_id": r["request_id"] + "_pq",
                               "account_id": r.get("account_id"), "prompt": r.get("prompt")} for r in good])
    pq.write_table(t, logs / "e.parquet")
    _, s = _both(spark, tmp_path, [logs / "a.jsonl.gz", logs])  # a file, then its directory (each file once)
    assert [Path(f.path).name for f in s.per_file] == ["a.jsonl.gz", "b day [1] 50%.jsonl", "c.json", "d.jsonl", "e.parquet"]
    # rows repeated from a.jsonl.gz lost to it: first file wins
    assert s.per_file[1].duplicates > 0 and s.per_file[0].duplicates == 1


def test_big_file_split_across_tasks_keeps_its_line_numbers(spark: Any, tmp_path: Path) -> None:
    lines = []
    for i in range(3000):
        if i % 97 == 13:
            lines.append(b'{"ts": "not a time", "request_id": "r%d", "account_id": "a1"}' % i)
        elif i % 211 == 5:
            lines.append(b"")  # blank lines count as lines
        elif i % 389 == 7:
            lines.append(b'{"ts": 1714987001000, "request_id": "r%d", "account_id": "a1"' % i)  # cut short
        else:
            lines.append(b'{"ts": %d, "request_id": "r%d", "account_id": "a%d", "prompt": "question %d", "turn": %d}'
                         % (1714987001000 + i, i % 2900, i % 7, i, 1 + i % 3))
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"\n".join(lines) + b"\n")
    old = spark.conf.get("spark.sql.files.maxPartitionBytes")
    spark.conf.set("spark.sql.files.maxPartitionBytes", "16k")
    try:
        assert spark.read.text(str(big)).rdd.getNumPartitions() >= 10  # the file is read in splits
        _, s = _both(spark, tmp_path, [big], batch_size=500)
    finally:
        spark.conf.set("spark.sql.files.maxPartitionBytes", old)
    assert s.rejected == 31 + 8 - 1 and s.duplicates > 50  # i = 2341 is in both rules: the first applies


def test_adapter_formats(spark: Any, tmp_path: Path) -> None:
    _both(spark, tmp_path / "otel", [LOGS / "otel_spans.jsonl", LOGS / "otel_genai.json"], fmt="otel")
    _both(spark, tmp_path / "langfuse", [LOGS / "langfuse_observations.json"], fmt="langfuse")
    _both(spark, tmp_path / "litellm", [LOGS / "litellm_spendlogs.jsonl"], fmt="litellm")


def test_too_many_rejects_fail_after_writing_them(spark: Any, tmp_path: Path) -> None:
    with pytest.raises(IngestError) as e:
        spark_ingest(spark, [LOGS / "gateway_mixed.jsonl"], rejects_path=tmp_path / "rejects.jsonl", max_bad_fraction=0.1)
    assert e.value.summary.rejected == 7
    assert len(_rejects(tmp_path / "rejects.jsonl")) == 7


def _error(fn: Any) -> DistillguardError:
    with pytest.raises(DistillguardError) as e:
        fn()
    return e.value


def test_unreadable_files_are_the_same_located_errors_or_rows(spark: Any, tmp_path: Path) -> None:
    bad_gz = tmp_path / "cut.jsonl.gz"
    bad_gz.write_bytes(gzip.compress((LOGS / "gateway_mixed.jsonl").read_bytes() * 50)[:700])
    bad_pq = tmp_path / "x.parquet"
    bad_pq.write_bytes(b"PAR1 this is not parquet")
    # a gzip stream that breaks off keeps the rows before the break on both engines
    _, s_gz = _both(spark, tmp_path / "gz", [bad_gz])
    assert (s_gz.rows_loaded, s_gz.rejected) == (2, 2)
    for bad in (bad_pq, tmp_path / "missing.jsonl"):
        s = _error(lambda: spark_ingest(spark, [bad], rejects_path=tmp_path / "r.jsonl"))
        d = _error(lambda: duck_ingest([bad], duckdb.connect(), rejects_path=tmp_path / "d.jsonl"))
        assert (str(s), s.source) == (str(d), d.source)
        assert s.source is not None and s.source.path == str(bad)


def test_copy_of_a_file_only_adds_duplicates(spark: Any, tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    shutil.copy(LOGS / "gateway_mixed.jsonl", copy)
    _, s = _both(spark, tmp_path, [LOGS / "gateway_mixed.jsonl", copy])
    assert [f.rows_loaded for f in s.per_file] == [7, 0]


def test_rows_already_stored_count_as_duplicates(spark: Any, tmp_path: Path) -> None:
    first = spark_ingest(spark, [LOGS / "gateway_mixed.jsonl"], rejects_path=tmp_path / "r1.jsonl")
    stored = first.events.toArrow()
    first.unpersist()
    again = spark_ingest(spark, [LOGS / "gateway_mixed.jsonl"], rejects_path=tmp_path / "r2.jsonl",
                         existing={"events": spark.createDataFrame(stored)})
    s = again.summary
    assert (s.rows_loaded, s.duplicates, s.rejected) == (0, 8, 7)
    assert again.events.count() == 0


def test_parquet_split_by_row_groups_and_files_spark_cannot_read(spark: Any, tmp_path: Path) -> None:
    n = 5000
    rows = {
        "ts": pa.array([1714987001000 + i * 1000 for i in range(n)], pa.timestamp("ms", tz="UTC")),
        "request_id": [f"r{i % 4900}" for i in range(n)],
        "account_id": [None if i % 101 == 3 else f"a{i % 13}" for i in range(n)],  # some rows lack the account
        "prompt": [f"question {i}" for i in range(n)],
        "team": [f"t{i % 3}" for i in range(n)],  # an unknown column: kept in attrs
    }
    pq.write_table(pa.table(rows), tmp_path / "a.parquet", row_group_size=500)
    # a column that needs row-by-row checks: `turn` written as text, one of them not a number
    pq.write_table(pa.table({"ts": pa.array([1714987001000], pa.int64()), "request_id": ["s1"], "account_id": ["a1"],
                             "turn": ["two"]}), tmp_path / "b.parquet")
    old = spark.conf.get("spark.sql.files.maxPartitionBytes")
    spark.conf.set("spark.sql.files.maxPartitionBytes", "8k")
    try:
        _, s = _both(spark, tmp_path, [tmp_path / "a.parquet", tmp_path / "b.parquet"])
    finally:
        spark.conf.set("spark.sql.files.maxPartitionBytes", old)
    assert s.rejected == 50 + 1 and s.duplicates == 100 - 2
    loaded_a = s.rows_loaded
    # nanosecond timestamps: Spark's reader refuses them, the embedded reader reads them
    pq.write_table(pa.table({"ts": pa.array([1714987001000000000], pa.timestamp("ns", tz="UTC")), "request_id": ["n1"],
                             "account_id": ["a1"]}), tmp_path / "c.parquet")
    _, s = _both(spark, tmp_path / "ns", [tmp_path / "a.parquet", tmp_path / "c.parquet"])
    assert s.rows_loaded == loaded_a + 1


def test_read_options_reach_the_executors(spark: Any, tmp_path: Path) -> None:
    """``--account-key`` and ``--ts-unit`` (the run's read options) apply on Spark's executors
    exactly as in the embedded reader."""
    from distillguard.events.readers import ReadOptions, reading

    log = tmp_path / "seconds.jsonl"
    log.write_bytes(b"".join(
        b'{"ts": %d, "request_id": "r%d", "account_id": "shared", "end_user": "u%d", "prompt": "q %d"}\n'
        % (1714987001 + i, i, i % 3, i) for i in range(12)))
    with reading(ReadOptions(account_key=("end_user",), ts_unit="s")):
        d, _ = _both(spark, tmp_path, [log])
    con = duckdb.connect()
    with reading(ReadOptions(account_key=("end_user",), ts_unit="s")):
        duck_ingest([log], con, rejects_path=tmp_path / "again.jsonl")
    t = events_table(con)
    assert sorted(set(t.column("account_id").to_pylist())) == ["u0", "u1", "u2"]
    assert min(t.column("ts").to_pylist()).year == 2024
    assert d.rows_loaded == 12
