"""A Spark scan killed with a real ``kill -9`` in any stage, then run again, loses and
double-counts nothing: the resumed store and findings equal one clean scan of the whole log.

Each run is a child process with its own JVM (``spark-submit``'s session is not reused), so a
kill really stops Spark mid-job: appends to ``events``/``event_features`` are batches visible
once committed, the profile stage is a generation that only becomes visible when complete, the
checkpoint and the findings are versioned tables (see :mod:`distillguard.engines._spark_store`).

Two kinds of kill: at a time after a stage starts (wherever that lands), and at an exact point
(``DISTILLGUARD_TEST_KILL_AT``: the run kills its own process group the instant a stage's output
is written whole and not yet committed, the window where a killed append used to be stored twice).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from distillguard.engines._spark_store import KILL_ENV, MARKER, Store
from distillguard.engines.duckdb import DuckDBEngine
from distillguard.engines.spark import SparkEngine
from distillguard.scan import Scan

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _compare import diff_rows, diff_tables  # noqa: E402

DAY_MS = 86_400_000

_DRIVER = textwrap.dedent("""
    import sys
    from distillguard.engines.spark import SparkEngine
    from distillguard.scan import Scan, StageHandle
    def stage(name, total):
        print("STAGE", name, flush=True)
        return StageHandle()
    engine = SparkEngine("local[2]", conf={"spark.sql.shuffle.partitions": "2", "spark.driver.memory": "1g"})
    r = Scan(stage=stage, engine=engine).run([sys.argv[1]], sys.argv[2], accounts_paths=[sys.argv[3]], incremental=True)
    print("DONE", r.summary["profile_stage"], flush=True)
""")


def _run(root: Path, out: Path, accounts: Path, marker: str | None = None, delay: float = 0.0, *, kill_at: str | None = None) -> str:
    """An incremental Spark scan in a child process; SIGKILLed (with its JVM and workers: the
    whole process group) ``delay`` seconds after it prints ``STAGE marker``, or by itself at the
    store's point ``kill_at``."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    env.pop(KILL_ENV, None)
    if kill_at is not None:
        env[KILL_ENV] = kill_at
    proc = subprocess.Popen([sys.executable, "-c", _DRIVER, str(root), str(out), str(accounts)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith("DONE"):
                proc.wait(60)
                return line.strip()
            if line.startswith("KILL "):
                proc.wait(60)
                return f"killed at {line.split(maxsplit=1)[1].strip()} ({proc.returncode})"
            if marker is not None and line.strip() == f"STAGE {marker}":
                time.sleep(delay)
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(60)
                return f"killed in {marker}"
        proc.wait(60)
        return f"ended with {proc.returncode} and no DONE"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], Path]:
    """The demo log's first three UTC days, one ``dt=DAY/events.parquet`` each."""
    from distillguard.fixtures import demo_traffic

    d = tmp_path_factory.mktemp("days")
    events, accounts, _ = demo_traffic(0)
    pq.write_table(accounts, d / "accounts.parquet")
    day = pc.divide(pc.cast(events.column("ts"), pa.int64()), DAY_MS).to_pylist()
    names = []
    for k in sorted(set(day))[:3]:
        name = time.strftime("%Y-%m-%d", time.gmtime(k * 86_400))
        (d / "staging" / f"dt={name}").mkdir(parents=True)
        pq.write_table(events.filter(pa.array([x == k for x in day])), d / "staging" / f"dt={name}" / "events.parquet")
        names.append(name)
    return d / "staging", names, d / "accounts.parquet"


