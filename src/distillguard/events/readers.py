"""Stream canonical events (and accounts, and labels) out of JSON Lines, Parquet and CSV files.

Nothing here loads a whole file: every reader yields Arrow ``RecordBatch`` es of about
:data:`BATCH_SIZE` rows that match :data:`~distillguard.events.schema.EVENTS_ARROW_SCHEMA`.

Validation (``shared/EVENTS.md``) happens row by row, and a bad row never stops the file: it goes
to a *reject sink* (:mod:`distillguard.events.rejects`) with its file, line, field and reason.
A row is rejected when it

* is not valid JSON, or not a JSON object (a CSV row with the wrong number of cells; a line that
  is not valid UTF-8);
* lacks a required field (events: ``ts``, ``request_id``, ``account_id``) or has it empty;
* has a value of the wrong type for a known field, or a ``ts`` that cannot be parsed.

Values, leniently but never by guessing:

* ``null``, an absent field and an empty string all mean *unknown*.
* ``str`` fields take strings; a number is turned into its decimal string (ids are often numeric).
* ``int`` fields take integers, floats with no fractional part and numeric strings (``"512"``,
  in every format, not only CSV).  ``true``/``false`` are *not* integers.
* ``float`` fields take numbers and numeric strings.
* ``bool`` fields take ``true``/``false``, ``1``/``0`` and the strings ``"true"``/``"false"``/
  ``"1"``/``"0"`` (any case).
* ``ts`` takes RFC 3339 (``2024-05-01T12:00:00.250+02:00``, ``…Z``), integer epoch milliseconds
  (also as a numeric string), or a Parquet timestamp column.  Sub-millisecond digits are dropped.
  **A timestamp without an offset is read as UTC and counted** in
  :attr:`FileStats.naive_ts` (the summary shows it), because several real exports (LiteLLM's
  Postgres ``timestamp(3)``, the Azure traces) write UTC without saying so; rejecting them would
  lose whole logs, and guessing a local zone would be worse.  A date without a time is rejected.
* Any other field is kept, as given, in ``attrs`` (a JSON object string with sorted keys; ``null``
  when there are none); it never makes a row invalid.  ``null``/empty extras are left out.  (JSON
  Lines are parsed chunk-wise by Arrow where the chunk allows it; then a number in an extra field
  that holds fractions elsewhere in the chunk may read back as ``1.0`` rather than ``1``.)  An input field named
  ``attrs`` holding a JSON object is merged into it (so an exported events table reads back);
  input fields named ``ts_ms``, ``source_file`` or ``source_line`` are recomputed, not kept.

``source_line`` is the 1-based line of the row in a JSON Lines file, the line on which the record
starts in a CSV file (the header is line 1), the 1-based row number in a Parquet file, and the
1-based element number in a JSON array document.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "mini.jsonl"
>>> _ = p.write_text('{"ts": "2024-05-01T12:00:00Z", "request_id": "r1", "account_id": "a1", "team": "x"}\\n'
...                  '{"ts": "soon", "request_id": "r2", "account_id": "a1"}\\n')
>>> from distillguard.events.rejects import RejectList
>>> bad = RejectList()
>>> batch = next(read_events([p], rejects=bad))
>>> batch.num_rows, batch.column("attrs")[0].as_py(), batch.column("ts_ms")[0].as_py()
(1, '{"team":"x"}', 1714564800000)
>>> bad.rejects[0].location, bad.rejects[0].reason
('...mini.jsonl:2:ts', "not a timestamp: 'soon'")
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from distillguard.errors import DistillguardError, Location
from distillguard.events.rejects import RaiseOnReject, RejectSink
from distillguard.events.schema import (
    ACCOUNT_FIELDS,
    ACCOUNTS_ARROW_SCHEMA,
    EVENT_FIELDS,
    EVENTS_ARROW_SCHEMA,
    LABEL_FIELDS,
    Field,
)

__all__ = [
    "ACCOUNTS_SPEC",
    "BATCH_SIZE",
    "EVENTS_SPEC",
    "FORMATS",
    "LABELS_ARROW_SCHEMA",
    "LABELS_SPEC",
    "BadRecord",
    "FileStats",
    "Record",
    "RowSpec",
    "detect_format",
    "expand_paths",
    "iter_batches",
    "iter_records",
    "parse_ts",
    "read_accounts",
    "read_events",
    "read_labels",
    "total_bytes",
]

#: rows per Arrow batch
BATCH_SIZE = 20_000

#: canonical file formats, by what the name ends with (a trailing ``.gz`` is allowed for all but Parquet)
FORMATS: dict[str, tuple[str, ...]] = {
    "jsonl": (".jsonl", ".json", ".ndjson"),
    "csv": (".csv", ".tsv"),
    "parquet": (".parquet", ".pq"),
}

LABELS_ARROW_SCHEMA: pa.Schema = pa.schema(
    [pa.field(f.name, pa.timestamp("ms", tz="UTC") if f.kind == "ts" else pa.string()) for f in LABEL_FIELDS]
)

# --------------------------------------------------------------------------------------------
# what a file holds: a row spec


_STR, _INT, _FLOAT, _BOOL, _TS, _RESERVED = range(6)
_KIND_CODE = {"str": _STR, "int": _INT, "float": _FLOAT, "bool": _BOOL, "ts": _TS}
_KIND_WORD = {_STR: "a string", _INT: "an integer", _FLOAT: "a number", _BOOL: "a boolean", _TS: "a timestamp"}
_ARROW_OF = {_STR: pa.string(), _INT: pa.int64(), _FLOAT: pa.float64(), _BOOL: pa.bool_(), _TS: pa.int64()}
_TS_TYPE = pa.timestamp("ms", tz="UTC")


@dataclass(frozen=True)
class RowSpec:
    """Which fields a kind of file holds and what its Arrow batches look like.

    ``schema`` is the output schema.  Besides the fields, it may hold ``ts_ms`` (epoch ms copy of
    ``ts``), ``attrs`` (unknown fields), ``source_file`` and ``source_line``.
    """

    name: str
    fields: tuple[Field, ...]
    schema: pa.Schema
    choices: tuple[tuple[str, frozenset[str]], ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def has_attrs(self) -> bool:
        return "attrs" in self.schema.names

    @property
    def has_source(self) -> bool:
        return "source_file" in self.schema.names

    def kinds(self) -> dict[str, int]:
        out = {f.name: _KIND_CODE[f.kind] for f in self.fields}
        for extra in ("ts_ms", "attrs", "source_file", "source_line"):
            out.setdefault(extra, _RESERVED)
        return out

    def struct_type(self) -> pa.StructType:
        cols = [pa.field(f.name, _ARROW_OF[_KIND_CODE[f.kind]]) for f in self.fields]
        if self.has_attrs:
            cols.append(pa.field("attrs", pa.string()))
        if self.has_source:
            cols.append(pa.field("source_line", pa.int64()))
        return pa.struct(cols)


EVENTS_SPEC = RowSpec("events", EVENT_FIELDS, EVENTS_ARROW_SCHEMA)
ACCOUNTS_SPEC = RowSpec("accounts", ACCOUNT_FIELDS, ACCOUNTS_ARROW_SCHEMA)
LABELS_SPEC = RowSpec("labels", LABEL_FIELDS, LABELS_ARROW_SCHEMA, choices=(("label", frozenset({"benign", "attack"})),))


# --------------------------------------------------------------------------------------------
# finding files


def detect_format(path: str | Path) -> str:
    """``jsonl``, ``csv`` or ``parquet`` from the file name (``.gz`` allowed); raises otherwise.

    >>> detect_format("logs/2024-05-01.jsonl.gz"), detect_format("x.PARQUET"), detect_format("a.csv")
    ('jsonl', 'parquet', 'csv')
    """
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for fmt, suffixes in FORMATS.items():
        if name.endswith(suffixes):
            return fmt
    raise DistillguardError(
        "unknown file type (expected .jsonl, .json, .ndjson, .csv, .tsv, .parquet, optionally .gz)",
        source=Location(str(path)),
    )


def _supported(p: Path) -> bool:
    try:
        detect_format(p)
    except DistillguardError:
        return False
    return True


def expand_paths(paths: Iterable[str | Path], *, any_file: bool = False) -> list[Path]:
    """Files named by ``paths``: plain files, glob patterns (``**`` recurses) and directories.

    A directory stands for the supported files under it (recursively, sorted).  Each file appears
    once, in the order first named.  ``any_file`` keeps files of any type from directories and
    patterns (adapters read ``.json`` exports and more).

    Raises
    ------
    DistillguardError
        A named file that does not exist, or a pattern or directory that matches nothing.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def keep(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in paths:
        s = str(item)
        if any(c in s for c in "*?[") and not Path(s).exists():
            matches = sorted(Path(m) for m in glob.glob(s, recursive=True))
            files = [m for m in matches if m.is_file() and (any_file or _supported(m))]
            if not files:
                raise DistillguardError("no log files match this pattern", source=Location(s))
            for m in files:
                keep(m)
            continue
        p = Path(s)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".") and (any_file or _supported(f)))
            if not files:
                raise DistillguardError("directory holds no .jsonl/.csv/.parquet log files", source=Location(s))
            for f in files:
                keep(f)
        elif p.is_file():
            keep(p)
        else:
            raise DistillguardError("no such file or directory", source=Location(s))
    return out


