"""distillguard side by side with published detectors, on the same labelled traffic.

Usage (normally through ``bash bench/peers/run.sh``, which builds the peers' environment)::

    python bench/peers/bench.py --size 50k [--size 500k] [--seed 1] [--corpora ../shared/data]
                                [--traffic DIR] [--methods distillguard,fraudar,...] [--out bench/peers/out]

For each size it (1) writes labelled traffic with ``distillguard simulate`` (unless ``--traffic``
names an existing directory of events/accounts/labels), (2) runs every method as a child process
on that one events file — the timed run — and measures its wall time and peak resident memory
(the child's ``ru_maxrss`` from ``wait4``), (3) for batch peers, re-runs them on daily prefixes
(untimed) to fill ``flagged_at``, (4) scores every method's ``accounts.jsonl`` with the same code
(``metrics.py``) and also with ``distillguard evaluate TRAFFIC --findings DIR`` where that command
is available, and (5) prints one markdown table, also written to ``OUT/table.md`` with the raw
figures in ``OUT/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from _common import read_events  # noqa: E402
from metrics import Scores, read_jsonl, score  # noqa: E402

METHODS = ("distillguard", "fraudar", "cnt", "ecod", "iforest", "prada")
NAMES = {
    "distillguard": "distillguard",
    "fraudar": "FRAUDAR (rgmining-fraudar)",
    "cnt": "coordination-network-toolkit",
    "ecod": "PyOD ECOD",
    "iforest": "PyOD IsolationForest",
    "prada": "PRADA",
}
SIZES = {"50k": 50_000, "500k": 500_000}
HARD_NEGATIVE_HINTS = ("eval", "batch", "classif", "agent", "research", "heavy", "harness", "bench", "pipeline")


class Launcher:
    """Runs timed children through ``_launch.py``, started while this process is still small.

    Linux keeps a process's peak resident size across ``execve``, so a child spawned directly from
    this process would report at least this process's own peak (it grows to hold events and scores).
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(HERE / "_launch.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def measure(self, cmd: list[str], log: Path) -> dict[str, Any]:
        """Run ``cmd`` as a child of the launcher; return its wall seconds, peak RSS (bytes) and exit code."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, "log": str(log), "cwd": str(ROOT)}) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


_LAUNCHER: Launcher | None = None


def measure(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run ``cmd`` as a child; return its wall seconds, peak RSS (bytes) and exit code."""
    global _LAUNCHER
    if _LAUNCHER is None:
        _LAUNCHER = Launcher()
    return _LAUNCHER.measure(cmd, log)


def _events_file(traffic: Path) -> Path:
    for name in ("events.parquet", "events.jsonl.gz", "events.jsonl"):
        if (traffic / name).exists():
            return traffic / name
    raise SystemExit(f"no events file in {traffic}")


def simulate(size: str, seed: int, corpora: Path | None, out: Path) -> Path:
    """Write the default scenario's labelled traffic at about ``SIZES[size]`` events into ``out``."""
    import simulate_traffic

    return simulate_traffic.simulate(SIZES[size], seed=seed, corpora=corpora, out=out)


def run_method(method: str, traffic: Path, out: Path) -> dict[str, Any]:
    """Run one method on the traffic's events; return its timing record."""
    events = _events_file(traffic)
    out.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    if method == "distillguard":
        for stale in (out / "scan.duckdb", out / "scan.duckdb.wal"):
            stale.unlink(missing_ok=True)
        cmd = [py, "-m", "distillguard", "scan", str(events), "--out", str(out), "--no-progress"]
        accts = [p for p in (traffic / "accounts.jsonl", traffic / "accounts.parquet") if p.exists()]
        for p in accts:
            cmd += ["--accounts", str(p)]
        rec = measure(cmd, out / "run.log")
        rec["replay_s"] = 0.0
    else:
        rec = measure([py, str(HERE / "peer.py"), method, "--events", str(events), "--out", str(out)], out / "run.log")
        if rec["rc"] == 0:
            t0 = time.perf_counter()
            r = subprocess.run([py, str(HERE / "peer.py"), method, "--events", str(events), "--out", str(out), "--phase", "replay"],
                               cwd=ROOT, capture_output=True, text=True)
            rec["replay_s"] = time.perf_counter() - t0
            if r.returncode:
                rec["rc"] = r.returncode
                (out / "replay.log").write_text(r.stdout + r.stderr)
    if rec["rc"]:
        print(f"  {method}: FAILED (exit {rec['rc']}), see {out / 'run.log'}", file=sys.stderr)
    return rec


def project_evaluate(traffic: Path, findings: Path) -> str | None:
    """``distillguard evaluate TRAFFIC --findings DIR``'s output, or None where it is unavailable."""
    r = subprocess.run([sys.executable, "-m", "distillguard", "evaluate", str(traffic), "--findings", str(findings)],
                       cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "160"})
    text = r.stdout + r.stderr
    (findings / "evaluate.txt").write_text(text)
    return text if r.returncode == 0 else None


def _worst(s: Scores) -> str:
    """The hard-negative scenario with the highest flagged share (any benign scenario if none)."""
    hard = {k: v for k, v in s.honest_flagged.items() if any(h in k for h in HARD_NEGATIVE_HINTS)} or s.honest_flagged
    if not hard:
        return "-"
    k, (w, n) = max(hard.items(), key=lambda kv: (kv[1][0] / max(kv[1][1], 1), kv[1][0]))
    return f"{k} {w}/{n}"


def _mem(b: int) -> str:
    return f"{b / 2**30:.2f} GiB" if b >= 2**30 else f"{b / 2**20:.0f} MiB"


