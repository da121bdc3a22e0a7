"""CLI commands for labelled traffic: ``simulate``, ``evaluate`` and ``calibrate``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from distillguard.cli import ConfigOpt, SetOpt, _fail, _load_config, _progress, console
from distillguard.errors import DistillguardError


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(simulate)
    app.command()(evaluate)
    app.command()(calibrate)


def simulate(
    out: Annotated[Path, typer.Option("--out", "-o", help="output directory")] = Path("traffic"),
    scenario: Annotated[str, typer.Option("--scenario", "-s", help="scenario TOML file or built-in name (default, small, demo, hiding, hiding-small, wide-thin-25k)")] = "default",
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

    try:
        out_dir = out or (findings if findings else traffic / "findings")
        events = _traffic_events(traffic)
        if findings is None:
            _scan_traffic(traffic, out_dir, _load_config(config, set_))
            fdir = out_dir
        else:
            fdir = findings
        report = run_eval(_labels_file(traffic), fdir / "accounts.jsonl", fdir / "campaigns.jsonl", events)
    except DistillguardError as exc:
        _fail(exc)
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


def _labels_file(traffic: Path) -> Path:
    for name in ("labels.jsonl", "labels.parquet"):
        if (traffic / name).exists():
            return traffic / name
    raise DistillguardError(f"no labels file (labels.jsonl / labels.parquet) in {traffic}")


def _scan_traffic(traffic: Path, out_dir: Path, cfg: Any) -> None:
    """Scan a simulated traffic directory (events and, where present, its accounts table) into ``out_dir``."""
    from distillguard.scan import Scan

    events = _traffic_events(traffic)
    db = out_dir / "scan.duckdb"
    if db.exists():
        db.unlink()
    accts = [p for p in [traffic / "accounts.jsonl", traffic / "accounts.parquet"] if p.exists()]
    with _progress(sys.stderr.isatty()) as stage:
        result = Scan(config=cfg, stage=stage).run([events], out_dir, accounts_paths=accts)
    console.print(f"scanned {result.summary['events']:,} events: {result.summary['flagged']} flagged, {result.summary['campaigns']} campaigns")


def calibrate(
    labelled: Annotated[list[Path], typer.Argument(help="directories written by `distillguard simulate` (or any labelled traffic in that layout)")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="where calibration.toml and calibration.json go (default FIRST_DIR/calibration)")] = None,
    benign_flag_rate: Annotated[float, typer.Option(help="share of honest accounts the fitted threshold may flag")] = 0.001,
    l2: Annotated[float, typer.Option(help="pull of the fitted weights towards the ones in force (0.2: chosen by fitting small seed 1 and testing on seed 2, and back)")] = 0.2,
    rescan: Annotated[bool, typer.Option(help="scan again even where DIR/findings/scan.duckdb exists")] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Fit the combination's detector weights and alert threshold from labelled traffic and write a config.

    Each directory is scanned (unless DIR/findings holds a scan already); the per-detector scores of
    every labelled account are fitted by the weighted noisy-OR's likelihood (pulled towards the weights
    in force by --l2), and the threshold is set to flag at most --benign-flag-rate of the honest
    accounts.  Use the result with
    `distillguard scan --config OUT/calibration.toml`.
    """
    import time

    import numpy as np
    import orjson
    from rich.markup import escape
    from rich.table import Table

    from distillguard.detectors.base import iter_detectors
    from distillguard.evaluate._calibrate import fit_calibration, read_score_matrix
    from distillguard.evaluate._metrics import _rows

    try:
        cfg = _load_config(config, set_)
        weight_of = {d.name: float(d.weight) for d in iter_detectors(cfg.detectors)}
        blocks, ys = [], []
        names: list[str] | None = None
        for d in labelled:
            fdir = d / "findings"
            if rescan or not (fdir / "scan.duckdb").exists():
                _scan_traffic(d, fdir, cfg)
            st = read_score_matrix(fdir)
            if names is None:
                names = st.detectors
            elif st.detectors != names:
                raise DistillguardError(f"{fdir}: scanned with other detectors ({', '.join(st.detectors)}); use --rescan")
            lab = {str(r["account_id"]): r["label"] == "attack" for r in _rows(_labels_file(d))}
            rows = [i for i, a in enumerate(st.account_ids) if a in lab]
            blocks.append(st.scores[rows])
            ys.append(np.array([lab[st.account_ids[i]] for i in rows], dtype=bool))
        assert names is not None
        w0 = np.array([weight_of.get(n, 0.0) for n in names])
        thr0 = float(cfg.get("scoring.alert_threshold"))
        cal = fit_calibration(np.vstack(blocks), np.concatenate(ys), names, w0, default_threshold=thr0,
                              benign_flag_rate=benign_flag_rate, l2=l2)
    except DistillguardError as exc:
        _fail(exc)
        return
    out_dir = out or labelled[0] / "calibration"
    out_dir.mkdir(parents=True, exist_ok=True)
    command = (f"distillguard calibrate {' '.join(map(str, labelled))} --benign-flag-rate {benign_flag_rate:g} --l2 {l2:g}"
               + (f" --config {config}" if config else "") + "".join(f" --set {x}" for x in set_ or []))
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    toml_path, json_path = out_dir / "calibration.toml", out_dir / "calibration.json"
    toml_path.write_text(cal.to_toml([f"fitted by: {command}", f"on {len(labelled)} labelled logs ({cal.fit['accounts']} accounts), {stamp}",
                                      f"threshold targets {benign_flag_rate:g} of honest accounts flagged; use with --config {toml_path}"]), "utf-8")
    record = {**cal.to_dict(), "command": command, "created_at": stamp, "traffic": [str(d) for d in labelled],
              "config": str(config) if config else None, "config_file": str(toml_path)}
    json_path.write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))

    t = Table(title=f"Calibration on {cal.fit['accounts']:,} accounts ({cal.fit['attack_accounts']:,} attack)")
    for c in ("setting", "in force", "fitted"):
        t.add_column(c, justify="left" if c == "setting" else "right")
    t.add_row("scoring.alert_threshold", f"{cal.default_threshold:.4f}", f"{cal.threshold:.4f}")
    for name, a, b in zip(cal.detectors, cal.default_weights, cal.weights):
        t.add_row(f"detectors.{escape(name)}.weight", f"{a:.4f}", f"{b:.4f}")
    console.print(t)
    f = cal.fit
    for key, words in (("default", "in force"), ("fitted", "fitted")):
        g = f["own_risk_at_threshold"][key]
        console.print(f"{words}: log-loss {f['log_loss'][key]:.4f}; own risk at its threshold flags "
                      f"{g['honest_flagged']} honest accounts, recall {g['recall']:.3f} (before campaign feedback)")
    console.print(f"config: {toml_path}\nrecord: {json_path}")
