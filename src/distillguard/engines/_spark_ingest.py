"""Spark ingest: logs → validated, deduplicated ``events`` and ``accounts`` DataFrames.

Every row goes through the project's own validator (:mod:`distillguard.events.readers`), run on
the executors inside ``mapInArrow``, so a bad row becomes the same located reject (file, line,
field, reason, raw) as in the embedded engine and never fails the job.

How files are read
    *Plain JSON Lines* are read as lines by Spark's text source (``lineSep="\\n"``, the value
    cast to bytes so invalid UTF-8 reaches the validator as it is), so big files are split across
    executors.  Each split knows only its own lines: the function counts them and
    emits one ``block`` row per split; the driver turns the counts into each split's line offset
    and adds it to the rows' and rejects' lines, so ``source_line`` is the line in the file.
    A file that turns out to be one JSON array, or gzip without a ``.gz`` name, is re-read whole.

    *Parquet* is read by Spark's own reader (split by row groups, schemas merged across files);
    each batch goes through the embedded Parquet reader's validation, and ``_metadata.row_index``
    gives each row's number in its file.  Where Spark cannot read a file (nanosecond timestamps,
    schemas that do not merge) every Parquet file is read whole instead, as below.

    *Gzip files*, *CSV*, and the adapters' formats (``--format otel|litellm|langfuse``)
    are read whole, one file per task (Spark's ``binaryFile`` source), by exactly the embedded
    reader (:func:`~distillguard.events.readers.iter_batches`) on a local copy: a gzip file cannot
    be split anyway, and a damaged one is then handled as the embedded engine handles it.  A file
    must fit in a task's memory (Spark's limit for one value is 2 GiB); split bigger ones.

Deduplication
    By ``request_id`` (accounts by ``account_id``), the first row in input order winning: file
    order as named on the command line (directories and globs sorted), then line.

Examples
--------
>>> _escape_glob("/logs/a[1].jsonl")
'/logs/a\\\\[1\\\\].jsonl'
>>> _key("file:///tmp/a%20b.jsonl") == _key("file:/tmp/a b.jsonl")
True
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import numpy as np
import pyarrow as pa

from distillguard.engines._spark_session import from_spark, spark_message
from distillguard.errors import DistillguardError, Location
from distillguard.events import readers as R
from distillguard.events.rejects import RejectList, RejectsWriter
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA
from distillguard.events.store import FORMATS, FileSummary, IngestError, IngestSummary

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkIngest", "ingest", "list_files"]

# what one output row of the read function is
_ROW, _REJECT, _BLOCK, _WHOLE, _ERROR = 0, 1, 2, 3, 4

#: accounts rows carry their line too (first wins, like events), dropped after deduplication
_ACCOUNTS_SOURCE = pa.schema([*ACCOUNTS_ARROW_SCHEMA, pa.field("source_file", pa.string()), pa.field("source_line", pa.int64())])
_SPECS: dict[str, R.RowSpec] = {
    "events": R.EVENTS_SPEC,
    "accounts": R.RowSpec("accounts", R.ACCOUNTS_SPEC.fields, _ACCOUNTS_SOURCE),
}
_KEYS = {"events": "request_id", "accounts": "account_id"}
_FINAL = {"events": EVENTS_ARROW_SCHEMA, "accounts": ACCOUNTS_ARROW_SCHEMA}

_META = pa.schema([
    pa.field("_kind", pa.int8()),
    pa.field("_file", pa.int32()),
    pa.field("_block", pa.int64()),
    pa.field("_line", pa.int64()),
    pa.field("r_field", pa.string()),
    pa.field("r_reason", pa.string()),
    pa.field("r_raw", pa.string()),
    pa.field("s_lines", pa.int64()),
    pa.field("s_rows", pa.int64()),
    pa.field("s_rejected", pa.int64()),
    pa.field("s_naive", pa.int64()),
])
_TS_SPARK = pa.timestamp("us", tz="UTC")  # what Spark's TimestampType is in Arrow


def _out_schema(kind: str) -> pa.Schema:
    cols = [pa.field(f.name, _TS_SPARK if pa.types.is_timestamp(f.type) else f.type) for f in _SPECS[kind].schema]
    return pa.schema([*cols, *_META])


# --------------------------------------------------------------------------------------------
# files


@dataclass(frozen=True)
class SparkFile:
    """One input file: its place in input order, how Spark names it, how the user named it."""

    index: int
    uri: str
    display: str
    size: int
    fmt: str  # jsonl | csv | parquet | adapter
    gz: bool

    @property
    def by_lines(self) -> bool:
        """Read as lines by Spark's text source (splittable), rather than whole."""
        return self.fmt == "jsonl" and not self.gz


