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

__all__ = ["SqlRunner", "features_schema", "map_arrow", "signatures", "text_features"]

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


def _apply(batches: Any, *, fn: Any, schema: pa.Schema) -> Any:
    for b in batches:
        if b.num_rows == 0:
            continue
        out = fn(b)
        t = out if isinstance(out, pa.Table) else pa.Table.from_batches([out])
        yield from t.cast(schema).to_batches()


def map_arrow(df: DataFrame, fn: Any, schema: pa.Schema) -> DataFrame:
    """``fn`` (an Arrow batch → an Arrow table of ``schema``, one row per event) over ``df`` in
    ``mapInArrow``: the per-event function of the scan, on the executors."""
    import functools

    from pyspark.sql.pandas.types import from_arrow_schema

    from distillguard.engines.spark import _spark_types

    spark_schema = _spark_types(schema)
    return df.mapInArrow(functools.partial(_apply, fn=fn, schema=spark_schema), from_arrow_schema(spark_schema))


#: ``account_sketches`` as Spark stores it (signatures' ``uint64`` bits in ``int64``)
_SIG_SCHEMA = pa.schema([
    pa.field("account_id", pa.string()), pa.field("kind", pa.string()), pa.field("n", pa.int64()), pa.field("sig", pa.list_(pa.int64())),
])


def _signature_batches(batches: Any) -> Any:
    """Rows of one partition sorted by (account_id, kind) → one MinHash signature per group
    (:func:`distillguard.features.sketches.group_signatures`, as every engine); a group cut by a
    batch boundary is carried into the next batch."""
    import numpy as np
    import pyarrow.compute as pc

    from distillguard.features.sketches import group_signatures

    def sigs(t: pa.Table) -> pa.RecordBatch:
        g = group_signatures(t).combine_chunks()
        sig = g.column("sig").combine_chunks()
        as_signed = pa.ListArray.from_arrays(sig.offsets, pa.array(sig.flatten().to_numpy().view(np.int64), pa.int64()))
        return pa.RecordBatch.from_arrays(
            [g.column("account_id").combine_chunks(), g.column("kind").combine_chunks(), g.column("n").combine_chunks().cast(pa.int64()), as_signed],
            schema=_SIG_SCHEMA,
        )

    carry: pa.Table | None = None
    for b in batches:
        t = pa.Table.from_batches([b])
        if carry is not None:
            t = pa.concat_tables([carry, t])
        if t.num_rows == 0:
            continue
        last_a, last_k = t.column("account_id")[-1], t.column("kind")[-1]
        tail = pc.and_(pc.equal(t.column("account_id"), last_a), pc.equal(t.column("kind"), last_k))
        carry = t.filter(tail)
        body = t.filter(pc.invert(tail))
        if body.num_rows:
            yield sigs(body)
    if carry is not None and carry.num_rows:
        yield sigs(carry)


def signatures(elements: DataFrame) -> DataFrame:
    """``account_sketches`` from the distinct elements (``account_id, kind, e``): each group's
    elements are brought to one partition, sorted, and hashed there
    (:func:`distillguard.features.sketches.minhash`)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    grouped = elements.select("account_id", "kind", "e").repartition("account_id", "kind").sortWithinPartitions("account_id", "kind")
    return grouped.mapInArrow(_signature_batches, from_arrow_schema(_SIG_SCHEMA))


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
        # every column nullable, as a SQL table's are: Spark marks some non-null (a count), and
        # Ibis would then refuse to union a stored table with a fresh one
        schema = pa.schema([f.with_nullable(True) for f in to_arrow_schema(df.schema)])
        return ibis.table(_ibis_schema(schema), name=view)

    def sql(self, expr: ir.Table) -> str:
        return ibis.to_sql(expr, dialect="pyspark")

    def run(self, expr: ir.Table) -> DataFrame:
        return self.spark.sql(self.sql(expr))

    def close(self) -> None:
        for v in self.views:
            self.spark.catalog.dropTempView(v)
        self.views.clear()