@pytest.fixture(scope="module")
def first_two_days(days: tuple[Path, list[str], Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store that has scanned the first two days (each test resumes from a copy of it)."""
    staging, names, accounts = days
    base = tmp_path_factory.mktemp("base")
    root = base / "logs"
    for n in names[:2]:
        shutil.copytree(staging / f"dt={n}", root / f"dt={n}")
    ended = _run(root, base / "out", accounts)
    assert ended == "DONE rebuilt", ended
    return root, base / "out"


@pytest.mark.slow
@pytest.mark.parametrize(("marker", "delay"), [("ingest", 4.0), ("text features", 2.0), ("profiles", 6.0)])
def test_a_spark_scan_killed_and_resumed_equals_one_clean_scan(
    spark: Any, days: tuple[Path, list[str], Path], first_two_days: tuple[Path, Path], tmp_path: Path, marker: str, delay: float
) -> None:
    staging, names, accounts = days
    root, out = _third_day(days, first_two_days, tmp_path)
    before = Store(spark, str(out / "spark-store")).current()
    ended = _run(root, out, accounts, marker, delay)
    assert ended == f"killed in {marker}", ended
    if marker == "profiles":  # killed inside the profile stage: the stored generation is still the old one
        assert Store(spark, str(out / "spark-store")).current() == before
    ended = _run(root, out, accounts)
    assert ended in ("DONE incremental", "DONE unchanged"), ended
    _assert_equals_one_clean_scan(spark, staging, accounts, out, tmp_path)


def _third_day(days: tuple[Path, list[str], Path], first_two_days: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the two-day store and its logs, with the third day's partition arrived."""
    staging, names, _ = days
    base_root, base_out = first_two_days
    root, out = tmp_path / "logs", tmp_path / "out"
    shutil.copytree(base_root, root)
    shutil.copytree(base_out, out)
    shutil.copytree(staging / f"dt={names[2]}", root / f"dt={names[2]}")
    return root, out


def _uncommitted(directory: Path, pattern: str) -> list[Path]:
    return sorted(d for d in directory.glob(pattern) if d.is_dir() and not (d / MARKER).exists())


@pytest.mark.slow
def test_a_spark_scan_killed_between_writing_and_committing_each_stage_equals_one_clean_scan(
    spark: Any, days: tuple[Path, list[str], Path], first_two_days: tuple[Path, Path], tmp_path: Path
) -> None:
    """Runs of one incremental scan, each killed at the instant a stage's output is written whole
    and its commit is not yet recorded (the new events, their text features, then the checkpoint
    after the new profiles), then one run to the end: nothing is lost or stored twice."""
    staging, names, accounts = days
    root, out = _third_day(days, first_two_days, tmp_path)
    store = out / "spark-store"
    new_events = pq.read_table(staging / f"dt={names[2]}" / "events.parquet").num_rows
    for point, left in (("written:events", "events/b-*"), ("written:event_features", "event_features/b-*")):
        ended = _run(root, out, accounts, kill_at=point)
        assert ended == f"killed at {point} (-9)", ended
        # the kill left the whole new batch written and uncommitted: readers must never see it
        (batch,) = _uncommitted(store, left)
        assert pq.read_table(batch).num_rows == new_events
    before = Store(spark, str(store)).current()
    ended = _run(root, out, accounts, kill_at="written:scan_partitions")
    assert ended == "killed at written:scan_partitions (-9)", ended
    assert Store(spark, str(store)).current() == before + 1  # the new profiles are stored, the checkpoint is not
    assert _uncommitted(store, "table-scan_partitions/v-*")
    ended = _run(root, out, accounts)
    assert ended == "DONE unchanged", ended  # the profiles are not merged a second time
    assert not _uncommitted(store, "*/b-*"), "a killed run's batch outlived the next write"
    _assert_equals_one_clean_scan(spark, staging, accounts, out, tmp_path)


def _assert_equals_one_clean_scan(spark: Any, staging: Path, accounts: Path, out: Path, tmp_path: Path) -> None:
    """The resumed store and findings in ``out`` equal one clean scan of the three days."""
    ref = DuckDBEngine()
    want = Scan(engine=ref).run([staging], tmp_path / "whole", accounts_paths=[accounts])
    engine = SparkEngine(spark=spark)
    engine.open(out, append=True)
    assert engine.count_events() == want.summary["events"]
    assert not (problems := diff_tables(engine, ref)), "\n".join(problems[:30])
    got = [orjson.loads(x) for x in (out / "accounts.jsonl").read_bytes().splitlines()]
    campaigns = [orjson.loads(x) for x in (out / "campaigns.jsonl").read_bytes().splitlines()]
    assert not (problems := diff_rows("accounts.jsonl", got, want.accounts, 1e-9)), "\n".join(problems[:30])
    key = lambda c: c["campaign"]  # noqa: E731
    assert not diff_rows("campaigns.jsonl", sorted(campaigns, key=key), sorted(want.campaigns, key=key), 1e-9)
