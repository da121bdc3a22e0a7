"""The Spark store's appended tables: a batch counts once committed, and whatever a killed job
left (an uncommitted batch, a committed task's output under ``_temporary/``) is never read and
is deleted by the next write.  The killed runs themselves are in ``test_spark_kill.py``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from distillguard.engines._spark_store import MARKER, Store
from distillguard.engines.spark import SparkEngine


def _ids(engine: SparkEngine) -> list[str]:
    return sorted(engine.read("accounts", columns=["account_id"], ordered=False).column("account_id").to_pylist())


def _accounts(spark: Any, ids: list[str]) -> Any:
    return spark.createDataFrame([(i, None, None) for i in ids], "account_id string, tier string, created_at timestamp")


def test_what_a_killed_append_left_is_never_read_and_the_next_append_deletes_it(spark: Any, tmp_path: Path) -> None:
    engine = SparkEngine(spark=spark)
    engine.open(tmp_path)
    table = tmp_path / "spark-store" / "accounts"
    first = engine._append(_accounts(spark, ["a1", "a2"]), "accounts")
    assert _ids(engine) == ["a1", "a2"]
    # a killed run's leftovers: a whole batch without its marker, and a committed task's output
    # under _temporary/0/ (which FileOutputCommitter's next job commit would merge in)
    part = next(Path(first).glob("part-*.parquet"))
    (table / "b-000002").mkdir()
    shutil.copy(part, table / "b-000002" / part.name)
    task = table / "_temporary" / "0" / "task_202612010000_0001_m_000000"
    task.mkdir(parents=True)
    shutil.copy(part, task / part.name)
    engine.open(tmp_path, append=True)
    assert _ids(engine) == ["a1", "a2"]  # neither is read
    second = engine._append(_accounts(spark, ["a3"]), "accounts")
    assert _ids(engine) == ["a1", "a2", "a3"]  # nothing of the killed run merged in
    assert second.endswith("/b-000003")  # a killed batch's number is not reused
    assert sorted(p.name for p in table.iterdir()) == ["b-000001", "b-000003"]
    assert (table / "b-000003" / MARKER).exists()


def test_a_store_written_before_batches_keeps_its_rows(spark: Any, tmp_path: Path) -> None:
    """Parquet files at an appended table's root (the layout before batches) stay part of it."""
    store = tmp_path / "spark-store"
    _accounts(spark, ["old1", "old2"]).write.mode("append").parquet(str(store / "accounts"))
    engine = SparkEngine(spark=spark)
    engine.open(tmp_path, append=True)
    assert _ids(engine) == ["old1", "old2"]
    engine._append(_accounts(spark, ["new1"]), "accounts")
    assert _ids(engine) == ["new1", "old1", "old2"]
    assert len(Store(spark, str(store)).batches("accounts")) == len(list((store / "accounts").glob("*.parquet"))) + 1
    assert pa.concat_tables([pq.read_table(p) for p in Store(spark, str(store)).batches("accounts")]).num_rows == 3