def total_bytes(paths: Iterable[str | Path]) -> int:
    """Size on disk of the files named by ``paths`` (after :func:`expand_paths`): a progress bar's total."""
    return sum(p.stat().st_size for p in expand_paths(paths, any_file=True))


# --------------------------------------------------------------------------------------------
# timestamps

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def parse_ts(value: str) -> tuple[int, bool]:
    """Epoch milliseconds of an RFC 3339 string, and whether it lacked an offset (read as UTC).

    Raises ``ValueError`` for anything else.

    >>> parse_ts("2024-05-01T12:00:00.250+02:00")
    (1714557600250, False)
    >>> parse_ts("2024-05-01 10:00:00.2509999")
    (1714557600250, True)
    """
    s = value.strip()
    if len(s) <= 10:
        raise ValueError("no time of day")
    if s[-1] in "zZ":
        s = s[:-1] + "+00:00"
    dt = datetime.fromisoformat(s)
    naive = dt.tzinfo is None
    if naive:
        dt = dt.replace(tzinfo=timezone.utc)
    return (dt - _EPOCH) // _MS, naive


def _datetime_ms(v: datetime | date) -> tuple[int, bool]:
    if not isinstance(v, datetime):
        raise ValueError("a date without a time of day")
    naive = v.tzinfo is None
    if naive:
        v = v.replace(tzinfo=timezone.utc)
    return (v - _EPOCH) // _MS, naive


