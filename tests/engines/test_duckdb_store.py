"""The embedded store: a fresh scan starts clean, ``append`` adds to the stored scan, and DuckDB's
failures (a damaged file, a file another running scan holds, ``--out`` naming a file) are one-line
errors, never tracebacks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from distillguard.engines.duckdb import DuckDBEngine
from distillguard.errors import DistillguardError
from distillguard.scan import Scan
from distillguard.testing import make_events

T0 = 1_767_225_600_000


def _log(path: Path, prefix: str, n: int = 30, account: str = "a1") -> Path:
    rows = [{"ts": T0 + i * 60_000, "request_id": f"{prefix}-{i}", "account_id": account, "ip": "203.0.113.9",
             "prompt": f"question {prefix} {i}", "max_tokens": 512, "output_tokens": 100} for i in range(n)]
    pq.write_table(make_events(rows), path)
    return path


def _said(res: object) -> str:
    """What the CLI printed, with the terminal's line wrapping undone."""
    return " ".join(res.output.split())  # type: ignore[attr-defined]


def _events(out: Path) -> set[str]:
    return set(DuckDBEngine(out / "scan.duckdb", read_only=True).read("events", columns=["request_id"]).column("request_id").to_pylist())


def test_a_fresh_scan_starts_clean_and_append_adds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = _log(tmp_path / "one.parquet", "one"), _log(tmp_path / "two.parquet", "two", account="a2")
    Scan().run([first], out)
    assert _events(out) == {f"one-{i}" for i in range(30)}
    r = Scan().run([second], out)
    assert _events(out) == {f"two-{i}" for i in range(30)}, "a fresh scan must not keep the earlier scan's events"
    assert [a["account_id"] for a in r.accounts] == ["a2"]
    r = Scan().run([first], out, append=True)
    assert _events(out) == {f"{p}-{i}" for p in ("one", "two") for i in range(30)}
    assert sorted(a["account_id"] for a in r.accounts) == ["a1", "a2"] and r.summary["events"] == 60
    again = Scan().run([first], out, append=True)  # appending the same log again changes nothing
    assert again.summary["events"] == 60 and again.summary["ingest"]["duplicates"] == 30


def test_a_damaged_store_is_a_one_line_error_with_append_and_replaced_without(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "scan.duckdb").write_bytes(b"this is not a database" * 100)
    log = _log(tmp_path / "log.parquet", "x")
    with pytest.raises(DistillguardError) as exc:
        Scan().run([log], out, append=True)
    msg = str(exc.value)
    assert "scan.duckdb" in msg and "\n" not in msg and "not a usable DuckDB file" in msg
    r = Scan().run([log], out)  # a fresh scan replaces it
    assert r.summary["events"] == 30


def test_out_naming_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "findings"
    f.write_text("I am a file")
    with pytest.raises(DistillguardError, match="is a file"):
        Scan().run([_log(tmp_path / "log.parquet", "x")], f)
    res = CliRunner().invoke(app, ["scan", str(tmp_path / "log.parquet"), "--out", str(f), "--no-progress"])
    assert res.exit_code == 3 and "is a file, not a directory" in _said(res) and "Traceback" not in res.output


def test_a_store_in_use_by_another_scan_is_a_one_line_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    log = _log(tmp_path / "log.parquet", "x")
    Scan().run([log], out)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(out / 'scan.duckdb')!r})
        print("holding", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for append in (False, True):
            with pytest.raises(DistillguardError) as exc:
                Scan().run([log], out, append=append)
            assert "in use by another running scan" in str(exc.value) and "\n" not in str(exc.value)
        res = CliRunner().invoke(app, ["scan", str(log), "--out", str(out), "--no-progress"])
        assert res.exit_code == 3 and "in use by another running scan" in _said(res) and "Traceback" not in res.output
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert Scan().run([log], out).summary["events"] == 30  # the lock is gone with its holder


def test_cli_engine_option(tmp_path: Path) -> None:
    log = _log(tmp_path / "log.parquet", "x")
    res = CliRunner().invoke(app, ["scan", str(log), "--out", str(tmp_path / "m"), "--engine", "memory", "--no-progress"])
    assert res.exit_code == 0, res.output
    assert orjson.loads((tmp_path / "m" / "summary.json").read_bytes())["engine"] == "memory"
    res = CliRunner().invoke(app, ["scan", str(log), "--out", str(tmp_path / "x"), "--engine", "nosuch", "--no-progress"])
    assert res.exit_code == 2 and "unknown engine" in _said(res)
    res = CliRunner().invoke(app, ["scan", str(log), "--out", str(tmp_path / "x"), "--master", "local[2]", "--no-progress"])
    assert res.exit_code == 2 and "--master is for --engine spark" in _said(res)


def test_read_batches_streams_a_finished_store(tmp_path: Path) -> None:
    Scan().run([_log(tmp_path / "log.parquet", "x")], tmp_path / "out")
    engine = DuckDBEngine(tmp_path / "out" / "scan.duckdb", read_only=True)
    got = list(engine.read_batches("events", request_ids=["x-3", "x-1", "nope"], columns=["request_id", "ts", "no_such_column"]))
    rows = [r for b in got for r in b.to_pylist()]
    assert [r["request_id"] for r in rows] == ["x-1", "x-3"] and set(rows[0]) == {"request_id", "ts"}
    assert got[0].schema.field("ts").type.tz == "UTC"
    batches = list(engine.read_batches("events", accounts=["a1"], columns=["request_id"], batch_rows=7))
    assert sum(b.num_rows for b in batches) == 30 and len(batches) > 1


def test_a_new_store_compresses_long_prompts(tmp_path):
    """Prompts of ~1 KB (up to ~5 KB) are stored dictionary/FSST-compressed (DuckDB's v1.3 storage format), not
    raw: the default format for new files stores long strings uncompressed, ~7x larger."""
    import duckdb
    import numpy as np

    rng = np.random.default_rng(7)
    words = np.array("the model answer explain reasoning step proof code function test data value "
                     "first second because therefore question careful detail complete".split())
    rows = [{"ts": T0 + i * 1000, "request_id": f"r{i}", "account_id": f"a{i % 50}", "ip": "203.0.113.9",
             "prompt": " ".join(rng.choice(words, int(np.clip(rng.lognormal(5.0, 0.6), 5, 800)))), "max_tokens": 512, "output_tokens": 100} for i in range(6000)]
    pq.write_table(make_events(rows), tmp_path / "log.parquet")
    eng = DuckDBEngine(memory_limit="1GB")
    eng.open(tmp_path / "out")
    eng.ingest([tmp_path / "log.parquet"], rejects_path=tmp_path / "out" / "rejects.jsonl")
    eng.close()
    con = duckdb.connect(str(tmp_path / "out" / "scan.duckdb"), read_only=True)
    try:
        kinds = {k for (k,) in con.execute(
            "select distinct compression from pragma_storage_info('events') where column_name = 'prompt'").fetchall()}
        stored = con.execute("select sum(length(prompt)) from events").fetchone()[0]
    finally:
        con.close()
    assert stored == sum(len(r["prompt"]) for r in rows)
    assert "Uncompressed" not in kinds, kinds
    assert kinds & {"FSST", "DICT_FSST", "Dictionary", "ZSTD"}, kinds
