"""Command line: a thin layer over the library (Typer + Rich).

Exit codes (``distillguard --help`` and ``docs/formats.md`` list them):

====  ==========================================================================================
0     the run finished
1     accounts were flagged and ``--fail-on-flag`` was given
2     usage: an unknown option, a bad value, a setting of the wrong type
3     input unusable: a missing or unreadable file, more than half the rows rejected (or the
      ``ingest.max_bad_fraction`` in force), no event loaded, a corrupt or busy database
4     an internal error (a bug: set ``DISTILLGUARD_DEBUG=1`` to see the traceback)
====  ==========================================================================================

Everything printed that comes from a log (account ids, user agents, reasons quoting prompts, file
names) goes through :func:`visible`, so control characters (``ESC[2J``, OSC title sequences, bidi
overrides) show as escapes instead of acting on the terminal.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from distillguard import __version__
from distillguard.config import Config
from distillguard.errors import EXIT_FLAGGED, EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, DistillguardError, UsageError

app = typer.Typer(
    name="distillguard",
    help="Audit LLM API request logs for model extraction (distillation) campaigns.\n\n"
    "Exit codes: 0 ok; 1 accounts flagged with --fail-on-flag; 2 usage; 3 input unusable; 4 internal error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Inspect the effective configuration.", no_args_is_help=True)
app.add_typer(config_app, name="config")

console = Console(stderr=False, highlight=False)
err = Console(stderr=True, highlight=False)

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", "-c", help="distillguard.toml to load")]
SetOpt = Annotated[Optional[list[str]], typer.Option("--set", help="override a setting: KEY=VALUE (repeatable)")]

#: formats ``scan --format`` takes: ``auto`` detects adapters' exports per file, ``events`` reads
#: canonical events only
SCAN_FORMATS = ("auto", "events", "otel", "litellm", "langfuse", "openai", "anthropic")


# --------------------------------------------------------------------------------------------
# hostile text on a terminal

_VISIBLE_NAMES = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_FORMAT_CHARS = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF}
_FORMAT_CHARS |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _escape_char(o: int) -> str:
    if o in _VISIBLE_NAMES:
        return _VISIBLE_NAMES[o]
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


_TABLE = {o: _escape_char(o) for o in [*range(0x20), 0x7F, *range(0x80, 0xA0), *_FORMAT_CHARS]}


def visible(value: Any) -> str:
    """``value`` as text that cannot act on a terminal: C0/C1 control characters, DEL and the
    invisible formatting and bidi characters are written as escapes (``\\x1b``, ``\\u202e``).

    >>> visible("acct\\x1b[2J\\x1b]0;pwned\\x07") == "acct\\\\x1b[2J\\\\x1b]0;pwned\\\\x07"
    True
    >>> visible("evil\\u202etxt.exe"), visible(42)
    ('evil\\\\u202etxt.exe', '42')
    """
    return str(value).translate(_TABLE)


def _cell(value: Any) -> str:
    """A table cell or message part from log text: made visible, then Rich markup escaped."""
    return escape(visible(value))


# --------------------------------------------------------------------------------------------
# progress


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


# --------------------------------------------------------------------------------------------
# errors


def _load_config(config: Path | None, overrides: list[str] | None) -> Config:
    """The effective configuration; any problem with it is a usage error (exit 2)."""
    try:
        cfg = Config.load(config, overrides or [])
    except UsageError:
        raise
    except DistillguardError as exc:
        raise UsageError(exc.message, source=exc.source) from exc
    mbf = cfg.get("ingest.max_bad_fraction")
    if mbf is not None and (isinstance(mbf, bool) or not isinstance(mbf, (int, float)) or not 0 <= mbf <= 1):
        raise UsageError(f"ingest.max_bad_fraction must be a number between 0 and 1, got {mbf!r}", source=None)
    return cfg


def _print_json(doc: Any) -> None:
    """``doc`` as indented JSON on stdout, every non-ASCII character escaped: exact for a program,
    inert on a terminal (no control or bidi character is written as itself)."""
    plain = orjson.loads(orjson.dumps(doc, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS, default=str))
    sys.stdout.write(json.dumps(plain, indent=2, ensure_ascii=True) + "\n")


def _fail(exc: Exception, *, as_json: bool = False) -> None:
    """Print ``exc`` as one line (plus its location) and exit with its code."""
    code = exc.exit_code if isinstance(exc, DistillguardError) else EXIT_INPUT if isinstance(exc, OSError) else EXIT_INTERNAL
    if isinstance(exc, OSError) and not isinstance(exc, DistillguardError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        message = f"{exc.strerror or exc}{where}"
    else:
        message = str(exc)
    if as_json:
        _print_json({"error": message, "hint": getattr(exc, "hint", None), "exit_code": code})
    err.print(f"[bold red]error:[/bold red] {_cell(message)}", soft_wrap=True)
    hint = getattr(exc, "hint", None)
    if hint:
        err.print(f"  {_cell(hint)}", soft_wrap=True)
    if code == EXIT_INTERNAL:
        err.print("  this is a bug in distillguard; set DISTILLGUARD_DEBUG=1 to see the traceback", soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def _errors(as_json: bool = False) -> Iterator[None]:
    """Turn every failure of a command into one line and a documented exit code."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except (DistillguardError, OSError) as exc:
        _fail(exc, as_json=as_json)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("DISTILLGUARD_DEBUG"):
            raise
        if type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb") and type(exc).__name__ == "IOException":
            # a database file that is corrupt, or locked by another running scan: the input, not a bug
            _fail(DistillguardError(str(exc).split("\n")[0]), as_json=as_json)
        _fail(RuntimeError(f"internal error: {type(exc).__name__}: {exc}"), as_json=as_json)


