"""Command line: a thin layer over the library (Typer + Rich)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from distillguard.config import Config
from distillguard.errors import DistillguardError

app = typer.Typer(
    name="distillguard",
    help="Audit LLM API request logs for model extraction (distillation) campaigns.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Inspect the effective configuration.", no_args_is_help=True)
app.add_typer(config_app, name="config")

console = Console(stderr=False)
err = Console(stderr=True)

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", "-c", help="distillguard.toml to load")]
SetOpt = Annotated[Optional[list[str]], typer.Option("--set", help="override a setting: KEY=VALUE (repeatable)")]


class _RichStage:
    def __init__(self, progress: Progress, name: str, total: int | None) -> None:
        self.p = progress
        self.task = progress.add_task(name, total=total)

    def advance(self, n: int) -> None:
        self.p.advance(self.task, n)

    def done(self) -> None:
        t = self.p.tasks[self.task]
        self.p.update(self.task, total=t.completed or 1, completed=t.completed or 1)


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    from distillguard.scan import _null_stage

    if not enabled:
        yield _null_stage
        return
    with Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=False,
    ) as progress:
        yield lambda name, total: _RichStage(progress, name, total)


def _load_config(config: Path | None, overrides: list[str] | None) -> Config:
    return Config.load(config, overrides or [])


def _fail(exc: Exception) -> None:
    err.print(f"[bold red]error:[/bold red] {escape(str(exc))}")
    src = getattr(exc, "source", None)
    if src is not None:
        err.print(f"  at {escape(str(src))}")
    raise typer.Exit(2)


def _findings_table(result: Any, limit: int = 20, labels: dict[str, str] | None = None) -> Table:
    t = Table(title=f"Flagged accounts ({len(result.flagged)} of {len(result.accounts)})", show_lines=False)
    t.add_column("account")
    t.add_column("risk", justify="right")
    t.add_column("campaign")
    t.add_column("flagged at")
    t.add_column("events", justify="right")
    t.add_column("top reason", overflow="fold", max_width=70)
    if labels is not None:
        t.add_column("truth")
    rows = sorted(result.flagged, key=lambda r: -r["risk"])[:limit]
    for r in rows:
        top = r["reasons"][0]["summary"] if r["reasons"] else ""
        cells = [escape(r["account_id"]), f"{r['risk']:.2f}", escape(r["campaign"] or "-"), r["flagged_at"] or "-", str(r["events"]), escape(top)]
        if labels is not None:
            cells.append(labels.get(r["account_id"], "?"))
        t.add_row(*cells)
    return t


def _print_scan(result: Any, labels: dict[str, str] | None = None) -> None:
    s = result.summary
    ing = s.get("ingest", {})
    console.print(
        f"[bold]{s['events']:,}[/bold] events from [bold]{s['accounts']:,}[/bold] accounts; "
        f"[bold red]{s['flagged']}[/bold red] flagged, [bold]{s['campaigns']}[/bold] campaigns; "
        f"rejected rows: {ing.get('rejected', 0)}"
    )
    if result.flagged:
        console.print(_findings_table(result, labels=labels))
    if result.campaigns:
        t = Table(title="Campaigns")
        t.add_column("campaign")
        t.add_column("accounts", justify="right")
        t.add_column("risk", justify="right")
        t.add_column("summary", overflow="fold", max_width=90)
        for c in sorted(result.campaigns, key=lambda c: -c["risk"])[:10]:
            t.add_row(escape(c["campaign"]), str(len(c["accounts"])), f"{c['risk']:.2f}", escape(c["summary"]))
        console.print(t)
    out = result.out_dir
    console.print(f"findings: {out / 'accounts.jsonl'}  {out / 'campaigns.jsonl'}  summary: {out / 'summary.json'}  database: {result.db_path}")


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="log files, directories or glob patterns")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory")] = Path("findings"),
    accounts: Annotated[Optional[list[str]], typer.Option("--accounts", help="accounts file(s)")] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto (canonical by extension), otel, litellm, langfuse")] = "auto",
    db: Annotated[Optional[Path], typer.Option("--db", help="DuckDB file (default OUT/scan.duckdb)")] = None,
    max_bad_fraction: Annotated[Optional[float], typer.Option("--max-bad-fraction", help="fail when more rows than this are rejected")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (embedded, default), spark, or memory (the pure-Python reference)")] = "duckdb",
    master: Annotated[Optional[str], typer.Option("--master", help="Spark master: local[2], spark://HOST:PORT, yarn (with --engine spark)")] = None,
    append: Annotated[bool, typer.Option("--append", help="add these logs to the scan already in --out instead of starting clean")] = False,
    incremental: Annotated[bool, typer.Option("--incremental", help="read only the partitions (dt=DAY/ directories, else files) the store in --out has not scanned, and merge them in")] = False,
    since: Annotated[Optional[str], typer.Option("--since", help="incremental, from this day (YYYY-MM-DD) of dt=DAY/ partitions on")] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
) -> None:
    """Scan request logs and write accounts.jsonl and campaigns.jsonl."""
    from distillguard.engines import make_engine
    from distillguard.scan import Scan

    try:
        cfg = _load_config(config, (set_ or []) + ([f"ingest.max_bad_fraction={max_bad_fraction}"] if max_bad_fraction is not None else []))
        if master is not None and engine != "spark":
            raise DistillguardError("--master is for --engine spark")
        options: dict[str, Any] = {"path": db} if engine == "duckdb" else {}
        if master is not None:
            options["master"] = master
        try:
            eng = make_engine(engine, cfg, **options)
            with _progress(progress and sys.stderr.isatty()) as stage:
                result = Scan(config=cfg, engine=eng, stage=stage).run(paths, out, accounts_paths=accounts or [], fmt=fmt, append=append,
                                                                       incremental=incremental, since=since)
        except NotImplementedError as exc:
            raise DistillguardError(str(exc)) from None
    except DistillguardError as exc:
        _fail(exc)
        return
    _print_scan(result)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory")] = Path("demo-out"),
    seed: Annotated[int, typer.Option(help="random seed of the demo log")] = 0,
) -> None:
    """Build the small built-in labelled log, scan it, and show what was caught."""
    import pyarrow.parquet as pq

    from distillguard.fixtures import demo_traffic
    from distillguard.scan import Scan

    out.mkdir(parents=True, exist_ok=True)
    events, accounts_tbl, labels = demo_traffic(seed)
    log = out / "demo-events.parquet"
    acc_path = out / "demo-accounts.parquet"
    pq.write_table(events, log)
    pq.write_table(accounts_tbl, acc_path)
    pq.write_table(labels, out / "demo-labels.parquet")
    db = out / "scan.duckdb"
    if db.exists():
        db.unlink()
    console.print(f"demo log: {events.num_rows:,} events, {accounts_tbl.num_rows} accounts -> {log}")
    with _progress(sys.stderr.isatty()) as stage:
        result = Scan(stage=stage).run([log], out, accounts_paths=[acc_path])
    truth = {r["account_id"]: f"{r['label']}/{r['scenario']}" for r in labels.to_pylist()}
    _print_scan(result, labels=truth)
    attack = {a for a, t in truth.items() if t.startswith("attack")}
    flagged = {r["account_id"] for r in result.flagged}
    caught = len(attack & flagged)
    wrong = sorted(flagged - attack)
    console.print(f"[bold]demo verdict:[/bold] {caught}/{len(attack)} attack accounts flagged; honest accounts flagged: {len(wrong)}" + (f" ({', '.join(wrong)})" if wrong else ""))


@app.command("detectors")
def list_detectors() -> None:
    """List the registered detectors with their weights and what they catch."""
    from distillguard.detectors.base import registry

    t = Table(title="Detectors")
    for c in ("name", "family", "capability", "weight", "maturity", "catches"):
        t.add_column(c, overflow="fold")
    for name, cls in registry().items():
        doc = (cls.__doc__ or "").strip().splitlines()
        t.add_row(name, cls.family, cls.capability or "-", f"{cls.parameters().get('weight', 0):.2f}", cls.maturity, escape(doc[0] if doc else ""))
    console.print(t)


@config_app.command("show")
def config_show(config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Print every effective setting and detector parameter, and where its value came from."""
    try:
        cfg = _load_config(config, set_)
    except DistillguardError as exc:
        _fail(exc)
        return
    t = Table(title="Effective configuration")
    for c in ("key", "value", "source", "help"):
        t.add_column(c, overflow="fold")
    for key, val, src, help_ in cfg.rows():
        t.add_row(key, escape(repr(val)), src, escape(help_))
    console.print(t)


# Commands of other areas live in their own modules (one owner each); each registers on ``app``.
from distillguard import _cli_online, _cli_outputs, _cli_sim  # noqa: E402

for _area in (_cli_sim, _cli_outputs, _cli_online):
    _area.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
