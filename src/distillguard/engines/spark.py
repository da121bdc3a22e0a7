"""The Spark engine: the same scan on Apache Spark (local mode, a standalone cluster, YARN).

``distillguard scan logs/ --engine spark --master local[2]`` (or ``spark://HOST:PORT``, ``yarn``),
or ``spark-submit`` of :mod:`distillguard.engines.spark_submit` on a cluster.

What runs where
    *Executors*: reading and validating the logs (the project's own row validator in
    ``mapInArrow``, :mod:`distillguard.engines._spark_ingest`), deduplication, the per-event Arrow
    function (``mapInArrow``), and every relational stage — the Ibis expressions of
    :mod:`distillguard.features.profile` compiled to Spark SQL, one definition for every engine.
    *Driver*: the per-account tables (profiles and the graph inputs) are collected and scoring,
    replay, campaigns and explanations run there with the same code as every engine; the driver
    writes ``accounts.jsonl``, ``campaigns.jsonl``, ``summary.json`` and the rejects file.

The store
    Every stage table is Parquet under the store directory (``OUT/spark-store`` by default; on a
    cluster give a path every executor can write, ``hdfs://…`` or ``s3a://…``): ``events``,
    ``accounts``, ``event_features``, ``event_flags``, ``profile_buckets``, ``account_profiles``,
    the graph inputs and ``account_risk``.  A fresh scan starts it clean; ``append`` keeps it and
    adds only new ``request_id`` s.

Examples
--------
>>> SparkEngine.name, sorted(SparkEngine.capabilities)[:3]
('spark', ['formats', 'parallel', 'persistent'])
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlparse

import pyarrow as pa

from distillguard.errors import DistillguardError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from distillguard.events.store import IngestSummary

__all__ = ["SparkEngine"]

#: key columns each stored table is sorted by when read back
_ORDER: dict[str, tuple[str, ...]] = {
    "events": ("ts_ms", "request_id"),
    "accounts": ("account_id",),
    "event_features": ("ts_ms", "request_id"),
    "event_flags": ("account_id", "ts_ms", "request_id"),
    "profile_buckets": ("account_id", "bucket"),
    "account_profiles": ("account_id",),
    "account_values": ("account_id", "kind", "value"),
    "account_wrappers": ("account_id", "head", "tail"),
    "account_sketches": ("account_id", "kind"),
    "account_mth": ("account_id",),
    "account_risk": ("account_id",),
}


class SparkEngine:
    """The scan's stages on Spark; per-account tables come back to the driver as Arrow.

    Parameters
    ----------
    master
        ``local[2]``, ``spark://HOST:PORT``, ``yarn``, …; ``None``: the active session's (under
        ``spark-submit``), else ``local[*]``.
    conf
        Spark settings for a session this engine starts (``spark.executor.memory`` …).
    store
        Where the stage tables live (a local path or any URI Spark writes); default ``OUT/spark-store``.
    spark
        An existing SparkSession to use (tests, notebooks).
    """

    name: ClassVar[str] = "spark"
    capabilities: ClassVar[frozenset[str]] = frozenset({"scan", "formats", "parallel", "persistent", "remote_paths"})

    def __init__(
        self,
        master: str | None = None,
        *,
        conf: Mapping[str, str] | None = None,
        store: str | Path | None = None,
        spark: SparkSession | None = None,
    ) -> None:
        self.master = master
        self.conf = dict(conf or {})
        self._store_opt = str(store) if store is not None else None
        self._spark = spark
        self._store: str | None = None
        self._runner: Any = None

    # -- session and store -------------------------------------------------------------------
    @property
    def spark(self) -> SparkSession:
        if self._spark is None:
            from distillguard.engines._spark_session import session

            self._spark = session(self.master, self.conf)
        return self._spark

    @property
    def store_path(self) -> Path | None:
        if self._store is None or _is_remote(self._store):
            return None
        return Path(self._store)

    @property
    def store(self) -> str:
        if self._store is None:
            raise DistillguardError("the Spark engine has no store open: call open(out_dir) first")
        return self._store

    def open(self, out_dir: Path, *, append: bool = False) -> None:
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise DistillguardError("--out names a file, not a directory", source=None)
        store = self._store_opt or str(out / "spark-store")
        if not append:
            _remove(self.spark, store)
        self._store = store
        if not _is_remote(store):
            Path(store).mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    def _path(self, name: str) -> str:
        return f"{self.store.rstrip('/')}/{name}"

    def _exists(self, name: str) -> bool:
        return _exists(self.spark, self._path(name))

    def _df(self, name: str) -> DataFrame:
        if not self._exists(name):
            raise DistillguardError(f"the store holds no {name} table yet", source=None)
        return self.spark.read.parquet(self._path(name))

    def _save(self, df: DataFrame, name: str, *, mode: str = "overwrite") -> None:
        df.write.mode(mode).parquet(self._path(name))

    @property
    def runner(self) -> Any:
        if self._runner is None:
            from distillguard.engines._spark_profiles import SqlRunner

            self._runner = SqlRunner(self.spark)
        return self._runner

    # -- ingest ------------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        rejects_path: Path,
        accounts_paths: Sequence[str | Path] = (),
        fmt: str = "auto",
        max_bad_fraction: float | None = None,
        progress: Any = None,
    ) -> IngestSummary:
        from distillguard.engines._spark_ingest import ingest

        existing = {k: self._df(k) for k in ("events", "accounts") if self._exists(k)}
        got = ingest(
            self.spark, paths, rejects_path=rejects_path, accounts_paths=accounts_paths,
            max_bad_fraction=max_bad_fraction, format=fmt, existing=existing,
        )
        try:
            self._save(got.events, "events", mode="append")
            self._save(got.accounts, "accounts", mode="append")
        finally:
            got.unpersist()
        if progress is not None:
            progress(got.summary.rows_read + got.summary.accounts_read)
        return got.summary

    # -- reads -------------------------------------------------------------------------------
    def read(self, name: str, *, accounts: Sequence[str] | None = None, columns: Sequence[str] | None = None) -> pa.Table:
        df = self._df(name)
        if accounts is not None:
            df = df.join(self._ids(accounts), "account_id", "left_semi")
        order = [c for c in _ORDER.get(name, ()) if c in df.columns]
        if columns is not None:
            df = df.select(*columns)
        if order and set(order) <= set(df.columns):
            df = df.orderBy(*order)
        return _arrow(df)

    def count_events(self) -> int:
        return self._df("events").count() if self._exists("events") else 0

    def write(self, name: str, table: pa.Table) -> None:
        self._save(self._from_arrow(table), name)

    def _from_arrow(self, table: pa.Table) -> DataFrame:
        from pyspark.sql.pandas.types import from_arrow_schema

        return self.spark.createDataFrame(table, schema=from_arrow_schema(table.schema)) if table.num_rows else self.spark.createDataFrame([], from_arrow_schema(table.schema))

    def _ids(self, accounts: Sequence[str]) -> DataFrame:
        from pyspark.sql import functions as F

        return F.broadcast(self._from_arrow(pa.table({"account_id": pa.array(list(accounts), pa.string())})))


# --------------------------------------------------------------------------------------------
# helpers


def _is_remote(path: str) -> bool:
    u = urlparse(path)
    return len(u.scheme) > 1 and u.scheme != "file"


def _hadoop_fs(spark: SparkSession, path: str) -> tuple[Any, Any]:
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    hp = jvm.org.apache.hadoop.fs.Path(path)
    return hp.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hp  # type: ignore[attr-defined]


def _exists(spark: SparkSession, path: str) -> bool:
    if not _is_remote(path):
        return Path(path).exists()
    fs, hp = _hadoop_fs(spark, path)
    return bool(fs.exists(hp))


def _remove(spark: SparkSession, path: str) -> None:
    if not _is_remote(path):
        p = Path(path)
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            raise DistillguardError("the Spark store path names a file, not a directory", source=None)
        return
    fs, hp = _hadoop_fs(spark, path)
    if fs.exists(hp):
        fs.delete(hp, True)


def _arrow(df: DataFrame) -> pa.Table:
    """A DataFrame collected to the driver as Arrow (timestamps back to ``ms``, UTC)."""
    t = df.toArrow()
    cols = []
    for f in t.schema:
        c = t.column(f.name)
        cols.append(c.cast(pa.timestamp("ms", tz="UTC")) if pa.types.is_timestamp(f.type) else c)
    return pa.Table.from_arrays(cols, names=t.column_names)