# --------------------------------------------------------------------------------------------
# what ingest found


def _reject_hint(field: str | None, kind: str, stats: Sequence[Any]) -> str:
    """How to fix the commonest reason rows were rejected."""
    formats = ", ".join(SCAN_FORMATS[2:])
    if field == "account_id" and kind.startswith("required field"):
        seen: Counter[str] = Counter()
        for st in stats:
            seen.update(st.identity_fields)
        if seen:
            best = [k for k, _ in seen.most_common(3)]
            return f"pass --account-key {best[0]}" + (f" (rows also carry: {', '.join(best[1:])})" if len(best) > 1 else "")
        return "the log names no principal; pass --account-key FIELD with a field that does"
    if field in ("request_id", "ts") and kind.startswith("required field"):
        return f"every row needs a {field}; if this is another tool's export, pass --format ({formats})"
    if "looks like epoch" in kind or kind.startswith("timestamp out of range"):
        return "the epoch numbers mix units or are implausible; pass --ts-unit s|ms|us|ns if they are all one unit"
    if kind.startswith("not a timestamp"):
        return "timestamps must be RFC 3339 (2024-05-01T12:00:00Z) or epoch numbers"
    if kind.startswith("invalid JSON"):
        return "the file is not JSON Lines; name CSV files .csv and Parquet files .parquet"
    return "see the rejects file for each row"


def _tally(stats: Sequence[Any]) -> Counter[tuple[str | None, str]]:
    total: Counter[tuple[str | None, str]] = Counter()
    for st in stats:
        total.update(st.reasons)
    return total


def _unusable_message(stats: Sequence[Any], rows_read: int, rejected: int) -> tuple[str, str | None]:
    """(message, hint) for a scan whose input could not be used: the commonest reason and its fix."""
    tally = _tally(stats)
    if not tally:
        return "no event was loaded: the input holds no rows", None
    (field, kind), n = tally.most_common(1)[0]
    if field in ("account_id", "request_id", "ts") and kind.startswith("required field"):
        lead = f"every row lacks {field}" if n >= rows_read else f"{n:,} of {rows_read:,} rows lack {field}"
    else:
        lead = f"{n:,} of {rows_read:,} rows rejected for " + (f"{field}: {kind}" if field else kind)
    return f"{lead}: {_reject_hint(field, kind, stats)}", f"{rejected:,} of {rows_read:,} rows were rejected; each is in the rejects file"


def _file_report(stats: Sequence[Any]) -> list[str]:
    from distillguard.events.readers import EPOCH_UNITS

    lines = []
    for st in stats:
        bits = []
        if st.format != "events" or st.detected:
            bits.append(f"read as {st.format}" + (" (detected)" if st.detected else ""))
        for f, unit in st.ts_units.items():
            at = st.ts_unit_lines.get(f)
            bits.append(f"{f} in epoch {EPOCH_UNITS.get(unit, unit)}" + (f" (by magnitude, from line {at})" if at else " (as told)"))
        if st.naive_ts:
            bits.append(f"{st.naive_ts:,} timestamps without offset read as UTC")
        for text, n in st.notes.most_common(3):
            bits.append(f"{text} ({n:,} rows)")
        if st.broken:
            bits.append(f"breaks off at {st.broken}")
        if bits:
            lines.append(f"{visible(st.path)}: " + "; ".join(visible(b) for b in bits))
    return lines


# --------------------------------------------------------------------------------------------
# the findings on a terminal