def _key(uri: str) -> str:
    """One spelling of a file URI: Spark's ``_metadata.file_path`` is URL-encoded, Hadoop's paths are not."""
    u = urlparse(uri)
    scheme = u.scheme or "file"
    netloc = "" if scheme == "file" else u.netloc
    return f"{scheme}://{netloc}{unquote(u.path)}"


_GLOB = re.compile(r"([{}\[\]*?\\])")


def _escape_glob(path: str) -> str:
    """Spark expands glob characters in the paths it is given; a file's own name must not expand."""
    return _GLOB.sub(r"\\\1", path)


def _has_scheme(p: str) -> bool:
    u = urlparse(p)
    return len(u.scheme) > 1 and u.scheme != "file"


def _fmt_of(name: str, adapter: bool) -> tuple[str, bool]:
    gz = name.lower().endswith(".gz")
    if adapter:
        return "adapter", gz
    return R.detect_format(name), gz


def list_files(spark: SparkSession, paths: Sequence[str | Path], *, adapter: bool = False, start: int = 0) -> list[SparkFile]:
    """The files named by ``paths``, in input order, as :func:`~distillguard.events.readers.expand_paths`
    finds them: files, globs (``**`` recurses) and directories (recursively, sorted, hidden files
    left out).  Local paths are expanded exactly so; paths with a scheme (``s3a://``, ``hdfs://``)
    through Hadoop's file system, with the same rules.

    Raises
    ------
    DistillguardError
        A file that does not exist, a pattern or directory that matches nothing.
    """
    out: list[SparkFile] = []
    seen: set[str] = set()

    def keep(uri: str, display: str, size: int) -> None:
        k = _key(uri)
        if k in seen:
            return
        seen.add(k)
        try:
            fmt, gz = _fmt_of(display, adapter)
        except DistillguardError:
            raise DistillguardError(
                "unknown file type (expected .jsonl, .json, .ndjson, .csv, .tsv, .parquet, optionally .gz)", source=Location(display)
            ) from None
        out.append(SparkFile(start + len(out), uri, display, size, fmt, gz))

    for item in paths:
        s = str(item)
        if _has_scheme(s):
            for uri, size in _hadoop_list(spark, s, any_file=adapter):
                keep(uri, uri, size)
        else:
            for p in R.expand_paths([s], any_file=adapter):
                keep("file://" + os.path.abspath(p), str(p), p.stat().st_size)
    return out


def _hadoop_list(spark: SparkSession, path: str, *, any_file: bool) -> list[tuple[str, int]]:
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    conf = spark.sparkContext._jsc.hadoopConfiguration()  # type: ignore[attr-defined]
    hp = jvm.org.apache.hadoop.fs.Path(path)
    try:
        fs = hp.getFileSystem(conf)
        glob = any(c in path for c in "*?[{")
        statuses = list(fs.globStatus(hp) or []) if glob else ([fs.getFileStatus(hp)] if fs.exists(hp) else [])
    except Exception as exc:  # py4j wraps the Java exception
        raise DistillguardError(f"cannot list: {spark_message(exc)}", source=Location(path)) from None
    if not statuses:
        raise DistillguardError("no log files match this pattern" if glob else "no such file or directory", source=Location(path))

    def wanted(name: str) -> bool:
        if name.startswith((".", "_")):
            return False
        try:
            R.detect_format(name)
        except DistillguardError:
            return any_file
        return True

    found: list[tuple[str, int]] = []
    for st in statuses:
        if st.isDirectory():
            it = fs.listFiles(st.getPath(), True)
            files = []
            while it.hasNext():
                f = it.next()
                if wanted(f.getPath().getName()):
                    files.append((f.getPath().toString(), int(f.getLen())))
            if not files:
                raise DistillguardError("directory holds no .jsonl/.csv/.parquet log files", source=Location(st.getPath().toString()))
            found.extend(sorted(files))
        elif not glob or wanted(st.getPath().getName()):
            found.append((st.getPath().toString(), int(st.getLen())))
    if not found:
        raise DistillguardError("no log files match this pattern", source=Location(path))
    return found