# --------------------------------------------------------------------------------------------
# records: (line, parsed row or BadRecord, raw text)


@dataclass(frozen=True)
class BadRecord:
    """A source row that could not even be parsed; it becomes a reject."""

    reason: str
    field: str | None = None


#: one source row: its line (see module docs), the parsed row (usually a dict) or a
#: :class:`BadRecord`, and its raw text (``bytes``/``str``) or ``None`` (then the row itself is shown)
Record = tuple[int | None, Any, bytes | str | None]


class _Source:
    """An open input file: binary stream (gzip undone when the magic bytes say so) plus position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.raw: IO[bytes] = path.open("rb")
        except OSError as exc:
            raise DistillguardError(f"cannot open: {exc.strerror or exc}", source=Location(str(path))) from exc
        magic = self.raw.read(2)
        self.raw.seek(0)
        self.gzipped = magic == b"\x1f\x8b"
        self.stream: IO[bytes] = (
            io.BufferedReader(gzip.GzipFile(fileobj=self.raw), buffer_size=1 << 20) if self.gzipped else self.raw  # type: ignore[arg-type]
        )

    def tell(self) -> int:
        """Bytes of the file (compressed, if gzipped) consumed so far."""
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self.stream.close()
        self.raw.close()


def _json_lines(src: _Source, start: int = 1) -> Iterator[Record]:
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    for i, line in enumerate(src.stream, start):
        if i == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line or line.isspace():
            continue
        try:
            obj = loads(line)
        except decode_error as exc:
            obj = BadRecord(f"invalid JSON: {exc}")
        yield i, obj, line


def _first_char(src: _Source) -> bytes:
    head = src.stream.peek(4096)[:4096]  # type: ignore[attr-defined]
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def _json_any(src: _Source, *, whole_documents: bool) -> Iterator[Record]:
    """JSON Lines, or (first character ``[``) one JSON array, or (``whole_documents``) one JSON document.

    A JSON array or a whole document is parsed at once, so it must fit in memory; JSON Lines stream.
    """
    first = _first_char(src)
    if first == b"[":
        try:
            doc = orjson.loads(src.stream.read())
        except orjson.JSONDecodeError as exc:
            yield 1, BadRecord(f"invalid JSON document: {exc}"), b""
            return
        for i, item in enumerate(doc, 1):
            yield i, item, None
        return
    if not (whole_documents and first == b"{"):
        yield from _json_lines(src)
        return
    # adapters: a pretty-printed single document (an OTLP export) does not parse line by line
    head = src.stream.readline()
    try:
        obj = orjson.loads(head.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        data = head + src.stream.read()
        try:
            yield 1, orjson.loads(data.removeprefix(b"\xef\xbb\xbf")), None
        except orjson.JSONDecodeError as exc:
            yield 1, BadRecord(f"invalid JSON: {exc}"), data[:200]
        return
    yield 1, obj, head
    yield from _json_lines(src, start=2)


def _csv_rows(src: _Source) -> Iterator[Record]:
    delimiter = "\t" if src.path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
    state = {"line": 0, "start": 1, "bad_utf8": False}
    buf: list[str] = []

    def lines() -> Iterator[str]:
        for raw in src.stream:
            state["line"] += 1
            if state["line"] == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "replace")
                state["bad_utf8"] = True
            if not buf:
                state["start"] = state["line"]
            buf.append(text)
            yield text

    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, BadRecord(f"unreadable CSV header: {exc}"), "".join(buf)
        return
    header = [h.strip() for h in header]
    buf.clear()
    state["bad_utf8"] = False
    ncol = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield state["start"], BadRecord(f"unreadable CSV row: {exc}"), "".join(buf)
            buf.clear()
            continue
        raw = "".join(buf)
        buf.clear()
        line = state["start"]
        if state["bad_utf8"]:
            state["bad_utf8"] = False
            yield line, BadRecord("row is not valid UTF-8"), raw
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != ncol:
            yield line, BadRecord(f"expected {ncol} columns (as in the header), got {len(row)}"), raw
            continue
        yield line, {h: v for h, v in zip(header, row) if v != "" and h}, raw


def _parquet_rows(src: _Source, batch_size: int) -> Iterator[Record]:
    line = 0
    for b in _parquet_file(src).iter_batches(batch_size=batch_size):
        for row in b.to_pylist():
            line += 1
            yield line, row, None


def _parquet_file(src: _Source) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(src.raw)
    except (pa.ArrowException, OSError) as exc:
        raise DistillguardError(f"not a readable Parquet file: {exc}", source=Location(str(src.path))) from exc


def iter_records(path: str | Path, *, fmt: str = "auto", whole_documents: bool = False) -> Iterator[Record]:
    """Source rows of one file, as :data:`Record` tuples, without any validation.

    JSON files may be JSON Lines or one JSON array; with ``whole_documents`` a file holding one
    (pretty-printed) JSON object is yielded as a single record (adapters read OTLP exports so).
    Adapters build on this; canonical reading goes through :func:`iter_batches`.
    """
    p = Path(path)
    kind = detect_format(p) if fmt == "auto" else fmt
    src = _Source(p)
    try:
        if kind == "jsonl":
            yield from _json_any(src, whole_documents=whole_documents)
        elif kind == "csv":
            yield from _csv_rows(src)
        elif kind == "parquet":
            yield from _parquet_rows(src, BATCH_SIZE)
        else:
            raise DistillguardError(f"unknown format {kind!r}", source=Location(str(p)))
    finally:
        src.close()


# --------------------------------------------------------------------------------------------
# validation and batching


@dataclass
class FileStats:
    """Counts for one input file."""

    path: str
    rows_read: int = 0
    rows_valid: int = 0
    rejected: int = 0
    naive_ts: int = 0
    bytes_total: int = 0
    bytes_read: int = 0
    batches: int = 0


class _Invalid(Exception):
    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason


def _bad(name: str, code: int, v: Any) -> _Invalid:
    shown = repr(v) if isinstance(v, str) else orjson.dumps(v, default=str).decode()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    kind = "an object" if isinstance(v, dict) else "a list" if isinstance(v, list) else shown
    if code == _TS:
        return _Invalid(name, f"not a timestamp: {kind}")
    return _Invalid(name, f"expected {_KIND_WORD[code]}, got {kind}")


def _to_int(name: str, v: Any) -> int | None:
    tv = type(v)
    if tv is float:
        if v.is_integer():
            return int(v)
        raise _bad(name, _INT, v)
    if tv is str:
        s = v.strip()
        if not s:
            return None
        try:
            out = int(s)
        except ValueError:
            try:
                f = float(s)
            except ValueError:
                raise _bad(name, _INT, v) from None
            if not f.is_integer():
                raise _bad(name, _INT, v) from None
            out = int(f)
    elif tv is int:
        out = v
    else:
        raise _bad(name, _INT, v)
    if not _INT64_MIN <= out <= _INT64_MAX:
        raise _Invalid(name, f"integer out of range: {out}")
    return out


def _to_float(name: str, v: Any) -> float | None:
    tv = type(v)
    if tv is int:
        return float(v)
    if tv is str:
        s = v.strip()
        if not s:
            return None
        try:
            return float(s)
        except ValueError:
            raise _bad(name, _FLOAT, v) from None
    raise _bad(name, _FLOAT, v)


_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


def _to_bool(name: str, v: Any) -> bool | None:
    tv = type(v)
    if tv is str:
        s = v.strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        if not s:
            return None
    elif tv is int and v in (0, 1):
        return bool(v)
    raise _bad(name, _BOOL, v)


def _to_str(name: str, v: Any) -> str:
    tv = type(v)
    if tv is int:
        return str(v)
    if tv is float:
        return str(int(v)) if v.is_integer() else repr(v)
    raise _bad(name, _STR, v)


class _BatchBuilder:
    """Validates rows one by one (in place) and turns the good ones into Arrow batches."""

    def __init__(self, spec: RowSpec, source_file: str, rejects: RejectSink, stats: FileStats) -> None:
        self.spec = spec
        self.file = source_file
        self.rejects = rejects
        self.stats = stats
        self.kinds = spec.kinds()
        self.str_fields = frozenset(f.name for f in spec.fields if f.kind == "str")
        assert (_STR, _INT, _FLOAT, _BOOL, _TS) == (0, 1, 2, 3, 4)
        self.required = spec.required
        self.choices = spec.choices
        self.struct = spec.struct_type()
        self.ts_fields = [f.name for f in spec.fields if f.kind == "ts"]
        self.has_attrs = spec.has_attrs
        self.has_source = spec.has_source
        self.rows: list[dict[str, Any]] = []
        self.raws: list[tuple[int | None, Any]] = []
        self.last_line: int | None = 0

    def __len__(self) -> int:
        return len(self.rows)

    def reject(self, line: int | None, field: str | None, reason: str, raw: Any) -> None:
        self.stats.rejected += 1
        self.rejects.add(self.file, line, field, reason, raw)

    def add(self, line: int | None, obj: Any, raw: Any) -> None:
        """Validate one source row; keep it for the next batch or send it to the rejects."""
        self.stats.rows_read += 1
        self.last_line = line
        if type(obj) is not dict:
            if isinstance(obj, BadRecord):
                self.reject(line, obj.field, obj.reason, raw)
            else:
                self.reject(line, None, f"row is not a JSON object but {type(obj).__name__}", raw if raw is not None else obj)
            return
        if raw is None:
            raw = dict(obj)  # shown in a reject as it came, before the in-place conversion
        try:
            self._convert(obj)
        except _Invalid as exc:
            self.reject(line, exc.field, exc.reason, raw)
            return
        if self.has_source:
            obj["source_line"] = line
        self.rows.append(obj)
        self.raws.append((line, raw))

    def _convert(self, obj: dict[str, Any]) -> None:
        # the hot loop: module constants are bound locally, the common case (a non-empty string in
        # a string field) costs one set lookup and one type check
        kinds = self.kinds
        str_fields = self.str_fields
        for name in self.required:
            v = obj.get(name)
            if v is None:
                raise _Invalid(name, "required field missing")
            if v == "":
                raise _Invalid(name, "required field is empty")
        extras: dict[str, Any] | None = None
        for k, v in obj.items():
            if k in str_fields:
                if type(v) is str:
                    if not v:
                        obj[k] = None
                elif v is not None:
                    obj[k] = _to_str(k, v)
                continue
            if v is None:
                continue
            code = kinds.get(k, -1)
            if code == -1:
                if v != "":
                    if extras is None:
                        extras = {}
                    extras[k] = v
            elif code == 1:  # _INT
                if type(v) is not int:
                    obj[k] = _to_int(k, v)
                elif not -9223372036854775808 <= v <= 9223372036854775807:
                    raise _Invalid(k, f"integer out of range: {v}")
            elif code == 4:  # _TS
                obj[k] = self._ts(k, v)
            elif code == 2:  # _FLOAT
                if type(v) is not float:
                    obj[k] = _to_float(k, v)
            elif code == 3:  # _BOOL
                if type(v) is not bool:
                    obj[k] = _to_bool(k, v)
            elif k == "attrs":  # reserved: merge a JSON object back into the extras
                extras = self._merge_attrs(extras, v)
        for name in self.required:
            if obj.get(name) is None:  # blank after conversion, e.g. "  "
                raise _Invalid(name, "required field is empty")
        for name, allowed in self.choices:
            val = obj.get(name)
            if val is not None and val not in allowed:
                raise _Invalid(name, f"expected one of {sorted(allowed)}, got {val!r}")
        if self.has_attrs:
            obj["attrs"] = orjson.dumps(extras, default=str, option=orjson.OPT_SORT_KEYS).decode() if extras else None

    def _ts(self, k: str, v: Any) -> int | None:
        tv = type(v)
        if tv is str:
            s = v.strip()
            if not s:
                return None
            if s.lstrip("-").isdigit():
                ms = int(s)
            else:
                try:
                    ms, naive = parse_ts(s)
                except (ValueError, OverflowError):
                    raise _bad(k, _TS, v) from None
                if naive:
                    self.stats.naive_ts += 1
        elif tv is int:
            ms = v
        elif tv is float and v.is_integer():
            ms = int(v)
        elif isinstance(v, (datetime, date)):
            try:
                ms, naive = _datetime_ms(v)
            except ValueError:
                raise _bad(k, _TS, v) from None
            if naive:
                self.stats.naive_ts += 1
        else:
            raise _bad(k, _TS, v)
        if not -(2**62) < ms < 2**62:
            raise _Invalid(k, f"timestamp out of range: {v!r}")
        return ms

    @staticmethod
    def _merge_attrs(extras: dict[str, Any] | None, v: Any) -> dict[str, Any] | None:
        if isinstance(v, str):
            if not v:
                return extras
            try:
                v = orjson.loads(v)
            except orjson.JSONDecodeError:
                v = {"attrs": v}
        if not isinstance(v, dict):
            v = {"attrs": v}
        out = dict(v)
        if extras:
            out.update(extras)
        return out

    def flush(self) -> pa.RecordBatch | None:
        """The rows kept so far as one batch of the spec's schema (``None`` if there are none)."""
        if not self.rows:
            return None
        rows, raws = self.rows, self.raws
        self.rows, self.raws = [], []
        try:
            arr = pa.array(rows, type=self.struct)
        except (pa.ArrowException, OverflowError, TypeError, ValueError):
            arr = self._salvage(rows, raws)
            if arr is None:
                return None
        self.stats.rows_valid += len(arr)
        self.stats.batches += 1
        return _struct_to_batch(arr, self.spec, self.file)

    def _salvage(self, rows: list[dict[str, Any]], raws: list[tuple[int | None, Any]]) -> pa.StructArray | None:
        """Arrow refused the batch: convert row by row and reject the rows it refuses."""
        good = []
        for row, (line, raw) in zip(rows, raws):
            try:
                pa.array([row], type=self.struct)
            except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
                self.reject(line, None, f"value cannot be stored: {exc}", raw)
                continue
            good.append(row)
        return pa.array(good, type=self.struct) if good else None


def _struct_to_batch(arr: pa.StructArray, spec: RowSpec, source_file: str) -> pa.RecordBatch:
    n = len(arr)
    names = [f.name for f in arr.type]
    children = dict(zip(names, arr.flatten()))
    cols: list[pa.Array] = []
    for f in spec.schema:
        if f.name == "ts_ms":
            cols.append(children["ts"])
        elif f.name == "source_file":
            cols.append(pa.array([source_file] * n, pa.string()))
        elif pa.types.is_timestamp(f.type):
            cols.append(children[f.name].cast(f.type))
        else:
            cols.append(children[f.name])
    return pa.RecordBatch.from_arrays(cols, schema=spec.schema)


# --------------------------------------------------------------------------------------------
# Parquet: vectorised validation where the column types allow it


def _vector_column(arr: pa.Array, code: int) -> tuple[pa.Array | None, int]:
    """``arr`` cast to the field's storage type (``None`` if that needs row-by-row checks), and
    how many of its values were timestamps without a time zone."""
    t = arr.type
    n = len(arr)
    if pa.types.is_null(t):
        return pa.nulls(n, _ARROW_OF[code]), 0
    if pa.types.is_dictionary(t):
        arr = arr.cast(t.value_type)  # type: ignore[union-attr]
        t = arr.type
    try:
        if code == _STR:
            if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t):
                s = arr.cast(pa.string())
                return pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s), 0
        elif code == _INT:
            if pa.types.is_integer(t):
                return arr.cast(pa.int64()), 0
        elif code == _FLOAT:
            if pa.types.is_integer(t) or pa.types.is_floating(t):
                return arr.cast(pa.float64()), 0
        elif code == _BOOL:
            if pa.types.is_boolean(t):
                return arr, 0
        elif code == _TS:
            if pa.types.is_timestamp(t):
                # stored values are UTC epoch counts whether or not a zone is attached
                naive = n - arr.null_count if t.tz is None else 0  # type: ignore[union-attr]
                ms = pc.cast(arr, pa.timestamp("ms", tz=t.tz), safe=False)  # type: ignore[union-attr]
                return ms.view(pa.int64()), naive
            if pa.types.is_integer(t):
                return arr.cast(pa.int64()), 0
    except pa.ArrowException:
        return None, 0
    return None, 0