def _findings_table(result: Any, limit: int = 20, labels: dict[str, str] | None = None) -> Table:
    rows = sorted(result.flagged, key=lambda r: -r["risk"])[:limit]
    shown = f", top {len(rows)}" if len(rows) < len(result.flagged) else ""
    t = Table(title=f"Flagged accounts ({len(result.flagged)} of {len(result.accounts)}{shown})", show_lines=False)
    t.add_column("account", overflow="fold")
    t.add_column("risk", justify="right")
    t.add_column("campaign", overflow="fold")
    t.add_column("flagged at")
    t.add_column("events", justify="right")
    t.add_column("top reason", overflow="fold", max_width=70)
    if labels is not None:
        t.add_column("truth")
    for r in rows:
        top = r["reasons"][0]["summary"] if r["reasons"] else ""
        cells = [_cell(r["account_id"]), f"{r['risk']:.2f}", _cell(r["campaign"] or "-"), _cell(r["flagged_at"] or "-"), str(r["events"]), _cell(top)]
        if labels is not None:
            cells.append(_cell(labels.get(r["account_id"], "?")))
        t.add_row(*cells)
    return t


def _campaigns_table(result: Any, limit: int) -> Table:
    camps = sorted(result.campaigns, key=lambda c: -c["risk"])[:limit]
    shown = f", top {len(camps)}" if len(camps) < len(result.campaigns) else ""
    t = Table(title=f"Campaigns ({len(result.campaigns)}{shown})")
    t.add_column("campaign", overflow="fold")
    t.add_column("accounts", justify="right")
    t.add_column("risk", justify="right")
    t.add_column("summary", overflow="fold", max_width=90)
    for c in camps:
        t.add_row(_cell(c["campaign"]), str(len(c["accounts"])), f"{c['risk']:.2f}", _cell(c["summary"]))
    return t