# --------------------------------------------------------------------------------------------
# executor side: the read functions mapped over Arrow batches


class _Out:
    """Builds output batches of :func:`_out_schema` for one kind of file."""

    def __init__(self, kind: str) -> None:
        self.schema = _out_schema(kind)
        self.data_fields = list(_SPECS[kind].schema)

    def rows(self, batch: pa.RecordBatch, file: int, block: int) -> pa.RecordBatch:
        n = batch.num_rows
        cols: list[pa.Array] = []
        for f in self.data_fields:
            c = batch.column(f.name)
            cols.append(c.cast(_TS_SPARK) if pa.types.is_timestamp(f.type) else c)
        line = batch.column("source_line")
        meta = {"_kind": np.full(n, _ROW, np.int8), "_file": np.full(n, file, np.int32), "_block": np.full(n, block, np.int64), "_line": line}
        return self._batch(cols, meta, n)

    def meta(self, kind: int, file: int, block: int, n: int = 1, **cols: Any) -> pa.RecordBatch:
        meta = {"_kind": np.full(n, kind, np.int8), "_file": np.full(n, file, np.int32), "_block": np.full(n, block, np.int64), **cols}
        return self._batch([pa.nulls(n, f.type if not pa.types.is_timestamp(f.type) else _TS_SPARK) for f in self.data_fields], meta, n)

    def rejects(self, sink: RejectList, file: int, block: int) -> pa.RecordBatch | None:
        if not sink.rejects:
            return None
        rs = sink.rejects
        out = self.meta(
            _REJECT, file, block, len(rs),
            _line=[r.line for r in rs], r_field=[r.field for r in rs], r_reason=[r.reason for r in rs], r_raw=[r.raw for r in rs],
        )
        sink.rejects = []
        return out

    def block(self, file: int, block: int, lines: int, st: R.FileStats) -> pa.RecordBatch:
        return self.meta(_BLOCK, file, block, s_lines=[lines], s_rows=[st.rows_read], s_rejected=[st.rejected], s_naive=[st.naive_ts])

    def _batch(self, cols: list[pa.Array], meta: dict[str, Any], n: int) -> pa.RecordBatch:
        arrays = list(cols)
        for f in _META:
            v = meta.get(f.name)
            arrays.append(pa.nulls(n, f.type) if v is None else pa.array(v, f.type))
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)


def _read_lines(batches: Iterator[pa.RecordBatch], *, kind: str, files: dict[str, tuple[int, str]], batch_size: int,
               options: R.ReadOptions | None = None) -> Iterator[pa.RecordBatch]:
    """``value`` (bytes), ``file_path``, ``block`` → rows, rejects, one ``block`` row per split.

    Lines are counted from 1 within each split; the driver adds the split's offset.
    """
    spec = _SPECS[kind]
    kinds = spec.kinds()
    out = _Out(kind)
    cur: tuple[str, int] | None = None
    file_idx, display = -1, ""
    lines = 0
    skip = False
    first_seen = False
    sink = RejectList(keep=1 << 62)
    st = R.FileStats("")
    chunk: list[bytes] = []
    line_nos: list[int] = []

    def flush() -> Iterator[pa.RecordBatch]:
        nonlocal chunk, line_nos
        if not chunk:
            return
        b = R._json_chunk(chunk, line_nos, spec, kinds, sink, st, options or R.ReadOptions())  # noqa: SLF001 - the validator itself
        chunk, line_nos = [], []
        rj = out.rejects(sink, file_idx, cur[1] if cur else 0)
        if rj is not None:
            yield rj
        if b is not None and b.num_rows:
            yield out.rows(b, file_idx, cur[1] if cur else 0)

    def end_block() -> Iterator[pa.RecordBatch]:
        yield from flush()
        if cur is not None and not skip:
            yield out.block(file_idx, cur[1], lines, st)

    for b in batches:
        values = b.column(0).to_pylist()
        paths = b.column(1).to_pylist()
        blocks = b.column(2).to_pylist()
        for line, fp, bs in zip(values, paths, blocks):
            if cur is None or fp != cur[0] or bs != cur[1]:
                yield from end_block()
                cur = (fp, bs)
                file_idx, display = files[_key(fp)]
                st = R.FileStats(display)
                lines, skip, first_seen = 0, False, bs != 0
            lines += 1
            if skip:
                continue
            if lines == 1 and bs == 0 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line or line.isspace():
                continue
            if not first_seen:
                first_seen = True
                if line.lstrip()[:1] == b"[" or line[:2] == b"\x1f\x8b":
                    # one JSON array document, or gzip under another name: read the file whole
                    skip = True
                    yield out.meta(_WHOLE, file_idx, 0)
                    continue
            # as the embedded reader sees it (a JSON error's wording depends on it); only a last
            # line without a newline differs, in that wording alone
            chunk.append(line + b"\n")
            line_nos.append(lines)
            if len(chunk) >= batch_size:
                yield from flush()
    yield from end_block()


