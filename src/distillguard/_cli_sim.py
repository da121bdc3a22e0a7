"""CLI commands for labelled traffic: ``simulate`` and ``evaluate``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from distillguard.cli import ConfigOpt, SetOpt, _fail, _load_config, _progress, console
from distillguard.errors import DistillguardError


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(simulate)
    app.command()(evaluate)


def simulate(
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory")] = Path("traffic"),
    scenario: Annotated[str, typer.Option("--scenario", "-s", help="scenario TOML file or built-in name (default, small, demo)")] = "default",
    corpora: Annotated[Optional[Path], typer.Option("--corpora", help="directory of real corpora (e.g. ../shared/data)")] = None,
    days: Annotated[Optional[int], typer.Option(help="override the scenario's time span")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 1,
    fmt: Annotated[str, typer.Option("--format", help="parquet or jsonl")] = "parquet",
) -> None:
    """Write labelled traffic (events, accounts, labels) in the canonical format."""
    from distillguard.simulate import load_scenario
    from distillguard.simulate import simulate as run_sim

    try:
        sc = load_scenario(scenario)
        with _progress(sys.stderr.isatty()) as stage:
            h = stage("simulate", None)
            summary = run_sim(sc, seed=seed, out=out, corpora=corpora, days=days, fmt=fmt, progress=lambda n: h.advance(n))
            h.done()
    except DistillguardError as exc:
        _fail(exc)
        return
    console.print(summary.render() if hasattr(summary, "render") else str(summary))


def evaluate(
    traffic: Annotated[Path, typer.Argument(help="directory written by `distillguard simulate`")],
    findings: Annotated[Optional[Path], typer.Option("--findings", help="read findings from here instead of scanning")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="where the scan and metrics.json go (default TRAFFIC/findings)")] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Scan labelled traffic (or read its findings) and print precision, recall and campaign metrics."""
    from distillguard.evaluate import evaluate as run_eval
    from distillguard.scan import Scan

    try:
        out_dir = out or (findings if findings else traffic / "findings")
        events = _traffic_events(traffic)
        if findings is None:
            cfg = _load_config(config, set_)
            db = out_dir / "scan.duckdb"
            if db.exists():
                db.unlink()
            accts = [p for p in [traffic / "accounts.jsonl", traffic / "accounts.parquet"] if p.exists()]
            with _progress(sys.stderr.isatty()) as stage:
                result = Scan(config=cfg, stage=stage).run([events], out_dir, accounts_paths=accts)
            console.print(f"scanned {result.summary['events']:,} events: {result.summary['flagged']} flagged, {result.summary['campaigns']} campaigns")
            fdir = out_dir
        else:
            fdir = findings
        labels = next(p for p in [traffic / "labels.jsonl", traffic / "labels.parquet"] if p.exists())
        report = run_eval(labels, fdir / "accounts.jsonl", fdir / "campaigns.jsonl", events)
    except (DistillguardError, StopIteration) as exc:
        _fail(exc if isinstance(exc, DistillguardError) else DistillguardError(f"no labels file in {traffic}"))
        return
    import orjson

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_bytes(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))
    report.render(console)
    console.print(f"metrics: {out_dir / 'metrics.json'}")


def _traffic_events(traffic: Path) -> Path:
    for name in ("events.parquet", "events.jsonl.gz", "events.jsonl"):
        if (traffic / name).exists():
            return traffic / name
    raise DistillguardError(f"no events file (events.parquet / events.jsonl.gz) in {traffic}")