def _print_scan(result: Any, labels: dict[str, str] | None = None, *, top: int = 20, stats: Sequence[Any] = ()) -> None:
    s = result.summary
    ing = s.get("ingest", {})
    console.print(
        f"[bold]{s['events']:,}[/bold] events from [bold]{s['accounts']:,}[/bold] accounts; "
        f"[bold red]{s['flagged']}[/bold red] flagged, [bold]{s['campaigns']}[/bold] campaigns; "
        f"rejected rows: {ing.get('rejected', 0) + ing.get('accounts_rejected', 0)}"
    )
    for line in _file_report(stats):
        console.print(escape(line), soft_wrap=True)
    tally = _tally(stats)
    if tally:
        common = ", ".join(f"{visible(f + ': ' if f else '')}{visible(k)} ×{n:,}" for (f, k), n in tally.most_common(3))
        console.print(f"commonest rejects: {escape(common)}", soft_wrap=True)
    if result.flagged:
        console.print(_findings_table(result, limit=top, labels=labels))
    if result.campaigns:
        console.print(_campaigns_table(result, limit=max(1, top // 2)))
    out = result.out_dir
    # one path per line, never wrapped, so that a pipe or a terminal of any width can copy them
    paths = [("findings", out / "accounts.jsonl"), ("campaigns", out / "campaigns.jsonl"), ("summary", out / "summary.json"),
             ("rejects", Path(ing.get("rejects_path") or out / "rejects.jsonl"))]
    if result.summary.get("outputs", {}).get("report"):
        paths.append(("report", Path(result.summary["outputs"]["report"])))
    if result.db_path:  # an engine without a store on disk (memory) has none to show
        paths.append(("database", result.db_path))
    for name, p in paths:
        console.print(f"{name}: {escape(visible(p))}", soft_wrap=True, overflow="ignore", crop=False)


def _json_summary(result: Any, stats: Sequence[Any], code: int, top: int) -> dict[str, Any]:
    flagged = sorted(result.flagged, key=lambda r: -r["risk"])[:top]
    camps = sorted(result.campaigns, key=lambda c: -c["risk"])[:top]
    return {
        "exit_code": code,
        "events": result.summary.get("events"),
        "accounts": result.summary.get("accounts"),
        "flagged": result.summary.get("flagged"),
        "campaigns": result.summary.get("campaigns"),
        "ingest": result.summary.get("ingest"),
        "files": [
            {"path": st.path, "format": st.format, "detected": st.detected, "rows_read": st.rows_read, "rejected": st.rejected,
             "ts_units": st.ts_units, "naive_ts": st.naive_ts, "notes": dict(st.notes), "broken": st.broken,
             "reject_reasons": [{"field": f, "reason": k, "rows": n} for (f, k), n in st.reasons.most_common()]}
            for st in stats
        ],
        "top_accounts": [{k: r.get(k) for k in ("account_id", "risk", "campaign", "flagged_at", "events")} for r in flagged],
        "top_campaigns": [{"campaign": c["campaign"], "accounts": len(c["accounts"]), "risk": c["risk"]} for c in camps],
        "outputs": {**result.summary.get("outputs", {}), "summary": str(result.out_dir / "summary.json"), "database": str(result.db_path) if result.db_path else None,
                    "rejects": (result.summary.get("ingest") or {}).get("rejects_path")},
    }


# --------------------------------------------------------------------------------------------
# commands


def _version(value: bool) -> None:
    if value:
        console.print(f"distillguard {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")] = False,
) -> None:
    """Audit LLM API request logs for model extraction (distillation) campaigns."""


def _read_options(account_key: str | None, ts_unit: str, fmt: str, ip_db: Sequence[Path] | None) -> Any:
    from distillguard.events.readers import ReadOptions

    if fmt not in SCAN_FORMATS:
        raise UsageError(f"unknown --format {fmt!r} (known: {', '.join(SCAN_FORMATS)})")
    enrich: Callable[[Any], Any] | None = None
    if ip_db:
        from distillguard.events.enrich import IpEnricher, open_ip_database

        enrich = IpEnricher([open_ip_database(p) for p in ip_db])
    try:
        return ReadOptions(
            account_key=tuple((account_key or "").split(",")), ts_unit=ts_unit, sniff=fmt == "auto", enrich=enrich,
        )
    except DistillguardError as exc:
        raise UsageError(exc.message) from exc


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="log files, directories or glob patterns")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory")] = Path("findings"),
    accounts: Annotated[Optional[list[str]], typer.Option("--accounts", help="accounts file(s)")] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto (detect each file's format), events (canonical only), otel, litellm, langfuse, openai, anthropic")] = "auto",
    account_key: Annotated[Optional[str], typer.Option("--account-key", help="FIELD[,FIELD…]: the first non-empty becomes account_id (e.g. api_key_id, end_user, org_id, service.name)")] = None,
    ts_unit: Annotated[str, typer.Option("--ts-unit", help="epoch unit of numeric timestamps: auto (by magnitude), s, ms, us, ns")] = "auto",
    ip_db: Annotated[Optional[list[Path]], typer.Option("--ip-db", help="offline ip2asn TSV or MaxMind .mmdb to fill asn, as_org, country (repeatable)")] = None,
    db: Annotated[Optional[Path], typer.Option("--db", help="DuckDB file (default OUT/scan.duckdb)")] = None,
    max_bad_fraction: Annotated[Optional[float], typer.Option("--max-bad-fraction", help="fail when more rows than this are rejected (default 0.5)")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (embedded, default), spark, or memory (the pure-Python reference)")] = "duckdb",
    master: Annotated[Optional[str], typer.Option("--master", help="Spark master: local[2], spark://HOST:PORT, yarn (with --engine spark)")] = None,
    append: Annotated[bool, typer.Option("--append", help="add this log to the scan already in --out (default: start clean)")] = False,
    incremental: Annotated[bool, typer.Option("--incremental", help="read only the partitions (dt=DAY/ directories, else files) the store in --out has not scanned, and merge them in")] = False,
    since: Annotated[Optional[str], typer.Option("--since", help="incremental, from this day (YYYY-MM-DD) of dt=DAY/ partitions on")] = None,
    fail_on_flag: Annotated[bool, typer.Option("--fail-on-flag", help="exit 1 when any account is flagged")] = False,
    signatures: Annotated[Optional[Path], typer.Option("--signatures", help="campaign signatures file: its known campaigns are matched against this scan's accounts, then it is written back with this scan's (created when missing)")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="accounts (and half as many campaigns) shown; the files hold them all")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="print a machine-readable summary on stdout instead of tables")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="print nothing but errors")] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
) -> None:
    """Scan request logs and write accounts.jsonl and campaigns.jsonl."""
    from distillguard.engines import make_engine
    from distillguard.events.readers import reading
    from distillguard.scan import Scan

    code = 0
    with _errors(as_json):
        cfg = _load_config(config, (set_ or []) + ([f"ingest.max_bad_fraction={max_bad_fraction}"] if max_bad_fraction is not None else []))
        opts = _read_options(account_key, ts_unit, fmt, ip_db)
        engine_fmt = "auto" if fmt in ("auto", "events") else fmt
        if master is not None and engine != "spark":
            raise UsageError("--master is for --engine spark")
        options: dict[str, Any] = {"path": db} if engine == "duckdb" else {}
        if master is not None:
            options["master"] = master
        try:
            eng = make_engine(engine, cfg, **options)
        except NotImplementedError as exc:
            raise DistillguardError(str(exc)) from None
        except DistillguardError as exc:
            if exc.message.startswith("unknown engine"):
                raise UsageError(exc.message) from None
            raise
        with reading(opts), _progress(progress and not quiet and not as_json and sys.stderr.isatty()) as stage:
            try:
                result = _run_scan(Scan(config=cfg, engine=eng, stage=stage, signatures=signatures), paths, out, accounts or [], engine_fmt, opts.files,
                                   append=append, incremental=incremental, since=since)
            except NotImplementedError as exc:
                raise DistillguardError(str(exc)) from None
        if result.summary.get("events", 0) == 0:
            message, hint = _unusable_message(opts.files, *_read_counts(result.summary))
            raise DistillguardError(message, hint=hint)
        code = EXIT_FLAGGED if fail_on_flag and result.flagged else 0
        if as_json:
            _print_json(_json_summary(result, opts.files, code, top))
        elif not quiet:
            _print_scan(result, top=top, stats=opts.files)
    raise typer.Exit(code)


