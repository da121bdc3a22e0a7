"""ingest(): dedupe by request_id, rejects file, summary, max_bad_fraction, round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pytest

from distillguard.errors import DistillguardError
from distillguard.events.readers import read_events
from distillguard.events.rejects import RejectList
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA
from distillguard.events.store import IngestError, accounts_table, events_table, ingest


def _count(con: duckdb.DuckDBPyConnection, table: str = "events") -> int:
    return int(con.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]


def test_ingest_loads_good_rows_and_writes_rejects(logs: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rej = tmp_path / "out" / "rejects.jsonl"
    s = ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=rej, accounts_paths=[logs / "accounts.csv"])
    assert (s.rows_read, s.rows_loaded, s.duplicates, s.rejected) == (15, 7, 1, 7)
    assert (s.accounts_read, s.accounts_loaded, s.accounts_duplicates, s.accounts_rejected) == (6, 3, 1, 2)
    assert s.bad_fraction == pytest.approx(9 / 21)
    assert s.naive_ts == 1 and s.rejects_path == str(rej)
    assert [(f.kind, f.rows_loaded, f.duplicates, f.rejected) for f in s.per_file] == [("events", 7, 1, 7), ("accounts", 3, 1, 2)]
    rejects = [orjson.loads(line) for line in rej.read_bytes().splitlines()]
    assert len(rejects) == 9
    assert set(rejects[0]) == {"file", "line", "field", "reason", "raw"}
    assert {(Path(r["file"]).name, r["line"], r["field"]) for r in rejects} >= {
        ("gateway_mixed.jsonl", 8, "ts"), ("accounts.csv", 6, "verified")}
    # the first of the two req_01HXB2 rows won
    (prompt,) = con.execute("select prompt from events where request_id = ?", ["req_01HXB2"]).fetchone()  # type: ignore[misc]
    assert prompt.startswith("Answer with a single letter")
    # the first acct_7f3a accounts row won too
    (domain,) = con.execute("select email_domain from accounts where account_id = 'acct_7f3a'").fetchone()  # type: ignore[misc]
    assert domain == "mailinator.example"
    assert s.to_dict()["bad_fraction"] == s.bad_fraction


def test_ingesting_twice_changes_nothing(logs: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    copy = tmp_path / "copy_of_gateway.jsonl"
    shutil.copy(logs / "gateway_mixed.jsonl", copy)
    s1 = ingest([logs / "gateway_mixed.jsonl", copy], con, rejects_path=tmp_path / "r1.jsonl")
    assert (s1.rows_loaded, s1.duplicates) == (7, 1 + 8)
    assert [f.rows_loaded for f in s1.per_file] == [7, 0]
    before = events_table(con)
    s2 = ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=tmp_path / "r2.jsonl")
    assert (s2.rows_loaded, s2.duplicates, s2.rejected) == (0, 8, 7)
    assert events_table(con).equals(before)
    # every row kept is the copy from the first file, first in input order
    assert set(before.column("source_file").to_pylist()) == {str(logs / "gateway_mixed.jsonl")}


def test_events_table_round_trips_to_the_schema(logs: Path, tmp_path: Path) -> None:
    db = tmp_path / "scan.duckdb"
    con = duckdb.connect(str(db))
    con.execute("SET TimeZone = 'Asia/Tokyo'")  # must not shift anything
    ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=tmp_path / "r.jsonl", accounts_paths=[logs / "accounts.csv"])
    con.close()
    con = duckdb.connect(str(db))
    got = events_table(con)
    assert got.schema == EVENTS_ARROW_SCHEMA
    expected = pa.Table.from_batches(list(read_events([logs / "gateway_mixed.jsonl"], rejects=RejectList())), schema=EVENTS_ARROW_SCHEMA)
    keep = [i for i, r in enumerate(expected.column("source_line").to_pylist()) if r != 5]  # drop the duplicate
    expected = expected.take(keep).sort_by([("ts_ms", "ascending"), ("request_id", "ascending")])
    assert got.equals(expected)
    assert con.execute("select hour(ts) from events where request_id = 'req_01HXC1'").fetchone() == (9,)
    assert accounts_table(con).schema == ACCOUNTS_ARROW_SCHEMA
    con.close()


def test_max_bad_fraction_raises_after_writing_rejects(logs: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rej = tmp_path / "rejects.jsonl"
    with pytest.raises(IngestError) as exc:
        ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=rej, max_bad_fraction=0.2)
    msg = str(exc.value)
    assert "46.7%" in msg and str(rej) in msg
    assert isinstance(exc.value, DistillguardError)
    assert exc.value.summary.rejected == 7 and exc.value.summary.rows_read == 15
    assert len(rej.read_bytes().splitlines()) == 7
    assert _count(con) == 0  # nothing loaded
    s = ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=rej, max_bad_fraction=0.5)
    assert s.rows_loaded == 7


def test_progress_reports_rows_and_bytes(logs: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows: list[int] = []
    byts: list[tuple[int, int]] = []
    s = ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=tmp_path / "r.jsonl", progress=rows.append,
               bytes_progress=lambda done, total: byts.append((done, total)), batch_size=4)
    assert rows == sorted(rows) and rows[-1] == 15 and len(rows) >= 2
    assert byts[-1] == (s.bytes_total, s.bytes_total) and s.bytes_total == (logs / "gateway_mixed.jsonl").stat().st_size


def test_missing_file_and_bad_format_are_clear_errors(logs: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(DistillguardError, match="no such file") as exc:
        ingest([tmp_path / "nope.jsonl"], con, rejects_path=tmp_path / "r.jsonl")
    assert exc.value.source is not None and exc.value.source.path.endswith("nope.jsonl")
    with pytest.raises(DistillguardError, match="unknown format"):
        ingest([logs / "gateway_mixed.jsonl"], con, rejects_path=tmp_path / "r.jsonl", format="splunk")
    bad = tmp_path / "junk.jsonl.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    # a broken gzip stream is a located reject, not a failed run (the other files would be read)
    s = ingest([bad, logs / "gateway_mixed.jsonl"], con, rejects_path=tmp_path / "r.jsonl")
    rej = [orjson.loads(x) for x in (tmp_path / "r.jsonl").read_bytes().splitlines()]
    assert [(r["file"], r["line"]) for r in rej if "gzip" in r["reason"]] == [(str(bad), 1)]
    assert s.rows_loaded == _count(con) > 0
