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
    cluster give a path every executor can write, ``hdfs://…`` or ``s3a://…``); its layout, and
    why a run killed at any point loses and double-counts nothing, is in
    :mod:`distillguard.engines._spark_store`.  A fresh scan starts it clean; ``append`` keeps it
    and adds only new ``request_id`` s; an incremental scan merges new partitions' profiles into
    the stored ones (:meth:`SparkEngine.build_profiles`).

Examples
--------
>>> SparkEngine.name, sorted(SparkEngine.capabilities)[:4]
('spark', ['formats', 'incremental', 'parallel', 'persistent'])
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa

from distillguard.engines._spark_store import APPENDED, GEN_TABLES, is_remote
from distillguard.errors import DistillguardError, Location

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from distillguard.events.store import IngestSummary

__all__ = ["PER_ACCOUNT_TABLES", "SparkEngine", "collected_bytes"]

#: the per-account tables a scan collects to the driver (profiles and the account graph's inputs)
PER_ACCOUNT_TABLES: tuple[str, ...] = ("account_profiles", "account_values", "account_wrappers", "account_sketches", "account_mth", "accounts")

#: sort key of every stored table (``read`` returns rows in this order); DuckDB's order: nulls
#: last, except the wrapper phrases (nulls first)
_ORDER: dict[str, tuple[str, ...]] = {
    "events": ("ts_ms", "request_id"),
    "accounts": ("account_id",),
    "event_features": ("account_id", "ts_ms", "request_id"),
    "event_flags": ("account_id", "ts_ms", "request_id"),
    "profile_buckets": ("account_id", "bucket"),
    "account_profiles": ("account_id",),
    "account_values": ("account_id", "kind", "value"),
    "account_wrappers": ("account_id", "head", "tail"),
    "account_sketches": ("account_id", "kind"),
    "account_mth": ("account_id",),
    "account_risk": ("account_id",),
    "scan_partitions": ("partition",),
    "campaign_signatures": ("campaign",),
}
_NULLS_FIRST = {("account_wrappers", "head"), ("account_wrappers", "tail")}


