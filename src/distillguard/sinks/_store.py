"""The sinks' one window on a scan's store: a few narrow, read-only reads through the engine.

Everything the report, the exports and the evidence bundle read from the store goes through
:class:`Store`, which holds a read-only :class:`~distillguard.engines.duckdb.DuckDBEngine`: no
module of ``sinks/`` opens a connection or holds SQL.  Filters are lists of ids the engine
joins against, never text put into a query.

Examples
--------
>>> Store.open("/nonexistent/scan.duckdb") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa

from distillguard.errors import DistillguardError, Location

__all__ = ["Store"]


class Store:
    """A scan's store, opened read-only.

    Parameters
    ----------
    engine : a read-only engine over the store (use :meth:`open`)
    path : where it came from (for messages)
    """

    def __init__(self, engine: Any, path: Path) -> None:
        self._engine = engine
        self.path = path
        self._cols: dict[str, list[str]] = {}

    # -- opening ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Store | None:
        """Open ``path`` read-only; ``None`` when there is no such file.

        A file that is not a DuckDB database, or one that a running scan holds, raises
        :class:`~distillguard.errors.DistillguardError` with a one-line message.
        """
        from distillguard.engines.duckdb import DuckDBEngine

        p = Path(path)
        if not p.is_file():
            return None
        engine = DuckDBEngine(p, read_only=True)
        try:
            engine.con  # noqa: B018 - opens now, so a bad file fails here with its message
        except DistillguardError as exc:
            raise DistillguardError(f"cannot open the scan's store read-only: {exc.message}", source=Location(str(p))) from None
        return cls(engine, p)

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------------
    def has(self, table: str) -> bool:
        return bool(self.columns(table))

    def columns(self, table: str) -> list[str]:
        """Column names of ``table`` (empty when the store has no such table)."""
        if table not in self._cols:
            self._cols[table] = self._engine.columns(table)
        return self._cols[table]

    def events(
        self,
        *,
        accounts: Iterable[str] | None = None,
        request_ids: Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        """Requests of ``accounts`` and/or with ``request_ids`` (both ``None``: every request), in
        ``ts_ms, request_id`` order, with ``columns`` that the store has (default: all)."""
        return self._table("events", self.event_batches(accounts=accounts, request_ids=request_ids, columns=columns), columns)

    def event_batches(
        self,
        *,
        accounts: Iterable[str] | None = None,
        request_ids: Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
        batch_rows: int = 65_536,
    ) -> Iterator[pa.RecordBatch]:
        """Like :meth:`events`, streamed in record batches (for writing Parquet of any size)."""
        self._pick("events", columns)
        yield from self._engine.read_batches(
            "events", accounts=None if accounts is None else list(accounts),
            request_ids=None if request_ids is None else list(request_ids), columns=columns, batch_rows=batch_rows)

    def buckets(self, *, accounts: Iterable[str] | None = None, columns: Sequence[str] | None = None) -> pa.Table:
        """Per-account, per-hour profile rows (``account_id``, ``bucket``, the profile fields), in
        ``account_id, bucket`` order."""
        self._pick("profile_buckets", columns)
        batches = self._engine.read_batches("profile_buckets", accounts=None if accounts is None else list(accounts), columns=columns)
        return self._table("profile_buckets", batches, columns)

    # -- internals --------------------------------------------------------------------------------
    def _pick(self, table: str, columns: Sequence[str] | None) -> list[str]:
        have = self.columns(table)
        if not have:
            raise DistillguardError(f"the scan's store has no {table!r} table", source=Location(str(self.path)))
        return list(have) if columns is None else [c for c in columns if c in have]

    def _table(self, table: str, batches: Iterable[pa.RecordBatch], columns: Sequence[str] | None) -> pa.Table:
        got = list(batches)
        if got:
            return pa.Table.from_batches(got)
        # no rows: the (typed) empty table of the columns asked for
        return self._engine.read(table, accounts=[], columns=self._pick(table, columns), ordered=False)  # type: ignore[arg-type]
