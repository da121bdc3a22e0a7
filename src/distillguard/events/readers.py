"""Stream canonical events (and accounts, and labels) out of JSON Lines, Parquet and CSV files.

Nothing here loads a whole file: every reader yields Arrow ``RecordBatch`` es of about
:data:`BATCH_SIZE` rows that match :data:`~distillguard.events.schema.EVENTS_ARROW_SCHEMA`.

Validation (``shared/EVENTS.md``) happens row by row, and a bad row never stops the file: it goes
to a *reject sink* (:mod:`distillguard.events.rejects`) with its file, line, field and reason.
A row is rejected when it

* is not valid JSON, or not a JSON object (a CSV row with the wrong number of cells or an unclosed
  quote; a line that is not valid UTF-8);
* lacks a required field (events: ``ts``, ``request_id``, ``account_id``) or has it empty;
* has a value of the wrong type for a known field, or a ``ts`` that cannot be parsed.

A file that breaks off (a truncated ``.gz``) keeps every row before the break; the break itself is
one more reject, and the other files are read as usual.

Values, leniently but never by guessing:

* ``null``, an absent field and an empty string all mean *unknown*.
* ``str`` fields take strings; a number is turned into its decimal string (ids are often numeric).
* ``int`` fields take integers, floats with no fractional part and numeric strings (``"512"``,
  in every format, not only CSV; ASCII digits only).  ``true``/``false`` are *not* integers.
* ``float`` fields take finite numbers and numeric strings (``NaN`` and infinities are rejected).
* ``bool`` fields take ``true``/``false``, ``1``/``0`` and the strings ``"true"``/``"false"``/
  ``"1"``/``"0"`` (any case).
* ``ts`` takes RFC 3339 (``2024-05-01T12:00:00.250+02:00``, ``…Z``; a ``T``, ``t`` or space
  between date and time, ASCII digits only), an epoch number (also as a numeric string), or a
  Parquet timestamp column.  Sub-millisecond digits are dropped.

  **Epoch numbers are told apart by magnitude**: below 10^11 seconds, below 10^14 milliseconds,
  below 10^17 microseconds, else nanoseconds.  The unit is chosen once per file and field, from
  its first epoch value, and recorded in :attr:`FileStats.ts_units` (the run's summary reports
  it); a later value of another magnitude is rejected rather than read in a different unit.  An
  epoch must land between 1970 and 2200.  :class:`ReadOptions` ``ts_unit`` fixes the unit instead.
  Text and typed timestamps may lie anywhere in years 1-9999.

  **A timestamp without an offset is read as UTC and counted** in :attr:`FileStats.naive_ts`
  (the summary shows it), because several real exports (LiteLLM's Postgres ``timestamp(3)``, the
  Azure traces) write UTC without saying so; rejecting them would lose whole logs, and guessing a
  local zone would be worse.  A date without a time is rejected.
* Any other field is kept, as given, in ``attrs`` (a JSON object string with sorted keys; ``null``
  when there are none); it never makes a row invalid.  ``null``/empty extras are left out; a value
  nested more than 200 levels deep is cut there.  (JSON Lines are parsed chunk-wise by Arrow
  where the chunk allows it; then a number in an extra field that holds fractions elsewhere in
  the chunk may read back as ``1.0`` rather than ``1``.)  An input field named ``attrs`` holding
  a JSON object is merged into it (so an exported events table reads back); input fields named
  ``ts_ms``, ``source_file`` or ``source_line`` are recomputed, not kept.

``source_line`` is the 1-based line of the row in a JSON Lines file, the line on which the record
starts in a CSV file (the header is line 1), the 1-based row number in a Parquet file, and the
1-based element number in a JSON array document.

A JSON file is read as JSON Lines unless its first line alone is not valid JSON (a pretty-printed
document) or it holds one line with an array: then it is one document (an array of rows).  A
``.jsonl``/``.ndjson`` file is always JSON Lines, so a first line holding an array is one bad row.

:class:`ReadOptions` carry what a run decides about its input: the principal (``account_key``,
the first non-empty of the named fields becomes ``account_id``), a fixed epoch unit, whether to
detect adapter formats (see :func:`detect_log_format`), and an enrichment applied to every batch.
Pass them to the readers, or hold them for the duration of a run with :func:`reading`.

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
import math
import os
import re
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from distillguard.errors import DistillguardError, Location
from distillguard.events.rejects import RaiseOnReject, RejectSink, Tally, reason_kind
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
    "EPOCH_UNITS",
    "EVENTS_SPEC",
    "FORMATS",
    "LABELS_ARROW_SCHEMA",
    "LABELS_SPEC",
    "NOTE_KEY",
    "BadRecord",
    "FileStats",
    "ReadOptions",
    "Record",
    "RowSpec",
    "current_options",
    "detect_format",
    "detect_log_format",
    "epoch_ms",
    "epoch_unit",
    "expand_paths",
    "iter_batches",
    "iter_records",
    "parse_ts",
    "read_accounts",
    "read_events",
    "read_labels",
    "reading",
    "to_epoch_ms",
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

#: epoch units, smallest magnitude first, with the word the summary uses
EPOCH_UNITS: dict[str, str] = {"s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds"}

#: an adapter's row may carry a note under this key (e.g. "account_id taken from service.name");
#: the readers count the notes in :attr:`FileStats.notes` and drop the key
NOTE_KEY = "_dg_note"

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
# what a run decides about its input


@dataclass
class ReadOptions:
    """Choices a run makes about how its logs are read (all optional).

    Parameters
    ----------
    account_key
        Fields that name the principal: the first non-empty of them becomes ``account_id``
        (canonical fields such as ``api_key_id``, ``end_user``, ``org_id``, or any attribute an
        adapter keeps, such as ``service.name``).  Empty: ``account_id`` as the log has it.
        Events only.
    ts_unit
        ``auto`` (epoch unit by magnitude, see the module docs) or ``s``/``ms``/``us``/``ns``.
    sniff
        Detect LiteLLM, OpenTelemetry, Langfuse and raw OpenAI/Anthropic exports among files read
        as canonical events (:func:`detect_log_format`) and read them with their adapter.
    enrich
        A function applied to every events batch before it is handed on (e.g.
        :class:`distillguard.events.enrich.IpEnricher`).
    files
        Every file read under these options appends its :class:`FileStats` here, so whoever ran
        the read can report units, formats, notes and reject reasons per file.
    """

    account_key: tuple[str, ...] = ()
    ts_unit: str = "auto"
    sniff: bool = True
    enrich: Callable[[pa.RecordBatch], pa.RecordBatch] | None = None
    files: list[FileStats] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.ts_unit != "auto" and self.ts_unit not in EPOCH_UNITS:
            raise DistillguardError(f"unknown epoch unit {self.ts_unit!r} (known: auto, {', '.join(EPOCH_UNITS)})")
        self.account_key = tuple(k.strip() for k in self.account_key if k and k.strip())


_AMBIENT: list[ReadOptions] = []


@contextmanager
def reading(options: ReadOptions) -> Iterator[ReadOptions]:
    """Use ``options`` for every read that is not given its own, until the block ends.

    A run (the CLI's ``scan``) holds its options so while the engine ingests, without every layer
    in between passing them on.  Blocks nest; the innermost wins.
    """
    _AMBIENT.append(options)
    try:
        yield options
    finally:
        _AMBIENT.remove(options)


def current_options() -> ReadOptions | None:
    """The options of the innermost :func:`reading` block, if any."""
    return _AMBIENT[-1] if _AMBIENT else None


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
#: what a text or typed timestamp may be: years 1 to 9999 (what RFC 3339 and Python can hold)
_TS_MIN_MS, _TS_MAX_MS = (datetime(1, 1, 1, tzinfo=timezone.utc) - _EPOCH) // _MS, (
    datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc) - _EPOCH
) // _MS
#: where an epoch number must land once its unit is chosen: 1970-01-01 to 2200-01-01
_EPOCH_LO_MS, _EPOCH_HI_MS = 0, (datetime(2200, 1, 1, tzinfo=timezone.utc) - _EPOCH) // _MS
_UNIT_SCALE = {"s": (1000, 1), "ms": (1, 1), "us": (1, 1000), "ns": (1, 1_000_000)}
_UNIT_BOUNDS = (1e11, 1e14, 1e17)

_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?"
)
_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_NUM_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_ts(value: str) -> tuple[int, bool]:
    """Epoch milliseconds of an RFC 3339 string, and whether it lacked an offset (read as UTC).

    Strict: ``YYYY-MM-DD``, then ``T``, ``t`` or a space, then ``HH:MM:SS`` with optional
    fraction, then ``Z``, ``±HH:MM`` (also ``±HHMM``, ``±HH``) or nothing; ASCII digits only.
    Raises ``ValueError`` for anything else.

    >>> parse_ts("2024-05-01T12:00:00.250+02:00")
    (1714557600250, False)
    >>> parse_ts("2024-05-01 10:00:00.2509999")
    (1714557600250, True)
    >>> parse_ts("2026-10-01X00:00:00Z")
    Traceback (most recent call last):
    ...
    ValueError: not RFC 3339
    """
    m = _RFC3339.fullmatch(value.strip())
    if m is None:
        raise ValueError("not RFC 3339")
    y, mo, d, h, mi, s, frac, z, sign, oh, om = m.groups()
    micro = int((frac or "")[:6].ljust(6, "0"))
    naive = z is None and sign is None
    tz = timezone.utc
    if sign is not None:
        off = timedelta(hours=int(oh), minutes=int(om or 0))
        tz = timezone(-off if sign == "-" else off)
    dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), micro, tzinfo=tz)
    return (dt - _EPOCH) // _MS, naive


def _datetime_ms(v: datetime | date) -> tuple[int, bool]:
    if not isinstance(v, datetime):
        raise ValueError("a date without a time of day")
    naive = v.tzinfo is None
    if naive:
        v = v.replace(tzinfo=timezone.utc)
    return (v - _EPOCH) // _MS, naive


def epoch_unit(value: float) -> str:
    """The epoch unit a number's magnitude implies (``s``, ``ms``, ``us`` or ``ns``).

    >>> epoch_unit(1714564800), epoch_unit(1714564800123), epoch_unit(1714564800123456), epoch_unit(1714564800123456789)
    ('s', 'ms', 'us', 'ns')
    """
    a = abs(value)
    for unit, bound in zip(EPOCH_UNITS, _UNIT_BOUNDS):
        if a < bound:
            return unit
    return "ns"


def epoch_ms(value: float, unit: str) -> int:
    """``value`` (an epoch count in ``unit``) as epoch milliseconds, rounded down.

    >>> epoch_ms(1234567890.5, "s"), epoch_ms(1714564800123456789, "ns")
    (1234567890500, 1714564800123)
    """
    mul, div = _UNIT_SCALE[unit]
    if isinstance(value, float):  # 1737710446.847 s is 1737710446846.9998 ms in binary: round off the noise first
        return math.floor(round(value * mul / div, 3))
    return (int(value) * mul) // div


def to_epoch_ms(value: Any) -> int | None:
    """Epoch ms of one source timestamp, deciding the unit of a number by its magnitude alone.

    RFC 3339 text (no offset: UTC), an epoch number or numeric string, or a ``datetime``;
    ``None``/empty give ``None``.  Adapters use it for the other times of a record (end time,
    latency); the row's ``ts`` itself should be passed on as given, so the readers choose its unit
    per file and report it.  Raises ``ValueError`` for anything else.

    >>> to_epoch_ms("2024-05-01T12:00:00Z"), to_epoch_ms(1714564800.25), to_epoch_ms("1714564800000000000")
    (1714564800000, 1714564800250, 1714564800000)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _datetime_ms(value)[0]
    if isinstance(value, bool):
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"not a timestamp: {value!r}")
        return epoch_ms(value, epoch_unit(value))
    if isinstance(value, str):
        s = value.strip()
        if _INT_TEXT.fullmatch(s) and len(s) <= 40:
            return epoch_ms(int(s), epoch_unit(int(s)))
        if _NUM_TEXT.fullmatch(s):
            f = float(s)
            if math.isfinite(f):
                return epoch_ms(f, epoch_unit(f))
        return parse_ts(s)[0]
    raise ValueError(f"not a timestamp: {value!r}")


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

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20
_BROKEN = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