def _translated(fn: Any) -> Any:
    """A Spark failure inside an engine method becomes a one-line :class:`DistillguardError`."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from distillguard.engines._spark_session import from_spark, spark_message

        try:
            return fn(*args, **kwargs)
        except DistillguardError:
            raise
        except Exception as exc:
            if not from_spark(exc):
                raise
            raise DistillguardError(spark_message(exc)) from None

    return wrapper


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
    capabilities: ClassVar[frozenset[str]] = frozenset({"scan", "formats", "parallel", "persistent", "remote_paths", "incremental"})

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
        self._db: Any = None
        self._runner: Any = None
        #: seconds per engine step of the last scan (ingest, the per-event function, each profile table)
        self.timings: dict[str, float] = {}
        #: Arrow bytes collected to the driver, per table read
        self.collected: dict[str, int] = {}

    @contextmanager
    def _step(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t

    def _collect(self, name: str, df: DataFrame) -> pa.Table:
        t = _arrow(df)
        self.collected[name] = self.collected.get(name, 0) + t.nbytes
        return t

    @classmethod
    def from_config(cls, config: Any, path: str | Path | None = None, *, master: str | None = None, **options: Any) -> SparkEngine:
        """An engine from the scan's settings; ``path`` is the store (as ``--db`` is DuckDB's file)."""
        return cls(master, store=path, **options)

    # -- session and store -------------------------------------------------------------------
    @property
    def spark(self) -> SparkSession:
        if self._spark is None:
            from distillguard.engines._spark_session import session

            self._spark = session(self.master, self.conf)
        return self._spark

    @property
    def store_path(self) -> Path | None:
        if self._store is None or is_remote(self._store):
            return None
        return Path(self._store)

    @property
    def store(self) -> str:
        if self._store is None:
            raise DistillguardError("the Spark engine has no store open: call open(out_dir) first")
        return self._store

    @_translated
    def open(self, out_dir: Path, *, append: bool = False) -> None:
        from distillguard.engines._spark_store import Store

        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise DistillguardError(f"--out {out} is a file, not a directory", source=Location(str(out)))
        root = self._store_opt or str(out / "spark-store")
        self._store = root
        self._db = Store(self.spark, root)
        self.timings, self.collected = {}, {}
        if not append:
            self._db.clear()
        else:
            self._forget_stale_features()

    def _forget_stale_features(self) -> None:
        """A store built by other feature code keeps its events and accounts, not their features."""
        from distillguard.features import profile as P

        stored = self.db.state().get("definition")
        if stored is not None and stored != P.definition():
            self.db.delete("event_features")
            self.db.drop_generations()
            self.db.delete("table-account_risk")

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    @property
    def db(self) -> Any:
        if self._db is None:
            raise DistillguardError("the Spark engine has no store open: call open(out_dir) first")
        return self._db

    def _exists(self, name: str) -> bool:
        db = self.db
        if name in APPENDED:
            return bool(db.batches(name))
        if name in GEN_TABLES:
            return db.current() is not None
        return db.table(name) is not None

    def _df(self, name: str) -> DataFrame:
        """A stored table: appended ones the union of their committed batches, the profile stage's
        from the current generation (``event_flags``: the union of its flag parts), the rest at
        their last version."""
        if not self._exists(name):
            raise DistillguardError(f"the store {self.store} holds no {name} table yet")
        db = self.db
        if name in APPENDED:
            return self.spark.read.parquet(*db.batches(name))
        if name == "event_flags":
            return self.spark.read.parquet(*db.flag_parts())
        if name in GEN_TABLES:
            return self.spark.read.parquet(db.gen_table(db.current(), name))
        return self.spark.read.parquet(db.table(name))

    def _append(self, df: DataFrame, name: str) -> str:
        """Add ``df`` to ``name`` as a new batch, part of the table once written whole; returns its path.

        Never Spark's ``mode("append")`` into the table's directory: a job killed after some tasks
        committed leaves their output under ``_temporary/``, and the next append's job commit
        merges it in (those rows twice).  A batch of its own is visible only once committed, and
        whatever a killed run left is deleted by :meth:`Store.new_batch`."""
        path, n = self.db.new_batch(name)
        df.write.mode("overwrite").parquet(path)
        self.db.commit_batch(name, n)
        return path

    @property
    def runner(self) -> Any:
        if self._runner is None:
            from distillguard.engines._spark_profiles import SqlRunner

            self._runner = SqlRunner(self.spark)
        return self._runner

    # -- ingest ------------------------------------------------------------------------------
    @_translated
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
        with self._step("ingest: read, validate, deduplicate"):
            got = ingest(
                self.spark, paths, rejects_path=rejects_path, accounts_paths=accounts_paths,
                max_bad_fraction=max_bad_fraction, format=fmt, existing=existing,
            )
        try:
            with self._step("ingest: store events and accounts"):
                self._append(got.events, "events")
                self._append(got.accounts, "accounts")
        finally:
            got.unpersist()
        if progress is not None:
            progress(got.summary.rows_read + got.summary.accounts_read)
        return got.summary

    # -- per-event function and profiles ------------------------------------------------------
    @_translated
    def map_events(self, fn: Any, *, columns: Sequence[str], schema: pa.Schema, progress: Any = None) -> int:
        """``fn`` over every event not yet featured, in ``mapInArrow``; appended to ``event_features``."""
        from distillguard.engines._spark_profiles import map_arrow

        events = self._df("events")
        if self._exists("event_features"):
            events = events.join(self._df("event_features").select("request_id"), "request_id", "left_anti")
        todo = events.select(*columns)
        out = map_arrow(todo, fn, schema)
        with self._step("per-event function (mapInArrow)"):
            batch = self._append(out, "event_features")
        done = self.spark.read.parquet(batch).count()
        if progress is not None:
            progress(done)
        return done

    @_translated
    def build_profiles(self, *, evidence_requests: int) -> str:
        """The stateful primitives, bucket and account profiles and the graph inputs: the Ibis
        expressions of :mod:`distillguard.features.profile` as Spark SQL, written as a new
        generation of the store that becomes visible at once when complete (a run killed here
        leaves the store as it was).

        Incremental where it is exact (the stored generation was made by this feature code and
        ``evidence_requests``, and every new event comes after its account's stored ones): only the
        new events are flagged, continuing the stored first-seen state and gaps; their buckets are
        merged into the stored ones and the per-account tables of the accounts they touch
        recomputed.  Otherwise everything is rebuilt from ``event_features``.  Returns
        ``"rebuilt"``, ``"incremental"`` or ``"unchanged"``."""
        from distillguard.features import profile as P

        db = self.db
        prev = db.current()
        state = db.state(prev) if prev is not None else {}
        m = evidence_requests
        if prev is not None and state.get("definition") == P.definition() and state.get("evidence_requests") == m:
            feats = self._df("event_features")
            stored = self._df("event_flags")
            new = feats.join(stored.select("request_id"), "request_id", "left_anti")
            if not new.limit(1).count():
                return "unchanged"
            if not self._out_of_order(feats, new, stored):
                gen = db.next_generation()
                self._increment(gen, prev, new, stored, m)
                db.commit(gen, {"definition": P.definition(), "evidence_requests": m, "flag_parts": [*state["flag_parts"], gen]})
                return "incremental"
        gen = db.next_generation()
        self._rebuild(gen, m)
        db.commit(gen, {"definition": P.definition(), "evidence_requests": m, "flag_parts": [gen]})
        return "rebuilt"

    def _write_gen(self, gen: int, name: str, make: Any) -> DataFrame:
        with self._step(f"profiles: {name}"):
            make().write.mode("overwrite").parquet(self.db.gen_table(gen, name))
        return self.spark.read.parquet(self.db.gen_table(gen, name))

    def _rebuild(self, gen: int, m: int) -> None:
        from distillguard.features import profile as P

        q = self.runner
        flags = self._write_gen(gen, "event_flags", lambda: q.run(P.event_flags(q.table(self._df("event_features"), "event_features"))))
        ef = q.table(flags, "event_flags")
        buckets = self._write_gen(gen, "profile_buckets", lambda: q.run(P.bucket_profiles(ef)))
        self._write_gen(gen, "account_profiles", lambda: q.run(P.account_profiles(q.table(buckets, "profile_buckets"))))
        self._graph_inputs(gen, ef, m, keep=None)

    def _increment(self, gen: int, prev: int, new: DataFrame, stored: DataFrame, m: int) -> None:
        from distillguard.features import profile as P

        q = self.runner
        accounts = new.select("account_id").distinct()
        prior = stored.join(accounts, "account_id", "left_semi")  # only the touched accounts' history matters
        part = self._write_gen(gen, "event_flags", lambda: q.run(P.event_flags(q.table(new, "new_features"), q.table(prior, "prior_flags"))))
        new_buckets = q.run(P.bucket_profiles(q.table(part, "new_flags")))
        old_buckets = self.spark.read.parquet(self.db.gen_table(prev, "profile_buckets"))
        merged = q.run(P.merge_buckets(q.table(old_buckets, "old_buckets"), q.table(new_buckets, "new_buckets")))
        kept = old_buckets.join(new_buckets.select("account_id", "bucket"), ["account_id", "bucket"], "left_anti")
        buckets = self._write_gen(gen, "profile_buckets", lambda: kept.unionByName(merged.select(*old_buckets.columns)))
        touched = part.select("account_id").distinct()
        old_profiles = self.spark.read.parquet(self.db.gen_table(prev, "account_profiles"))
        fresh = q.run(P.account_profiles(q.table(buckets.join(touched, "account_id", "left_semi"), "touched_buckets")))
        self._write_gen(gen, "account_profiles", lambda: old_profiles.join(touched, "account_id", "left_anti").unionByName(fresh.select(*old_profiles.columns)))
        flags = self.spark.read.parquet(*self.db.flag_parts(prev), self.db.gen_table(gen, "event_flags"))
        self._graph_inputs(gen, q.table(flags.join(touched, "account_id", "left_semi"), "touched_flags"), m, keep=(prev, touched))

    def _graph_inputs(self, gen: int, ef: Any, m: int, *, keep: tuple[int, DataFrame] | None) -> None:
        """The per-account graph inputs of the events ``ef``; with ``keep`` (previous generation,
        touched accounts), the previous generation's rows of the other accounts are carried over."""
        from distillguard.engines._spark_profiles import signatures
        from distillguard.features import profile as P

        q = self.runner
        for name, make in (
            ("account_values", lambda: q.run(P.account_values(ef))),
            ("account_wrappers", lambda: q.run(P.account_wrappers(ef))),
            ("account_mth", lambda: q.run(P.mth_request(ef, m))),
            ("account_sketches", lambda: signatures(q.run(P.sketch_elements(ef)))),
        ):
            if keep is None:
                self._write_gen(gen, name, make)
            else:
                prev, touched = keep
                old = self.spark.read.parquet(self.db.gen_table(prev, name))
                self._write_gen(gen, name, lambda old=old, make=make: old.join(touched, "account_id", "left_anti").unionByName(make().select(*old.columns)))

    def _out_of_order(self, feats: DataFrame, new: DataFrame, stored: DataFrame) -> bool:
        """Does a new event come before (or at) its account's last stored one, or do the new
        events give an account principals it did not have (its earlier events were never
        profiled per principal)?"""
        from pyspark.sql import functions as F

        from distillguard.features import profile as P

        q = self.runner
        now = q.run(P.principal_owners(q.table(feats, "owners_features")))
        before = q.run(P.principal_owners(q.table(stored, "owners_flags")))
        if now.exceptAll(before.select(*now.columns)).limit(1).count():
            return True
        last = stored.groupBy("account_id").agg(F.max("ts_ms").alias("_t"))
        return bool(new.select("account_id", "ts_ms").join(last, "account_id").filter(F.col("ts_ms") <= F.col("_t")).limit(1).count())

    # -- reads -------------------------------------------------------------------------------
    @_translated
    def read(self, name: str, *, accounts: Sequence[str] | None = None, columns: Sequence[str] | None = None,
             ordered: bool = True) -> pa.Table:
        """A stored table collected as Arrow, sorted by its key (in any order with ``ordered=False``:
        the distributed sort is skipped)."""
        if name not in _ORDER:
            raise ValueError(f"unknown table {name!r}")
        if name in ("events", "accounts") and not self._exists(name):
            from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA

            empty = (EVENTS_ARROW_SCHEMA if name == "events" else ACCOUNTS_ARROW_SCHEMA).empty_table()
            return empty.select(list(columns)) if columns else empty
        df = self._df(name)
        if accounts is not None:
            df = df.join(self._ids(accounts), "account_id", "left_semi")
        if ordered:
            df = df.orderBy(*_sort_keys(name, df.columns))
        if columns is not None:
            df = df.select(*columns)
        return _typed(name, self._collect(name, df))

    @_translated
    def events_in_buckets(self, pairs: pa.Table, *, columns: Sequence[str]) -> pa.Table:
        from pyspark.sql import functions as F

        p = F.broadcast(self._from_arrow(pairs.select(["account_id", "bucket"])))
        ef = self._df("event_flags").join(p, ["account_id", "bucket"], "left_semi")
        rest = [c for c in columns if c not in ("account_id", "request_id", "ts_ms")]
        return self._collect("event_flags (replay)", ef.select("account_id", "request_id", "ts_ms", *rest).orderBy("account_id", "ts_ms", "request_id"))

    @_translated
    def first_requests(self, column: str | None, accounts: Sequence[str], n: int) -> pa.Table:
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        from pyspark.sql.types import BooleanType

        ef = self._df("event_flags").join(self._ids(accounts), "account_id", "left_semi")
        bools = {f.name for f in ef.schema.fields if isinstance(f.dataType, BooleanType)}
        if column is not None and column in bools:
            ef = ef.filter(F.coalesce(F.col(column), F.lit(False)))
        w = Window.partitionBy("account_id").orderBy("ts_ms", "request_id")
        r = ef.select("account_id", "request_id", F.row_number().over(w).alias("rn")).filter(F.col("rn") <= n)
        return self._collect("event_flags (evidence)", r.orderBy("account_id", "rn").select("account_id", "request_id"))

    @_translated
    def count_events_until(self, until: pa.Table) -> pa.Table:
        from pyspark.sql import functions as F

        u = F.broadcast(self._from_arrow(until.select(["account_id", "t"]))).alias("n")
        e = self._df("event_flags").select("account_id", "request_id", "ts_ms").alias("e")
        j = u.join(e, (F.col("e.account_id") == F.col("n.account_id")) & (F.col("e.ts_ms") <= F.col("n.t")), "left")
        out = j.groupBy(F.col("n.account_id").alias("account_id")).agg(F.count(F.col("e.request_id")).alias("events"))
        return self._collect("event_flags (events before a flag)", out.orderBy("account_id"))

    @_translated
    def count_events(self) -> int:
        return self._df("events").count() if self._exists("events") else 0

    # -- findings ----------------------------------------------------------------------------
    @_translated
    def write(self, name: str, table: pa.Table) -> None:
        """Store a table the scan computed (``account_risk``, the checkpoint): a new version,
        visible once written whole."""
        if name not in _ORDER:
            raise ValueError(f"unknown table {name!r}")
        path, v = self.db.new_version(name)
        self._from_arrow(table).write.mode("overwrite").parquet(path)
        self.db.commit_version(name, v)

    def _from_arrow(self, table: pa.Table) -> DataFrame:
        from pyspark.sql.pandas.types import from_arrow_schema

        schema = from_arrow_schema(_spark_types(table.schema))
        if table.num_rows == 0:
            return self.spark.createDataFrame([], schema)
        return self.spark.createDataFrame(_to_spark(table), schema=schema)

    def _ids(self, accounts: Sequence[str]) -> DataFrame:
        from pyspark.sql import functions as F

        return F.broadcast(self._from_arrow(pa.table({"account_id": pa.array(list(accounts), pa.string())})))


def collected_bytes(engine: SparkEngine) -> dict[str, Any]:
    """How big the per-account tables the driver collects are: Arrow bytes of each of
    :data:`PER_ACCOUNT_TABLES` over the accounts, and what the last scan collected in all."""
    during_scan = dict(engine.collected)
    accounts = engine.read("account_profiles", columns=["account_id"]).num_rows
    sizes = {name: engine.read(name).nbytes for name in PER_ACCOUNT_TABLES if engine._exists(name)}
    per = {k: round(v / accounts, 1) for k, v in sizes.items()} if accounts else {}
    return {
        "accounts": accounts,
        "bytes": sizes,
        "bytes_per_account": per,
        "total_bytes_per_account": round(sum(sizes.values()) / accounts, 1) if accounts else None,
        "collected_by_the_scan": during_scan,
    }


# --------------------------------------------------------------------------------------------
# helpers


def _sort_keys(name: str, columns: Sequence[str]) -> list[Any]:
    from pyspark.sql import functions as F

    keys = [c for c in _ORDER[name] if c in columns]
    return [F.col(c).asc_nulls_first() if (name, c) in _NULLS_FIRST else F.col(c).asc_nulls_last() for c in keys]


def _spark_types(schema: pa.Schema) -> pa.Schema:
    """Arrow types Spark stores: unsigned integers as signed of the same width (MinHash
    signatures are ``uint64``; their bits are kept), timestamps in microseconds."""
    return pa.schema([pa.field(f.name, _spark_type(f.type)) for f in schema])


def _spark_type(t: pa.DataType) -> pa.DataType:
    if pa.types.is_unsigned_integer(t):
        return pa.int64() if t.bit_width == 64 else pa.int32() if t.bit_width == 32 else pa.int16()
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(_spark_type(t.value_type))
    if pa.types.is_timestamp(t):
        return pa.timestamp("us", tz=t.tz)
    return t


def _to_spark(table: pa.Table) -> pa.Table:
    cols = [_to_spark_col(table.column(i).combine_chunks()) for i in range(table.num_columns)]
    return pa.Table.from_arrays(cols, schema=_spark_types(table.schema))


def _to_spark_col(a: pa.Array) -> pa.Array:
    t = a.type
    if pa.types.is_unsigned_integer(t) and t.bit_width == 64:
        return a.view(pa.int64())
    if pa.types.is_list(t) and pa.types.is_unsigned_integer(t.value_type) and t.value_type.bit_width == 64:
        return pa.ListArray.from_arrays(a.offsets, a.flatten().view(pa.int64()), mask=a.is_null())
    return a.cast(_spark_type(t))


#: tables whose columns Spark cannot store as the engines' schema says: the stored form is cast back
def _typed(name: str, t: pa.Table) -> pa.Table:
    if name == "account_sketches" and "sig" in t.column_names:
        sig = t.column("sig").combine_chunks()
        back = pa.ListArray.from_arrays(sig.offsets, sig.flatten().view(pa.uint64()), mask=sig.is_null())
        t = t.set_column(t.column_names.index("sig"), "sig", back)
    if name in ("events", "accounts"):
        from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA

        schema = EVENTS_ARROW_SCHEMA if name == "events" else ACCOUNTS_ARROW_SCHEMA
        want = pa.schema([schema.field(c) for c in t.column_names if c in schema.names])
        if len(want) == t.num_columns:
            t = t.cast(want)
    return t


def _arrow(df: DataFrame) -> pa.Table:
    """A DataFrame collected to the driver as Arrow: timestamps back to ``ms`` UTC, every field
    nullable (as DuckDB returns them)."""
    t = df.toArrow()
    cols, fields = [], []
    for f in t.schema:
        c = t.column(f.name)
        if pa.types.is_timestamp(f.type):
            c = c.cast(pa.timestamp("ms", tz="UTC"))
        cols.append(c)
        fields.append(pa.field(f.name, c.type, nullable=True))
    return pa.Table.from_arrays(cols, schema=pa.schema(fields))
