"""Ingest: validate, deduplicate and store logs, bad rows set aside — the part every engine shares.

:func:`ingest` streams every input row through the validators of :mod:`distillguard.events.readers`,
writes bad rows to the rejects file, hands the good ones in batches to the engine's *ingest sink*
(:class:`IngestSink`), decides on ``max_bad_fraction``, and then asks the sink to merge: the staged
rows whose ``request_id`` is not yet stored are kept, the first one (in input order) of each id
winning; the others are counted as ``duplicates``.  Ingesting a file a second time, in the same call
or a later one, therefore changes nothing.  Accounts are deduplicated the same way by ``account_id``.
The sink decides how rows are stored (DuckDB tables: :mod:`distillguard.engines.duckdb`; Arrow in
memory: :mod:`distillguard.engines.memory`); no SQL lives here.

How a run goes:

1. every input row is validated while streaming; bad rows go to the rejects file, good ones to the
   sink's staging area, each with its file index (``_file``) and input order (``_seq``);
2. if ``max_bad_fraction`` is exceeded, the run stops there: the rejects file is complete, the
   staging is discarded, the store is unchanged, and :class:`IngestError` (a
   :class:`~distillguard.errors.DistillguardError`) carries the summary;
3. otherwise the sink merges events and accounts at once (all or nothing).

Examples
--------
>>> import tempfile, pathlib
>>> from distillguard.engines.duckdb import DuckDBEngine
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text(
...     '{"ts": 1714564800000, "request_id": "r1", "account_id": "acct_1"}\\n'
...     '{"ts": 1714564801000, "request_id": "r1", "account_id": "acct_1"}\\n'
...     '{"ts": "never", "request_id": "r2", "account_id": "acct_1"}\\n')
>>> engine = DuckDBEngine()
>>> s = engine.ingest([d / "a.jsonl"], rejects_path=d / "rejects.jsonl")
>>> (s.rows_read, s.rows_loaded, s.duplicates, s.rejected)
(3, 1, 1, 1)
>>> engine.read("events", columns=["request_id", "ts_ms"]).to_pylist()
[{'request_id': 'r1', 'ts_ms': 1714564800000}]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from distillguard.errors import DistillguardError, Location
from distillguard.events.readers import (
    ACCOUNTS_SPEC,
    BATCH_SIZE,
    EVENTS_SPEC,
    FileStats,
    ReadOptions,
    Record,
    RowSpec,
    current_options,
    detect_format,
    detect_log_format,
    expand_paths,
    iter_batches,
)
from distillguard.events.rejects import RejectsWriter

__all__ = [
    "FORMATS",
    "FileSummary",
    "IngestError",
    "IngestSink",
    "IngestSummary",
    "accounts_table",
    "events_table",
    "ingest",
    "parquet_fast_path",
    "staging_schema",
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


class IngestSink(Protocol):
    """Where an engine stores what :func:`ingest` validated.

    ``stage`` receives every valid row of one kind (``events``: :data:`EVENTS_ARROW_SCHEMA`,
    ``accounts``: :data:`ACCOUNTS_ARROW_SCHEMA`, each with ``_file`` (index into the call's files
    of that kind) and ``_seq`` (input order) appended, see :func:`staging_schema`).  ``commit``
    merges both kinds at once, all or nothing: a staged row is kept when its key (``request_id``,
    ``account_id``) is neither stored already nor staged earlier (lower ``_seq``); it returns, per
    kind, ``(staged, kept)`` row counts per ``_file``.  ``discard`` drops the staging.

    ``stage`` may be called several times per kind, in input order (a sink that also has
    ``stage_parquet(kind, path, file_index, first_seq) -> rows | None`` is handed its files one
    by one, and a clean Parquet file, :func:`parquet_fast_path`, through ``stage_parquet``: the
    sink copies it with its own reader, or returns ``None`` to have it read row by row).
    """

    def stage(self, kind: str, batches: Iterator[pa.RecordBatch]) -> None: ...

    def commit(self) -> dict[str, tuple[dict[int, int], dict[int, int]]]: ...

    def discard(self) -> None: ...


def staging_schema(spec_schema: pa.Schema) -> pa.Schema:
    """A kind's schema with the ``_file`` and ``_seq`` columns staging adds."""
    return pa.schema([*spec_schema, pa.field("_file", pa.int32()), pa.field("_seq", pa.int64())])


# --------------------------------------------------------------------------------------------
# reading a DuckDB connection back (kept for callers holding a connection; the SQL is the engine's)


