"""The engine seam: what a scan asks of the engine that holds its events.

A scan (:class:`distillguard.scan.Scan`) is handed an engine and drives it through the stages;
everything after the profile stage (scoring, linking, explanation) runs on small per-account
Arrow tables in the driver, the same code for every engine.  An engine does only what needs the
events:

=====================  ==========================================================================
stage                  engine method
=====================  ==========================================================================
store                  :meth:`~Engine.open` (``append``: keep what an earlier scan stored),
                       :meth:`~Engine.close`
ingest                 :meth:`~Engine.ingest`: canonical logs → ``events``, ``accounts``; bad rows
                       to the rejects file (the row validation is shared:
                       :func:`distillguard.events.store.ingest`)
per-event features     :meth:`~Engine.map_events`: map the stateless per-event Arrow function
                       (:func:`distillguard.features.profile.event_columns`) over the events not
                       yet featured → ``event_features``
profiles               :meth:`~Engine.build_profiles`: the stateful primitives
                       (:func:`~distillguard.features.profile.event_flags`: first-seen, gap,
                       first time per account and infrastructure) → ``event_flags``; then
                       ``profile_buckets``, ``account_profiles`` and the graph inputs
                       ``account_values``, ``account_wrappers``, ``account_sketches``,
                       ``account_mth``
read back              :meth:`~Engine.read` (any stage table as Arrow, optionally for some
                       accounts only)
replay, evidence       :meth:`~Engine.events_in_buckets` (per-event flags of some (account,
                       bucket) pairs, for the running profile inside a bucket),
                       :meth:`~Engine.first_requests` (evidence request ids),
                       :meth:`~Engine.count_events_until` (events before a time)
findings               :meth:`~Engine.write` (store the final ``account_risk`` table)
=====================  ==========================================================================

Table schemas are those of :mod:`distillguard.features.profile` (``EVENT_COLUMNS_SCHEMA``,
``STATEFUL_SCHEMA``, ``BUCKET_SCHEMA``, ``PROFILE_SCHEMA``, ``VALUES_SCHEMA``, ``WRAPPERS_SCHEMA``,
``SKETCHES_SCHEMA``, ``MTH_SCHEMA``) and :mod:`distillguard.events.schema`.  Column types may be
wider (an engine may return ``int32`` where the schema says ``int64``); readers cast.

Capabilities are declared, ibis-style (:data:`CAPABILITIES`): a test that needs one an engine
lacks is marked ``notimpl`` (a strict xfail), never skipped silently, and a method the engine
does not implement raises :class:`NotImplementedError`.

Adding an engine: a class with these methods and ``name``/``capabilities`` class variables, an
entry in the ``distillguard.engines`` entry-point group (or :data:`distillguard.engines.BUILTIN`),
and its parameter in the parity suite (``tests/engines/test_parity.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, runtime_checkable

import pyarrow as pa

if TYPE_CHECKING:
    from distillguard.events.store import IngestSummary

__all__ = ["CAPABILITIES", "STAGE_TABLES", "Engine", "EventFunction", "Progress", "TableName", "require"]

#: a per-event function: a batch of events (the columns it names) → one output row per event
EventFunction = Callable[[pa.RecordBatch], pa.Table]
#: called with the number of rows just processed
Progress = Callable[[int], None]

TableName = Literal[
    "events", "accounts", "event_features", "event_flags", "profile_buckets", "account_profiles",
    "account_values", "account_wrappers", "account_sketches", "account_mth", "account_risk", "scan_partitions",
    "campaign_signatures",
]
#: every table an engine stores, in stage order
STAGE_TABLES: tuple[str, ...] = TableName.__args__  # type: ignore[attr-defined]

#: capability flag -> what it means
CAPABILITIES: dict[str, str] = {
    "scan": "runs every stage of a scan (ingest to account_risk)",
    "formats": "reads --format otel|litellm|langfuse as well as the canonical format",
    "persistent": "keeps its store on disk: findings can be re-read, and append adds to an earlier scan",
    "incremental": "scans only new partitions (--since, --incremental) and merges their profiles into the stored ones, atomically",
    "parallel": "maps the per-event function on several processes or executors",
    "remote_paths": "reads logs from any path its runtime reads (s3://, hdfs://, …)",
}


@runtime_checkable
class Engine(Protocol):
    """What a scan asks of the engine that holds its events (see the module docs)."""

    #: stable id (``--engine NAME``)
    name: ClassVar[str]
    #: what this engine does (keys of :data:`CAPABILITIES`)
    capabilities: ClassVar[frozenset[str]]

    # -- store -----------------------------------------------------------------------------
    def open(self, out_dir: Path, *, append: bool = False) -> None:
        """Open (create) the store for a scan writing into ``out_dir``; a fresh scan starts clean
        unless ``append``.  Raises :class:`~distillguard.errors.DistillguardError` with a one-line
        message when the store is unusable (corrupt, locked by another scan, not a directory)."""
        ...

    def close(self) -> None:
        ...

    @property
    def store_path(self) -> Path | None:
        """Where the store lives (``None`` for an in-memory engine)."""
        ...

    # -- stages ----------------------------------------------------------------------------
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
        """Validate, deduplicate (first ``request_id`` wins, across calls too) and store logs."""
        ...

    def map_events(self, fn: EventFunction, *, columns: Sequence[str], schema: pa.Schema, progress: Progress | None = None) -> int:
        """Apply ``fn`` to every event not yet in ``event_features`` (batches of the events'
        ``columns``); append its rows (of ``schema``) to ``event_features``.  Returns the number of
        events processed."""
        ...

    def build_profiles(self, *, evidence_requests: int) -> str:
        """``event_flags``, ``profile_buckets``, ``account_profiles`` and the graph inputs
        (``account_mth`` with ``m = evidence_requests``) from ``event_features``.

        Where the store already holds profiles of earlier events (``append``, an incremental
        scan), an engine with the ``incremental`` capability flags only the new events,
        continuing the stored state, and merges their profiles into the stored ones, when that
        is exact (every new event after its account's stored ones); otherwise, and always for
        engines without it, it rebuilds.  Either way the stage is atomic: a run killed inside it
        leaves the store as it was, and the next run redoes it.  Returns ``"rebuilt"``,
        ``"incremental"`` or ``"unchanged"`` (no new event)."""
        ...

    # -- reads -----------------------------------------------------------------------------
    def read(self, name: TableName, *, accounts: Sequence[str] | None = None, columns: Sequence[str] | None = None,
             ordered: bool = True) -> pa.Table:
        """A stored table as Arrow (only the rows of ``accounts`` where given), sorted by its key
        (``account_id``, then ``bucket`` / ``kind`` / …; events by ``ts_ms, request_id``), or in
        any order with ``ordered=False`` (what linking reads: it needs no order, and sorting
        half a million rows costs more than reading them)."""
        ...

    def events_in_buckets(self, pairs: pa.Table, *, columns: Sequence[str]) -> pa.Table:
        """``event_flags`` rows (``account_id``, ``request_id``, ``ts_ms`` and ``columns``) of the
        (``account_id``, ``bucket``) pairs in ``pairs``, ordered by account, then ``ts_ms, request_id``."""
        ...

    def first_requests(self, column: str | None, accounts: Sequence[str], n: int) -> pa.Table:
        """(``account_id``, ``request_id``): each account's first ``n`` requests (``ts_ms,
        request_id`` order) where the boolean ``column`` of ``event_flags`` is true (``None``:
        any request), ordered by account and time."""
        ...

    def count_events_until(self, until: pa.Table) -> pa.Table:
        """(``account_id``, ``events``): per row of ``until`` (``account_id``, ``t``), the
        account's events with ``ts_ms <= t``."""
        ...

    def count_events(self) -> int:
        ...

    # -- findings --------------------------------------------------------------------------
    def write(self, name: TableName, table: pa.Table) -> None:
        """Store a table the scan computed (``account_risk``), replacing an earlier one."""
        ...


def require(engine: object, capability: str) -> None:
    """Raise :class:`NotImplementedError` unless ``engine`` declares ``capability``."""
    if capability not in getattr(engine, "capabilities", frozenset()):
        raise NotImplementedError(f"the {getattr(engine, 'name', type(engine).__name__)} engine cannot {CAPABILITIES.get(capability, capability)}")