class _Gunzip:
    """A gzip file's members one after another, undone by :mod:`zlib` itself (which checks each
    member's header, CRC and length) in 256 KiB reads: :class:`gzip.GzipFile`'s rules (zero
    padding between members is skipped, anything else after a member is an error, a stream that
    stops early raises :class:`EOFError`) at half its cost, since ``GzipFile`` feeds zlib 8 KiB
    at a time."""

    _IN = 1 << 18

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self._d = zlib.decompressobj(31)
        self._fault: zlib.error | None = None

    def read1(self, n: int) -> bytes:
        """Up to ``n`` bytes of the next decompressed data; ``b""`` at the end of the last member."""
        if self._fault is not None:
            raise self._fault
        while True:
            d = self._d
            if d.eof:
                rest = d.unused_data.lstrip(b"\x00")
                while not rest:
                    more = self.raw.read(self._IN)
                    if not more:
                        return b""
                    rest = more.lstrip(b"\x00")
                self._d = d = zlib.decompressobj(31)
                buf = rest
            else:
                buf = d.unconsumed_tail or self.raw.read(self._IN)
                if not buf:
                    raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            before = d.copy()
            try:
                out = d.decompress(buf, n)
            except zlib.error as exc:
                out = self._salvage(before, buf, exc)
            if out:
                return out

    def _salvage(self, d: Any, buf: bytes, exc: zlib.error) -> bytes:
        """What decompresses before a fault (a bad block, or a member whose CRC or length is
        wrong), as ``GzipFile`` would have returned it: fed 1 KiB at a time, then the faulty KiB
        a byte at a time.  The fault is raised on the next read."""
        out: list[bytes] = []
        for i in range(0, len(buf), 1024):
            piece, before = buf[i:i + 1024], d.copy()
            try:
                out.append(d.decompress(piece))
            except zlib.error:
                for j in range(len(piece)):
                    try:
                        out.append(before.decompress(piece[j:j + 1]))
                    except zlib.error:
                        break
                break
        self._fault = exc
        if not any(out):
            raise exc
        return b"".join(out)

    def close(self) -> None:
        pass