def _parquet_batches(
    src: _Source, spec: RowSpec, rejects: RejectSink, stats: FileStats, batch_size: int
) -> Iterator[pa.RecordBatch]:
    pf = _parquet_file(src)
    kinds = spec.kinds()
    line0 = 0
    for b in pf.iter_batches(batch_size=batch_size):
        n = b.num_rows
        stats.bytes_read = min(stats.bytes_total, stats.bytes_total * (line0 + n) // max(1, pf.metadata.num_rows))
        out = _vectorised(b, spec, kinds, rejects, stats, pa.array(range(line0 + 1, line0 + n + 1), pa.int64()), None)
        if out is None:  # a column needs row-by-row checks: same path as JSON Lines
            builder = _BatchBuilder(spec, stats.path, rejects, stats)
            for i, row in enumerate(b.to_pylist()):
                builder.add(line0 + i + 1, row, None)
            out = builder.flush()
        line0 += n
        if out is not None and out.num_rows:
            yield out


def _vectorised(
    b: pa.RecordBatch,
    spec: RowSpec,
    kinds: dict[str, int],
    rejects: RejectSink,
    stats: FileStats,
    lines: pa.Array,
    raws: Sequence[bytes] | None,
) -> pa.RecordBatch | None:
    """Validate a typed batch column by column; ``None`` when a column needs row-by-row checks.

    ``lines`` are the rows' source lines; ``raws`` their original text (else the row is shown).
    """
    n = b.num_rows
    names = b.schema.names
    if "attrs" in names or len(set(names)) != len(names):
        return None
    if raws is not None:
        # JSON: extras must come back exactly as written; nested objects and inferred timestamps
        # would not (Arrow fills absent struct keys with null, and re-formats timestamps)
        for f in b.schema:
            if kinds.get(f.name, -1) == -1 and (pa.types.is_nested(f.type) and not _flat_list(f.type) or pa.types.is_timestamp(f.type)):
                return None
    cols: dict[str, pa.Array] = {}
    naive = 0
    for f in spec.fields:
        code = _KIND_CODE[f.kind]
        if f.name in names:
            c, k = _vector_column(b.column(f.name), code)
            if c is None:
                return None
            cols[f.name] = c
            naive += k
        else:
            cols[f.name] = pa.nulls(n, _ARROW_OF[code])
    # required fields: a null marks the row bad; the first missing field is named
    bad = pa.array([False] * n)
    first_missing: list[str | None] = [None] * n
    for name in spec.required:
        miss = cols[name].is_null()
        if miss.true_count:
            for i in pc.indices_nonzero(pc.and_(miss, pc.invert(bad))).to_pylist():
                first_missing[i] = name
            bad = pc.or_(bad, miss)
    for name, allowed in spec.choices:
        off = pc.and_(cols[name].is_valid(), pc.invert(pc.is_in(cols[name], pa.array(sorted(allowed)))))
        if off.true_count:
            return None
    stats.rows_read += n
    stats.naive_ts += naive
    n_bad = bad.true_count
    if n_bad:
        for i in pc.indices_nonzero(bad).to_pylist():
            name = first_missing[i]
            stats.rejected += 1
            reason = "required field missing" if name not in names or b.column(name)[i].as_py() is None else "required field is empty"
            rejects.add(stats.path, lines[i].as_py(), name, reason, raws[i] if raws is not None else b.slice(i, 1).to_pylist()[0])
    extra_names = [c for c in names if kinds.get(c, -1) == -1]
    attrs: pa.Array | None = None
    if spec.has_attrs:
        if extra_names:
            dumps = orjson.dumps
            vals = []
            for row in b.select(extra_names).to_pylist():
                d = {k: v for k, v in row.items() if v is not None and v != ""}
                vals.append(dumps(d, default=str, option=orjson.OPT_SORT_KEYS).decode() if d else None)
            attrs = pa.array(vals, pa.string())
        else:
            attrs = pa.nulls(n, pa.string())
    keep = pc.invert(bad)
    fields_out: list[pa.Array] = []
    for f in spec.schema:
        if f.name in cols:
            a = cols[f.name]
            fields_out.append(a.view(_TS_TYPE) if pa.types.is_timestamp(f.type) else a)
        elif f.name == "ts_ms":
            fields_out.append(cols["ts"])
        elif f.name == "attrs":
            fields_out.append(attrs)  # type: ignore[arg-type]
        elif f.name == "source_file":
            fields_out.append(pa.array([stats.path] * n, pa.string()))
        elif f.name == "source_line":
            fields_out.append(lines)
    batch = pa.RecordBatch.from_arrays(fields_out, schema=spec.schema)
    if n_bad:
        batch = batch.filter(keep)
    stats.rows_valid += batch.num_rows
    stats.batches += 1
    return batch


def _flat_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) and not pa.types.is_nested(t.value_type) and not pa.types.is_timestamp(t.value_type)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# JSON Lines: Arrow's JSON parser per chunk, the row-by-row path where it objects


