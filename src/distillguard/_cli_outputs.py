"""CLI commands for the outputs area: ``report``, ``export``, ``evidence`` and ``verify``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Optional

import orjson
import typer

from distillguard.cli import ConfigOpt, SetOpt, _fail, _load_config, console, err
from distillguard.errors import DistillguardError

FindingsArg = Annotated[Path, typer.Argument(help="findings directory written by `distillguard scan`")]


class ExportFormat(str, Enum):
    ocsf = "ocsf"
    ecs = "ecs"
    stix = "stix"
    sigma = "sigma"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(report)
    app.command()(export)
    app.command()(evidence)
    app.command()(verify)


def report(
    findings: FindingsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path("report.html"),
    top_campaigns: Annotated[int, typer.Option(help="campaigns shown in full (graph, timeline, members)")] = 20,
    top_accounts: Annotated[int, typer.Option(help="flagged accounts shown in full (reasons, timeline, sample requests)")] = 50,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Write one self-contained HTML report of a scan's findings (works offline)."""
    from distillguard.sinks.report import ReportOptions, write_report

    try:
        cfg = _load_config(config, set_)
        path = write_report(findings, out, options=ReportOptions(top_campaigns=top_campaigns, top_accounts=top_accounts),
                            detector_config=cfg.detectors)
    except DistillguardError as exc:
        _fail(exc)
        return
    console.print(f"report: {path} ({path.stat().st_size / 1e6:.1f} MB)", soft_wrap=True)


def _write_lines(rows: object, fh: IO[bytes]) -> int:
    n = 0
    for row in rows:  # type: ignore[attr-defined]
        fh.write(orjson.dumps(row, option=orjson.OPT_SERIALIZE_NUMPY) + b"\n")
        n += 1
    return n


def export(
    findings: FindingsArg,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="ocsf (OCSF 1.8 Detection Finding JSON Lines), ecs (Elastic alerts, JSON Lines), stix (STIX 2.1 bundle), sigma (Sigma rules, YAML)")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="file to write (default: standard output)")] = None,
    include_identifiers: Annotated[bool, typer.Option("--include-identifiers", help="stix: also share account ids and wrapper phrases in clear")] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Export findings for a SIEM (OCSF, ECS), for sharing with other providers (STIX), or as Sigma rules."""
    from distillguard.sinks._findings import load_findings

    try:
        cfg = _load_config(config, set_)
        fh: IO[bytes]
        fh = out.open("wb") if out is not None else sys.stdout.buffer
        try:
            if fmt is ExportFormat.sigma:
                from distillguard.sinks.sigma import sigma_rules

                text = sigma_rules(cfg.detectors)
                fh.write(text.encode("utf-8"))
                n = text.count("\ntitle:") + 1
            else:
                f = load_findings(findings)
                if fmt is ExportFormat.stix:
                    from distillguard.sinks.stix import stix_bundle

                    bundle = stix_bundle(f, include_identifiers=include_identifiers)
                    fh.write(bundle.serialize(pretty=True).encode("utf-8") + b"\n")
                    n = len(bundle.objects)
                elif fmt is ExportFormat.ocsf:
                    from distillguard.sinks.ocsf import ocsf_findings

                    n = _write_lines(ocsf_findings(f), fh)
                else:
                    from distillguard.sinks.ecs import ecs_alerts

                    n = _write_lines(ecs_alerts(f), fh)
        finally:
            if out is not None:
                fh.close()
            else:
                fh.flush()
    except DistillguardError as exc:
        _fail(exc)
        return
    err.print(f"{fmt.value}: {n} {'objects' if fmt is ExportFormat.stix else 'rules' if fmt is ExportFormat.sigma else 'records'}"
              + (f" -> {out}" if out is not None else ""), soft_wrap=True)


def evidence(
    findings: FindingsArg,
    campaign: Annotated[str, typer.Argument(help="campaign id, as in campaigns.jsonl")],
    out: Annotated[Path, typer.Option("--out", "-o", help="new (or empty) directory for the bundle")],
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Write a campaign's evidence bundle: its requests (Parquet), findings rows, report, configuration,
    package versions, and a manifest of SHA-256 hashes."""
    from distillguard.sinks.evidence import write_bundle

    try:
        cfg = _load_config(config, set_)
        digest = write_bundle(findings, campaign, out, configuration=cfg.rows())
    except DistillguardError as exc:
        _fail(exc)
        return
    console.print(f"bundle: {out}", soft_wrap=True)
    console.print(f"manifest SHA-256: {digest}  (record it in the case file; `distillguard verify {out} --expect {digest}`)", soft_wrap=True)


def verify(
    bundle: Annotated[Path, typer.Argument(help="evidence bundle directory")],
    expect: Annotated[Optional[str], typer.Option("--expect", help="the manifest SHA-256 recorded when the bundle was made")] = None,
) -> None:
    """Check an evidence bundle against its manifest; name every file added, removed or changed (exit 1 if any)."""
    from distillguard.sinks.evidence import verify_bundle

    check = verify_bundle(bundle, expected=expect)
    if check.ok:
        console.print(f"ok: every file matches the manifest (SHA-256 {check.manifest_sha256})", soft_wrap=True)
        return
    from rich.markup import escape

    from distillguard.sinks._text import visible

    for line in check.lines():  # file names in a bundle are anyone's text: no markup, controls spelled out
        err.print(f"[bold red]FAIL[/bold red] {escape(visible(line))}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)