def _read_whole(batches: Iterator[pa.RecordBatch], *, kind: str, files: dict[str, tuple[int, str]], batch_size: int, fmt: str,
                options: R.ReadOptions | None = None) -> Iterator[pa.RecordBatch]:
    """``path``, ``content`` (one file a row) → rows, rejects and one ``block`` row per file,
    read by the embedded reader on a local copy of the file."""
    spec = _SPECS[kind]
    out = _Out(kind)
    records = None
    if fmt not in ("auto", ""):
        from distillguard.events.adapters import ADAPTERS

        records = ADAPTERS[fmt]
    for b in batches:
        for fp, content in zip(b.column(0).to_pylist(), b.column(1).to_pylist()):
            file_idx, display = files[_key(fp)]
            sink = RejectList(keep=1 << 62)
            st = R.FileStats(display)
            with tempfile.TemporaryDirectory(prefix="distillguard-") as tmp:
                local = Path(tmp) / (Path(urlparse(fp).path).name or "input")
                local.write_bytes(content)
                del content
                try:
                    for batch in R.iter_batches(local, spec=spec, rejects=sink, stats=st, batch_size=batch_size, records=records, options=options):
                        rj = out.rejects(sink, file_idx, -1)
                        if rj is not None:
                            yield rj
                        yield out.rows(batch, file_idx, -1)
                except DistillguardError as exc:
                    src = exc.source
                    yield out.meta(
                        _ERROR, file_idx, -1,
                        _line=[src.line if src else None], r_field=[src.field if src else None],
                        r_reason=[exc.message.replace(str(local), display)],
                    )
                    continue
            rj = out.rejects(sink, file_idx, -1)
            if rj is not None:
                yield rj
            yield out.block(file_idx, -1, 0, st)


def _read_typed(batches: Iterator[pa.RecordBatch], *, kind: str, files: dict[str, tuple[int, str]], columns: list[str],
                options: R.ReadOptions | None = None) -> Iterator[pa.RecordBatch]:
    """Parquet read by Spark: the data ``columns``, then ``file_path``, ``block`` and ``row_index``
    → rows, rejects and one ``block`` row per split, validated batch by batch as the embedded
    Parquet reader does (column-wise, or row by row where a column needs it)."""
    import pyarrow.compute as pc

    spec = _SPECS[kind]
    kinds = spec.kinds()
    out = _Out(kind)
    sink = RejectList(keep=1 << 62)
    cur: tuple[str, int] | None = None
    file_idx = -1
    st = R.FileStats("")
    for b in batches:
        paths = b.column("_p").to_pylist()
        blocks = b.column("_b").to_pylist()
        keys = list(zip(paths, blocks))
        starts = [i for i in range(len(keys)) if i == 0 or keys[i] != keys[i - 1]] + [len(keys)]
        for s, e in zip(starts[:-1], starts[1:]):
            if keys[s] != cur:
                if cur is not None:
                    yield out.block(file_idx, cur[1], 0, st)
                cur = keys[s]
                file_idx, display = files[_key(cur[0])]
                st = R.FileStats(display)
            sub = b.slice(s, e - s)
            data = pa.RecordBatch.from_arrays([sub.column(c) for c in columns], names=columns)
            lines = pc.add(sub.column("_ri"), 1)
            res = R._vectorised(data, spec, kinds, sink, st, lines, None, options)  # noqa: SLF001 - the validator itself
            if res is None:  # a column needs row-by-row checks: the embedded reader's path
                builder = R._BatchBuilder(spec, st.path, sink, st, options)  # noqa: SLF001
                for line, row in zip(lines.to_pylist(), data.to_pylist()):
                    builder.add(line, row, None)
                res = builder.flush()
            rj = out.rejects(sink, file_idx, cur[1])
            if rj is not None:
                yield rj
            if res is not None and res.num_rows:
                yield out.rows(res, file_idx, cur[1])
    if cur is not None:
        yield out.block(file_idx, cur[1], 0, st)