_JSON_TYPE = {_STR: pa.string(), _INT: pa.int64(), _FLOAT: pa.float64(), _BOOL: pa.bool_()}


def _json_schema(spec: RowSpec, first_line: bytes) -> pa.Schema:
    """Explicit types for the canonical fields; ``ts`` typed after the chunk's first row."""
    ts_type = pa.string()
    try:
        first = orjson.loads(first_line)
        if isinstance(first, dict) and type(first.get("ts")) is int:
            ts_type = pa.int64()
    except orjson.JSONDecodeError:
        pass
    return pa.schema([pa.field(f.name, ts_type if f.kind == "ts" else _JSON_TYPE[_KIND_CODE[f.kind]]) for f in spec.fields])


def _ts_strings(arr: pa.Array) -> tuple[pa.Array | None, int]:
    """Epoch ms of a string column of RFC 3339 timestamps, vectorised; ``None`` unless every value
    is plainly ``YYYY-MM-DD[T ]HH:MM:SS[.f]`` with ``Z``/``±HH:MM``, or every one has no offset."""
    valid = arr.drop_null()
    if len(valid) == 0:
        return pa.nulls(len(arr), pa.int64()), 0
    try:
        if pc.all(pc.match_substring_regex(valid, _RFC3339_TZ)).as_py():
            utc = pc.cast(arr, pa.timestamp("ns", tz="UTC"))
            return utc.cast(pa.timestamp("ms", tz="UTC"), safe=False).view(pa.int64()), 0
        if pc.all(pc.match_substring_regex(valid, _RFC3339_NAIVE)).as_py():
            return pc.cast(arr, pa.timestamp("ns")).cast(pa.timestamp("ms"), safe=False).view(pa.int64()), len(valid)
    except pa.ArrowException:  # e.g. hour 25, a leap second: the row path words the reject
        return None, 0
    return None, 0


