"""Regression tests for issue 12: each crash or silent loss listed there, through the real store."""

from __future__ import annotations

from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.events.readers import ReadOptions, reading
from distillguard.events.store import events_table, ingest

GOOD = {"ts": "2024-05-01T12:00:00Z", "request_id": "r1", "account_id": "a1"}


def _ingest(tmp_path: Path, files: list[Path], accounts: list[Path] | None = None) -> tuple[duckdb.DuckDBPyConnection, list[dict[str, object]]]:
    con = duckdb.connect()
    rej = tmp_path / "rejects.jsonl"
    ingest(files, con, rejects_path=rej, accounts_paths=accounts or [])
    return con, [orjson.loads(x) for x in rej.read_bytes().splitlines()]


def _jsonl(p: Path, rows: list[object]) -> Path:
    p.write_bytes(b"".join((r if isinstance(r, bytes) else orjson.dumps(r)) + b"\n" for r in rows))
    return p


@pytest.mark.parametrize("ts", [10_000_000_000_000_000, 2**63 - 1, "10000-01-01T00:00:00Z", "--1714564800000", "\u00b2",
                                "\u0661\u0667\u0661\u0664", "2026-10-01X00:00:00Z"])
def test_bad_ts_is_a_located_reject_not_a_crash(tmp_path: Path, ts: object) -> None:
    con, rej = _ingest(tmp_path, [_jsonl(tmp_path / "a.jsonl", [GOOD, {**GOOD, "request_id": "r2", "ts": ts}])])
    assert con.execute("select request_id from events").fetchall() == [("r1",)]
    assert [(r["line"], r["field"]) for r in rej] == [(2, "ts")]


def test_year_10000_in_parquet_events_and_accounts(tmp_path: Path) -> None:
    far = 253402300800000  # 10000-01-01 in ms
    ev = tmp_path / "e.parquet"
    pq.write_table(pa.table({"ts": pa.array([1714564800000, far], pa.int64()).cast(pa.timestamp("ms", tz="UTC")),
                             "request_id": ["r1", "r2"], "account_id": ["a1", "a1"]}), ev)
    acc = tmp_path / "acc.parquet"
    pq.write_table(pa.table({"account_id": ["a1", "a2"], "created_at": pa.array([1714564800000, far], pa.int64()).cast(pa.timestamp("ms"))}), acc)
    acc_json = _jsonl(tmp_path / "acc.jsonl", [{"account_id": "a3", "created_at": 10**16}, {"account_id": "a4", "created_at": 1714564800000}])
    con, rej = _ingest(tmp_path, [ev], [acc, acc_json])
    assert con.execute("select request_id from events").fetchall() == [("r1",)]
    assert sorted(r[0] for r in con.execute("select account_id from accounts").fetchall()) == ["a1", "a4"]
    assert sorted((Path(r["file"]).name, r["line"], r["field"]) for r in rej) == [
        ("acc.jsonl", 1, "created_at"), ("acc.parquet", 2, "created_at"), ("e.parquet", 2, "ts")]


def test_deeply_nested_extra_is_kept_cut(tmp_path: Path) -> None:
    deep = b'{"ts": "2024-05-01T12:00:00Z", "request_id": "r2", "account_id": "a1", "x": ' + b"[" * 400 + b"]" * 400 + b"}"
    con, rej = _ingest(tmp_path, [_jsonl(tmp_path / "a.jsonl", [GOOD, deep])])
    assert rej == [] and len(events_table(con)) == 2
    attrs = events_table(con).to_pylist()[1]["attrs"]
    assert "cut here" in attrs


def test_json_lines_whose_first_line_is_an_array(tmp_path: Path) -> None:
    con, rej = _ingest(tmp_path, [_jsonl(tmp_path / "a.jsonl", [b"[1, 2]", GOOD, {**GOOD, "request_id": "r2"}])])
    assert len(events_table(con)) == 2  # was: read as one JSON document, 0 rows, exit 0
    assert [(r["line"], r["reason"]) for r in rej] == [(1, "row is not a JSON object but list")]


def test_csv_with_one_unclosed_quote_loses_only_that_row(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text('ts,request_id,account_id,prompt\n2024-05-01T12:00:00Z,r1,a1,"hello\n2024-05-01T12:00:01Z,r2,a1,fine\n'
                 '2024-05-01T12:00:02Z,r3,a1,"a real\nmulti-line prompt"\n2024-05-01T12:00:03Z,r4,a1,also fine\n')
    con, rej = _ingest(tmp_path, [p])
    rows = events_table(con).to_pylist()
    assert [r["request_id"] for r in rows] == ["r2", "r3", "r4"]
    assert rows[1]["prompt"] == "a real\nmulti-line prompt"
    assert [r["line"] for r in rej] == [2] and rej[0]["reason"].startswith("unreadable CSV row")


def test_1e300_is_rejected_naming_its_field(tmp_path: Path) -> None:
    _, rej = _ingest(tmp_path, [_jsonl(tmp_path / "a.jsonl", [{**GOOD, "max_tokens": 1e300}])])
    assert [(r["field"], r["reason"][:20]) for r in rej] == [("max_tokens", "integer out of range")]


def test_epoch_units_by_magnitude(tmp_path: Path) -> None:
    files = []
    for unit, scale in (("s", 1), ("ms", 1000), ("us", 10**6), ("ns", 10**9)):
        files.append(_jsonl(tmp_path / f"{unit}.jsonl", [{"ts": 1714564800 * scale + i * scale, "request_id": f"{unit}{i}", "account_id": "a"} for i in range(3)]))
    opts = ReadOptions()
    with reading(opts):
        con, rej = _ingest(tmp_path, files)
    assert rej == []
    assert {r[0] for r in con.execute("select ts_ms from events where request_id like '%0'").fetchall()} == {1714564800000}
    assert [st.ts_units for st in opts.files] == [{"ts": "s"}, {"ts": "ms"}, {"ts": "us"}, {"ts": "ns"}]


def test_account_key_chooses_the_principal_on_both_paths(tmp_path: Path) -> None:
    rows = [{"ts": 1714564800000 + i, "request_id": f"r{i}", "account_id": "app", "end_user": f"u{i % 2}" if i < 3 else None,
             "api_key_id": "k1"} for i in range(4)]
    jl = _jsonl(tmp_path / "a.jsonl", rows)
    pqf = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pylist(rows), pqf)
    for f in (jl, pqf):
        with reading(ReadOptions(account_key=("end_user", "api_key_id"))):
            con, rej = _ingest(tmp_path, [f])
        assert [r[0] for r in con.execute("select account_id from events order by request_id").fetchall()] == ["u0", "u1", "u0", "k1"], f
        assert rej == []
    with reading(ReadOptions(account_key=("end_user",))):
        con, rej = _ingest(tmp_path, [jl])
    assert [(r["line"], r["field"]) for r in rej] == [(4, "account_id")] and "--account-key end_user" in rej[0]["reason"]