# --------------------------------------------------------------------------------------------
# driver side


@dataclass
class SparkIngest:
    """What :func:`ingest` returns: the deduplicated tables (cached) and the summary."""

    events: DataFrame
    accounts: DataFrame
    summary: IngestSummary
    files: list[SparkFile] = field(default_factory=list)
    cached: list[DataFrame] = field(default_factory=list)

    def unpersist(self) -> None:
        for df in self.cached:
            df.unpersist()
        self.cached.clear()


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _executor_options() -> R.ReadOptions | None:
    """The run's read options (``--account-key``, ``--ts-unit``, format sniffing) as executors get
    them: the driver's, without what cannot travel (the per-file stats list, an IP database
    handle).  ``--ip-db`` enrichment does not run on Spark's executors yet: asking for it is refused
    rather than silently skipped."""
    import dataclasses

    from distillguard.errors import UsageError

    opts = R.current_options()
    if opts is not None and opts.enrich is not None:
        raise UsageError("--ip-db enrichment is not available on the Spark engine: enrich the log first, "
                         "or scan with --engine duckdb")
    return None if opts is None else dataclasses.replace(opts, files=[])


def _read(spark: SparkSession, files: list[SparkFile], kind: str, fmt: str, batch_size: int, *, native_parquet: bool = True) -> DataFrame | None:
    """The raw rows/rejects/blocks of ``files`` (one DataFrame of :func:`_out_schema`)."""
    from pyspark.sql import functions as F

    if not files:
        return None
    by_key = {_key(f.uri): (f.index, f.display) for f in files}
    schema = _spark_schema(_out_schema(kind))
    options = _executor_options()
    parts = []
    canonical = fmt == "auto"
    lines = [f for f in files if f.by_lines and canonical]
    typed = [f for f in files if f.fmt == "parquet" and canonical and native_parquet]
    whole = [f for f in files if f not in lines and f not in typed]
    if typed:
        parts.append(_read_parquet_df(spark, typed, kind, by_key, schema, options))
    if lines:
        df = spark.read.option("lineSep", "\n").text([_escape_glob(f.uri) for f in lines])
        df = df.select(F.col("value").cast("binary").alias("v"), F.col("_metadata.file_path").alias("p"), F.col("_metadata.file_block_start").alias("b"))
        parts.append(df.mapInArrow(functools.partial(_read_lines, kind=kind, files=by_key, batch_size=batch_size, options=options), schema))
    if whole:
        parts.append(_read_whole_df(spark, whole, kind, fmt, batch_size, by_key, schema, options))
    out = parts[0]
    for p in parts[1:]:
        out = out.unionByName(p)
    return out


def _read_parquet_df(spark: SparkSession, files: list[SparkFile], kind: str, by_key: dict[str, tuple[int, str]], schema: Any,
                     options: R.ReadOptions | None = None) -> DataFrame:
    """Parquet through Spark's own reader (split by row groups), schemas merged across files."""
    from pyspark.sql import functions as F

    df = spark.read.option("mergeSchema", "true").parquet(*[_escape_glob(f.uri) for f in files])
    columns = list(df.columns)
    df = df.select(
        *[F.col(f"`{c.replace('`', '``')}`") for c in columns],
        F.col("_metadata.file_path").alias("_p"), F.col("_metadata.file_block_start").alias("_b"), F.col("_metadata.row_index").alias("_ri"),
    )
    return df.mapInArrow(functools.partial(_read_typed, kind=kind, files=by_key, columns=columns, options=options), schema)


