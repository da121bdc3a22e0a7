"""The embedded engine: one DuckDB file per scan (``OUT/scan.duckdb``), no server.

Every DuckDB connection and every SQL text of the project lives in this module.  The relational
feature code is not written here: it is the Ibis expressions of
:mod:`distillguard.features.profile`, compiled for DuckDB; the SQL below only moves rows (ingest,
reads, the replay and evidence look-ups).

Timestamps (``ts``, ``created_at``) are stored as DuckDB ``TIMESTAMP`` holding **UTC** wall-clock
time (no zone), not ``TIMESTAMPTZ``: then ``hour(ts)`` and ``strftime`` give UTC whatever the
session's ``TimeZone``, and ``fetchall()`` needs no ``pytz``.  Reads return them as Arrow
``timestamp[ms, UTC]`` again, so ``events`` round-trips to exactly ``EVENTS_ARROW_SCHEMA``.
Features use ``ts_ms`` (epoch milliseconds), which is engine-neutral.

DuckDB errors (a damaged ``scan.duckdb``, a file another running scan holds, an ``--out`` that
is a file, a full disk) become a :class:`~distillguard.errors.DistillguardError` with one line.

Examples
--------
>>> import tempfile, pathlib
>>> e = DuckDBEngine()
>>> e.open(pathlib.Path(tempfile.mkdtemp()))
>>> e.store_path.name, e.count_events()
('scan.duckdb', 0)
>>> e.close()
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import duckdb
import ibis
import pyarrow as pa

from distillguard.engines.base import EventFunction, Progress, TableName
from distillguard.errors import DistillguardError, Location
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA
from distillguard.events.store import IngestSummary, ingest, staging_schema
from distillguard.features import profile as P

STORAGE_VERSION = "v1.3.0"
"""The storage format of new store files (see :meth:`DuckDBEngine._connect`)."""
#: the per-event stage appends its output at least this many rows at a time (two row groups)
WRITE_ROWS = 245_760

__all__ = ["DuckDBEngine", "DuckDBIngestSink", "duckdb_type", "ensure_tables", "read_accounts", "read_events"]

F = TypeVar("F", bound=Callable[..., Any])

#: sort key of every stored table (``read`` returns rows in this order)
_ORDER: dict[str, str] = {
    "events": "ts_ms, request_id",
    "accounts": "account_id",
    "event_features": "account_id, ts_ms, request_id",
    "event_flags": "account_id, ts_ms, request_id",
    "profile_buckets": "account_id, bucket",
    "account_profiles": "account_id",
    "account_values": "account_id, kind, value",
    "account_wrappers": "account_id, head NULLS FIRST, tail NULLS FIRST",
    "account_sketches": "account_id, kind",
    "account_mth": "account_id",
    "account_risk": "account_id",
    "scan_partitions": "partition",
    "campaign_signatures": "campaign",
}
#: tables derived from ``event_features`` (dropped when the feature code changed)
_DERIVED = ("event_features", "event_flags", "profile_buckets", "account_profiles", "account_values", "account_wrappers",
            "account_sketches", "account_mth", "account_risk")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _translated(fn: F) -> F:
    """DuckDB errors out of ``fn`` become one-line :class:`DistillguardError` s naming the store."""

    @functools.wraps(fn)
    def wrapper(self: DuckDBEngine, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except duckdb.Error as exc:
            where = str(self.store_path) if self.store_path else "the in-memory store"
            raise DistillguardError(f"DuckDB failed on {where}: {_one_line(exc)}", source=Location(where)) from None

    return wrapper  # type: ignore[return-value]


def _quote(name: str) -> str:
    if '"' in name or "\x00" in name:
        raise ValueError(f"not a column name: {name!r}")
    return f'"{name}"'


# --------------------------------------------------------------------------------------------
# tables


def duckdb_type(t: pa.DataType) -> str:
    """The DuckDB column type used for an Arrow type of the schemas."""
    if pa.types.is_timestamp(t):
        return "TIMESTAMP"  # UTC wall clock, see the module docs
    if pa.types.is_string(t):
        return "VARCHAR"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    raise TypeError(f"no DuckDB type for {t}")


def _ensure_table(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    cols = ", ".join(f"{_quote(f.name)} {duckdb_type(f.type)}" for f in schema)
    con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
    have = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND NOT internal", [name]).fetchall()}
    for f in schema:  # a store made by an older version: add the new columns
        if f.name not in have:
            con.execute(f"ALTER TABLE {name} ADD COLUMN {_quote(f.name)} {duckdb_type(f.type)}")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the empty ``events`` and ``accounts`` tables where they do not exist yet."""
    _ensure_table(con, "events", EVENTS_ARROW_SCHEMA)
    _ensure_table(con, "accounts", ACCOUNTS_ARROW_SCHEMA)


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
    res = con.execute(sql, params) if params is not None else con.execute(sql)
    tbl = res.to_arrow_table() if hasattr(res, "to_arrow_table") else res.fetch_arrow_table()
    if isinstance(tbl, pa.RecordBatchReader):
        tbl = tbl.read_all()
    return tbl


