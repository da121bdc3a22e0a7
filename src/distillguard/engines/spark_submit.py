"""``spark-submit`` entry point: a distillguard scan as a Spark application.

On a cluster (see ``docs/cluster.md``)::

    spark-submit --master yarn --deploy-mode client \\
        --archives distillguard-env.tar.gz#env --conf spark.pyspark.python=./env/bin/python \\
        "$(distillguard-spark --print-path)" \\
        hdfs:///logs/2026-10/ --accounts hdfs:///logs/accounts.jsonl \\
        --store hdfs:///tmp/distillguard/store --out findings/

Without ``spark-submit`` (Spark local mode, or a standalone master by URL)::

    distillguard-spark logs/ --master local[4] --out findings/

The findings (``accounts.jsonl``, ``campaigns.jsonl``, ``summary.json``, ``rejects.jsonl``) are
written by the driver into ``--out``, a local directory of the driver; the stage tables go to
``--store`` (default ``OUT/spark-store``), which on a cluster must be a path every executor can
write (HDFS, S3, a shared mount).

Examples
--------
>>> Path(script_path()).name
'spark_submit.py'
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

__all__ = ["app", "main", "script_path"]

app = typer.Typer(
    name="distillguard-spark",
    help="Scan request logs on Apache Spark (local mode, a standalone cluster, YARN) and write the findings.",
    add_completion=False,
    pretty_exceptions_enable=False,
)


def script_path() -> str:
    """This file: what ``spark-submit`` takes as the application."""
    return str(Path(__file__).resolve())


def _print_path(value: bool) -> None:
    if value:
        print(script_path())
        raise typer.Exit(0)


def _conf(pairs: list[str]) -> dict[str, str]:
    from distillguard.errors import UsageError

    out: dict[str, str] = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--conf takes KEY=VALUE, got {p!r}")
        out[key.strip()] = value
    return out


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="log files, directories or glob patterns (local, hdfs://, s3a://, …)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory (on the driver)")] = Path("findings"),
    accounts: Annotated[Optional[list[str]], typer.Option("--accounts", help="accounts file(s)")] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto (canonical by extension), otel, litellm, langfuse")] = "auto",
    master: Annotated[Optional[str], typer.Option("--master", help="local[N], spark://HOST:PORT, yarn (default: spark-submit's, else local[*])")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="where the stage tables go (default OUT/spark-store)")] = None,
    conf: Annotated[Optional[list[str]], typer.Option("--conf", help="a Spark setting KEY=VALUE (repeatable)")] = None,
    append: Annotated[bool, typer.Option("--append", help="add to the scan already in the store instead of starting clean")] = False,
    incremental: Annotated[bool, typer.Option("--incremental", help="read only the partitions (dt=DAY/ directories, else files) the store has not scanned, and merge them in")] = False,
    since: Annotated[Optional[str], typer.Option("--since", help="incremental, from this day (YYYY-MM-DD) of dt=DAY/ partitions on")] = None,
    max_bad_fraction: Annotated[Optional[float], typer.Option("--max-bad-fraction", help="fail when more rows than this are rejected")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="distillguard.toml to load")] = None,
    set_: Annotated[Optional[list[str]], typer.Option("--set", help="override a setting: KEY=VALUE (repeatable)")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
    print_path: Annotated[bool, typer.Option("--print-path", callback=_print_path, is_eager=True, help="print this script's path (for spark-submit) and exit")] = False,
) -> None:
    """Scan request logs on Spark and write accounts.jsonl, campaigns.jsonl and summary.json."""
    from distillguard.cli import _fail, _load_config, _print_scan, _progress
    from distillguard.engines.spark import SparkEngine
    from distillguard.errors import DistillguardError
    from distillguard.scan import Scan

    engine = None
    try:
        cfg = _load_config(config, (set_ or []) + ([f"ingest.max_bad_fraction={max_bad_fraction}"] if max_bad_fraction is not None else []))
        engine = SparkEngine(master, conf=_conf(conf or []), store=store)
        with _progress(progress and sys.stderr.isatty()) as stage:
            result = Scan(config=cfg, stage=stage, engine=engine).run(paths, out, accounts_paths=accounts or [], fmt=fmt, append=append,
                                                                                    incremental=incremental, since=since)
    except DistillguardError as exc:
        _fail(exc)
        return
    _print_scan(result)


def main(argv: list[str] | None = None) -> None:
    app(args=argv)


if __name__ == "__main__":  # spark-submit runs this file
    main()
