"""The profile builder is written once as Ibis expressions; its SQL per engine is snapshotted.

A version bump of Ibis, sqlglot, DuckDB or Spark that changes the generated SQL shows up here as a
reviewed diff.  Regenerate after reviewing with::

    .venv/bin/python tests/engines/test_sql_snapshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from distillguard.features import profile as P

SNAP = Path(__file__).parent / "snapshots"
DIALECTS = ("duckdb", "pyspark")
NAMES = ("event_flags", "event_flags_incremental", "profile_buckets", "merge_buckets", "account_profiles", "account_values",
         "account_wrappers", "sketch_elements", "account_mth")


def _exprs() -> dict[str, ibis.Table]:
    ef = ibis.table(ibis.Schema.from_pyarrow(P.EVENT_COLUMNS_SCHEMA), name="event_features")
    flags = ibis.table(ibis.Schema.from_pyarrow(pa.schema([*P.EVENT_COLUMNS_SCHEMA, *P.STATEFUL_SCHEMA])), name="event_flags")
    pb = ibis.table(ibis.Schema.from_pyarrow(P.BUCKET_SCHEMA), name="profile_buckets")
    return {
        "event_flags": P.event_flags(ef),
        # an incremental scan: the events not flagged yet, continuing the stored flags
        "event_flags_incremental": P.event_flags(ef.filter(~ef.request_id.isin(flags.request_id)), flags),
        "merge_buckets": P.merge_buckets(pb, pb.view()),
        "profile_buckets": P.bucket_profiles(flags),
        "account_profiles": P.account_profiles(pb),
        "account_values": P.account_values(flags),
        "account_wrappers": P.account_wrappers(flags),
        "sketch_elements": P.sketch_elements(flags),
        "account_mth": P.mth_request(flags, 5),
    }


def _sql(expr: ibis.Table, dialect: str) -> str:
    if dialect == "pyspark":
        pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[dev]')")
        import ibis.backends.pyspark as ps

        ps.Backend.register_options()
    return ibis.to_sql(expr, dialect=dialect).strip() + "\n"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", NAMES)
def test_sql_snapshot(name: str, dialect: str) -> None:
    path = SNAP / name / dialect / "out.sql"
    got = _sql(_exprs()[name], dialect)
    assert path.exists(), f"missing snapshot {path}; regenerate: python {__file__}"
    assert got == path.read_text(), f"SQL for {name} on {dialect} changed; review, then regenerate: python {__file__}"


def test_stored_schemas_match_the_expressions() -> None:
    """The declared stage schemas are what the expressions produce (engines rely on them)."""
    exprs = _exprs()
    got = exprs["profile_buckets"].schema().to_pyarrow()
    assert got.names == P.BUCKET_SCHEMA.names
    flags = exprs["event_flags"].schema().to_pyarrow()
    assert flags.names == [*P.EVENT_COLUMNS_SCHEMA.names, *P.STATEFUL_SCHEMA.names]
    for f in P.STATEFUL_SCHEMA:
        assert flags.field(f.name).type == f.type, f.name


if __name__ == "__main__":
    for stale in ("cumulative_profiles",):
        for d in DIALECTS:
            p = SNAP / stale / d / "out.sql"
            if p.exists():
                p.unlink()
                p.parent.rmdir()
        if (SNAP / stale).exists():
            (SNAP / stale).rmdir()
    for name, expr in _exprs().items():
        for d in DIALECTS:
            p = SNAP / name / d / "out.sql"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(_sql(expr, d))
            print("wrote", p, file=sys.stderr)