class _Source:
    """An open input file as physical lines: gzip undone when the magic bytes say so, a UTF-8
    BOM dropped, and reading stopped (not failed) where a compressed stream breaks off
    (:attr:`broken` then says why).  Lines keep their ``\\n``; the last may lack it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.raw: IO[bytes] = path.open("rb")
        except OSError as exc:
            raise DistillguardError(f"cannot open: {exc.strerror or exc}", source=Location(str(path))) from exc
        magic = self.raw.read(2)
        self.raw.seek(0)
        self.gzipped = magic == b"\x1f\x8b"
        self.stream: Any = _Gunzip(self.raw) if self.gzipped else self.raw
        self.broken: BaseException | None = None
        self.lines_read = 0
        self._queue: deque[bytes] = deque()
        self._partial: list[bytes] = []
        self._started = False
        self._eof = False

    def tell(self) -> int:
        """Bytes of the file (compressed, if gzipped) consumed so far."""
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def _read(self) -> bytes:
        if self._eof:
            return b""
        try:
            chunk = self.stream.read1(_CHUNK) if self.gzipped else self.stream.read(_CHUNK)
        except _BROKEN as exc:
            self.broken = exc
            chunk = b""
        if not chunk:
            self._eof = True
            return b""
        if not self._started:
            self._started = True
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        return chunk

    def _fill(self) -> bool:
        chunk = self._read()
        if not chunk:
            if self._partial:
                self._queue.append(b"".join(self._partial))
                self._partial = []
                return True
            return False
        if b"\n" not in chunk:  # inside an enormous line: keep the pieces, join once
            self._partial.append(chunk)
            return True
        lines = io.BytesIO(chunk).readlines()
        if self._partial:
            lines[0] = b"".join(self._partial) + lines[0]
            self._partial = []
        if not lines[-1].endswith(b"\n"):
            self._partial.append(lines.pop())
        self._queue.extend(lines)
        return True

    def lines(self) -> Iterator[bytes]:
        """The remaining physical lines (those given back with :meth:`unread` first)."""
        q = self._queue
        while True:
            while q:
                self.lines_read += 1
                yield q.popleft()
            if not self._fill():
                return

    def blocks(self, n: int) -> Iterator[tuple[bytes, int]]:
        """The remaining physical lines, ``n`` at a time, as ``(text, count)``: one byte string
        holding ``count`` whole lines (``count == n`` but for the last block; the file's last
        line may lack its ``\\n``).  The same lines :meth:`lines` gives, without a Python object
        per line."""
        parts = list(self._queue) + self._partial
        self._queue.clear()
        self._partial = []
        have = sum(x.count(b"\n") for x in parts)
        while True:
            if have >= n:
                buf = b"".join(parts)
                off = 0
                while have >= n:  # the n-th newline after off, sought from the nearer end
                    if n <= have - n:
                        pos = off - 1
                        for _ in range(n):
                            pos = buf.find(b"\n", pos + 1)
                    else:
                        pos = len(buf)
                        for _ in range(have - n + 1):
                            pos = buf.rfind(b"\n", off, pos)
                    self.lines_read += n
                    yield buf[off:pos + 1], n
                    off, have = pos + 1, have - n
                parts = [buf[off:]] if off < len(buf) else []
            chunk = self._read()
            if not chunk:
                break
            parts.append(chunk)
            have += chunk.count(b"\n")
        data = b"".join(parts)
        if data:
            count = have + (not data.endswith(b"\n"))
            self.lines_read += count
            yield data, count

    def unread(self, lines: Sequence[bytes]) -> None:
        """Give lines back, to be read again first (in the same order)."""
        self._queue.extendleft(reversed(lines))
        self.lines_read -= len(lines)

    def read_all(self) -> bytes:
        """Everything not yet read, as one byte string."""
        parts = list(self._queue)
        self._queue.clear()
        while True:
            chunk = self._read()
            if not chunk:
                break
            parts.append(b"".join(self._partial) + chunk if self._partial else chunk)
            self._partial = []
        parts.extend(self._partial)
        self._partial = []
        return b"".join(parts)

    def close(self) -> None:
        try:
            if self.gzipped:
                self.stream.close()
        finally:
            self.raw.close()


def _json_layout(src: _Source, *, lines_only: bool) -> str:
    """``lines`` (JSON Lines), ``array`` (one line holding a JSON array, nothing after it) or
    ``document`` (the first line alone is not JSON: a pretty-printed document)."""
    seen: list[bytes] = []
    first: bytes | None = None
    more = False
    for line in src.lines():
        seen.append(line)
        if line.isspace() or not line:
            continue
        if first is None:
            first = line
            if lines_only or line.lstrip()[:1] not in (b"[", b"{"):
                break
            continue
        more = True
        break
    src.unread(seen)
    if first is None or lines_only or first.lstrip()[:1] not in (b"[", b"{"):
        return "lines"
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return "document"
    return "array" if first.lstrip()[:1] == b"[" and not more else "lines"


def _json_lines(src: _Source) -> Iterator[Record]:
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    for i, line in enumerate(src.lines(), 1):
        if not line or line.isspace():
            continue
        try:
            obj = loads(line)
        except decode_error as exc:
            obj = BadRecord(_json_error(exc))
        yield i, obj, line


def _json_error(exc: Exception) -> str:
    msg = str(exc)
    if "recursion" in msg.lower():
        return "invalid JSON: nested more than 1024 levels deep"
    return f"invalid JSON: {msg}"


def _json_any(src: _Source) -> Iterator[Record]:
    """JSON Lines, or one JSON document (a pretty-printed object, or an array of rows).

    A document is parsed at once, so it must fit in memory; JSON Lines stream.
    """
    layout = _json_layout(src, lines_only=src.path.name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson")))
    if layout == "lines":
        yield from _json_lines(src)
        return
    data = src.read_all()
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        yield 1, BadRecord(_json_error(exc).replace("invalid JSON", "invalid JSON document", 1)), data[:2000]
        return
    if isinstance(doc, list):
        for i, item in enumerate(doc, 1):
            yield i, item, None
    else:
        yield 1, doc, None


def _csv_rows(src: _Source) -> Iterator[Record]:
    """CSV records with the line each starts on.  A record that is bad (wrong number of cells, a
    quote never closed, an oversized field) and spans several lines costs only its first line: the
    lines after it are read again as records of their own, so one stray quote loses one row."""
    delimiter = "\t" if src.path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    texts = _CsvLines(src)
    taken = texts.taken  # the physical lines of the record being parsed
    reader = csv.reader(texts, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    line = 0  # physical lines consumed before the current record
    while True:
        try:
            row, error = next(reader), None
        except StopIteration:
            return
        except csv.Error as exc:
            row, error = None, str(exc)
        start = line + 1
        lines = list(taken)
        taken.clear()
        if not lines:  # nothing consumed: the reader is done
            return
        raw = b"".join(r for r, _ in lines)
        if header is None:
            if row is None:
                yield start, BadRecord(f"unreadable CSV header: {error}"), raw
                return
            header = [h.strip() for h in row]
            line += len(lines)
            continue
        if row is not None:
            if not row or (len(row) == 1 and not row[0].strip()):
                line += len(lines)
                continue
            if len(row) == len(header):
                line += len(lines)
                if any(bad for _, bad in lines):
                    yield start, BadRecord("row is not valid UTF-8"), raw
                else:
                    yield start, {h: v for h, v in zip(header, row) if v != "" and h}, raw
                continue
            reason = f"expected {len(header)} columns (as in the header), got {len(row)}"
        elif error == "unexpected end of data":
            reason = "unreadable CSV row: a quoted field is never closed"
        else:
            reason = f"unreadable CSV row: {error}"
        # bad: reject its first line only and read the lines after it again
        line += 1
        yield start, BadRecord(reason), lines[0][0]
        if len(lines) > 1:
            src.unread([r for r, _ in lines[1:]])


class _CsvLines:
    """Decoded lines for ``csv.reader``, noting each raw line it hands over.  Unlike a generator
    it can go on after reaching the end, when lines are given back with :meth:`_Source.unread`."""

    def __init__(self, src: _Source) -> None:
        self.src = src
        self.taken: list[tuple[bytes, bool]] = []

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        for raw in self.src.lines():
            try:
                text, bad = raw.decode("utf-8"), False
            except UnicodeDecodeError:
                text, bad = raw.decode("utf-8", "replace"), True
            self.taken.append((raw, bad))
            return text
        raise StopIteration


#: the largest CSV field read (a prompt); a quote left open swallows at most this much before its
#: record is rejected and the lines after its first are read again
_CSV_FIELD_LIMIT = 8 << 20


def _parquet_rows(src: _Source, batch_size: int) -> Iterator[Record]:
    line = 0
    for b in _parquet_file(src).iter_batches(batch_size=batch_size):
        for row in _pylist(b):
            line += 1
            yield line, row, None


def _pylist(b: pa.RecordBatch) -> list[dict[str, Any]]:
    """Rows of a batch as dicts; timestamps Python cannot hold (year 10000) become epoch ms."""
    try:
        return b.to_pylist()
    except (ValueError, OverflowError, pa.ArrowException):
        return _temporal_as_ms(b).to_pylist()


def _temporal_as_ms(b: pa.RecordBatch) -> pa.RecordBatch:
    cols = []
    for col in b.columns:
        if pa.types.is_timestamp(col.type):
            col = pc.cast(col, pa.timestamp("ms", tz=col.type.tz), safe=False).view(pa.int64())
        elif pa.types.is_date(col.type):
            col = col.cast(pa.date32()).view(pa.int32()).cast(pa.int64())
            col = pc.multiply(col, 86_400_000)
        cols.append(col)
    return pa.RecordBatch.from_arrays(cols, names=b.schema.names)


def _parquet_file(src: _Source) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(src.raw)
    except (pa.ArrowException, OSError) as exc:
        raise DistillguardError(f"not a readable Parquet file: {exc}", source=Location(str(src.path))) from exc


def iter_records(path: str | Path, *, fmt: str = "auto", whole_documents: bool = False) -> Iterator[Record]:
    """Source rows of one file, as :data:`Record` tuples, without any validation.

    JSON files may be JSON Lines, one JSON array, or one (pretty-printed) JSON document, which is
    yielded as a single record (adapters read OTLP exports so); ``whole_documents`` is accepted
    for compatibility and changes nothing.  A compressed file that breaks off ends with one
    :class:`BadRecord` saying so.  Adapters build on this; canonical reading goes through
    :func:`iter_batches`.
    """
    p = Path(path)
    kind = detect_format(p) if fmt == "auto" else fmt
    src = _Source(p)
    try:
        if kind == "jsonl":
            yield from _json_any(src)
        elif kind == "csv":
            yield from _csv_rows(src)
        elif kind == "parquet":
            yield from _parquet_rows(src, BATCH_SIZE)
        else:
            raise DistillguardError(f"unknown format {kind!r}", source=Location(str(p)))
        if src.broken is not None:
            yield src.lines_read + 1, BadRecord(_broken_reason(src)), b""
    finally:
        src.close()


def _broken_reason(src: _Source) -> str:
    exc = src.broken
    what = "gzip stream" if src.gzipped else "file"
    return f"the {what} breaks off here ({exc or 'unexpected end'}); the rows before this line were read"


def detect_log_format(path: str | Path, *, probe: int = 20) -> str:
    """Which format a log file is in, from its first rows: ``events`` (canonical) or an adapter's
    name (``litellm``, ``otel``, ``langfuse``, ``openai``, ``anthropic``).

    Looks at up to ``probe`` records (the first that is an object decides); a file whose rows fit
    none of the adapters is canonical events (its bad rows are then rejected as such).
    """
    from distillguard.events.adapters import sniff

    p = Path(path)
    try:
        kind = detect_format(p)
    except DistillguardError:
        kind = "jsonl"
    if kind == "parquet":
        try:
            src = _Source(p)
            try:
                names = _parquet_file(src).schema_arrow.names
            finally:
                src.close()
        except DistillguardError:
            return "events"
        return sniff({n: "" for n in names}) or "events"
    try:
        for i, (_, obj, _) in enumerate(iter_records(p, fmt=kind)):
            if isinstance(obj, Mapping):
                return sniff(obj) or "events"
            if i + 1 >= probe:
                break
    except DistillguardError:
        return "events"
    return "events"


# --------------------------------------------------------------------------------------------
# validation and batching


@dataclass
class FileStats:
    """Counts for one input file, and what was decided while reading it.

    ``ts_units`` maps each timestamp field read from epoch numbers to the unit chosen (see the
    module docs), ``ts_unit_lines`` to the line that decided it; ``format`` is the format the
    file was read as (``events``, or an adapter's name; ``detected`` says whether by sniffing);
    ``reasons`` tallies rejects by field and kind of reason; ``notes`` counts what adapters noted
    about rows (such as where a fallback principal came from); ``identity_fields`` counts, over the
    rows rejected for lacking ``account_id``, the fields that could have named the principal
    (the hint for ``--account-key``); ``broken`` says where and why the file broke off.
    """

    path: str
    rows_read: int = 0
    rows_valid: int = 0
    rejected: int = 0
    naive_ts: int = 0
    bytes_total: int = 0
    bytes_read: int = 0
    batches: int = 0
    format: str = "events"
    detected: bool = False
    ts_units: dict[str, str] = field(default_factory=dict)
    ts_unit_lines: dict[str, int | None] = field(default_factory=dict)
    reasons: Tally = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    identity_fields: Counter[str] = field(default_factory=Counter)
    broken: str | None = None

    def count_reject(self, field_: str | None, reason: str) -> None:
        self.rejected += 1
        self.reasons[(field_, reason_kind(reason))] += 1


class _Invalid(Exception):
    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason


def _shown(v: Any) -> str:
    try:
        shown = repr(v) if isinstance(v, str) else orjson.dumps(v, default=str).decode()
    except (orjson.JSONEncodeError, TypeError):
        shown = repr(v)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _bad(name: str, code: int, v: Any) -> _Invalid:
    kind = "an object" if isinstance(v, dict) else "a list" if isinstance(v, list) else _shown(v)
    if code == _TS:
        return _Invalid(name, f"not a timestamp: {kind}")
    return _Invalid(name, f"expected {_KIND_WORD[code]}, got {kind}")


def _int_in_range(name: str, out: int) -> int:
    if not _INT64_MIN <= out <= _INT64_MAX:
        raise _Invalid(name, f"integer out of range: {_shown(out)}")
    return out


def _to_int(name: str, v: Any) -> int | None:
    tv = type(v)
    if tv is int:
        return _int_in_range(name, v)
    if tv is float:
        if v.is_integer():
            return _int_in_range(name, int(v))
        raise _bad(name, _INT, v)
    if tv is str:
        s = v.strip()
        if not s:
            return None
        if _INT_TEXT.fullmatch(s):
            return _int_in_range(name, int(s) if len(s) <= 40 else 2**64)
        if _NUM_TEXT.fullmatch(s):
            f = float(s)
            if f.is_integer():
                return _int_in_range(name, int(f))
        raise _bad(name, _INT, v)
    raise _bad(name, _INT, v)


def _to_float(name: str, v: Any) -> float | None:
    tv = type(v)
    if tv is float:
        out = v
    elif tv is int:
        out = float(v)
    elif tv is str:
        s = v.strip()
        if not s:
            return None
        if not _NUM_TEXT.fullmatch(s):
            raise _bad(name, _FLOAT, v)
        out = float(s)
    else:
        raise _bad(name, _FLOAT, v)
    if not math.isfinite(out):
        raise _Invalid(name, f"expected a finite number, got {_shown(v)}")
    return out


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


_MAX_DEPTH = 200
_CUT = f"(nested more than {_MAX_DEPTH} levels; cut here)"


def _cut_deep(v: Any, depth: int = 0) -> Any:
    if isinstance(v, Mapping):
        if depth >= _MAX_DEPTH:
            return _CUT
        return {str(k): _cut_deep(x, depth + 1) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        if depth >= _MAX_DEPTH:
            return _CUT
        return [_cut_deep(x, depth + 1) for x in v]
    if isinstance(v, int) and not isinstance(v, bool) and not _INT64_MIN <= v < 2**64:
        return str(v)
    return v


def _dumps_attrs(extras: Mapping[str, Any]) -> str:
    """Extras as a JSON object string with sorted keys; too-deep nesting is cut, never fatal."""
    opts = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(extras, default=str, option=opts).decode()
    except (orjson.JSONEncodeError, TypeError):
        return orjson.dumps(_cut_deep(extras), default=str, option=opts).decode()


#: extras whose name suggests a principal (the hint for --account-key when account_id is missing)
_IDENTITY_NAME = re.compile(r"user|key|org|team|tenant|customer|project|service\.name|client|account|session", re.I)
_IDENTITY_CANONICAL = ("api_key_id", "end_user", "org_id", "conversation_id", "ip")


def _identity_candidates(names: Iterable[str], kinds: Mapping[str, int]) -> list[str]:
    out = []
    for n in names:
        if n in ("account_id", "attrs", "ts_ms", "source_file", "source_line", NOTE_KEY):
            continue
        if n in _IDENTITY_CANONICAL or (kinds.get(n, -1) == -1 and _IDENTITY_NAME.search(n)):
            out.append(n)
    return out


def _epoch_scalar(stats: FileStats, name: str, v: int | float, line: int | None, forced: str) -> int:
    if isinstance(v, float) and not math.isfinite(v):
        raise _Invalid(name, f"not a timestamp: {_shown(v)}")
    own = epoch_unit(v)
    unit = forced if forced != "auto" else own
    chosen = stats.ts_units.get(name)
    if chosen is not None and forced == "auto" and chosen != unit:
        at = stats.ts_unit_lines.get(name)
        raise _Invalid(
            name,
            f"{_shown(v)} looks like epoch {EPOCH_UNITS[unit]}, but this file's {name} is epoch "
            f"{EPOCH_UNITS[chosen]} (chosen by magnitude{'' if at is None else f' at line {at}'})",
        )
    ms = epoch_ms(v, unit)
    if not _EPOCH_LO_MS <= ms < _EPOCH_HI_MS:
        raise _Invalid(name, f"timestamp out of range: {_shown(v)} as epoch {EPOCH_UNITS[unit]} is not between 1970 and 2200")
    if chosen is None:  # only a value that passes decides the file's unit
        stats.ts_units[name] = unit
        stats.ts_unit_lines[name] = line if forced == "auto" else None
    return ms


def _epoch_vector(stats: FileStats, name: str, arr: pa.Array, lines: pa.Array, forced: str) -> pa.Array | None:
    """Epoch numbers of one column as ms when they all fit the file's unit and range; else ``None``
    (the row path then words each reject)."""
    n_valid = len(arr) - arr.null_count
    if n_valid == 0:
        return pa.nulls(len(arr), pa.int64())
    vals = arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    valid = ~arr.is_null().to_numpy(zero_copy_only=False)
    mag = np.abs(vals[valid].astype(np.float64))
    classes = np.searchsorted(np.array(_UNIT_BOUNDS), mag, side="right")
    units = list(EPOCH_UNITS)
    if forced == "auto":
        if classes.min() != classes.max():
            return None
        unit = units[int(classes[0])]
    else:
        unit = forced
    chosen = stats.ts_units.get(name)
    if chosen is not None and chosen != unit and forced == "auto":
        return None
    mul, div = _UNIT_SCALE[unit]
    approx = vals[valid].astype(np.float64) * mul / div  # range first, in floats: no int64 overflow
    if approx.min() < _EPOCH_LO_MS or approx.max() >= _EPOCH_HI_MS:
        return None
    ms = vals * mul if div == 1 else np.floor_divide(vals, div)
    if chosen is None:
        stats.ts_units[name] = unit
        first = int(np.argmax(valid))
        stats.ts_unit_lines[name] = lines[first].as_py() if forced == "auto" else None
    return pa.array(ms, pa.int64(), mask=~valid)


class _BatchBuilder:
    """Validates rows one by one (in place) and turns the good ones into Arrow batches."""

    def __init__(
        self,
        spec: RowSpec,
        source_file: str,
        rejects: RejectSink,
        stats: FileStats,
        options: ReadOptions | None = None,
        ms_fields: frozenset[str] = frozenset(),
    ) -> None:
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
        self.has_attrs = spec.has_attrs
        self.has_source = spec.has_source
        opts = options or ReadOptions()
        self.account_key = opts.account_key if spec is EVENTS_SPEC else ()
        self.ts_unit = opts.ts_unit
        self.ms_fields = ms_fields
        self.rows: list[dict[str, Any]] = []
        self.raws: list[tuple[int | None, Any]] = []
        self.last_line: int | None = 0

    def __len__(self) -> int:
        return len(self.rows)

    def reject(self, line: int | None, field: str | None, reason: str, raw: Any) -> None:
        self.stats.count_reject(field, reason)
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
        note = obj.pop(NOTE_KEY, None)
        if raw is None:
            raw = dict(obj)  # shown in a reject as it came, before the in-place conversion
        if self.account_key:
            self._choose_principal(obj)
        try:
            self._convert(obj, line)
        except _Invalid as exc:
            if exc.field == "account_id":
                self.stats.identity_fields.update(
                    k for k in _identity_candidates(obj, self.kinds) if obj.get(k) not in (None, "", [], {})
                )
            self.reject(line, exc.field, exc.reason, raw)
            return
        if note:
            self.stats.notes[str(note)] += 1
        if self.has_source:
            obj["source_line"] = line
        self.rows.append(obj)
        self.raws.append((line, raw))

    def _choose_principal(self, obj: dict[str, Any]) -> None:
        for k in self.account_key:
            v = obj.get(k)
            if v is not None and v != "" and not isinstance(v, (dict, list, bool)):
                obj["account_id"] = v if isinstance(v, str) else _to_str(k, v)
                return
        obj["account_id"] = None

    def _convert(self, obj: dict[str, Any], line: int | None) -> None:
        # the hot loop: module constants are bound locally, the common case (a non-empty string in
        # a string field) costs one set lookup and one type check
        kinds = self.kinds
        str_fields = self.str_fields
        for name in self.required:
            v = obj.get(name)
            if v is None:
                if name == "account_id" and self.account_key:
                    raise _Invalid(name, f"required field missing (none of --account-key {','.join(self.account_key)} has a value)")
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
                    raise _Invalid(k, f"integer out of range: {_shown(v)}")
            elif code == 4:  # _TS
                obj[k] = self._ts(k, v, line)
            elif code == 2:  # _FLOAT
                if type(v) is not float or not math.isfinite(v):
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
            obj["attrs"] = _dumps_attrs(extras) if extras else None

    def _ts(self, k: str, v: Any, line: int | None) -> int | None:
        tv = type(v)
        if tv is str:
            s = v.strip()
            if not s:
                return None
            if _INT_TEXT.fullmatch(s):
                if len(s) > 40:
                    raise _Invalid(k, f"timestamp out of range: {_shown(v)}")
                return _epoch_scalar(self.stats, k, int(s), line, self.ts_unit)
            if _NUM_TEXT.fullmatch(s) and "e" not in s.lower():
                return _epoch_scalar(self.stats, k, float(s), line, self.ts_unit)
            try:
                ms, naive = parse_ts(s)
            except (ValueError, OverflowError):
                raise _bad(k, _TS, v) from None
            if naive:
                self.stats.naive_ts += 1
        elif tv is int:
            if k in self.ms_fields:
                ms = v
            else:
                return _epoch_scalar(self.stats, k, v, line, self.ts_unit)
        elif tv is float:
            return _epoch_scalar(self.stats, k, v, line, self.ts_unit)
        elif isinstance(v, (datetime, date)):
            try:
                ms, naive = _datetime_ms(v)
            except ValueError:
                raise _bad(k, _TS, v) from None
            if naive:
                self.stats.naive_ts += 1
        else:
            raise _bad(k, _TS, v)
        if not _TS_MIN_MS <= ms <= _TS_MAX_MS:
            raise _Invalid(k, f"timestamp out of range: {_shown(v)} is not in years 1-9999")
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
    how many of its values were timestamps without a time zone.  Integer ``ts`` columns come back
    as they are (epoch numbers; their unit is the caller's business)."""
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
                if pa.types.is_uint64(t) and n - arr.null_count and pc.max(arr).as_py() > _INT64_MAX:
                    return None, 0
                return arr.cast(pa.int64()), 0
        elif code == _FLOAT:
            if pa.types.is_integer(t) or pa.types.is_floating(t):
                out = arr.cast(pa.float64())
                if pa.types.is_floating(t) and pc.all(pc.is_finite(out)).as_py() is False:
                    return None, 0
                return out, 0
        elif code == _BOOL:
            if pa.types.is_boolean(t):
                return arr, 0
        elif code == _TS:
            if pa.types.is_timestamp(t):
                # stored values are UTC epoch counts whether or not a zone is attached
                naive = n - arr.null_count if t.tz is None else 0  # type: ignore[union-attr]
                ms = pc.cast(arr, pa.timestamp("ms", tz=t.tz), safe=False).view(pa.int64())  # type: ignore[union-attr]
                mm = pc.min_max(ms)
                lo, hi = mm["min"].as_py(), mm["max"].as_py()
                if lo is not None and (lo < _TS_MIN_MS or hi > _TS_MAX_MS):
                    return None, 0
                return ms, naive
            if pa.types.is_integer(t):
                if pa.types.is_uint64(t) and n - arr.null_count and pc.max(arr).as_py() > _INT64_MAX:
                    return None, 0
                return arr.cast(pa.int64()), 0
    except pa.ArrowException:
        return None, 0
    return None, 0


def _parquet_batches(
    src: _Source, spec: RowSpec, rejects: RejectSink, stats: FileStats, batch_size: int, options: ReadOptions
) -> Iterator[pa.RecordBatch]:
    pf = _parquet_file(src)
    kinds = spec.kinds()
    line0 = 0
    for b in pf.iter_batches(batch_size=batch_size):
        n = b.num_rows
        stats.bytes_read = min(stats.bytes_total, stats.bytes_total * (line0 + n) // max(1, pf.metadata.num_rows))
        out = _vectorised(b, spec, kinds, rejects, stats, pa.array(range(line0 + 1, line0 + n + 1), pa.int64()), None, options)
        if out is None:  # a column needs row-by-row checks: same path as JSON Lines
            rows, ms_fields = _parquet_pylist(b, kinds)
            builder = _BatchBuilder(spec, stats.path, rejects, stats, options, ms_fields)
            for i, row in enumerate(rows):
                builder.add(line0 + i + 1, row, None)
            out = builder.flush()
        line0 += n
        if out is not None and out.num_rows:
            yield out


def _parquet_pylist(b: pa.RecordBatch, kinds: Mapping[str, int]) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """Rows of a Parquet batch; where Python cannot hold a timestamp, timestamps come as epoch ms
    (and the names of the ``ts`` fields so converted, whose integers are then not epoch-guessed)."""
    try:
        return b.to_pylist(), frozenset()
    except (ValueError, OverflowError, pa.ArrowException):
        ms = frozenset(f.name for f in b.schema if kinds.get(f.name) == _TS and (pa.types.is_timestamp(f.type) or pa.types.is_date(f.type)))
        return _temporal_as_ms(b).to_pylist(), ms


def _vectorised(
    b: pa.RecordBatch,
    spec: RowSpec,
    kinds: dict[str, int],
    rejects: RejectSink,
    stats: FileStats,
    lines: pa.Array,
    raws: Sequence[bytes] | None,
    options: ReadOptions | None = None,
) -> pa.RecordBatch | None:
    """Validate a typed batch column by column; ``None`` when a column needs row-by-row checks.

    ``lines`` are the rows' source lines; ``raws`` their original text (else the row is shown).
    """
    opts = options or ReadOptions()
    n = b.num_rows
    names = b.schema.names
    if "attrs" in names or len(set(names)) != len(names) or NOTE_KEY in names:
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
            src_col = b.column(f.name)
            c, k = _vector_column(src_col, code)
            if c is None:
                return None
            if code == _TS and pa.types.is_integer(src_col.type):  # epoch numbers: unit by magnitude
                c = _epoch_vector(stats, f.name, c, lines, opts.ts_unit)
                if c is None:
                    return None
            cols[f.name] = c
            naive += k
        else:
            cols[f.name] = pa.nulls(n, _ARROW_OF[code])
    if spec is EVENTS_SPEC and opts.account_key:
        chosen = _vector_principal(b, cols, opts.account_key)
        if chosen is None:
            return None
        cols["account_id"] = chosen
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
        candidates = _identity_candidates(names, kinds)
        for i in pc.indices_nonzero(bad).to_pylist():
            name = first_missing[i]
            if name == "account_id" and opts.account_key:
                reason = f"required field missing (none of --account-key {','.join(opts.account_key)} has a value)"
            elif name not in names or b.column(name)[i].as_py() is None:
                reason = "required field missing"
            else:
                reason = "required field is empty"
            if name == "account_id":
                stats.identity_fields.update(c for c in candidates if b.column(c)[i].as_py() not in (None, "", [], {}))
            stats.count_reject(name, reason)
            rejects.add(stats.path, lines[i].as_py(), name, reason, raws[i] if raws is not None else _pylist(b.slice(i, 1))[0])
    extra_names = [c for c in names if kinds.get(c, -1) == -1]
    attrs: pa.Array | None = None
    if spec.has_attrs:
        if extra_names:
            vals = []
            for row in _pylist(b.select(extra_names)):
                d = {k: v for k, v in row.items() if v is not None and v != ""}
                vals.append(_dumps_attrs(d) if d else None)
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


def _vector_principal(b: pa.RecordBatch, cols: Mapping[str, pa.Array], keys: Sequence[str]) -> pa.Array | None:
    """The first non-empty of ``keys`` per row, as strings; ``None`` if a key's column is not flat."""
    parts = []
    for k in keys:
        if k in cols:
            c = cols[k]
        elif k in b.schema.names:
            c = b.column(k)
        else:
            continue
        if pa.types.is_dictionary(c.type):
            c = c.cast(c.type.value_type)  # type: ignore[union-attr]
        if not (pa.types.is_string(c.type) or pa.types.is_large_string(c.type) or pa.types.is_integer(c.type) or pa.types.is_null(c.type)):
            return None
        s = c.cast(pa.string())
        parts.append(pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s))
    if not parts:
        return pa.nulls(b.num_rows, pa.string())
    return pc.coalesce(*parts) if len(parts) > 1 else parts[0]


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
    except pa.ArrowException:  # e.g. hour 25, a leap second, a year Arrow's ns cannot hold: the row path words it
        return None, 0
    return None, 0


_RFC3339_TZ = r"^[0-9]{4}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]{1,9})?(Z|z|[+-][0-9][0-9]:[0-9][0-9])$"
_RFC3339_NAIVE = r"^[0-9]{4}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]{1,9})?$"


def _one_object_a_line(data: bytes) -> bool:
    """Whether every line of ``data`` (each ended by ``\\n``) starts with ``{`` and ends with ``}``
    (or ``}\\r``).  Arrow reads objects separated by any whitespace, so a line holding two
    objects and an object broken over two lines would give as many rows as lines, each on the
    wrong line.  Where every newline sits between ``}`` and ``{`` no object spans a line (inside
    a JSON value ``}`` is never followed by ``{``), and as many rows as lines are the lines one
    for one.  Anything else (a line with spaces around its object, say) goes line by line."""
    a = np.frombuffer(data, np.uint8)  # numpy, not bytes.count: a third of the time, and off the GIL
    if not a.size or a[0] != 0x7B or a[-1] != 0x0A:
        return False
    nl = np.flatnonzero(a == 0x0A)
    before = a[nl - 1]
    cr = before == 0x0D
    if cr.any():
        before = np.where(cr, a[np.maximum(nl - 2, 0)], before)
    return bool((before == 0x7D).all() and (a[nl[:-1] + 1] == 0x7B).all())


def _parse_json(data: bytes, spec: RowSpec) -> pa.RecordBatch | None:
    """Arrow's parse of JSON Lines text (every line ends with ``\\n``, none is blank) with the
    canonical fields' types, as one batch; ``None`` where Arrow objects, or where the text is not
    one object a line (:func:`_one_object_a_line`).  Pure: it may run on another thread."""
    return _arrow_rows(data, spec) if _one_object_a_line(data) else None


def _arrow_rows(data: bytes, spec: RowSpec) -> pa.RecordBatch | None:
    """:func:`_parse_json` of text already known to hold one object a line."""
    try:
        tbl = pa_json.read_json(
            pa.py_buffer(data),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=len(data) + 1),
            parse_options=pa_json.ParseOptions(explicit_schema=_json_schema(spec, data[:data.find(b"\n") + 1]),
                                               unexpected_field_behavior="infer"),
        )
    except (pa.ArrowException, ValueError):
        return None
    b = tbl.combine_chunks().to_batches()
    return b[0] if len(b) == 1 else None


