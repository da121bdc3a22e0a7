"""Read options the Spark engine cannot apply are refused, never silently skipped (no Spark needed)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from distillguard.errors import UsageError
from distillguard.events.readers import ReadOptions, reading


def test_ip_enrichment_is_refused_on_spark() -> None:
    pytest.importorskip("pyspark")
    from distillguard.engines._spark_ingest import _executor_options

    def enrich(batch: pa.RecordBatch) -> pa.RecordBatch:
        return batch

    with reading(ReadOptions(enrich=enrich)), pytest.raises(UsageError, match="--ip-db"):
        _executor_options()
    with reading(ReadOptions(account_key=("end_user",), ts_unit="s")):
        opts = _executor_options()
    assert opts is not None and opts.account_key == ("end_user",) and opts.ts_unit == "s" and opts.files == []
    assert _executor_options() is None