def _as_schema(tbl: pa.Table, schema: pa.Schema) -> pa.Table:
    """``tbl`` cast to the fields of ``schema`` it has (stored timestamps are zone-less UTC)."""
    want = pa.schema([schema.field(c) for c in tbl.column_names if c in schema.names])
    if len(want) != tbl.num_columns:
        return tbl
    return tbl.cast(want)


def read_events(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The ``events`` table as Arrow, exactly :data:`EVENTS_ARROW_SCHEMA`, in (``ts_ms``, ``request_id``) order."""
    cols = ", ".join(_quote(f.name) for f in EVENTS_ARROW_SCHEMA)
    return _fetch(con, f"SELECT {cols} FROM events ORDER BY ts_ms, request_id").cast(EVENTS_ARROW_SCHEMA)


def read_accounts(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The ``accounts`` table as Arrow, exactly :data:`ACCOUNTS_ARROW_SCHEMA`."""
    cols = ", ".join(_quote(f.name) for f in ACCOUNTS_ARROW_SCHEMA)
    return _fetch(con, f"SELECT {cols} FROM accounts ORDER BY account_id").cast(ACCOUNTS_ARROW_SCHEMA)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_name = ?", [name]).fetchone()[0])  # type: ignore[index]


def _create_as(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> None:
    con.execute(f"create or replace table {name} as {sql}").fetchall()


def _create_from_arrow(con: duckdb.DuckDBPyConnection, name: str, tbl: pa.Table) -> None:
    con.register("_dg_arrow", tbl)
    try:
        con.execute(f"create or replace table {name} as select * from _dg_arrow").fetchall()
    finally:
        con.unregister("_dg_arrow")


# --------------------------------------------------------------------------------------------
# ingest


def _utc_naive(col: pa.Array) -> pa.Array:
    """A ``timestamp[ms, UTC]`` column as zone-less UTC wall clock (same stored values), so DuckDB
    stores it as ``TIMESTAMP`` without converting through the session's time zone."""
    if pa.types.is_timestamp(col.type) and col.type.tz is not None:
        return col.cast(pa.timestamp(col.type.unit))
    return col


_STAGES = {"events": ("_dg_stage_events", "events", "request_id", EVENTS_ARROW_SCHEMA),
           "accounts": ("_dg_stage_accounts", "accounts", "account_id", ACCOUNTS_ARROW_SCHEMA)}


class DuckDBIngestSink:
    """:class:`~distillguard.events.store.IngestSink` over the ``events``/``accounts`` tables of a
    connection: staged in temporary tables, merged in one transaction.

    Fast path: when the ``events`` table is empty (a fresh scan), events are not staged but
    written straight into ``events`` inside a transaction that :meth:`commit` ends and
    :meth:`discard` rolls back (so a run that stops on ``max_bad_fraction``, an error or a kill
    leaves the store as it was).  Every row keeps its file and line, so the first row of each
    ``request_id`` in input order is known without an ordered insert (a clean Parquet file is
    copied by DuckDB's parallel reader unordered); duplicates, rare, are deleted after the
    insert.  This writes the wide rows (prompts) once instead of twice, with the same rows kept
    and the same per-file counts as the staged merge.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        ensure_tables(con)
        self.discard()
        #: events written straight into ``events`` (per ``_file``: rows, and the file's name)
        self._direct: dict[int, int] | None = None
        self._direct_mode: bool | None = None
        self._direct_files: dict[str, int] = {}
        self._in_tx = False
        for stage, _, _, schema in _STAGES.values():
            cols = ", ".join(f"{_quote(f.name)} {duckdb_type(f.type)}" for f in staging_schema(schema))
            con.execute(f"CREATE TEMP TABLE {stage} ({cols})")

    def _begin(self) -> None:
        if not self._in_tx:
            self.con.execute("BEGIN TRANSACTION")
            self._in_tx = True

    def _is_direct(self, kind: str) -> bool:
        """Events of a fresh store go straight into ``events``: decided at the first events
        staged, then kept for every later file of the call."""
        if kind != "events":
            return False
        if self._direct_mode is None:
            empty = not self.con.execute("select count(*) from (select 1 from events limit 1)").fetchone()[0]  # type: ignore[index]
            self._direct = {} if empty else None
            self._direct_mode = empty
        return bool(self._direct_mode)

    def stage(self, kind: str, batches: Iterator[pa.RecordBatch]) -> None:
        stage, target, _, schema = _STAGES[kind]
        direct = self._is_direct(kind)
        out_schema = schema if direct else staging_schema(schema)
        naive = pa.schema([pa.field(f.name, pa.timestamp(f.type.unit) if pa.types.is_timestamp(f.type) else f.type)
                           for f in out_schema])
        failure: list[BaseException] = []
        per_file = self._direct if direct else None
        width = len(schema)

        def guarded() -> Iterator[pa.RecordBatch]:
            # an error inside the stream would reach us wrapped in DuckDB's; keep the original
            try:
                for b in batches:
                    if per_file is not None and b.num_rows:
                        idx = int(b.column(width)[0].as_py())  # _file: one file per batch
                        per_file[idx] = per_file.get(idx, 0) + b.num_rows
                        self._direct_files.setdefault(str(b.column("source_file")[0].as_py()), idx)
                        cols = b.columns[:width]
                    else:
                        cols = b.columns
                    yield pa.RecordBatch.from_arrays([_utc_naive(c) for c in cols], schema=naive)
            except BaseException as exc:  # re-raised below, unchanged
                failure.append(exc)

        # one INSERT consuming a stream of batches: DuckDB pulls them as it writes
        reader = pa.RecordBatchReader.from_batches(naive, guarded())
        if direct:
            self._begin()
        self.con.register("_dg_stream", reader)
        try:
            if direct:
                cols = ", ".join(_quote(f.name) for f in schema)
                self.con.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM _dg_stream")
            else:
                self.con.execute(f"INSERT INTO {stage} SELECT * FROM _dg_stream")
        finally:
            self.con.unregister("_dg_stream")
        if failure:
            raise failure[0]

    def stage_parquet(self, kind: str, path: Path, file_index: int, first_seq: int) -> int | None:
        """Copy a clean canonical Parquet file (:func:`~distillguard.events.store.parquet_fast_path`)
        with DuckDB's own parallel reader, as the readers would have staged it: empty strings as
        unknown, ``ts`` as UTC milliseconds, ``source_file``/``source_line`` (1-based row), no
        ``attrs``.  Returns the rows copied, or ``None`` (nothing copied) where a value needs the
        readers' row checks: a missing or empty required field, a float that is not finite, a
        time before 1970 or after 9999; or a file DuckDB cannot read."""
        stage, target, _, schema = _STAGES[kind]
        if kind != "events":
            return None
        from distillguard.events.schema import EVENT_FIELDS

        con = self.con
        src = "read_parquet(?, file_row_number = true)"
        try:
            have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}", [str(path)]).fetchall()}
            bad = ["ts IS NULL", "request_id IS NULL", "request_id = ''", "account_id IS NULL", "account_id = ''",
                   "ts < TIMESTAMPTZ '1970-01-01 00:00:00+00'", "ts > TIMESTAMPTZ '9999-12-31 23:59:59.999+00'"]
            bad += [f"NOT isfinite({_quote(f.name)})" for f in EVENT_FIELDS if f.kind == "float" and f.name in have]
            n, n_bad = con.execute(f"SELECT count(*), count(*) FILTER (WHERE {' OR '.join(bad)}) FROM {src}", [str(path)]).fetchone()  # type: ignore[misc]
        except duckdb.Error:
            return None
        if n_bad:
            return None
        exprs = []
        for f in EVENT_FIELDS:
            c = _quote(f.name)
            if f.name not in have:
                exprs.append(f"CAST(NULL AS {duckdb_type(EVENTS_ARROW_SCHEMA.field(f.name).type)})")
            elif f.kind == "str":
                exprs.append(f"NULLIF({c}, '')")
            elif f.kind == "ts":  # UTC wall clock, whole milliseconds (the readers' epoch ms)
                exprs.append(f"make_timestamp(epoch_ms({c}) * 1000)")
            else:
                exprs.append(f"CAST({c} AS {duckdb_type(EVENTS_ARROW_SCHEMA.field(f.name).type)})")
        exprs += ["epoch_ms(ts)", "CAST(NULL AS VARCHAR)", "CAST(? AS VARCHAR)", "file_row_number + 1"]
        assert len(exprs) == len(schema)
        direct = self._is_direct(kind)
        cols = ", ".join(_quote(f.name) for f in schema)
        if direct:
            self._begin()
            # Unordered: DuckDB's parallel Parquet reader then writes as it reads instead of
            # buffering to keep input order (half the time, less memory, on the 1M benchmark).
            # ``source_line`` is the file's own row number, so :meth:`_dedupe_direct` still knows
            # which copy of a request came first.
            with _unordered(con):
                con.execute(f"INSERT INTO {target} ({cols}) SELECT {', '.join(exprs)} FROM {src}", [str(path), str(path)])
            assert self._direct is not None
            self._direct[file_index] = self._direct.get(file_index, 0) + int(n)
            self._direct_files.setdefault(str(path), file_index)
        else:
            con.execute(f"INSERT INTO {stage} SELECT {', '.join(exprs)}, {int(file_index)}, {int(first_seq)} + file_row_number FROM {src}",
                        [str(path), str(path)])
        return int(n)

    def commit(self) -> dict[str, tuple[dict[int, int], dict[int, int]]]:
        out: dict[str, tuple[dict[int, int], dict[int, int]]] = {}
        con = self.con
        self._begin()
        try:
            for kind, (stage, target, key, schema) in _STAGES.items():
                if kind == "events" and self._direct_mode:
                    out[kind] = self._dedupe_direct(self._direct or {}, self._direct_files)
                else:
                    out[kind] = self._merge(stage, target, key, schema)
            con.execute("COMMIT")
            self._in_tx = False
        except BaseException:
            con.execute("ROLLBACK")
            self._in_tx = False
            raise
        finally:
            self.discard()
        return out

    def _dedupe_direct(self, staged: dict[int, int], files: dict[str, int]) -> tuple[dict[int, int], dict[int, int]]:
        """Drop the rows written straight into ``events`` whose ``request_id`` came earlier in the
        input: in an earlier file, or earlier in the same file (a lower ``source_line``; a
        streamed file's rows, whose lines may repeat, were inserted in input order, so ``rowid``
        breaks their ties); ``(staged, kept)`` per file."""
        con = self.con
        dups = con.execute("select count(*) - count(distinct request_id) from events").fetchone()[0]  # type: ignore[index]
        kept = dict(staged)
        if dups:
            con.register("_dg_files", pa.table({"source_file": pa.array(list(files), pa.string()),
                                                "file_index": pa.array(list(files.values()), pa.int64())}))
            try:
                con.execute("""CREATE TEMP TABLE _dg_dups AS SELECT rid, source_file FROM (
                                 SELECT e.rowid AS rid, e.source_file, row_number() OVER (
                                     PARTITION BY e.request_id ORDER BY f.file_index, e.source_line, e.rowid) AS rn
                                 FROM events e LEFT JOIN _dg_files f USING (source_file)) WHERE rn > 1""")
            finally:
                con.unregister("_dg_files")
            for path, k in con.execute("SELECT source_file, count(*) FROM _dg_dups GROUP BY source_file").fetchall():
                idx = files[str(path)]
                kept[idx] -= int(k)
            con.execute("DELETE FROM events WHERE rowid IN (SELECT rid FROM _dg_dups)")
            con.execute("DROP TABLE temp._dg_dups")
        return staged, kept

    def _merge(self, stage: str, target: str, key: str, schema: pa.Schema) -> tuple[dict[int, int], dict[int, int]]:
        """Insert the staged rows whose key is new, the first of each key winning; count the rest."""
        con = self.con
        k = _quote(key)
        con.execute(
            f"""
            CREATE TEMP TABLE _dg_keep AS
            SELECT s._seq, s._file FROM {stage} s
            WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE t.{k} = s.{k})
            QUALIFY row_number() OVER (PARTITION BY s.{k} ORDER BY s._seq) = 1
            """
        )
        cols = [_quote(f.name) for f in schema]
        con.execute(
            f"INSERT INTO {target} ({', '.join(cols)}) SELECT {', '.join('s.' + c for c in cols)} "
            f"FROM {stage} s SEMI JOIN _dg_keep k ON s._seq = k._seq ORDER BY s._seq"
        )
        staged = dict(con.execute(f"SELECT _file, count(*) FROM {stage} GROUP BY _file").fetchall())
        kept = dict(con.execute("SELECT _file, count(*) FROM _dg_keep GROUP BY _file").fetchall())
        con.execute("DROP TABLE temp._dg_keep")
        return staged, kept

    def discard(self) -> None:
        if getattr(self, "_in_tx", False):
            self.con.execute("ROLLBACK")
            self._in_tx = False
            self.con.execute("RESET preserve_insertion_order")  # in case a failed copy left it off
        self._direct = None
        self._direct_mode = None
        self._direct_files = {}
        for name in ("_dg_stage_events", "_dg_stage_accounts", "_dg_keep", "_dg_dups"):
            self.con.execute(f"DROP TABLE IF EXISTS temp.{name}")


@contextmanager
def _unordered(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's ``preserve_insertion_order`` off for a block, then back to its default (on: the
    engine sets it nowhere else)."""
    con.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        try:
            con.execute("RESET preserve_insertion_order")
        except duckdb.Error:  # a failed statement aborted the transaction: the caller's error
            pass              # stands, and DuckDBIngestSink.discard resets the setting after its rollback


# --------------------------------------------------------------------------------------------
# mapping a per-event function over batches


def _map_bounded(fn: Callable[[Any], Any], items: Iterable[Any], workers: int, *, threads: bool = False) -> Iterator[Any]:
    """``map(fn, items)`` in order, on ``workers`` processes (or threads), with at most
    2 × workers batches in flight (so a huge input never sits in memory at once)."""
    if workers <= 1:
        for it in items:
            yield fn(it)
        return
    from collections import deque
    from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

    if threads:
        ex: Executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="distillguard-map")
    else:
        import multiprocessing as mp

        ex = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"))
    with ex:
        pending: deque[Any] = deque()
        for it in items:
            pending.append(ex.submit(fn, it))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# --------------------------------------------------------------------------------------------
