"""Incremental scans: day partitions (``dt=YYYY-MM-DD/``) merged into the stored scan.

Two consecutive incremental scans equal one scan of the whole range when the partitions arrive in
time order; a late (earlier) partition makes the store rebuild, still exact; ``--since`` reads only
the days from then on; and a scan killed with a real ``kill -9`` at any point and run again neither
loses nor double-counts a bucket.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from distillguard.engines.duckdb import DuckDBEngine
from distillguard.scan import Scan, partitions

from _compare import diff_findings, diff_tables

DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], Path]:
    """The demo log split into one ``dt=DAY/events.parquet`` per UTC day (in a staging folder)."""
    from distillguard.fixtures import demo_traffic

    d = tmp_path_factory.mktemp("days")
    events, accounts, _ = demo_traffic(0)
    pq.write_table(accounts, d / "accounts.parquet")
    ms = pc.cast(events.column("ts"), pa.int64())
    day = pc.cast(pc.floor(pc.divide(pc.cast(ms, pa.float64()), float(DAY_MS))), pa.int64()).to_pylist()
    names = []
    for k in sorted(set(day)):
        name = time.strftime("%Y-%m-%d", time.gmtime(k * 86_400))
        part = d / "staging" / f"dt={name}"
        part.mkdir(parents=True)
        pq.write_table(events.filter(pa.array([x == k for x in day])), part / "events.parquet")
        names.append(name)
    return d / "staging", names, d / "accounts.parquet"


def _arrive(staging: Path, root: Path, names: list[str]) -> None:
    """Days ``names`` land in the log root."""
    root.mkdir(parents=True, exist_ok=True)
    for n in names:
        dst = root / f"dt={n}"
        if not dst.exists():
            dst.mkdir()
            (dst / "events.parquet").write_bytes((staging / f"dt={n}" / "events.parquet").read_bytes())


def _incremental(engine: Any, root: Path, out: Path, accounts: Path) -> Any:
    return Scan(engine=engine).run([root], out, accounts_paths=[accounts], incremental=True)


@pytest.fixture(scope="module")
def whole(days: tuple[Path, list[str], Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """One fresh scan of every day (the reference), on DuckDB."""
    staging, names, accounts = days
    engine = DuckDBEngine()
    return Scan(engine=engine).run([staging], tmp_path_factory.mktemp("whole"), accounts_paths=[accounts]), engine


def test_partitions_are_days_then_files(tmp_path: Path) -> None:
    for rel in ("dt=2026-10-02/a.jsonl", "dt=2026-10-01/x/b.jsonl", "dt=2026-10-01/c.jsonl", "loose.jsonl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    got = [(p.day, len(p.files)) for p in partitions([tmp_path])]
    assert got == [("2026-10-01", 2), ("2026-10-02", 1), (None, 1)]


@pytest.mark.needs("incremental")
def test_two_incremental_scans_equal_one_scan_of_the_whole_range(
    days: tuple[Path, list[str], Path], whole: tuple[Any, Any], new_engine: Callable[..., Any], tmp_path: Path
) -> None:
    (staging, names, accounts), (want, ref) = days, whole
    root, out, engine = tmp_path / "logs", tmp_path / "out", new_engine()
    half = len(names) // 2
    _arrive(staging, root, names[:half])
    first = _incremental(engine, root, out, accounts)
    assert first.summary["profile_stage"] == "rebuilt" and len(first.summary["partitions"]["new"]) == half
    _arrive(staging, root, names[half:])
    second = _incremental(engine, root, out, accounts)
    assert second.summary["profile_stage"] == "incremental"
    assert len(second.summary["partitions"]["new"]) == len(names) - half and second.summary["partitions"]["stored"] == len(names)
    assert second.summary["events"] == want.summary["events"]
    assert not (problems := diff_tables(engine, ref)), "\n".join(problems[:30])
    assert not (problems := diff_findings(second, want)), "\n".join(problems[:30])
    # a third run finds nothing new and changes nothing
    third = _incremental(engine, root, out, accounts)
    assert third.summary["partitions"]["new"] == [] and third.summary["profile_stage"] == "unchanged"
    assert not diff_findings(third, want)


@pytest.mark.needs("incremental")
def test_a_late_partition_rebuilds_and_stays_exact(
    days: tuple[Path, list[str], Path], whole: tuple[Any, Any], new_engine: Callable[..., Any], tmp_path: Path
) -> None:
    (staging, names, accounts), (want, ref) = days, whole
    root, out, engine = tmp_path / "logs", tmp_path / "out", new_engine()
    _arrive(staging, root, names[1:])
    _incremental(engine, root, out, accounts)
    _arrive(staging, root, names[:1])  # the first day arrives last
    late = _incremental(engine, root, out, accounts)
    assert late.summary["profile_stage"] == "rebuilt"
    assert not (problems := diff_tables(engine, ref)), "\n".join(problems[:30])
    assert not diff_findings(late, want)


@pytest.mark.needs("incremental")
def test_since_reads_only_the_days_from_then_on(days: tuple[Path, list[str], Path], new_engine: Callable[..., Any], tmp_path: Path) -> None:
    staging, names, accounts = days
    engine = new_engine()
    r = Scan(engine=engine).run([staging], tmp_path / "out", accounts_paths=[accounts], since=names[2])
    assert [Path(k).name for k in r.summary["partitions"]["new"]] == [f"dt={n}" for n in names[2:]]
    start = int(time.mktime(time.strptime(names[2] + " UTC", "%Y-%m-%d %Z")) - time.timezone) * 1000
    ts = engine.read("events", columns=["ts_ms"]).column("ts_ms")
    assert pc.min(ts).as_py() >= start and ts.length() == sum(pq.read_metadata(staging / f"dt={n}" / "events.parquet").num_rows for n in names[2:])


def test_incremental_needs_an_engine_that_can(tmp_path: Path) -> None:
    class Fixed(DuckDBEngine):
        capabilities = frozenset({"scan"})

    with pytest.raises(NotImplementedError, match="cannot scans only new partitions|cannot"):
        Scan(engine=Fixed()).run([tmp_path], tmp_path / "out", incremental=True)


# -- kill -9 -------------------------------------------------------------------------------------

_DRIVER = textwrap.dedent("""
    import sys
    from distillguard.scan import Scan, StageHandle
    def stage(name, total):
        print("STAGE", name, flush=True)
        return StageHandle()
    r = Scan(stage=stage).run([sys.argv[1]], sys.argv[2], accounts_paths=[sys.argv[3]], incremental=True)
    print("DONE", r.summary["profile_stage"], flush=True)