_RFC3339_TZ = r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,9})?(Z|z|[+-]\d\d:\d\d)$"
_RFC3339_NAIVE = r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,9})?$"


def _json_chunk(
    chunk: list[bytes], line_nos: list[int], spec: RowSpec, kinds: dict[str, int], rejects: RejectSink, stats: FileStats
) -> pa.RecordBatch | None:
    data = b"".join(x if x.endswith(b"\n") else x + b"\n" for x in chunk)
    out: pa.RecordBatch | None = None
    try:
        tbl = pa_json.read_json(
            pa.py_buffer(data),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=len(data) + 1),
            parse_options=pa_json.ParseOptions(explicit_schema=_json_schema(spec, chunk[0]), unexpected_field_behavior="infer"),
        )
    except (pa.ArrowException, ValueError):
        tbl = None
    if tbl is not None and tbl.num_rows == len(chunk):
        b = tbl.combine_chunks().to_batches()
        if len(b) == 1:
            batch = b[0]
            if "ts" in batch.schema.names and pa.types.is_string(batch.schema.field("ts").type):
                ms, naive = _ts_strings(batch.column("ts"))
                batch = None if ms is None else batch.set_column(batch.schema.get_field_index("ts"), "ts", ms)
                if batch is not None:
                    stats.naive_ts += naive
                    out = _vectorised(batch, spec, kinds, rejects, stats, pa.array(line_nos, pa.int64()), chunk)
                    if out is None:
                        stats.naive_ts -= naive
            elif "ts" not in batch.schema.names or pa.types.is_integer(batch.schema.field("ts").type):
                out = _vectorised(batch, spec, kinds, rejects, stats, pa.array(line_nos, pa.int64()), chunk)
    if out is not None:
        return out
    builder = _BatchBuilder(spec, stats.path, rejects, stats)
    loads = orjson.loads
    for line, raw in zip(line_nos, chunk):
        try:
            obj = loads(raw)
        except orjson.JSONDecodeError as exc:
            obj = BadRecord(f"invalid JSON: {exc}")
        builder.add(line, obj, raw)
    return builder.flush()


