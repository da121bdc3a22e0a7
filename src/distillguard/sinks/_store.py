"""The sinks' one window on a scan's store (``scan.duckdb``): a few narrow, read-only queries.

Everything the report, the exports and the evidence bundle read from the store goes through
:class:`Store`, and nothing else in ``sinks/`` touches DuckDB.  Filters arrive as Arrow tables
of ids joined against, never as text put into SQL; column names are checked against the
table's own columns before they are quoted.

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
    con : an open read-only DuckDB connection (use :meth:`open`)
    path : where it came from (for messages)
    """

    def __init__(self, con: Any, path: Path) -> None:
        self._con = con
        self.path = path
        self._cols: dict[str, list[str]] = {}

    # -- opening ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Store | None:
        """Open ``path`` read-only; ``None`` when there is no such file.

        A file that is not a DuckDB database, or one that a running scan holds, raises
        :class:`~distillguard.errors.DistillguardError` with a one-line message.
        """
        import duckdb

        p = Path(path)
        if not p.is_file():
            return None
        try:
            con = duckdb.connect(str(p), read_only=True)
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DistillguardError(f"cannot open the scan's store read-only: {first}", source=Location(str(p))) from exc
        return cls(con, p)

    def close(self) -> None:
        self._con.close()

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
            rows = self._con.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position", [table]
            ).fetchall()
            self._cols[table] = [r[0] for r in rows]
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
        return pa.Table.from_batches(list(self.event_batches(accounts=accounts, request_ids=request_ids, columns=columns)),
                                     schema=self._schema("events", columns))

    def event_batches(
        self,
        *,
        accounts: Iterable[str] | None = None,
        request_ids: Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
        batch_rows: int = 65_536,
    ) -> Iterator[pa.RecordBatch]:
        """Like :meth:`events`, streamed in record batches (for writing Parquet of any size)."""
        yield from self._select("events", accounts=accounts, request_ids=request_ids, columns=columns,
                                order=("ts_ms", "request_id"), batch_rows=batch_rows)

    def buckets(self, *, accounts: Iterable[str] | None = None, columns: Sequence[str] | None = None) -> pa.Table:
        """Per-account, per-hour profile rows (``account_id``, ``bucket``, the profile fields), in
        ``account_id, bucket`` order."""
        batches = list(self._select("profile_buckets", accounts=accounts, columns=columns, order=("account_id", "bucket")))
        return pa.Table.from_batches(batches, schema=self._schema("profile_buckets", columns))

    # -- internals --------------------------------------------------------------------------------
    def _pick(self, table: str, columns: Sequence[str] | None) -> list[str]:
        have = self.columns(table)
        if not have:
            raise DistillguardError(f"the scan's store has no {table!r} table", source=Location(str(self.path)))
        return list(have) if columns is None else [c for c in columns if c in have]

    def _schema(self, table: str, columns: Sequence[str] | None) -> pa.Schema:
        cols = self._pick(table, columns)
        sel = ", ".join(_quote(c) for c in cols)
        return self._con.execute(f"select {sel} from {table} limit 0").to_arrow_table().schema

    def _select(
        self,
        table: str,
        *,
        accounts: Iterable[str] | None = None,
        request_ids: Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
        order: Sequence[str] = (),
        batch_rows: int = 65_536,
    ) -> Iterator[pa.RecordBatch]:
        cols = self._pick(table, columns)
        have = self.columns(table)
        cur = self._con.cursor()
        try:
            where = []
            if accounts is not None:
                cur.register("_want_accounts", pa.table({"account_id": pa.array(sorted(set(accounts)), pa.string())}))
                where.append("account_id in (select account_id from _want_accounts)")
            if request_ids is not None:
                cur.register("_want_requests", pa.table({"request_id": pa.array(sorted(set(request_ids)), pa.string())}))
                where.append("request_id in (select request_id from _want_requests)")
            sql = f"select {', '.join(_quote(c) for c in cols)} from {table}"
            if where:
                sql += " where " + " and ".join(where)
            keys = [_quote(c) for c in order if c in have]
            if keys:
                sql += " order by " + ", ".join(keys)
            reader = cur.execute(sql).to_arrow_reader(batch_rows)
            yield from reader
        finally:
            cur.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