def events_table(con: Any) -> pa.Table:
    """The ``events`` table of a DuckDB connection as Arrow, exactly :data:`EVENTS_ARROW_SCHEMA`."""
    from distillguard.engines.duckdb import read_events

    return read_events(con)


def accounts_table(con: Any) -> pa.Table:
    """The ``accounts`` table of a DuckDB connection as Arrow, exactly :data:`ACCOUNTS_ARROW_SCHEMA`."""
    from distillguard.engines.duckdb import read_accounts

    return read_accounts(con)


# --------------------------------------------------------------------------------------------
# ingest


def _prefetch(items: Iterator[pa.RecordBatch], depth: int = 2) -> Iterator[pa.RecordBatch]:
    """``items``, produced on a background thread up to ``depth`` batches ahead.

    Reading and validating a file (Parquet and gzip decoding, Arrow's JSON parser: they release
    the GIL) then overlaps with the engine writing the batches before (DuckDB compresses and
    writes on its own threads while it pulls the next batch).  Order, exceptions and the end of
    the stream are passed on unchanged; a consumer that stops early stops the producer.
    """
    import queue
    import threading

    q: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put(("item", item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(("end", None))
        except BaseException as exc:  # handed to the consumer, raised there
            q.put(("error", exc))

    t = threading.Thread(target=produce, name="distillguard-ingest-reader", daemon=True)
    t.start()
    try:
        while True:
            kind, value = q.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()
        while t.is_alive():  # unblock a producer waiting on a full queue, then let it finish
            try:
                q.get_nowait()
            except queue.Empty:
                pass
            t.join(timeout=0.05)


#: canonical kinds -> the Arrow types a Parquet column may have to be copied as it is
_FAST_TYPES: dict[str, Callable[[pa.DataType], bool]] = {
    "str": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "int": lambda t: pa.types.is_integer(t) and not pa.types.is_uint64(t),
    "float": lambda t: pa.types.is_float32(t) or pa.types.is_float64(t),
    "bool": pa.types.is_boolean,
    "ts": lambda t: pa.types.is_timestamp(t) and t.tz is not None,  # type: ignore[attr-defined]
}


def parquet_fast_path(path: Path, spec: RowSpec) -> bool:
    """Can this file go straight into the engine with the engine's own (parallel) Parquet reader?

    Yes for a canonical events file whose every column is a canonical field (or one the readers
    recompute: ``ts_ms``, ``source_file``, ``source_line``) of its canonical type, ``ts`` with a
    time zone, read under no option that changes rows (``--account-key``, an IP enrichment);
    that is, a file whose rows the readers' vectorised Parquet path would pass through unchanged
    but for empty strings (unknown) and the time column.  The engine then checks the values the
    readers would reject (a missing or empty required field, a number that is not finite, a time
    before 1970) and declines the file if it finds one: such files take the ordinary path, row
    checks and rejects as always.  Anything else (extra columns kept in ``attrs``, epoch numbers,
    adapters' exports) takes the ordinary path too.
    """
    if spec is not EVENTS_SPEC:
        return False
    try:
        if detect_format(path) != "parquet":
            return False
        opts = current_options() or ReadOptions()
        if opts.enrich is not None or opts.account_key:
            return False
        if opts.sniff and detect_log_format(path) != "events":
            return False
        import pyarrow.parquet as pq

        schema = pq.read_schema(path)
    except (DistillguardError, OSError, pa.ArrowException):
        return False
    kinds = {f.name: f.kind for f in spec.fields}
    names = schema.names
    if len(set(names)) != len(names) or not set(spec.required) <= set(names):
        return False
    for f in schema:
        if f.name in ("ts_ms", "source_file", "source_line"):
            continue
        kind = kinds.get(f.name)
        if kind is None or not _FAST_TYPES[kind](f.type):
            return False
    return True


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
    sink: Any,
    *,
    rejects_path: str | Path,
    accounts_paths: Sequence[str | Path] = (),
    progress: Callable[[int], None] | None = None,
    max_bad_fraction: float | None = None,
    format: str = "auto",  # noqa: A002 - the word users type
    bytes_progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestSummary:
    """Validate, deduplicate and store logs through ``sink``.

    Parameters
    ----------
    paths
        Event log files, glob patterns (``logs/**/*.jsonl.gz``) and directories.
    sink
        An :class:`IngestSink` (engines give theirs), or an open DuckDB connection (its ``events``
        and ``accounts`` tables are created if absent).
    rejects_path
        JSON Lines file (created or emptied) that receives one ``{file, line, field, reason, raw}``
        object per row not loaded.
    accounts_paths
        Optional accounts files (canonical format whatever ``format`` says).
    progress
        Called after every batch with the number of input rows processed so far (cumulative,
        events then accounts, rejects included).
    max_bad_fraction
        Fail (raise :class:`IngestError`, store unchanged) when more than this fraction of the
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
    if not hasattr(sink, "stage"):
        from distillguard.engines.duckdb import DuckDBIngestSink

        sink = DuckDBIngestSink(sink)
    t0 = time.perf_counter()
    records = _adapter(format)
    files = expand_paths(paths, any_file=records is not None)
    acc_files = expand_paths(accounts_paths) if accounts_paths else []
    summary = IngestSummary(files=[str(p) for p in files], rejects_path=str(rejects_path), format=format)
    summary.bytes_total = sum(p.stat().st_size for p in [*files, *acc_files])
    done_rows = 0
    done_bytes = 0

    seq = {"events": 0, "accounts": 0}

    def file_batches(kind: str, spec: RowSpec, idx: int, p: Path, writer: RejectsWriter, rec: Any) -> Iterator[pa.RecordBatch]:
        """One file's validated rows, with its index (``_file``) and the input order (``_seq``)."""
        nonlocal done_rows, done_bytes
        schema = staging_schema(spec.schema)
        st = FileStats(str(p))
        fs = FileSummary(str(p), kind, bytes=p.stat().st_size)
        summary.per_file.append(fs)
        before = 0
        for batch in iter_batches(p, spec=spec, rejects=writer, stats=st, batch_size=batch_size, records=rec):
            n = batch.num_rows
            s0 = seq[kind]
            yield pa.RecordBatch.from_arrays(
                [*batch.columns, pa.array(np.full(n, idx, np.int32)), pa.array(np.arange(s0, s0 + n, dtype=np.int64))],
                schema=schema,
            )
            seq[kind] = s0 + n
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

    def fast(kind: str, spec: RowSpec, idx: int, p: Path, rec: Any) -> bool:
        """A clean Parquet file copied by the engine's own reader (see :func:`parquet_fast_path`)."""
        nonlocal done_rows, done_bytes
        if rec is not None or not hasattr(sink, "stage_parquet") or not parquet_fast_path(p, spec):
            return False
        n = sink.stage_parquet(kind, p, idx, seq[kind])
        if n is None:  # a value the row checks must word: the ordinary path
            return False
        seq[kind] += n
        st = FileStats(str(p), rows_read=n, rows_valid=n, bytes_total=p.stat().st_size, batches=1)
        st.bytes_read = st.bytes_total
        opts = current_options()
        if opts is not None:
            opts.files.append(st)
        fs = FileSummary(str(p), kind, rows_read=n, bytes=p.stat().st_size)
        summary.per_file.append(fs)
        done_rows += n
        done_bytes += fs.bytes
        if progress is not None:
            progress(done_rows)
        if bytes_progress is not None:
            bytes_progress(done_bytes, summary.bytes_total)
        return True

    def stage_files(kind: str, spec: RowSpec, file_list: list[Path], writer: RejectsWriter, rec: Any) -> None:
        if not hasattr(sink, "stage_parquet"):  # one stream for the whole kind, as every sink takes
            sink.stage(kind, _prefetch(b for idx, p in enumerate(file_list) for b in file_batches(kind, spec, idx, p, writer, rec)))
            return
        for idx, p in enumerate(file_list):  # file by file, in input order
            if not fast(kind, spec, idx, p, rec):
                sink.stage(kind, _prefetch(file_batches(kind, spec, idx, p, writer, rec)))

    committed = False
    try:
        with RejectsWriter(rejects_path) as writer:
            stage_files("events", EVENTS_SPEC, files, writer, records)
            stage_files("accounts", ACCOUNTS_SPEC, acc_files, writer, None)
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
        counts = sink.commit()
        committed = True
    finally:
        if not committed:
            sink.discard()
    for kind, file_list in (("events", files), ("accounts", acc_files)):
        staged, kept = counts.get(kind, ({}, {}))
        per_file = [fs for fs in summary.per_file if fs.kind == kind]
        assert len(per_file) == len(file_list)
        for idx, fs in enumerate(per_file):
            fs.rows_loaded = int(kept.get(idx, 0))
            fs.duplicates = int(staged.get(idx, 0)) - fs.rows_loaded
        loaded = sum(fs.rows_loaded for fs in per_file)
        dups = sum(fs.duplicates for fs in per_file)
        if kind == "events":
            summary.rows_loaded, summary.duplicates = loaded, dups
        else:
            summary.accounts_loaded, summary.accounts_duplicates = loaded, dups
    summary.seconds = time.perf_counter() - t0
    return summary