def _jsonl_batches(
    src: _Source, spec: RowSpec, rejects: RejectSink, stats: FileStats, batch_size: int
) -> Iterator[pa.RecordBatch]:
    kinds = spec.kinds()
    chunk: list[bytes] = []
    line_nos: list[int] = []
    for i, line in enumerate(src.stream, 1):
        if i == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line or line.isspace():
            continue
        chunk.append(line)
        line_nos.append(i)
        if len(chunk) >= batch_size:
            stats.bytes_read = src.tell()
            out = _json_chunk(chunk, line_nos, spec, kinds, rejects, stats)
            chunk, line_nos = [], []
            if out is not None and out.num_rows:
                yield out
    if chunk:
        out = _json_chunk(chunk, line_nos, spec, kinds, rejects, stats)
        if out is not None and out.num_rows:
            yield out


# --------------------------------------------------------------------------------------------
# the readers


RecordSource = Callable[[Path], Iterator[Record]]


def iter_batches(
    path: str | Path,
    *,
    spec: RowSpec = EVENTS_SPEC,
    rejects: RejectSink | None = None,
    stats: FileStats | None = None,
    batch_size: int = BATCH_SIZE,
    records: RecordSource | None = None,
) -> Iterator[pa.RecordBatch]:
    """Validated batches of one file.

    Parameters
    ----------
    path
        The file; its format comes from its name (:func:`detect_format`) unless ``records`` is given.
    spec
        What the file holds: :data:`EVENTS_SPEC`, :data:`ACCOUNTS_SPEC` or :data:`LABELS_SPEC`.
    rejects
        Where bad rows go; default :class:`~distillguard.events.rejects.RaiseOnReject`.
    stats
        Filled in as the file is read (rows, rejects, bytes read, naive timestamps).
    records
        An adapter: a function from the path to :data:`Record` tuples of canonical rows.

    Raises
    ------
    DistillguardError
        The file is missing, is not valid gzip, or is not a readable Parquet file.
    """
    p = Path(path)
    sink: RejectSink = rejects if rejects is not None else RaiseOnReject()
    st = stats if stats is not None else FileStats(str(p))
    if not p.is_file():
        raise DistillguardError("no such file", source=Location(str(p)))
    st.bytes_total = p.stat().st_size
    builder = _BatchBuilder(spec, st.path, sink, st)
    src: _Source | None = None
    try:
        if records is not None:
            it: Iterator[Record] = records(p)
        else:
            kind = detect_format(p)
            src = _Source(p)
            if kind == "parquet":
                yield from _parquet_batches(src, spec, sink, st, batch_size)
                st.bytes_read = st.bytes_total
                return
            if kind == "jsonl" and _first_char(src) != b"[":
                for out in _jsonl_batches(src, spec, sink, st, batch_size):
                    builder.last_line = st.rows_read
                    yield out
                st.bytes_read = st.bytes_total
                return
            it = _json_any(src, whole_documents=False) if kind == "jsonl" else _csv_rows(src)
        add = builder.add
        for line, obj, raw in it:
            add(line, obj, raw)
            if len(builder.rows) >= batch_size:
                if src is not None:
                    st.bytes_read = src.tell()
                out = builder.flush()
                if out is not None:
                    yield out
        out = builder.flush()
        st.bytes_read = st.bytes_total
        if out is not None:
            yield out
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise DistillguardError(
            f"not a readable gzip file ({exc}); rows before this point were read",
            source=Location(str(p), _next_line(builder.last_line)),
        ) from exc
    except OSError as exc:
        raise DistillguardError(f"cannot read: {exc}", source=Location(str(p), _next_line(builder.last_line))) from exc
    finally:
        if src is not None:
            src.close()


