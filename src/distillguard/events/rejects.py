"""Where rows that cannot be loaded go: a JSON Lines file, a list, or an exception.

Readers never decide what to do with a bad row themselves; they hand it to a *reject sink*
(anything with an ``add(file, line, field, reason, raw)`` method).  Three sinks ship here:

``RejectsWriter``  writes one JSON object per bad row, ``{file, line, field, reason, raw}``, to a
                   JSON Lines file (``raw`` is the original text, cut to 10 KB);
``RejectList``     keeps them in memory (tests, small files);
``RaiseOnReject``  raises :class:`~distillguard.errors.DistillguardError` at the first bad row
                   (the default of the readers, so nothing is dropped silently).

The writer and the list also keep a :data:`Tally` (rejects per field and kind of reason), which is
what a run's summary reports as its commonest reasons; :func:`tally_file` rebuilds it from a file.

Examples
--------
>>> sink = RejectList()
>>> sink.add("a.jsonl", 3, "ts", "not a timestamp: 'yesterday'", b'{"ts": "yesterday"}')
>>> sink.count, sink.rejects[0].location
(1, 'a.jsonl:3:ts')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

import orjson

from distillguard.errors import DistillguardError, Location

__all__ = [
    "MAX_RAW_BYTES",
    "RaiseOnReject",
    "Reject",
    "RejectList",
    "RejectSink",
    "RejectsWriter",
    "Tally",
    "raw_text",
    "reason_kind",
    "tally_file",
]

#: how many rejects of each ``(field, reason kind)``; see :func:`reason_kind`
Tally = Counter[tuple[str | None, str]]


def reason_kind(reason: str) -> str:
    """A reject's reason without the value it quotes, so that rejects can be counted by kind.

    >>> reason_kind("expected an integer, got 'two'"), reason_kind("not a timestamp: 'soon'")
    ('expected an integer', 'not a timestamp')
    >>> reason_kind("required field missing")
    'required field missing'
    """
    cut = len(reason)
    for sep in (": ", ", got ", " ("):
        i = reason.find(sep)
        if 0 < i < cut:
            cut = i
    return reason[:cut]


def tally_file(path: str | Path, limit: int = 1_000_000) -> Tally:
    """The :data:`Tally` of a rejects file written by :class:`RejectsWriter` (its first ``limit`` rows).

    A missing file has no rejects; lines that are not reject records are skipped.
    """
    out: Tally = Counter()
    p = Path(path)
    if not p.is_file():
        return out
    with p.open("rb") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            try:
                rec = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("reason"), str):
                f = rec.get("field")
                out[(f if isinstance(f, str) else None, reason_kind(rec["reason"]))] += 1
    return out

#: ``raw`` is cut to this many bytes (of UTF-8) in a reject record
MAX_RAW_BYTES = 10 * 1024


def raw_text(raw: bytes | str | Any) -> str:
    """The original row as text, cut to :data:`MAX_RAW_BYTES` bytes.

    ``bytes`` are decoded as UTF-8 (bad bytes replaced); a parsed object (a Parquet row, an adapter's
    source record) is written as JSON.
    """
    if isinstance(raw, str):
        data = raw.encode("utf-8", "replace")
    elif isinstance(raw, (bytes, bytearray, memoryview)):
        data = bytes(raw)
    elif raw is None:
        return ""
    else:
        try:
            data = orjson.dumps(raw, default=str, option=orjson.OPT_NON_STR_KEYS)
        except (orjson.JSONEncodeError, TypeError):  # nested too deeply for JSON: show it as Python sees it
            data = repr(raw)[: MAX_RAW_BYTES * 2].encode("utf-8", "replace")
    data = data.rstrip(b"\r\n")
    if len(data) > MAX_RAW_BYTES:
        data = data[:MAX_RAW_BYTES]
    return data.decode("utf-8", "ignore")


@dataclass(frozen=True)
class Reject:
    """One row that was not loaded, and why."""

    file: str
    line: int | None
    field: str | None
    reason: str
    raw: str

    @property
    def location(self) -> str:
        """``path:line:field`` (the parts that are known)."""
        return str(Location(self.file, self.line, self.field))

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "reason": self.reason, "raw": self.raw}


class RejectSink(Protocol):
    """What a reader hands bad rows to."""

    count: int

    def add(self, file: str, line: int | None, field: str | None, reason: str, raw: bytes | str | Any) -> None:
        """Record one bad row."""
        ...


@dataclass
class RejectList:
    """Keeps rejects in memory (at most ``keep`` of them; ``count`` counts them all)."""

    keep: int = 100_000
    count: int = 0
    rejects: list[Reject] = field(default_factory=list)
    tally: Tally = field(default_factory=Counter)

    def add(self, file: str, line: int | None, field: str | None, reason: str, raw: bytes | str | Any) -> None:
        self.count += 1
        self.tally[(field, reason_kind(reason))] += 1
        if len(self.rejects) < self.keep:
            self.rejects.append(Reject(file, line, field, reason, raw_text(raw)))


class RaiseOnReject:
    """Raises :class:`DistillguardError` at the first bad row, located at ``file:line:field``."""

    count: int = 0

    def add(self, file: str, line: int | None, field: str | None, reason: str, raw: bytes | str | Any) -> None:
        self.count += 1
        raise DistillguardError(reason, source=Location(file, line, field))


class RejectsWriter:
    """Writes rejects as JSON Lines to ``path`` (created, or emptied, when opened).

    Use as a context manager; the file exists (possibly empty) once the block is entered, so a run
    with no bad rows still leaves an empty rejects file where the summary says it is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "rejects.jsonl"
    >>> with RejectsWriter(p) as w:
    ...     w.add("a.csv", 7, "turn", "expected an integer, got 'two'", "2024-05-01T00:00:00Z,r7,acct_1,two")
    >>> orjson.loads(p.read_bytes())["field"], w.count
    ('turn', 1)
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.count = 0
        self.tally: Tally = Counter()
        self._fh: IO[bytes] | None = None

    def __enter__(self) -> RejectsWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("wb")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def add(self, file: str, line: int | None, field: str | None, reason: str, raw: bytes | str | Any) -> None:
        if self._fh is None:
            raise RuntimeError("RejectsWriter used outside its `with` block")
        self.count += 1
        self.tally[(field, reason_kind(reason))] += 1
        rec = {"file": file, "line": line, "field": field, "reason": reason, "raw": raw_text(raw)}
        self._fh.write(orjson.dumps(rec))
        self._fh.write(b"\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