# the engine


class DuckDBEngine:
    """The embedded engine (default): a DuckDB file per scan, Ibis expressions compiled to DuckDB SQL.

    Parameters
    ----------
    path : the DuckDB file (default ``OUT/scan.duckdb`` when :meth:`open` is given ``OUT``;
        in memory when the engine is used without :meth:`open`)
    memory_limit : DuckDB's memory limit (it spills to disk beyond it)
    workers : threads (or processes) for the per-event function (0: one per CPU)
    batch_size : events per batch handed to the per-event function
    map_threads : run the per-event function on threads (default: its Arrow kernels release the
        GIL, and a thread needs no copy of the batch; ~35 % less CPU than worker processes on
        a 200k-event store), else on spawned worker processes
    """

    name: ClassVar[str] = "duckdb"
    capabilities: ClassVar[frozenset[str]] = frozenset({"scan", "formats", "persistent", "parallel", "incremental"})

    def __init__(
        self, path: str | Path | None = None, *, memory_limit: str = "1.5GB", workers: int = 0, batch_size: int = 25_000,
        read_only: bool = False, map_threads: bool = True,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.memory_limit = memory_limit
        self.workers = workers
        self.batch_size = batch_size
        self.read_only = read_only
        self.map_threads = map_threads
        self._con: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def from_config(cls, config: Any, path: str | Path | None = None) -> DuckDBEngine:
        return cls(path, memory_limit=str(config.get("engine.memory_limit")), workers=int(config.get("engine.workers") or 0))

    # -- store -----------------------------------------------------------------------------
    @property
    def store_path(self) -> Path | None:
        return self.path

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection: the store at ``path`` as it is (read-only where asked), or an
        in-memory store, when :meth:`open` was not called."""
        if self._con is None:
            if self.path is not None and not self.path.exists() and self.read_only:
                raise DistillguardError(f"no scan store at {self.path}", source=Location(str(self.path)))
            try:
                self._con = self._connect(str(self.path) if self.path is not None else ":memory:")
            except duckdb.Error as exc:
                raise self._open_error(self.path or Path(":memory:"), exc) from None
        return self._con

    def _connect(self, target: str) -> duckdb.DuckDBPyConnection:
        config = {"memory_limit": self.memory_limit}
        if self.read_only and target != ":memory:":
            return duckdb.connect(target, read_only=True, config=config)
        # A new store file is written in DuckDB's v1.3 storage format (readable by every DuckDB
        # this package allows), whose dictionary + FSST string compression stores ~1 KB prompts
        # about 7x smaller than the default v0.10 format, which leaves them uncompressed. An
        # existing file keeps the format it was written in.
        config["storage_compatibility_version"] = STORAGE_VERSION
        return duckdb.connect(target, config=config)

    def open(self, out_dir: Path, *, append: bool = False) -> None:
        out_dir = Path(out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise DistillguardError(f"--out {out_dir} is a file, not a directory", source=Location(str(out_dir)))
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DistillguardError(f"cannot create the output directory {out_dir}: {exc.strerror or exc}", source=Location(str(out_dir))) from None
        path = self.path or out_dir / "scan.duckdb"
        self.path = path
        if path.exists() and path.is_dir():
            raise DistillguardError(f"{path} is a directory, not a DuckDB file", source=Location(str(path)))
        if path.exists() and not append:
            self._remove_stale(path)
        try:
            self._con = self._connect(str(path))
        except duckdb.Error as exc:
            raise self._open_error(path, exc) from None
        if append:
            self._forget_stale_features()

    def _forget_stale_features(self) -> None:
        """A store built by other feature code keeps its events and accounts, not their features."""
        stored = self._state().get("definition")
        if stored is not None and stored != P.definition():
            for t in _DERIVED:
                self.con.execute(f"drop table if exists {t}")
            self.con.execute("delete from scan_state where key = 'definition'")

    def _open_error(self, path: Path, exc: BaseException) -> DistillguardError:
        msg = _one_line(exc)
        if "lock" in msg.lower():
            return DistillguardError(f"{path} is in use by another running scan; wait for it or scan into another --out", source=Location(str(path)))
        return DistillguardError(
            f"{path} is not a usable DuckDB file ({msg}); delete it, or scan without --append into a fresh --out",
            source=Location(str(path)),
        )

    def _remove_stale(self, path: Path) -> None:
        """A fresh scan starts clean: an earlier scan's store goes (unless another scan holds it)."""
        try:
            duckdb.connect(str(path)).close()
        except duckdb.Error as exc:
            if "lock" in _one_line(exc).lower():
                raise self._open_error(path, exc) from None
            # damaged or foreign: a fresh scan replaces it
        for stale in (path, path.with_name(path.name + ".wal")):
            if stale.exists():
                stale.unlink()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- stages ----------------------------------------------------------------------------
    @_translated
    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        rejects_path: Path,
        accounts_paths: Sequence[str | Path] = (),
        fmt: str = "auto",
        max_bad_fraction: float | None = None,
        progress: Progress | None = None,
    ) -> IngestSummary:
        return ingest(list(paths), DuckDBIngestSink(self.con), rejects_path=rejects_path, accounts_paths=list(accounts_paths),
                      progress=progress, max_bad_fraction=max_bad_fraction, format=fmt)

    @_translated
    def map_events(self, fn: EventFunction, *, columns: Sequence[str], schema: pa.Schema, progress: Progress | None = None) -> int:
        con = self.con
        ensure_tables(con)
        if not _has_table(con, "event_features"):
            _create_from_arrow(con, "event_features", schema.empty_table())
        todo_sql = "from events e where not exists (select 1 from event_features f where f.request_id = e.request_id)"
        todo = int(con.execute(f"select count(*) {todo_sql}").fetchone()[0])  # type: ignore[index]
        if todo == 0:
            return 0
        reader = con.cursor()
        batches = reader.execute(f"select {', '.join('e.' + _quote(c) for c in columns)} {todo_sql}").to_arrow_reader(self.batch_size)
        workers = self.workers or os.cpu_count() or 1
        writer = con.cursor()
        done = 0
        from concurrent.futures.process import BrokenProcessPool

        held: list[pa.Table] = []

        def write() -> None:
            # Appended a row group or more at a time: DuckDB commits an append smaller than a
            # row group (122,880 rows) slowly; 20 inserts of 50k rows cost ~3x one of 1M.
            writer.register("_feat_batch", pa.concat_tables(held))
            writer.execute("insert into event_features select * from _feat_batch").fetchall()
            writer.unregister("_feat_batch")
            held.clear()

        try:
            for tbl in _map_bounded(fn, batches, workers if todo >= 4 * self.batch_size else 1, threads=self.map_threads):
                held.append(tbl)
                done += tbl.num_rows
                if sum(t.num_rows for t in held) >= WRITE_ROWS:
                    write()
                if progress is not None:
                    progress(tbl.num_rows)
            if held:
                write()
        except BrokenProcessPool:
            raise DistillguardError("a worker process computing per-event features died (out of memory? lower engine.workers)") from None
        finally:
            reader.close()
            writer.close()
            # the batches' memory back to the system, not kept by Arrow's allocator under the
            # profile stage, which takes all of DuckDB's limit (the scan's peak)
            pa.default_memory_pool().release_unused()
        return done

    def _ibis(self) -> Any:
        return ibis.duckdb.from_connection(self.con)

    @_translated
    def build_profiles(self, *, evidence_requests: int) -> str:
        """Profiles and graph inputs, in one transaction (a run killed here leaves the store as it
        was).  Incremental where it is exact: when ``event_flags`` holds earlier events, were made
        by this feature code, and every new event comes after its account's stored ones, only the
        new events are flagged (continuing the stored first-seen state and gaps), their buckets
        merged into the stored ones, and the per-account tables of the accounts they touch
        recomputed; otherwise everything is rebuilt from ``event_features``."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            state = self._state()
            done = ("event_flags", "profile_buckets", "account_profiles", "account_values", "account_wrappers", "account_sketches", "account_mth")
            stored = all(_has_table(con, t) for t in done) and state.get("definition") == P.definition()
            if stored and state.get("evidence_requests") == str(evidence_requests) and not self._out_of_order():
                mode = "incremental" if self._incremental(evidence_requests) else "unchanged"
            else:
                self._full(evidence_requests)
                mode = "rebuilt"
            self._set_state(definition=P.definition(), evidence_requests=str(evidence_requests))
            con.execute("COMMIT")
            return mode
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # the rebuild and the increment

    def _sql(self, expr: Any) -> str:
        return ibis.to_sql(expr, dialect="duckdb")

    def _full(self, m: int) -> None:
        con = self.con
        _create_as(con, "event_flags", self._sql(P.event_flags(self._ibis().table("event_features"))))
        ef = self._ibis().table("event_flags")
        _create_as(con, "profile_buckets", self._sql(P.bucket_profiles(ef)))
        _create_as(con, "account_profiles", self._sql(P.account_profiles(self._ibis().table("profile_buckets"))))
        self._graph_inputs(ef, m, replace=True)

    def _incremental(self, m: int) -> bool:
        con = self.con
        ib = self._ibis()
        stored = ib.table("event_flags")
        feats = ib.table("event_features")
        new = feats.filter(~feats.request_id.isin(stored.request_id))  # a filter: a join here would be extended by the next
        _create_as(con, "_dg_new", self._sql(P.event_flags(new, stored)))
        if not con.execute("select count(*) from _dg_new").fetchone()[0]:  # type: ignore[index]
            con.execute("drop table _dg_new")
            return False
        ib = self._ibis()
        _create_as(con, "_dg_new_buckets", self._sql(P.bucket_profiles(ib.table("_dg_new"))))
        _create_as(con, "_dg_merged", self._sql(P.merge_buckets(self._ibis().table("profile_buckets"), self._ibis().table("_dg_new_buckets"))))
        con.execute("""delete from profile_buckets using _dg_new_buckets n
                       where profile_buckets.account_id = n.account_id and profile_buckets.bucket = n.bucket""")
        con.execute("insert into profile_buckets by name select * from _dg_merged")
        con.execute("insert into event_flags by name select * from _dg_new")
        con.execute("create or replace table _dg_touched as select distinct account_id from _dg_new")
        for t in ("account_profiles", "account_values", "account_wrappers", "account_mth", "account_sketches"):
            con.execute(f"delete from {t} where account_id in (select account_id from _dg_touched)")
        ib = self._ibis()
        touched = ib.table("_dg_touched")
        buckets = ib.table("profile_buckets").semi_join(touched, "account_id")
        con.execute(f"insert into account_profiles by name {self._sql(P.account_profiles(buckets))}")
        self._graph_inputs(ib.table("event_flags").semi_join(touched, "account_id"), m, replace=False)
        for t in ("_dg_new", "_dg_new_buckets", "_dg_merged", "_dg_touched"):
            con.execute(f"drop table {t}")
        return True

    def _graph_inputs(self, ef: Any, m: int, *, replace: bool) -> None:
        """The per-account graph inputs of the events ``ef``: written anew (``replace``) or added."""
        con = self.con
        for name, expr in (("account_values", P.account_values(ef)), ("account_wrappers", P.account_wrappers(ef)),
                           ("account_mth", P.mth_request(ef, m))):
            if replace:
                _create_as(con, name, self._sql(expr))
            else:
                con.execute(f"insert into {name} by name {self._sql(expr)}")
        self._sketches(self._sql(P.sketch_elements(ef)), replace=replace)

    def _out_of_order(self) -> bool:
        """Does a new event come before (or at) its account's last stored one, or do the new
        events give an account principals it did not have (its earlier events were never
        profiled per principal)?"""
        ib = self._ibis()
        now = self._sql(P.principal_owners(ib.table("event_features")))
        before = self._sql(P.principal_owners(ib.table("event_flags")))
        changed = self.con.execute(f"select count(*) from (({now}) except ({before})) d").fetchone()
        if changed and changed[0]:
            return True
        row = self.con.execute("""
            select count(*) from (select account_id, ts_ms, request_id from event_features f
                                  where not exists (select 1 from event_flags g where g.request_id = f.request_id)) n
            join (select account_id, max(ts_ms) as t from event_flags group by account_id) o using (account_id)
            where n.ts_ms <= o.t""").fetchone()
        return bool(row and row[0])

    def _state(self) -> dict[str, str]:
        if not _has_table(self.con, "scan_state"):
            return {}
        return dict(self.con.execute("select key, value from scan_state").fetchall())

    def _set_state(self, **kv: str) -> None:
        con = self.con
        con.execute("create table if not exists scan_state (key varchar primary key, value varchar)")
        for k, v in kv.items():
            con.execute("insert or replace into scan_state values (?, ?)", [k, v])

    def _sketches(self, elements_sql: str, *, replace: bool) -> None:
        """MinHash signatures of every account's sets, from their distinct elements, computed in
        account chunks of at most ~2M elements (each fetched whole: this runs inside the
        profile stage's transaction, on its connection).  Each set's elements come as one list
        from a hash aggregate; only the groups are sorted, not their elements (an ordered fetch
        of the elements cost ~2 s of the 1M benchmark's profile stage)."""
        from distillguard.features.sketches import list_signatures

        con = self.con
        _create_as(con, "_dg_elements", f"select *, hash(account_id) as _h from ({elements_sql})")
        total = int(con.execute("select count(*) from _dg_elements").fetchone()[0])  # type: ignore[index]
        chunks = max(1, -(-total // 2_000_000))
        parts: list[pa.Table] = []
        for i in range(chunks):
            t = _fetch(con, f"select account_id, kind, list(e) as es from _dg_elements where _h % {chunks} = {i} "
                            "group by account_id, kind order by kind, account_id")
            if t.num_rows:
                parts.append(list_signatures(t))
        con.execute("drop table _dg_elements")
        out = (pa.concat_tables(parts) if parts else P.SKETCHES_SCHEMA.empty_table()).cast(P.SKETCHES_SCHEMA)
        if replace:
            _create_from_arrow(con, "account_sketches", out)
        else:
            con.register("_dg_arrow", out)
            try:
                con.execute("insert into account_sketches by name select * from _dg_arrow")
            finally:
                con.unregister("_dg_arrow")

    # -- reads -----------------------------------------------------------------------------
    @_translated
    def read(self, name: TableName, *, accounts: Sequence[str] | None = None, columns: Sequence[str] | None = None,
             ordered: bool = True) -> pa.Table:
        if name not in _ORDER:
            raise ValueError(f"unknown table {name!r}")
        con = self.con
        if name in ("events", "accounts") and not self.read_only:
            ensure_tables(con)
        elif not _has_table(con, name):
            raise DistillguardError(f"the store {self.store_path or 'in memory'} has no {name} table yet")
        cols = ", ".join(_quote(c) for c in columns) if columns else "*"
        where = ""
        if accounts is not None:
            con.register("_dg_accounts", pa.table({"account_id": pa.array(list(accounts), pa.string())}))
            where = "where account_id in (select account_id from _dg_accounts)"
        try:
            tbl = _fetch(con, f"select {cols} from {name} {where} {'order by ' + _ORDER[name] if ordered else ''}")
        finally:
            if accounts is not None:
                con.unregister("_dg_accounts")
        if name == "events":
            return _as_schema(tbl, EVENTS_ARROW_SCHEMA)
        if name == "accounts":
            return _as_schema(tbl, ACCOUNTS_ARROW_SCHEMA)
        return tbl

    def columns(self, name: str) -> list[str]:
        """Column names of a stored table, in order (empty when the store has no such table)."""
        if name not in _ORDER:
            return []
        try:
            return [r[0] for r in self.con.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position", [name]).fetchall()]
        except duckdb.Error as exc:
            raise DistillguardError(f"DuckDB failed on {self.store_path}: {_one_line(exc)}") from None

    def read_batches(self, name: TableName, *, accounts: Sequence[str] | None = None, request_ids: Sequence[str] | None = None,
                     columns: Sequence[str] | None = None, batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """Like :meth:`read`, streamed in record batches, optionally only some ``request_ids``
        (for readers of a finished store writing tables of any size: the report, the evidence
        bundle). Columns the table does not have are left out."""
        if name not in _ORDER:
            raise ValueError(f"unknown table {name!r}")
        cur = self.con.cursor()
        try:
            have = [r[0] for r in cur.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position", [name]).fetchall()]
            if not have:
                raise DistillguardError(f"the store {self.store_path or 'in memory'} has no {name} table")
            cols = have if columns is None else [c for c in columns if c in have]
            where = []
            if accounts is not None:
                cur.register("_dg_accounts", pa.table({"account_id": pa.array(sorted(set(accounts)), pa.string())}))
                where.append("account_id in (select account_id from _dg_accounts)")
            if request_ids is not None:
                cur.register("_dg_requests", pa.table({"request_id": pa.array(sorted(set(request_ids)), pa.string())}))
                where.append("request_id in (select request_id from _dg_requests)")
            sql = f"select {', '.join(_quote(c) for c in cols)} from {name} {'where ' + ' and '.join(where) if where else ''} order by {_ORDER[name]}"
            schema = EVENTS_ARROW_SCHEMA if name == "events" else ACCOUNTS_ARROW_SCHEMA if name == "accounts" else None
            for batch in cur.execute(sql).to_arrow_reader(batch_rows):
                yield _as_schema(pa.Table.from_batches([batch]), schema).to_batches()[0] if schema is not None and batch.num_rows else batch
        except duckdb.Error as exc:
            raise DistillguardError(f"DuckDB failed on {self.store_path}: {_one_line(exc)}") from None
        finally:
            cur.close()

    @_translated
    def events_in_buckets(self, pairs: pa.Table, *, columns: Sequence[str]) -> pa.Table:
        con = self.con
        cols = ", ".join(f"f.{_quote(c)}" for c in columns if c not in ("account_id", "request_id", "ts_ms"))
        con.register("_dg_pairs", pairs.select(["account_id", "bucket"]))
        try:
            return _fetch(con, f"""select f.account_id, f.request_id, f.ts_ms{', ' + cols if cols else ''}
                                   from event_flags f semi join _dg_pairs p on f.account_id = p.account_id and f.bucket = p.bucket
                                   order by f.account_id, f.ts_ms, f.request_id""")
        finally:
            con.unregister("_dg_pairs")

    @_translated
    def first_requests(self, column: str | None, accounts: Sequence[str], n: int) -> pa.Table:
        con = self.con
        bools = {r[0] for r in con.execute(
            "select column_name from duckdb_columns() where table_name = 'event_flags' and data_type = 'BOOLEAN'").fetchall()}
        cond = f"coalesce({_quote(column)}, false)" if column is not None and column in bools else "true"
        con.register("_dg_accounts", pa.table({"account_id": pa.array(list(accounts), pa.string())}))
        try:
            return _fetch(con, f"""select account_id, request_id from (
                        select account_id, request_id,
                               row_number() over (partition by account_id order by ts_ms, request_id) as rn
                        from event_flags where account_id in (select account_id from _dg_accounts) and {cond})
                    where rn <= ? order by account_id, rn""", [n])
        finally:
            con.unregister("_dg_accounts")

    @_translated
    def count_events_until(self, until: pa.Table) -> pa.Table:
        con = self.con
        con.register("_dg_until", until.select(["account_id", "t"]))
        try:
            return _fetch(con, """select n.account_id, count(e.request_id) as events from _dg_until n left join event_flags e
                                  on e.account_id = n.account_id and e.ts_ms <= n.t group by n.account_id order by n.account_id""")
        finally:
            con.unregister("_dg_until")

    @_translated
    def count_events(self) -> int:
        if not self.read_only:
            ensure_tables(self.con)
        return int(self.con.execute("select count(*) from events").fetchone()[0])  # type: ignore[index]

    # -- findings --------------------------------------------------------------------------
    @_translated
    def write(self, name: TableName, table: pa.Table) -> None:
        if name not in _ORDER:
            raise ValueError(f"unknown table {name!r}")
        _create_from_arrow(self.con, name, table)