class _LineList(Sequence[bytes]):
    """The lines of a block of JSON Lines text, split only when a row needs its raw text."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._lines: list[bytes] | None = None

    def _split(self) -> list[bytes]:
        if self._lines is None:
            self._lines = io.BytesIO(self.data).readlines()
        return self._lines

    def __len__(self) -> int:
        return len(self._split())

    def __getitem__(self, i: Any) -> Any:
        return self._split()[i]


def _json_chunk(
    chunk: list[bytes],
    line_nos: list[int],
    spec: RowSpec,
    kinds: dict[str, int],
    rejects: RejectSink,
    stats: FileStats,
    options: ReadOptions,
) -> pa.RecordBatch | None:
    data = b"".join(x if x.endswith(b"\n") else x + b"\n" for x in chunk)
    return _json_checked(_parse_json(data, spec), chunk, pa.array(line_nos, pa.int64()), spec, kinds, rejects, stats, options)


def _json_checked(
    parsed: pa.RecordBatch | None,
    chunk: Sequence[bytes],
    lines: pa.Array,
    spec: RowSpec,
    kinds: dict[str, int],
    rejects: RejectSink,
    stats: FileStats,
    options: ReadOptions,
) -> pa.RecordBatch | None:
    """The rows of ``chunk`` (raw lines at ``lines``) validated: from Arrow's parse of them where
    every column passes the vectorised checks, else line by line."""
    out: pa.RecordBatch | None = None
    if parsed is not None and parsed.num_rows == len(lines):
        batch: pa.RecordBatch | None = parsed
        if "ts" in parsed.schema.names and pa.types.is_string(parsed.schema.field("ts").type):
            ms, naive = _ts_strings(parsed.column("ts"))
            batch = None if ms is None else parsed.set_column(parsed.schema.get_field_index("ts"), "ts", ms.cast(pa.timestamp("ms", tz="UTC")))
            if batch is not None:
                stats.naive_ts += naive
                out = _vectorised(batch, spec, kinds, rejects, stats, lines, chunk, options)
                if out is None:
                    stats.naive_ts -= naive
        elif "ts" not in parsed.schema.names or pa.types.is_integer(parsed.schema.field("ts").type):
            out = _vectorised(parsed, spec, kinds, rejects, stats, lines, chunk, options)
    if out is not None:
        return out
    builder = _BatchBuilder(spec, stats.path, rejects, stats, options)
    loads = orjson.loads
    for line, raw in zip(lines.to_pylist(), chunk):
        try:
            obj = loads(raw)
        except orjson.JSONDecodeError as exc:
            obj = BadRecord(_json_error(exc))
        builder.add(line, obj, raw)
    return builder.flush()


def _json_parsers() -> int:
    """Threads that parse JSON Lines blocks ahead of the reader: the CPUs but one, at most 3."""
    return max(1, min(3, (os.cpu_count() or 2) - 1))


def _json_block(data: bytes, count: int, line0: int, spec: RowSpec) -> tuple[pa.RecordBatch | None, Sequence[bytes], pa.Array]:
    """A block of ``count`` physical lines from line ``line0``: Arrow's parse of its rows (or
    ``None``), their raw lines and their line numbers, blank lines left out.  Pure: it runs on
    a worker thread."""
    text = data if data.endswith(b"\n") else data + b"\n"
    if _one_object_a_line(text):  # so no line is blank either: the block as it is
        return _arrow_rows(text, spec), _LineList(data), pa.array(np.arange(line0, line0 + count, dtype=np.int64))
    kept = [(i, x) for i, x in enumerate(io.BytesIO(data).readlines(), line0) if x and not x.isspace()]
    raws = [x for _, x in kept]
    if not raws:
        return None, raws, pa.array([], pa.int64())
    text = b"".join(x if x.endswith(b"\n") else x + b"\n" for x in raws)
    return _parse_json(text, spec), raws, pa.array([i for i, _ in kept], pa.int64())


def _jsonl_batches(
    src: _Source, spec: RowSpec, rejects: RejectSink, stats: FileStats, batch_size: int, options: ReadOptions
) -> Iterator[pa.RecordBatch]:
    """Blocks of ``batch_size`` physical lines, each split and parsed by Arrow on a worker thread
    (Arrow releases the GIL) while this thread reads ahead; the checks, the rejects and the counts
    stay on this thread, block by block in file order."""
    from concurrent.futures import Future, ThreadPoolExecutor

    kinds = spec.kinds()
    workers = _json_parsers()
    pending: deque[tuple[Future[tuple[pa.RecordBatch | None, Sequence[bytes], pa.Array]], int]] = deque()

    def finish() -> pa.RecordBatch | None:
        fut, tell = pending.popleft()
        stats.bytes_read = tell
        parsed, raws, lines = fut.result()
        if not len(lines):
            return None
        return _json_checked(parsed, raws, lines, spec, kinds, rejects, stats, options)

    ex = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="distillguard-json")
    try:
        first = 1
        for data, count in src.blocks(batch_size):
            pending.append((ex.submit(_json_block, data, count, first, spec), src.tell()))
            first += count
            while len(pending) > workers:
                out = finish()
                if out is not None and out.num_rows:
                    yield out
        while pending:
            out = finish()
            if out is not None and out.num_rows:
                yield out
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


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
    options: ReadOptions | None = None,
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
        Filled in as the file is read (rows, rejects, bytes read, naive timestamps, units chosen).
    records
        An adapter: a function from the path to :data:`Record` tuples of canonical rows.  Without
        one, an events file that :func:`detect_log_format` recognises as an adapter's export is
        read with that adapter (unless ``options.sniff`` is off).
    options
        :class:`ReadOptions`; default: those of the enclosing :func:`reading` block, if any.

    Raises
    ------
    DistillguardError
        The file is missing or is not a readable Parquet file.  (A gzip file that breaks off is
        one reject at the line where it breaks; the rows before it are kept.)
    """
    p = Path(path)
    sink: RejectSink = rejects if rejects is not None else RaiseOnReject()
    st = stats if stats is not None else FileStats(str(p))
    opts = options if options is not None else (current_options() or ReadOptions())
    if options is not None or current_options() is not None:
        opts.files.append(st)
    if not p.is_file():
        raise DistillguardError("no such file", source=Location(str(p)))
    st.bytes_total = p.stat().st_size
    if records is None and spec is EVENTS_SPEC and opts.sniff:
        fmt = detect_log_format(p)
        if fmt != "events":
            from distillguard.events.adapters import ADAPTERS

            records = ADAPTERS[fmt]
            st.format, st.detected = fmt, True
    elif records is not None:
        st.format = getattr(records, "format_name", None) or getattr(records, "__module__", "adapter").rsplit(".", 1)[-1]
    for batch in _file_batches(p, spec, sink, st, batch_size, records, opts):
        if opts.enrich is not None and spec is EVENTS_SPEC:
            batch = opts.enrich(batch)
        yield batch


