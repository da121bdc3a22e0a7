"""The spark-submit entry point: the same findings as ``distillguard scan``, run by Spark's own launcher."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from distillguard.engines.duckdb import DuckDBEngine
from distillguard.engines.spark_submit import main, script_path
from distillguard.scan import Scan

LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"


def _run(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _words(text: str) -> str:
    return " ".join(text.split())  # the terminal wraps long lines


def test_bad_arguments_are_one_line_errors(spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"), "--no-progress"]) == 3  # input unusable, as `distillguard scan` (docs/formats.md)
    assert "no such file or directory" in _words(capsys.readouterr().err)
    assert _run([str(LOGS / "gateway_mixed.jsonl"), "--out", str(tmp_path / "o"), "--conf", "nonsense", "--no-progress"]) == 2
    assert "--conf takes KEY=VALUE" in _words(capsys.readouterr().err)


def test_spark_submit_runs_the_script(tmp_path: Path) -> None:
    """The real launcher: ``spark-submit --master local[2] <script> LOG --out OUT`` in its own JVM."""
    submit = Path(sys.executable).with_name("spark-submit")
    if not submit.exists():
        pytest.fail(f"pyspark's spark-submit is not next to {sys.executable}")
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(submit), "--master", "local[2]", "--driver-memory", "1g", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.sql.shuffle.partitions=2", script_path(), str(LOGS / "gateway_mixed.jsonl"),
         "--accounts", str(LOGS / "accounts.csv"), "--out", str(out), "--no-progress"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["engine"], summary["events"], summary["accounts"]) == ("spark", 7, 3)
    # the same findings as the embedded scan of the same log
    Scan(engine=DuckDBEngine()).run([LOGS / "gateway_mixed.jsonl"], tmp_path / "duck", accounts_paths=[LOGS / "accounts.csv"])
    for name in ("accounts.jsonl", "campaigns.jsonl", "rejects.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "duck" / name).read_bytes(), name
    store = sorted((out / "spark-store").glob("gen-*/_COMMITTED"))  # the profile stage's committed generation
    assert len(store) == 1 and (store[0].parent / "account_profiles").is_dir()
