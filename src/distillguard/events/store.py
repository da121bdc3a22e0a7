"""Load logs into DuckDB: the ``events`` and ``accounts`` tables, deduplicated, bad rows set aside.

The tables have exactly the columns of :data:`~distillguard.events.schema.EVENTS_ARROW_SCHEMA`
and :data:`~distillguard.events.schema.ACCOUNTS_ARROW_SCHEMA`.  Timestamps (``ts``,
``created_at``) are stored as DuckDB ``TIMESTAMP`` holding **UTC** wall-clock time (no zone), not
``TIMESTAMPTZ``: then ``hour(ts)``, ``date_trunc`` and ``strftime`` give UTC whatever the session's
``TimeZone`` (a ``TIMESTAMPTZ`` would answer in the machine's zone), and ``fetchall()`` needs no
``pytz``.  :func:`events_table` returns them as Arrow ``timestamp[ms, UTC]`` again, so the table
round-trips to exactly :data:`EVENTS_ARROW_SCHEMA`.  Features should prefer ``ts_ms`` (BIGINT epoch
milliseconds), which is engine-neutral.

How a run goes:

1. every input row is validated while streaming (:mod:`distillguard.events.readers`); bad rows
   go to the rejects file, good ones into a temporary staging table;
2. if ``max_bad_fraction`` is exceeded, the run stops there: the rejects file is complete, the
   staging table is dropped, the database is unchanged, and :class:`IngestError` (a
   :class:`~distillguard.errors.DistillguardError`) carries the summary;
3. otherwise, in one transaction, the staged rows whose ``request_id`` is not yet in ``events``
   are inserted, the first one (in input order) of each id winning; the others are counted as
   ``duplicates``.  Ingesting a file a second time, in the same call or a later one, therefore
   changes nothing.  Accounts are deduplicated the same way by ``account_id``.

Examples
--------
>>> import duckdb, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text(
...     '{"ts": 1714564800000, "request_id": "r1", "account_id": "acct_1"}\\n'
...     '{"ts": 1714564801000, "request_id": "r1", "account_id": "acct_1"}\\n'
...     '{"ts": "never", "request_id": "r2", "account_id": "acct_1"}\\n')
>>> con = duckdb.connect()
>>> s = ingest([d / "a.jsonl"], con, rejects_path=d / "rejects.jsonl")
>>> (s.rows_read, s.rows_loaded, s.duplicates, s.rejected)
(3, 1, 1, 1)
>>> con.execute("select request_id, ts_ms from events").fetchall()
[('r1', 1714564800000)]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from distillguard.errors import DistillguardError, Location
from distillguard.events.readers import (
    ACCOUNTS_SPEC,
    BATCH_SIZE,
    EVENTS_SPEC,
    FileStats,
    Record,
    RowSpec,
    expand_paths,
    iter_batches,
)
from distillguard.events.rejects import RejectsWriter
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA

__all__ = [
    "FORMATS",
    "FileSummary",
    "IngestError",
    "IngestSummary",
    "accounts_table",
    "duckdb_type",
    "ensure_tables",
    "events_table",
    "ingest",
]

#: values of ``format=``: ``auto`` picks the canonical reader by file extension
FORMATS: tuple[str, ...] = ("auto", "otel", "litellm", "langfuse")


@dataclass
class FileSummary:
    """Counts for one input file (``kind`` is ``events`` or ``accounts``)."""

    path: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    naive_ts: int = 0
    bytes: int = 0


@dataclass
class IngestSummary:
    """What one :func:`ingest` call read, loaded, dropped as duplicate and rejected.

    ``rows_*``, ``duplicates`` and ``rejected`` count events; ``accounts_*`` count accounts rows.
    ``bad_fraction`` is rejected rows (events and accounts) over rows read (events and accounts).
    ``naive_ts`` counts timestamps that had no UTC offset and were read as UTC.
    """

    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    accounts_read: int = 0
    accounts_loaded: int = 0
    accounts_duplicates: int = 0
    accounts_rejected: int = 0
    naive_ts: int = 0
    bytes_total: int = 0
    rejects_path: str = ""
    format: str = "auto"
    seconds: float = 0.0
    per_file: list[FileSummary] = field(default_factory=list)

    @property
    def bad_fraction(self) -> float:
        read = self.rows_read + self.accounts_read
        return (self.rejected + self.accounts_rejected) / read if read else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (``bad_fraction`` included)."""
        d = asdict(self)
        d["bad_fraction"] = self.bad_fraction
        return d