def _file_batches(
    p: Path,
    spec: RowSpec,
    sink: RejectSink,
    st: FileStats,
    batch_size: int,
    records: RecordSource | None,
    opts: ReadOptions,
) -> Iterator[pa.RecordBatch]:
    builder = _BatchBuilder(spec, st.path, sink, st, opts)
    src: _Source | None = None
    try:
        if records is not None:
            it: Iterator[Record] = records(p)
        else:
            kind = detect_format(p)
            src = _Source(p)
            if kind == "parquet":
                yield from _parquet_batches(src, spec, sink, st, batch_size, opts)
                st.bytes_read = st.bytes_total
                return
            lines_only = p.name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))
            if kind == "jsonl" and _json_layout(src, lines_only=lines_only) == "lines":
                yield from _jsonl_batches(src, spec, sink, st, batch_size, opts)
                _note_broken(src, sink, st)
                st.bytes_read = st.bytes_total
                return
            it = _json_any(src) if kind == "jsonl" else _csv_rows(src)
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
        if src is not None:
            _note_broken(src, sink, st)
        st.bytes_read = st.bytes_total
        if out is not None:
            yield out
    except OSError as exc:
        raise DistillguardError(f"cannot read: {exc}", source=Location(str(p), _next_line(builder.last_line))) from exc
    finally:
        if src is not None:
            src.close()


