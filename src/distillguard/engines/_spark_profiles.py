"""The per-event and profile stages on Spark, from the same definitions the embedded engine runs.

* Text features: :func:`distillguard.features.text.text_features`, one vectorised Arrow function,
  mapped over partitions with ``mapInArrow``.
* Relational stages: the Ibis expressions of :mod:`distillguard.features.profile`, compiled to
  Spark SQL (``ibis.to_sql(expr, dialect="pyspark")``) over temporary views, so there is one
  definition and no second copy.

Examples
--------
>>> import pyarrow as pa
>>> _ibis_schema(pa.schema([pa.field("ts", pa.timestamp("us", tz="UTC")), pa.field("n", pa.int64())]))
ibis.Schema {
  ts  timestamp('UTC', 6)
  n   int64
}
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SqlRunner", "features_schema", "text_features"]

_ids = itertools.count()


def features_schema() -> pa.Schema:
    """``request_id`` and the text-feature columns: what the per-event function returns."""
    from distillguard.features.text import TEXT_FEATURE_SCHEMA

    return pa.schema([pa.field("request_id", pa.string()), *TEXT_FEATURE_SCHEMA])


def _features_of_batches(batches: Any) -> Any:
    from distillguard.features.text import text_features as tf

    schema = features_schema()
    for b in batches:
        if b.num_rows == 0:
            continue
        feats = tf(b.column("prompt"), b.column("system"), b.column("prompt_sha256"))
        yield from pa.Table.from_arrays([b.column("request_id"), *feats.columns], schema=schema).to_batches()


def text_features(events: DataFrame) -> DataFrame:
    """Text features of every event (``mapInArrow``), one row per ``request_id``."""
    from pyspark.sql.pandas.types import from_arrow_schema

    narrow = events.select("request_id", "prompt", "system", "prompt_sha256")
    return narrow.mapInArrow(_features_of_batches, from_arrow_schema(features_schema()))


def _ibis_schema(schema: pa.Schema) -> ibis.Schema:
    return ibis.Schema.from_pyarrow(schema)


class SqlRunner:
    """Runs Ibis expressions on Spark: DataFrames become temporary views that unbound Ibis tables
    name, and an expression becomes ``spark.sql`` of its Spark SQL."""

    def __init__(self, spark: SparkSession) -> None:
        import ibis.backends.pyspark as ps

        ps.Backend.register_options()
        self.spark = spark
        self.prefix = f"dg{next(_ids)}_"
        self.views: list[str] = []

    def table(self, df: DataFrame, name: str) -> ir.Table:
        """``df`` as an Ibis table (a temporary view ``<prefix><name>``)."""
        from pyspark.sql.pandas.types import to_arrow_schema

        view = self.prefix + name
        df.createOrReplaceTempView(view)
        self.views.append(view)
        return ibis.table(_ibis_schema(to_arrow_schema(df.schema)), name=view)

    def sql(self, expr: ir.Table) -> str:
        return ibis.to_sql(expr, dialect="pyspark")

    def run(self, expr: ir.Table) -> DataFrame:
        return self.spark.sql(self.sql(expr))

    def close(self) -> None:
        for v in self.views:
            self.spark.catalog.dropTempView(v)
        self.views.clear()