class IngestError(DistillguardError):
    """Raised when more rows than ``max_bad_fraction`` were rejected; ``summary`` says how many."""

    def __init__(self, message: str, summary: IngestSummary, source: Location | None = None) -> None:
        super().__init__(message, source=source)
        self.summary = summary


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
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    raise TypeError(f"no DuckDB type for {t}")


def _ensure_table(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    cols = ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in schema)
    con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
    have = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND NOT internal", [name]).fetchall()}
    for f in schema:  # a database made by an older version: add the new columns
        if f.name not in have:
            con.execute(f'ALTER TABLE {name} ADD COLUMN "{f.name}" {duckdb_type(f.type)}')


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the empty ``events`` and ``accounts`` tables where they do not exist yet."""
    _ensure_table(con, "events", EVENTS_ARROW_SCHEMA)
    _ensure_table(con, "accounts", ACCOUNTS_ARROW_SCHEMA)


def _select_list(schema: pa.Schema) -> str:
    return ", ".join(f'"{f.name}"' for f in schema)


def events_table(con: duckdb.DuckDBPyConnection, where: str = "") -> pa.Table:
    """The ``events`` table as Arrow, cast back to exactly :data:`EVENTS_ARROW_SCHEMA`.

    ``where`` is an optional SQL condition written by the caller (never built from log text).
    """
    sql = f"SELECT {_select_list(EVENTS_ARROW_SCHEMA)} FROM events {('WHERE ' + where) if where else ''} ORDER BY ts_ms, request_id"
    return _fetch(con, sql).cast(EVENTS_ARROW_SCHEMA)


def accounts_table(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The ``accounts`` table as Arrow, cast back to exactly :data:`ACCOUNTS_ARROW_SCHEMA`."""
    return _fetch(con, f"SELECT {_select_list(ACCOUNTS_ARROW_SCHEMA)} FROM accounts ORDER BY account_id").cast(ACCOUNTS_ARROW_SCHEMA)


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    res = con.execute(sql)
    tbl = res.to_arrow_table() if hasattr(res, "to_arrow_table") else res.fetch_arrow_table()
    if isinstance(tbl, pa.RecordBatchReader):
        tbl = tbl.read_all()
    return tbl


# --------------------------------------------------------------------------------------------
# ingest


def _adapter(fmt: str) -> Callable[[Path], Iterator[Record]] | None:
    if fmt == "auto":
        return None
    from distillguard.events.adapters import ADAPTERS

    try:
        return ADAPTERS[fmt]
    except KeyError:
        raise DistillguardError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})") from None