def _read_whole_df(spark: SparkSession, files: list[SparkFile], kind: str, fmt: str, batch_size: int, by_key: dict[str, tuple[int, str]], schema: Any,
                   options: R.ReadOptions | None = None) -> DataFrame:
    df = spark.read.format("binaryFile").load([_escape_glob(f.uri) for f in files]).select("path", "content")
    # one file a task: each is read whole
    df = df.repartition(max(1, len(files)), "path") if len(files) > 1 else df
    fn = functools.partial(_read_whole, kind=kind, files=by_key, batch_size=batch_size, fmt=fmt, options=options)
    return df.mapInArrow(fn, schema)


def _collect_meta(raw: DataFrame, files: list[SparkFile], display: dict[int, str]) -> tuple[list[Any], set[int]]:
    """Block counts of ``raw``; the files to re-read whole; raises on a file-level error."""
    from pyspark.sql import functions as F

    rows = raw.filter(F.col("_kind") >= _BLOCK).select("_kind", "_file", "_block", "_line", "r_field", "r_reason", "s_lines", "s_rows", "s_rejected", "s_naive").collect()
    errors = sorted((r for r in rows if r["_kind"] == _ERROR), key=lambda r: r["_file"])
    if errors:
        e = errors[0]
        raise DistillguardError(e["r_reason"], source=Location(display[e["_file"]], e["_line"], e["r_field"]))
    whole = {r["_file"] for r in rows if r["_kind"] == _WHOLE}
    return [r for r in rows if r["_kind"] == _BLOCK and r["_file"] not in whole], whole


def _offsets(blocks: list[Any]) -> dict[tuple[int, int], int]:
    """Line offset of each split: the lines of the file's splits before it."""
    out: dict[tuple[int, int], int] = {}
    by_file: dict[int, list[Any]] = {}
    for r in blocks:
        by_file.setdefault(r["_file"], []).append(r)
    for f, rs in by_file.items():
        total = 0
        for r in sorted(rs, key=lambda r: r["_block"]):
            out[(f, r["_block"])] = total
            total += int(r["s_lines"] or 0)
    return out


def _with_lines(spark: SparkSession, raw: DataFrame, offsets: dict[tuple[int, int], int]) -> DataFrame:
    """``_line`` (and ``source_line``) made file lines: split offset added."""
    from pyspark.sql import functions as F

    if not any(offsets.values()):
        return raw
    off = spark.createDataFrame([(f, b, o) for (f, b), o in offsets.items()], "_file int, _block long, _off long")
    j = raw.join(F.broadcast(off), ["_file", "_block"], "left")
    line = F.col("_line") + F.coalesce(F.col("_off"), F.lit(0))
    cols = [line.alias("_line") if c == "_line" else (line.alias(c) if c == "source_line" else F.col(c)) for c in raw.columns]
    return j.select(*cols)


