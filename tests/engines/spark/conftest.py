"""One SparkSession (local mode, two cores) for every Spark test of the session.

Spark needs a Java runtime: ``scripts/test.sh`` provides one (``scripts/setup.d/10-java.sh``) and
sets ``DISTILLGUARD_REQUIRE_SPARK=1``, so under CI a Spark that cannot start fails these tests.
Run alone without Java (``pytest tests/engines/spark`` on a machine without it), they skip and say why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

#: settings of the tests' session: small partitions keep local mode fast on two cores
TEST_CONF = {
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.driver.memory": "1g",
    "spark.sql.adaptive.enabled": "false",
}


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from distillguard.errors import DistillguardError

    try:
        from distillguard.engines._spark_session import session

        s = session("local[2]", TEST_CONF, app_name="distillguard-tests")
    except DistillguardError as exc:
        if os.environ.get("DISTILLGUARD_REQUIRE_SPARK"):
            pytest.fail(f"Spark must run here (DISTILLGUARD_REQUIRE_SPARK is set): {exc}")
        pytest.skip(f"Spark is not available: {exc}")
    yield s
    s.stop()
