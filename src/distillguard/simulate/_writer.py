"""Chunked, time-ordered output: events are spilled per day, then each day is sorted and written.

Generation runs account by account, so events arrive out of time order.  They are buffered in
chunks and appended to one spill file per day; at the end each day (a bounded slice of the log)
is sorted by ``(ts, request_id)`` and appended to the output.  Memory stays at one chunk plus one
day, whatever the length of the log.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from distillguard.events.schema import ACCOUNT_FIELDS, EVENT_FIELDS, LABEL_FIELDS

__all__ = ["CANONICAL_EVENTS_SCHEMA", "LABEL_EXTRAS", "DaySpill", "accounts_table", "labels_table", "write_jsonl"]

DAY_MS = 86_400_000
_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "ts": pa.timestamp("ms", tz="UTC")}

#: canonical event fields (``EVENTS.md``) the simulator writes that ``events/schema.py`` may not
#: list yet; each is appended only while the schema lacks it
_EVENT_EXTRAS: tuple[tuple[str, str], ...] = (("end_user", "str"),)
_EVENT_COLUMNS: tuple[tuple[str, str], ...] = tuple((f.name, f.kind) for f in EVENT_FIELDS) + tuple(
    x for x in _EVENT_EXTRAS if x[0] not in {f.name for f in EVENT_FIELDS})
#: the canonical event columns only (no ingest extras), ``ts`` as a UTC timestamp
CANONICAL_EVENTS_SCHEMA = pa.schema([pa.field(n, _ARROW[k]) for n, k in _EVENT_COLUMNS])
_BUILD_SCHEMA = pa.schema([pa.field(n, pa.int64() if k == "ts" else _ARROW[k]) for n, k in _EVENT_COLUMNS])
#: what the labels carry beyond ``EVENTS.md``'s labels table (evaluation only; null where it does
#: not apply, so a scenario without these behaviours writes the same labels as before):
#: ``capability`` the campaign harvests; ``wave`` of a campaign that signs up or returns in waves;
#: ``banned_at`` when the provider banned the account (its traffic stops); ``attack_end_users`` /
#: ``attack_api_keys``, the end users / keys of an otherwise honest account that harvest (only
#: their requests are the campaign's)
LABEL_EXTRAS: tuple[pa.Field, ...] = (
    pa.field("capability", pa.string()),
    pa.field("wave", pa.string()),
    pa.field("banned_at", pa.timestamp("ms", tz="UTC")),
    pa.field("attack_end_users", pa.list_(pa.string())),
    pa.field("attack_api_keys", pa.list_(pa.string())),
)
LABELS_SCHEMA = pa.schema([pa.field(f.name, _ARROW[f.kind]) for f in LABEL_FIELDS] + list(LABEL_EXTRAS))
ACCOUNTS_SCHEMA = pa.schema([pa.field(f.name, _ARROW[f.kind]) for f in ACCOUNT_FIELDS])


def _rows_to_table(rows: list[dict[str, Any]], build: pa.Schema, final: pa.Schema) -> pa.Table:
    t = pa.Table.from_pylist(rows, schema=build)
    return t.cast(final)


def accounts_table(rows: list[dict[str, Any]]) -> pa.Table:
    build = pa.schema([pa.field(f.name, pa.int64() if f.kind == "ts" else _ARROW[f.kind]) for f in ACCOUNT_FIELDS])
    return _rows_to_table(rows, build, ACCOUNTS_SCHEMA)


def labels_table(rows: list[dict[str, Any]]) -> pa.Table:
    build = pa.schema([pa.field(f.name, pa.int64() if pa.types.is_timestamp(f.type) else f.type) for f in LABELS_SCHEMA])
    return _rows_to_table(rows, build, LABELS_SCHEMA)


def _iso(ms: np.ndarray) -> list[str]:
    return [s + "Z" for s in np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms")]


def _table_rows(t: pa.Table) -> list[dict[str, Any]]:
    """Rows for JSON Lines: timestamps as RFC 3339 (``Z``), nulls dropped."""
    cols: dict[str, list[Any]] = {}
    for name in t.column_names:
        col = t.column(name)
        if pa.types.is_timestamp(col.type):
            ms = pc.cast(col, pa.int64())
            vals = ms.to_numpy(zero_copy_only=False)
            mask = pc.is_null(ms).to_numpy(zero_copy_only=False)
            iso = _iso(np.where(mask, 0, vals).astype(np.int64))
            cols[name] = [None if m else s for s, m in zip(iso, mask)]
        else:
            cols[name] = col.to_pylist()
    names = list(cols)
    return [{k: v for k, v in zip(names, vals) if v is not None} for vals in zip(*(cols[n] for n in names))]


def write_jsonl(path: Path, t: pa.Table) -> None:
    """Write a table as JSON Lines (``.gz`` compresses)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as fh:  # type: ignore[operator]
        for row in _table_rows(t):
            fh.write(orjson.dumps(row) + b"\n")