def _read_kind(
    spark: SparkSession, files: list[SparkFile], kind: str, fmt: str, batch_size: int, writer: RejectsWriter, cached: list[DataFrame]
) -> tuple[DataFrame | None, list[FileSummary]]:
    """Read, validate and locate one kind of file: returns the valid rows (with ``_file``, ``_line``),
    writes the rejects, and counts per file.  The raw read is cached (appended to ``cached``)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    display = {f.index: f.display for f in files}
    per_file = [FileSummary(f.display, kind, bytes=f.size) for f in files]
    try:
        raw = _read(spark, files, kind, fmt, batch_size)
        if raw is None:
            return None, per_file
        raw = raw.persist(StorageLevel.MEMORY_AND_DISK)
        cached.append(raw)
        blocks, whole = _collect_meta(raw, files, display)
    except DistillguardError:
        raise
    except Exception as exc:
        if not from_spark(exc):
            raise
        if "Traceback (most recent call last)" in str(exc) or not any(f.fmt == "parquet" for f in files):
            raise _translate(exc, files) from None
        # Spark's Parquet reader refused a file (types it cannot read, schemas that do not
        # merge): read every Parquet file whole with the embedded reader instead
        raw = _read(spark, files, kind, fmt, batch_size, native_parquet=False)
        assert raw is not None
        raw = raw.persist(StorageLevel.MEMORY_AND_DISK)
        cached.append(raw)
        blocks, whole = _spark_errors(lambda: _collect_meta(raw, files, display), files)
    if whole:
        # files that are one JSON document: drop what the line reader made of them, read them whole
        redo = [f for f in files if f.index in whole]
        again = _read_whole_df(spark, redo, kind, fmt, batch_size, {_key(f.uri): (f.index, f.display) for f in redo}, _spark_schema(_out_schema(kind)))
        raw = raw.filter(~F.col("_file").isin(sorted(whole))).unionByName(again).persist(StorageLevel.MEMORY_AND_DISK)
        cached.append(raw)
        more, _ = _spark_errors(lambda: _collect_meta(raw.filter(F.col("_file").isin(sorted(whole))), files, display), files)
        blocks = blocks + more
    located = _with_lines(spark, raw, _offsets(blocks))
    for r in blocks:
        fs = per_file[r["_file"] - files[0].index]
        fs.rows_read += int(r["s_rows"])
        fs.rejected += int(r["s_rejected"])
        fs.naive_ts += int(r["s_naive"])
    if sum(fs.rejected for fs in per_file):
        rej = located.filter(F.col("_kind") == _REJECT).select("_file", "_line", "r_field", "r_reason", "r_raw").orderBy("_file", "_line")
        for r in rej.toLocalIterator():
            writer.add(display[r["_file"]], r["_line"], r["r_field"], r["r_reason"], r["r_raw"])
    return located.filter(F.col("_kind") == _ROW), per_file


def _dedupe(
    rows: DataFrame | None, spark: SparkSession, kind: str, per_file: list[FileSummary], first_index: int, existing: DataFrame | None
) -> tuple[DataFrame, DataFrame | None]:
    """First row of each key in input order, and not stored already (``existing``); counts
    ``rows_loaded`` and ``duplicates`` per file.  Returns the rows and the cached table behind them.

    Only the keys are shuffled: each row's (key, file, line) is ranked, the losers (a later row of
    a key, or a key already stored) are usually few, and the rows are anti-joined with them only
    where there are any, so a log without duplicates is never shuffled whole.
    """
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    final = _FINAL[kind]
    if rows is None:
        return spark.createDataFrame([], _spark_schema(_spark_final(final))), None
    key = _KEYS[kind]
    narrow = rows.select(key, "_file", "_line")
    w = Window.partitionBy(key).orderBy("_file", "_line")
    ranked = narrow.withColumn("_rn", F.row_number().over(w))
    lose = F.col("_rn") > 1
    if existing is not None:
        old = existing.select(key).distinct().withColumn("_old", F.lit(True))
        ranked = ranked.join(old, key, "left")
        lose = lose | F.col("_old").isNotNull()
    ranked = ranked.withColumn("_lose", lose).persist(StorageLevel.MEMORY_AND_DISK)
    counts = ranked.groupBy("_file").agg(F.count(F.lit(1)).alias("n"), F.sum(F.col("_lose").cast("long")).alias("lost")).collect()
    for r in counts:
        fs = per_file[r["_file"] - first_index]
        fs.duplicates = int(r["lost"])
        fs.rows_loaded = int(r["n"]) - fs.duplicates
    keep = rows
    if sum(fs.duplicates for fs in per_file):
        losers = ranked.filter(F.col("_lose")).select(key, "_file", "_line")
        keep = rows.join(losers, [key, "_file", "_line"], "left_anti")
    return keep.select(*[f.name for f in final]), ranked


def _spark_final(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, _TS_SPARK if pa.types.is_timestamp(f.type) else f.type) for f in schema])


def _spark_errors(fn: Any, files: list[SparkFile]) -> Any:
    """Run a Spark action; a failure becomes a :class:`DistillguardError` (naming the file where
    Spark says which one it could not read)."""
    try:
        return fn()
    except DistillguardError:
        raise
    except Exception as exc:
        if not from_spark(exc):
            raise
        raise _translate(exc, files) from None


def _translate(exc: BaseException, files: list[SparkFile]) -> DistillguardError:
    text = str(exc)
    culprit = next((f for f in files if f.uri in text or _key(f.uri) in text or f.display in text), None)
    if culprit is None or "Traceback (most recent call last)" in text:
        return DistillguardError(spark_message(exc))
    reason = "not a readable gzip file" if culprit.gz else "cannot read"
    return DistillguardError(f"{reason} ({_cause(text)})", source=Location(culprit.display))


def _cause(text: str) -> str:
    """The innermost Java exception message in a Spark failure's text (e.g. ``Unexpected end of input stream``)."""
    causes = re.findall(r"Caused by: ([\w.$]+(?:Exception|Error)[^\n]*)", text)
    last = causes[-1] if causes else text.strip().splitlines()[0]
    return last.split(": ", 1)[-1].strip()[:200]