def _note_broken(src: _Source, sink: RejectSink, st: FileStats) -> None:
    """A file that broke off: one reject where it breaks (the rows before it are already read)."""
    if src.broken is None:
        return
    line = src.lines_read + 1
    reason = _broken_reason(src)
    st.broken = f"line {line}: {reason}"
    st.count_reject(None, reason)
    sink.add(st.path, line, None, reason, b"")


def _next_line(line: int | None) -> int | None:
    return None if line is None else line + 1


def read_events(
    paths: str | Path | Sequence[str | Path],
    *,
    rejects: RejectSink | None = None,
    batch_size: int = BATCH_SIZE,
    stats: list[FileStats] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[pa.RecordBatch]:
    """Validated canonical events from files, globs and directories, as Arrow batches.

    Rows are not deduplicated here (the store does that).  ``stats``, if given, receives one
    :class:`FileStats` per file as it is opened.
    """
    yield from _read(paths, EVENTS_SPEC, rejects, batch_size, stats, options)


def read_accounts(
    paths: str | Path | Sequence[str | Path],
    *,
    rejects: RejectSink | None = None,
    batch_size: int = BATCH_SIZE,
    stats: list[FileStats] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[pa.RecordBatch]:
    """Validated accounts rows (:data:`~distillguard.events.schema.ACCOUNTS_ARROW_SCHEMA`) as Arrow batches."""
    yield from _read(paths, ACCOUNTS_SPEC, rejects, batch_size, stats, options)


def read_labels(paths: str | Path | Sequence[str | Path], *, rejects: RejectSink | None = None) -> pa.Table:
    """The labels files as one Arrow table of :data:`LABELS_ARROW_SCHEMA` (evaluation only).

    ``label`` must be ``benign`` or ``attack``.  With no ``rejects`` sink the first bad row raises
    :class:`~distillguard.errors.DistillguardError` naming its file, line and field.
    """
    batches = list(_read(paths, LABELS_SPEC, rejects, BATCH_SIZE, None, None))
    return pa.Table.from_batches(batches, schema=LABELS_ARROW_SCHEMA)


def _read(
    paths: str | Path | Sequence[str | Path],
    spec: RowSpec,
    rejects: RejectSink | None,
    batch_size: int,
    stats: list[FileStats] | None,
    options: ReadOptions | None,
) -> Iterator[pa.RecordBatch]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for p in expand_paths(items):
        st = FileStats(str(p))
        if stats is not None:
            stats.append(st)
        yield from iter_batches(p, spec=spec, rejects=rejects, stats=st, batch_size=batch_size, options=options)