class DaySpill:
    """Collect event rows (dicts of canonical fields, ``ts`` in epoch ms) and write them time-ordered.

    Parameters
    ----------
    start_ms, days
        The simulated span; a row outside it is dropped and counted in ``dropped``.
    spill_dir
        Where day files go; ``None`` keeps the days in memory (for small logs, e.g. the demo).
    chunk
        Rows buffered before they are converted and spilled.
    progress
        Called with the number of rows each time a chunk is spilled.
    """

    def __init__(self, start_ms: int, days: int, spill_dir: Path | None = None, chunk: int = 40_000,
                 progress: Callable[[int], None] | None = None) -> None:
        self.start_ms, self.days = start_ms, days
        self.spill_dir = spill_dir
        self.chunk = chunk
        self.progress = progress
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.dropped = 0
        self._writers: dict[int, pq.ParquetWriter] = {}
        self._mem: dict[int, list[pa.Table]] = {}

    def emit(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        t = _rows_to_table(self.rows, _BUILD_SCHEMA, _BUILD_SCHEMA)
        n = len(self.rows)
        self.rows = []
        day = pc.floor(pc.divide(pc.cast(pc.subtract(t["ts"], self.start_ms), pa.float64()), float(DAY_MS)))
        day_np = day.to_numpy(zero_copy_only=False).astype(np.int64)
        ok = (day_np >= 0) & (day_np < self.days)
        self.dropped += int((~ok).sum())
        for d in np.unique(day_np[ok]):
            part = t.filter(pa.array(day_np == d))
            d = int(d)
            if self.spill_dir is None:
                self._mem.setdefault(d, []).append(part)
            else:
                w = self._writers.get(d)
                if w is None:
                    w = self._writers[d] = pq.ParquetWriter(self.spill_dir / f"day-{d:04d}.parquet", _BUILD_SCHEMA, compression="zstd")
                w.write_table(part)
        self.count += int(ok.sum())
        if self.progress is not None:
            self.progress(n)

    def _days(self) -> Iterator[pa.Table]:
        self.flush()
        for w in self._writers.values():
            w.close()
        self._writers = {}
        out = []
        for d in range(self.days):
            if self.spill_dir is None:
                parts = self._mem.pop(d, [])
                if not parts:
                    continue
                t = pa.concat_tables(parts)
            else:
                p = self.spill_dir / f"day-{d:04d}.parquet"
                if not p.exists():
                    continue
                t = pq.read_table(p)
                p.unlink()
            yield t.sort_by([("ts", "ascending"), ("request_id", "ascending")]).cast(CANONICAL_EVENTS_SCHEMA)

    def to_table(self) -> pa.Table:
        """All events, time-ordered, as one table (memory mode)."""
        days = list(self._days())
        return pa.concat_tables(days) if days else CANONICAL_EVENTS_SCHEMA.empty_table()

    def write(self, path: Path, fmt: str) -> None:
        """Write all events to ``path`` as ``parquet`` or ``jsonl`` (gzip when the name ends in .gz)."""
        if fmt == "parquet":
            with pq.ParquetWriter(path, CANONICAL_EVENTS_SCHEMA, compression="zstd") as w:
                for t in self._days():
                    w.write_table(t, row_group_size=100_000)
        else:
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "wb") as fh:  # type: ignore[operator]
                for t in self._days():
                    for row in _table_rows(t):
                        fh.write(orjson.dumps(row) + b"\n")


def temp_spill_dir(out: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=".spill-", dir=out))


def remove_dir(p: Path) -> None:
    shutil.rmtree(p, ignore_errors=True)
