"""Run a scenario: accounts, labels and events, written in the canonical format."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from distillguard.errors import DistillguardError
from distillguard.simulate._attacks import CAMPAIGN_GENERATORS
from distillguard.simulate._context import Ctx
from distillguard.simulate._corpora import PromptBank
from distillguard.simulate._hiding import HIDING_GENERATORS
from distillguard.simulate._honest import GENERATORS
from distillguard.simulate._twins import TWIN_GENERATORS
from distillguard.simulate._scenario import CAMPAIGN_KINDS, POPULATIONS, Scenario
from distillguard.simulate._writer import DaySpill, accounts_table, labels_table, remove_dir, temp_spill_dir, write_jsonl

__all__ = ["SimulationSummary", "generate", "simulate"]


@dataclass
class SimulationSummary:
    """What a simulation wrote.

    ``accounts_by_scenario`` / ``events_by_scenario`` are keyed by the label ``scenario``;
    ``campaigns`` maps campaign id to its number of accounts.
    """

    scenario: str
    seed: int
    days: int
    events: int
    accounts: int
    accounts_by_scenario: dict[str, int]
    events_by_scenario: dict[str, int]
    campaigns: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "seed": self.seed, "days": self.days, "events": self.events, "accounts": self.accounts,
            "accounts_by_scenario": self.accounts_by_scenario, "events_by_scenario": self.events_by_scenario,
            "campaigns": self.campaigns, "files": self.files, "sources": self.sources,
            "seconds": round(self.seconds, 2), "events_per_s": round(self.events_per_s, 1),
        }

    def render(self) -> Any:
        """A Rich table: accounts and events per label scenario."""
        from rich.table import Table

        t = Table(title=f"Simulated {self.scenario!r} (seed {self.seed}, {self.days} days): {self.events:,} events, "
                        f"{self.accounts:,} accounts in {self.seconds:.1f} s ({self.events_per_s:,.0f} events/s)")
        t.add_column("scenario")
        t.add_column("label")
        t.add_column("accounts", justify="right")
        t.add_column("events", justify="right")
        attack = set(CAMPAIGN_KINDS.values())
        for name in sorted(self.accounts_by_scenario, key=lambda s: (s in attack, s)):
            t.add_row(name, "attack" if name in attack else "benign", f"{self.accounts_by_scenario[name]:,}", f"{self.events_by_scenario.get(name, 0):,}")
        return t


def generate(scenario: Scenario, *, seed: int, sink: DaySpill, corpora: Path | None = None) -> Ctx:
    """Generate every population and campaign of ``scenario`` into ``sink``; return the run's context."""
    bank = PromptBank(corpora, seed=seed)
    ctx = Ctx(scenario, seed, bank, sink)
    populations = {**GENERATORS, **TWIN_GENERATORS}
    campaigns = {**CAMPAIGN_GENERATORS, **HIDING_GENERATORS}
    for name in POPULATIONS:
        p = scenario.populations.get(name)
        if p and int(p.get("accounts", 0)) > 0:
            ctx.clamp_to_span = name in GENERATORS
            populations[name](ctx, p)
    seen: dict[str, int] = {}
    for c in scenario.campaigns:
        kind = str(c["kind"])
        seen[kind] = seen.get(kind, 0) + 1
        cid = str(c.get("id") or f"{kind}-{seen[kind]}")
        ctx.clamp_to_span = kind in CAMPAIGN_GENERATORS
        campaigns[kind](ctx, c, cid)
    return ctx


def _counts(ctx: Ctx) -> tuple[dict[str, int], dict[str, int]]:
    by_s: dict[str, int] = {}
    camps: dict[str, int] = {}
    for r in ctx.labels:
        by_s[r["scenario"]] = by_s.get(r["scenario"], 0) + 1
        if r["campaign"]:
            camps[r["campaign"]] = camps.get(r["campaign"], 0) + 1
    return dict(sorted(by_s.items())), dict(sorted(camps.items()))


def simulate(scenario: Scenario, *, seed: int, out: Path, corpora: Path | None = None, days: int | None = None,
             fmt: str = "parquet", progress: Callable[[int], None] | None = None) -> SimulationSummary:
    """Simulate ``scenario`` and write ``out/``: events, ``accounts.jsonl``, ``labels.jsonl``, ``scenario.toml``.

    Parameters
    ----------
    scenario
        From :func:`load_scenario`.
    seed
        Same seed, same files (byte for byte).
    out
        Output directory (created).
    corpora
        ``shared/data`` for real prompts, rates and lengths; ``None`` for the procedural generator.
    days
        Override the span; volumes scale with it.
    fmt
        ``parquet`` (``events.parquet``) or ``jsonl`` (``events.jsonl.gz``).
    progress
        Called with the number of events generated since the last call.

    Examples
    --------
    >>> import tempfile
    >>> from distillguard.simulate import load_scenario
    >>> sc = load_scenario("demo").with_days(1)
    >>> s = simulate(sc, seed=1, out=Path(tempfile.mkdtemp()))
    >>> s.events > 1000 and sorted(s.files)
    ['accounts', 'events', 'labels', 'scenario']
    """
    if fmt not in ("parquet", "jsonl"):
        raise DistillguardError(f"format must be parquet or jsonl, got {fmt!r}")
    if corpora is not None and not Path(corpora).is_dir():
        raise DistillguardError(f"corpora directory {corpora} does not exist")
    if days is not None:
        scenario = scenario.with_days(days)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    spill = temp_spill_dir(out)
    try:
        sink = DaySpill(scenario.start_ms, scenario.days, spill, progress=progress)
        ctx = generate(scenario, seed=seed, sink=sink, corpora=corpora)
        events_path = out / ("events.parquet" if fmt == "parquet" else "events.jsonl.gz")
        for stale in (out / "events.parquet", out / "events.jsonl.gz"):
            if stale.exists() and stale != events_path:
                stale.unlink()
        sink.write(events_path, fmt)
    finally:
        remove_dir(spill)
    write_jsonl(out / "accounts.jsonl", accounts_table(ctx.accounts))
    write_jsonl(out / "labels.jsonl", labels_table(ctx.labels))
    (out / "scenario.toml").write_text(scenario.to_toml(), "utf-8")
    by_s, camps = _counts(ctx)
    summary = SimulationSummary(
        scenario=scenario.name, seed=seed, days=scenario.days, events=sink.count, accounts=len(ctx.accounts),
        accounts_by_scenario=by_s, events_by_scenario=dict(sorted(ctx.events_by_scenario.items())), campaigns=camps,
        files={"events": str(events_path), "accounts": str(out / "accounts.jsonl"), "labels": str(out / "labels.jsonl"),
               "scenario": str(out / "scenario.toml")},
        sources=dict(ctx.bank.sources), seconds=time.perf_counter() - t_start,
    )
    return summary


def simulate_tables(scenario: Scenario, *, seed: int, corpora: Path | None = None) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Simulate in memory: (events, accounts, labels) as Arrow tables (for small scenarios)."""
    sink = DaySpill(scenario.start_ms, scenario.days, None)
    ctx = generate(scenario, seed=seed, sink=sink, corpora=corpora)
    return sink.to_table(), accounts_table(ctx.accounts), labels_table(ctx.labels)


def summary_json(s: SimulationSummary) -> bytes:
    return orjson.dumps(s.to_dict(), option=orjson.OPT_INDENT_2)