def _next_line(line: int | None) -> int | None:
    return None if line is None else line + 1


def read_events(
    paths: str | Path | Sequence[str | Path],
    *,
    rejects: RejectSink | None = None,
    batch_size: int = BATCH_SIZE,
    stats: list[FileStats] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Validated canonical events from files, globs and directories, as Arrow batches.

    Rows are not deduplicated here (the store does that).  ``stats``, if given, receives one
    :class:`FileStats` per file as it is opened.
    """
    yield from _read(paths, EVENTS_SPEC, rejects, batch_size, stats)


def read_accounts(
    paths: str | Path | Sequence[str | Path],
    *,
    rejects: RejectSink | None = None,
    batch_size: int = BATCH_SIZE,
    stats: list[FileStats] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Validated accounts rows (:data:`~distillguard.events.schema.ACCOUNTS_ARROW_SCHEMA`) as Arrow batches."""
    yield from _read(paths, ACCOUNTS_SPEC, rejects, batch_size, stats)


def read_labels(paths: str | Path | Sequence[str | Path], *, rejects: RejectSink | None = None) -> pa.Table:
    """The labels files as one Arrow table of :data:`LABELS_ARROW_SCHEMA` (evaluation only).

    ``label`` must be ``benign`` or ``attack``.  With no ``rejects`` sink the first bad row raises
    :class:`~distillguard.errors.DistillguardError` naming its file, line and field.
    """
    batches = list(_read(paths, LABELS_SPEC, rejects, BATCH_SIZE, None))
    return pa.Table.from_batches(batches, schema=LABELS_ARROW_SCHEMA)


def _read(
    paths: str | Path | Sequence[str | Path],
    spec: RowSpec,
    rejects: RejectSink | None,
    batch_size: int,
    stats: list[FileStats] | None,
) -> Iterator[pa.RecordBatch]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for p in expand_paths(items):
        st = FileStats(str(p))
        if stats is not None:
            stats.append(st)
        yield from iter_batches(p, spec=spec, rejects=rejects, stats=st, batch_size=batch_size)
