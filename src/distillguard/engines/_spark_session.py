"""Starting (or joining) the SparkSession a Spark scan runs in.

``session(master=…)`` returns the active session when there is one (``spark-submit`` made it,
or a notebook), else builds one with the settings a scan needs:

* ``spark.sql.session.timeZone = UTC`` — hours and days of the profiles are UTC on every engine;
* ``spark.pyspark.python`` = this interpreter where ``PYSPARK_PYTHON`` is unset, in local mode,
  so the Python workers import the same distillguard;
* the UI off and few shuffle partitions in local mode (a laptop or CI does not need 200).

Anything else comes from ``conf`` (``--conf KEY=VALUE`` of the entry point) or from Spark's own
``spark-defaults.conf``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from distillguard.errors import DistillguardError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["LOCAL_DEFAULTS", "from_spark", "session", "spark_message"]

#: settings of a local-mode session (each can be overridden through ``conf``)
LOCAL_DEFAULTS: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.driver.memory": "2g",
}

#: settings every session gets unless ``conf`` says otherwise
ALWAYS: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def _is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def session(master: str | None = None, conf: Mapping[str, str] | None = None, *, app_name: str = "distillguard") -> SparkSession:
    """The active SparkSession, or a new one on ``master`` (``local[2]``, ``spark://HOST:PORT``, ``yarn``).

    Raises
    ------
    DistillguardError
        PySpark is not installed, or the JVM cannot start (no Java runtime).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DistillguardError("--engine spark needs PySpark: pip install 'distillguard[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        # a running session keeps what cannot change now (memory, the master): only SQL settings apply
        for k, v in {**ALWAYS, **(conf or {})}.items():
            if active.conf.isModifiable(k):
                active.conf.set(k, v)
        return active
    submitted = bool(os.environ.get("PYSPARK_GATEWAY_PORT"))  # spark-submit started this process
    builder = SparkSession.builder.appName(app_name)
    if master is None and submitted:
        from pyspark import SparkConf

        given = SparkConf()  # what spark-submit was told: --master, --conf, spark-defaults.conf
        effective = given.get("spark.master", "")
    else:
        master = master or os.environ.get("MASTER") or "local[*]"
        builder = builder.master(master)
        given, effective = None, master
    settings: dict[str, str] = dict(ALWAYS)
    if _is_local(effective):
        settings.update(LOCAL_DEFAULTS)
        if not os.environ.get("PYSPARK_PYTHON"):
            settings["spark.pyspark.python"] = sys.executable
    settings.update(conf or {})
    for k, v in settings.items():
        if given is not None and given.contains(k) and k not in (conf or {}):
            continue  # spark-submit's own --conf wins over our defaults
        builder = builder.config(k, v)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: Java missing, bad settings
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DistillguardError(f"could not start Spark on {effective or master}: {first} (is a Java 17 or 21 runtime installed? set JAVA_HOME)") from None
    spark.sparkContext.setLogLevel(os.environ.get("DISTILLGUARD_SPARK_LOG_LEVEL", "WARN"))
    return spark


def from_spark(exc: BaseException) -> bool:
    """Whether ``exc`` comes from Spark (the JVM through py4j, or PySpark's wrappers)."""
    return type(exc).__module__.split(".")[0] in ("py4j", "pyspark")


_PY_ERROR = re.compile(r"^(\w+(?:Error|Exception|Interrupt)): (.*)$", re.M)


def spark_message(exc: BaseException) -> str:
    """One line saying why a Spark job failed: the Python error a worker raised (with a hint
    where the executors lack a package), else the first line of the Java exception."""
    text = str(exc)
    if "Traceback (most recent call last)" in text:
        found = _PY_ERROR.findall(text)
        if found:
            name, msg = found[-1]
            hint = " (the executors need distillguard and its dependencies: see docs/cluster.md)" if name in ("ModuleNotFoundError", "ImportError") else ""
            return f"a Spark task failed in Python: {name}: {msg.strip()[:300]}{hint}"
    java = getattr(exc, "java_exception", None)
    if java is not None:
        text = str(java.toString())
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[0][:300] if lines else type(exc).__name__