""")


def _run_until(root: Path, out: Path, accounts: Path, marker: str | None, delay: float) -> str:
    """Run an incremental scan in a child process; SIGKILL it ``delay`` seconds after it prints
    ``STAGE marker`` (never, for ``None``).  Returns how it ended."""
    proc = subprocess.Popen([sys.executable, "-c", _DRIVER, str(root), str(out), str(accounts)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith("DONE"):
                proc.wait(30)
                return line.strip()
            if marker is not None and line.strip() == f"STAGE {marker}":
                time.sleep(delay)
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(30)
                return f"killed in {marker}"
        proc.wait(30)
        raise AssertionError(f"the scan ended without DONE: {proc.stderr.read() if proc.stderr else ''}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize(("marker", "delay"), [("ingest", 0.15), ("text features", 0.3), ("profiles", 0.2), ("campaigns", 0.1)])
def test_a_scan_killed_at_any_point_and_resumed_loses_and_double_counts_nothing(
    days: tuple[Path, list[str], Path], whole: tuple[Any, Any], tmp_path: Path, marker: str, delay: float
) -> None:
    staging, names, accounts = days
    want, ref = whole
    root, out = tmp_path / "logs", tmp_path / "out"
    _arrive(staging, root, names[:2])
    assert _run_until(root, out, accounts, None, 0).startswith("DONE")
    _arrive(staging, root, names[2:])
    ended = _run_until(root, out, accounts, marker, delay)
    assert ended == f"killed in {marker}", ended  # a real kill, mid-run
    if marker == "profiles":  # killed inside the profile stage's transaction: nothing of it is stored
        half = DuckDBEngine(out / "scan.duckdb", read_only=True)
        assert half.read("event_flags", columns=["request_id"]).num_rows < half.count_events()
        half.close()
    assert _run_until(root, out, accounts, None, 0).startswith("DONE")
    engine = DuckDBEngine(out / "scan.duckdb", read_only=True)
    assert engine.count_events() == want.summary["events"]
    assert not (problems := diff_tables(engine, ref)), "\n".join(problems[:30])
    import orjson

    got_accounts = [orjson.loads(x) for x in (out / "accounts.jsonl").read_bytes().splitlines()]
    assert [a["account_id"] for a in got_accounts] == [a["account_id"] for a in want.accounts]
    assert [(a["flagged"], a["flagged_at"], a["campaign"], a["events"]) for a in got_accounts] == \
        [(a["flagged"], a["flagged_at"], a["campaign"], a["events"]) for a in want.accounts]