def table(results: list[dict[str, Any]]) -> str:
    """The markdown table (one row per size × method) and the per-scenario honest breakdown."""
    head = ("| size | method | precision | recall | honest flagged (all) | worst hard negative | "
            "campaign requests before first flag (median; share; caught) | events/s | peak memory |")
    lines = [head, "|" + "---|" * 9]
    for r in results:
        if r.get("scores") is None:
            lines.append(f"| {r['size']} | {NAMES[r['method']]} | failed | | | | | | |")
            continue
        s = Scores(**r["scores"])
        w = sum(v[0] for v in s.honest_flagged.values())
        n = sum(v[1] for v in s.honest_flagged.values())
        med = "-" if s.median_requests_before_flag is None else f"{s.median_requests_before_flag:,.0f}"
        share = "-" if s.share_through is None else f"{s.share_through:.0%}"
        lines.append(
            f"| {r['size']} ({r['events']:,} ev) | {NAMES[r['method']]} | {s.precision:.2f} | {s.recall:.2f} | {w}/{n} | {_worst(s)} | "
            f"{med}; {share}; {s.campaigns_caught}/{s.campaigns} | {r['events'] / r['wall_s']:,.0f} | {_mem(r['peak_rss'])} |")
    scen = sorted({k for r in results if r.get("scores") for k in r["scores"]["honest_flagged"]})
    lines += ["", "Honest accounts flagged, by scenario:", "",
              "| size | method | " + " | ".join(scen) + " |", "|" + "---|" * (2 + len(scen))]
    for r in results:
        if r.get("scores"):
            hf = r["scores"]["honest_flagged"]
            cells = [f"{hf[k][0]}/{hf[k][1]}" if k in hf else "-" for k in scen]
            lines.append(f"| {r['size']} | {NAMES[r['method']]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """One line describing the machine the numbers came from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs{mem}, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", action="append", choices=sorted(SIZES), help="traffic size (repeatable); default 50k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--traffic", type=Path, help="use this labelled traffic directory instead of simulating (one size)")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--reuse-traffic", action="store_true",
                    help="use OUT/SIZE/traffic as it is where an earlier run with the same seed wrote it")
    ap.add_argument("--merge", action="store_true",
                    help="keep OUT/results.json's rows for the sizes and methods not run now (re-run one method)")
    args = ap.parse_args(argv)
    global _LAUNCHER
    _LAUNCHER = Launcher()  # first, while this process is small: see Launcher
    sizes = args.size or ["50k"]
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    for m in methods:
        if m not in METHODS:
            ap.error(f"unknown method {m!r}; choose from {', '.join(METHODS)}")
    t_start = time.perf_counter()
    results: list[dict[str, Any]] = []
    for size in sizes:
        base = args.out / size
        if args.traffic:
            traffic = args.traffic
        else:
            traffic = base / "traffic"
            stamp = base / "traffic.seed"
            if args.reuse_traffic and traffic.exists() and stamp.exists() and stamp.read_text().strip() == str(args.seed):
                print(f"[{size}] reusing traffic in {traffic} (seed {args.seed})", file=sys.stderr)
            else:
                if traffic.exists():
                    shutil.rmtree(traffic)
                stamp.unlink(missing_ok=True)
                print(f"[{size}] simulating traffic into {traffic}", file=sys.stderr)
                t0 = time.perf_counter()
                simulate(size, args.seed, args.corpora if args.corpora.exists() else None, traffic)
                stamp.write_text(f"{args.seed}\n")
                print(f"[{size}] simulated in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        ev = read_events(_events_file(traffic), ())
        labels = read_jsonl(next(p for p in (traffic / "labels.jsonl", traffic / "labels.parquet") if p.exists()))
        for m in methods:
            out = base / m
            print(f"[{size}] {m} ...", file=sys.stderr, flush=True)
            rec = run_method(m, traffic, out)
            rec.update(size=size, method=m, events=ev.num_rows, scores=None)
            if rec["rc"] == 0:
                rec["scores"] = score(labels, read_jsonl(out / "accounts.jsonl"), ev).to_dict()
                rec["project_evaluate"] = project_evaluate(traffic, out) is not None
            print(f"[{size}] {m}: {rec['wall_s']:.1f}s timed, {rec['replay_s']:.1f}s replay, {_mem(rec['peak_rss'])}", file=sys.stderr)
            results.append(rec)
    wall = time.perf_counter() - t_start
    if _LAUNCHER is not None:
        _LAUNCHER.close()
    cmd = "bash bench/peers/run.sh " + (f"--traffic {args.traffic}" if args.traffic else " ".join(f"--size {s}" for s in sizes)) + f" --seed {args.seed}"
    note = ""
    previous = args.out / "results.json"
    if args.merge and previous.exists():
        old = json.loads(previous.read_text())
        done = {(r["size"], r["method"]) for r in results}
        kept = [r for r in old.get("results", []) if (r["size"], r["method"]) not in done]
        if kept:
            results = kept + results
            note = f" Rows not re-run now come from an earlier run: `{old.get('command', '?')}` ({old.get('wall_s', 0) / 60:.1f} min)."
            cmd += " --merge"
    order = {m: i for i, m in enumerate(METHODS)}
    results.sort(key=lambda r: (list(SIZES).index(r["size"]) if r["size"] in SIZES else 99, order.get(r["method"], 99)))
    md = table(results)
    footer = f"\nMachine: {machine()}. This run (simulation, methods, replays, scoring): {wall / 60:.1f} min.{note}\nCommand: `{cmd}`\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "table.md").write_text(md + "\n" + footer)
    (args.out / "results.json").write_text(json.dumps({"machine": machine(), "wall_s": wall, "command": cmd, "results": results}, indent=2))
    print(md)
    print(footer)
    return 0 if all(r["rc"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