def ingest(
    paths: Sequence[str | Path],
    con: duckdb.DuckDBPyConnection,
    *,
    rejects_path: str | Path,
    accounts_paths: Sequence[str | Path] = (),
    progress: Callable[[int], None] | None = None,
    max_bad_fraction: float | None = None,
    format: str = "auto",  # noqa: A002 - the word users type
    bytes_progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestSummary:
    """Validate, deduplicate and load logs into the ``events`` (and ``accounts``) tables of ``con``.

    Parameters
    ----------
    paths
        Event log files, glob patterns (``logs/**/*.jsonl.gz``) and directories.
    con
        An open DuckDB connection; ``events`` and ``accounts`` are created if absent.
    rejects_path
        JSON Lines file (created or emptied) that receives one ``{file, line, field, reason, raw}``
        object per row not loaded.
    accounts_paths
        Optional accounts files (canonical format whatever ``format`` says).
    progress
        Called after every batch with the number of input rows processed so far (cumulative,
        events then accounts, rejects included).
    max_bad_fraction
        Fail (raise :class:`IngestError`, database unchanged) when more than this fraction of the
        rows read is rejected.  The rejects file is written first.
    format
        ``auto`` (canonical events, format by file extension), ``otel``, ``litellm`` or ``langfuse``.
    bytes_progress
        Called after every batch with (bytes of input consumed so far, total input bytes); for a
        progress bar that shows bytes.
    batch_size
        Rows per Arrow batch.

    Returns
    -------
    IngestSummary

    Raises
    ------
    DistillguardError
        A missing file, unreadable gzip or Parquet, an unknown format (with the file's location).
    IngestError
        Too many rejects (``max_bad_fraction``).
    """
    t0 = time.perf_counter()
    records = _adapter(format)
    files = expand_paths(paths, any_file=records is not None)
    acc_files = expand_paths(accounts_paths) if accounts_paths else []
    summary = IngestSummary(files=[str(p) for p in files], rejects_path=str(rejects_path), format=format)
    summary.bytes_total = sum(p.stat().st_size for p in [*files, *acc_files])
    ensure_tables(con)
    done_rows = 0
    done_bytes = 0

    def load(kind: str, spec: RowSpec, stage: str, file_list: list[Path], writer: RejectsWriter, rec: Any) -> None:
        nonlocal done_rows, done_bytes
        schema = pa.schema([*(pa.field(f.name, _utc_naive_type(f.type)) for f in spec.schema), pa.field("_file", pa.int32()), pa.field("_seq", pa.int64())])

        def batches() -> Iterator[pa.RecordBatch]:
            nonlocal done_rows, done_bytes
            seq = 0
            for idx, p in enumerate(file_list):
                st = FileStats(str(p))
                fs = FileSummary(str(p), kind, bytes=p.stat().st_size)
                summary.per_file.append(fs)
                before = 0
                for batch in iter_batches(p, spec=spec, rejects=writer, stats=st, batch_size=batch_size, records=rec):
                    n = batch.num_rows
                    yield pa.RecordBatch.from_arrays(
                        [*(_utc_naive(c) for c in batch.columns), pa.array(np.full(n, idx, np.int32)), pa.array(np.arange(seq, seq + n, dtype=np.int64))],
                        schema=schema,
                    )
                    seq += n
                    done_rows += st.rows_read - before
                    before = st.rows_read
                    if progress is not None:
                        progress(done_rows)
                    if bytes_progress is not None:
                        bytes_progress(done_bytes + st.bytes_read, summary.bytes_total)
                done_rows += st.rows_read - before
                done_bytes += fs.bytes
                if progress is not None and st.rows_read != before:
                    progress(done_rows)
                if bytes_progress is not None:
                    bytes_progress(done_bytes, summary.bytes_total)
                fs.rows_read, fs.rejected, fs.naive_ts = st.rows_read, st.rejected, st.naive_ts

        failure: list[BaseException] = []

        def guarded() -> Iterator[pa.RecordBatch]:
            # an error inside the stream would reach us wrapped in DuckDB's; keep the original
            try:
                yield from batches()
            except BaseException as exc:  # re-raised below, unchanged
                failure.append(exc)

        # one INSERT consuming a stream of batches: DuckDB pulls them as it writes
        reader = pa.RecordBatchReader.from_batches(schema, guarded())
        con.register("_dg_stream", reader)
        try:
            con.execute(f"INSERT INTO {stage} SELECT * FROM _dg_stream")
        finally:
            con.unregister("_dg_stream")
        if failure:
            raise failure[0]

    _drop_staging(con)
    try:
        _create_staging(con, "_dg_stage_events", EVENTS_ARROW_SCHEMA)
        _create_staging(con, "_dg_stage_accounts", ACCOUNTS_ARROW_SCHEMA)
        with RejectsWriter(rejects_path) as writer:
            load("events", EVENTS_SPEC, "_dg_stage_events", files, writer, records)
            load("accounts", ACCOUNTS_SPEC, "_dg_stage_accounts", acc_files, writer, None)
        for fs in summary.per_file:
            if fs.kind == "events":
                summary.rows_read += fs.rows_read
                summary.rejected += fs.rejected
            else:
                summary.accounts_read += fs.rows_read
                summary.accounts_rejected += fs.rejected
            summary.naive_ts += fs.naive_ts
        if max_bad_fraction is not None and summary.bad_fraction > max_bad_fraction:
            summary.seconds = time.perf_counter() - t0
            raise IngestError(
                f"{summary.bad_fraction:.1%} of {summary.rows_read + summary.accounts_read:,} rows were rejected, "
                f"more than the allowed {max_bad_fraction:.1%}; nothing was loaded; see the rejects file {rejects_path}",
                summary,
                source=Location(str(rejects_path)),
            )
        con.execute("BEGIN TRANSACTION")
        try:
            _merge(con, "_dg_stage_events", "events", "request_id", EVENTS_ARROW_SCHEMA, summary, "events", files)
            _merge(con, "_dg_stage_accounts", "accounts", "account_id", ACCOUNTS_ARROW_SCHEMA, summary, "accounts", acc_files)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        _drop_staging(con)
    summary.seconds = time.perf_counter() - t0
    return summary


def _utc_naive_type(t: pa.DataType) -> pa.DataType:
    return pa.timestamp(t.unit) if pa.types.is_timestamp(t) and t.tz is not None else t


def _utc_naive(col: pa.Array) -> pa.Array:
    """A ``timestamp[ms, UTC]`` column as zone-less UTC wall clock (same stored values), so DuckDB
    stores it as ``TIMESTAMP`` without converting through the session's time zone."""
    if pa.types.is_timestamp(col.type) and col.type.tz is not None:
        return col.cast(pa.timestamp(col.type.unit))
    return col


def _create_staging(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    cols = ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in schema)
    con.execute(f"CREATE TEMP TABLE {name} ({cols}, _file INTEGER, _seq BIGINT)")


def _drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("_dg_stage_events", "_dg_stage_accounts", "_dg_keep"):
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _merge(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    target: str,
    key: str,
    schema: pa.Schema,
    summary: IngestSummary,
    kind: str,
    file_list: list[Path],
) -> None:
    """Insert the staged rows whose key is new, the first of each key winning; count the rest."""
    con.execute(
        f"""
        CREATE TEMP TABLE _dg_keep AS
        SELECT s._seq, s._file FROM {stage} s
        WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE t."{key}" = s."{key}")
        QUALIFY row_number() OVER (PARTITION BY s."{key}" ORDER BY s._seq) = 1
        """
    )
    cols = _select_list(schema)
    con.execute(
        f"INSERT INTO {target} ({cols}) SELECT {', '.join('s.' + c for c in cols.split(', '))} "
        f"FROM {stage} s SEMI JOIN _dg_keep k ON s._seq = k._seq ORDER BY s._seq"
    )
    staged = dict(con.execute(f"SELECT _file, count(*) FROM {stage} GROUP BY _file").fetchall())
    kept = dict(con.execute("SELECT _file, count(*) FROM _dg_keep GROUP BY _file").fetchall())
    con.execute("DROP TABLE temp._dg_keep")
    per_file = [fs for fs in summary.per_file if fs.kind == kind]
    for idx, fs in enumerate(per_file):
        fs.rows_loaded = int(kept.get(idx, 0))
        fs.duplicates = int(staged.get(idx, 0)) - fs.rows_loaded
    loaded = sum(fs.rows_loaded for fs in per_file)
    dups = sum(fs.duplicates for fs in per_file)
    if kind == "events":
        summary.rows_loaded, summary.duplicates = loaded, dups
    else:
        summary.accounts_loaded, summary.accounts_duplicates = loaded, dups
    assert len(per_file) == len(file_list)