def _read_counts(summary: dict[str, Any]) -> tuple[int, int]:
    ing = summary.get("ingest") or {}
    return int(ing.get("rows_read", 0)), int(ing.get("rejected", 0))


def _run_scan(scanner: Any, paths: list[str], out: Path, accounts: list[str], fmt: str, stats: list[Any], **run: Any) -> Any:
    """``scanner.run``; a run stopped by too many rejects is re-raised with its commonest reason and fix."""
    from distillguard.events.store import IngestError

    try:
        return scanner.run(paths, out, accounts_paths=accounts, fmt=fmt, **run)
    except IngestError as exc:
        s = exc.summary
        message, _ = _unusable_message(stats, s.rows_read + s.accounts_read, s.rejected + s.accounts_rejected)
        raise DistillguardError(message, hint=exc.message) from exc


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory")] = Path("demo-out"),
    seed: Annotated[int, typer.Option(help="random seed of the demo log")] = 0,
) -> None:
    """Build the small built-in labelled log, scan it, and show what was caught."""
    import pyarrow.parquet as pq

    from distillguard.fixtures import demo_traffic
    from distillguard.scan import Scan

    with _errors():
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
        console.print(f"demo log: {events.num_rows:,} events, {accounts_tbl.num_rows} accounts -> {escape(visible(log))}", soft_wrap=True)
        with _progress(sys.stderr.isatty()) as stage:
            result = Scan(stage=stage).run([log], out, accounts_paths=[acc_path])
        truth = {r["account_id"]: f"{r['label']}/{r['scenario']}" for r in labels.to_pylist()}
        _print_scan(result, labels=truth)
        attack = {a for a, t in truth.items() if t.startswith("attack")}
        flagged = {r["account_id"] for r in result.flagged}
        caught = len(attack & flagged)
        wrong = sorted(flagged - attack)
        console.print(f"[bold]demo verdict:[/bold] {caught}/{len(attack)} attack accounts flagged; honest accounts flagged: {len(wrong)}"
                      + (f" ({_cell(', '.join(wrong))})" if wrong else ""))


@app.command("detectors")
def list_detectors() -> None:
    """List the registered detectors with their weights and what they catch."""
    from distillguard.detectors.base import registry

    with _errors():
        t = Table(title="Detectors")
        for c in ("name", "family", "capability", "weight", "maturity", "catches"):
            t.add_column(c, overflow="fold")
        for name, cls in registry().items():
            doc = (cls.__doc__ or "").strip().splitlines()
            t.add_row(_cell(name), _cell(cls.family), _cell(cls.capability or "-"), f"{cls.parameters().get('weight', 0):.2f}",
                      _cell(cls.maturity), _cell(doc[0] if doc else ""))
        console.print(t)


@config_app.command("show")
def config_show(config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Print every effective setting and detector parameter, and where its value came from."""
    with _errors():
        cfg = _load_config(config, set_)
        t = Table(title="Effective configuration")
        for c in ("key", "value", "source", "help"):
            t.add_column(c, overflow="fold")
        for key, val, src, help_ in cfg.rows():
            t.add_row(_cell(key), _cell(repr(val)), _cell(src), _cell(help_))
        console.print(t)


# Commands of other areas live in their own modules (one owner each); each registers on ``app``.
from distillguard import _cli_online, _cli_outputs, _cli_sim  # noqa: E402

for _area in (_cli_sim, _cli_outputs, _cli_online):
    _area.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