def ingest(
    spark: SparkSession,
    paths: Sequence[str | Path],
    *,
    rejects_path: str | Path,
    accounts_paths: Sequence[str | Path] = (),
    max_bad_fraction: float | None = None,
    format: str = "auto",  # noqa: A002 - the word users type
    batch_size: int = R.BATCH_SIZE,
    existing: dict[str, DataFrame] | None = None,
) -> SparkIngest:
    """Validate and deduplicate logs on Spark, as :func:`distillguard.events.store.ingest` does in DuckDB.

    The rejects file is written on the driver (``rejects_path`` is a local path), in input order.
    Returns cached DataFrames of exactly the columns of
    :data:`~distillguard.events.schema.EVENTS_ARROW_SCHEMA` and ``ACCOUNTS_ARROW_SCHEMA``
    (call :meth:`SparkIngest.unpersist` once they are stored).  ``existing`` (``events``,
    ``accounts``): tables stored by earlier scans; rows whose key is there count as duplicates.

    Raises
    ------
    DistillguardError
        A missing file, an unreadable gzip or Parquet file, an unknown format.
    IngestError
        More than ``max_bad_fraction`` of the rows were rejected (the rejects file is complete).
    """
    import time

    t0 = time.perf_counter()
    if format not in FORMATS:
        raise DistillguardError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    files = list_files(spark, paths, adapter=format != "auto")
    acc_files = list_files(spark, accounts_paths, start=len(files)) if accounts_paths else []
    summary = IngestSummary(files=[f.display for f in files], rejects_path=str(rejects_path), format=format)
    summary.bytes_total = sum(f.size for f in [*files, *acc_files])
    raws: list[DataFrame] = []
    try:
        with RejectsWriter(rejects_path) as writer:
            ev_rows, ev_files = _read_kind(spark, files, "events", format, batch_size, writer, raws)
            ac_rows, ac_files = _read_kind(spark, acc_files, "accounts", "auto", batch_size, writer, raws)
        summary.per_file = [*ev_files, *ac_files]
        for fs in ev_files:
            summary.rows_read += fs.rows_read
            summary.rejected += fs.rejected
            summary.naive_ts += fs.naive_ts
        for fs in ac_files:
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
        existing = existing or {}
        events, ev_cache = _dedupe(ev_rows, spark, "events", ev_files, 0, existing.get("events"))
        accounts, ac_cache = _dedupe(ac_rows, spark, "accounts", ac_files, len(files), existing.get("accounts"))
    except BaseException:
        for raw in raws:
            raw.unpersist()
        raise
    summary.rows_loaded = sum(fs.rows_loaded for fs in ev_files)
    summary.duplicates = sum(fs.duplicates for fs in ev_files)
    summary.accounts_loaded = sum(fs.rows_loaded for fs in ac_files)
    summary.accounts_duplicates = sum(fs.duplicates for fs in ac_files)
    summary.seconds = time.perf_counter() - t0
    # the rows are read from the cached raw reads until the caller has stored them (then unpersist)
    return SparkIngest(events, accounts, summary, [*files, *acc_files], [*raws, *(c for c in (ev_cache, ac_cache) if c is not None)])
