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

from distillguard.events.schema import EVENTS_ARROW_SCHEMA
from distillguard.features import profile as P

SNAP = Path(__file__).parent / "snapshots"
DIALECTS = ("duckdb", "pyspark")


def _features_schema() -> pa.Schema:
    from distillguard.features.text import TEXT_FEATURE_SCHEMA

    return pa.schema([pa.field("request_id", pa.string()), *TEXT_FEATURE_SCHEMA])


def _exprs() -> dict[str, ibis.Table]:
    ev = ibis.table(ibis.Schema.from_pyarrow(EVENTS_ARROW_SCHEMA), name="events")
    ft = ibis.table(ibis.Schema.from_pyarrow(_features_schema()), name="event_features")
    buckets = P.bucket_profiles(P.enriched_events(ev, ft))
    pb = ibis.table(buckets.schema(), name="profile_buckets")
    return {
        "profile_buckets": buckets,
        "account_profiles": P.account_profiles(pb),
        "cumulative_profiles": P.cumulative_profiles(pb),
    }


def _sql(expr: ibis.Table, dialect: str) -> str:
    if dialect == "pyspark":
        pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[dev]')")
        import ibis.backends.pyspark as ps

        ps.Backend.register_options()
    return ibis.to_sql(expr, dialect=dialect).strip() + "\n"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", ["profile_buckets", "account_profiles", "cumulative_profiles"])
def test_sql_snapshot(name: str, dialect: str) -> None:
    path = SNAP / name / dialect / "out.sql"
    got = _sql(_exprs()[name], dialect)
    assert path.exists(), f"missing snapshot {path}; regenerate: python {__file__}"
    assert got == path.read_text(), f"SQL for {name} on {dialect} changed; review, then regenerate: python {__file__}"


if __name__ == "__main__":
    for name, expr in _exprs().items():
        for d in DIALECTS:
            p = SNAP / name / d / "out.sql"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(_sql(expr, d))
            print("wrote", p, file=sys.stderr)
