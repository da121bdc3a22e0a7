"""The scan: from a log to explained findings, on the engine it is handed.

Stages, each a function of the table the one before returned (see :mod:`distillguard.tables`):

1. ``ingest``          logs → ``events`` (+ ``accounts``), bad rows → rejects file  (engine)
2. ``text_features``   the stateless per-event Arrow function → ``event_features``  (engine maps it)
3. ``profiles``        stateful primitives → ``event_flags`` → ``profile_buckets`` → ``account_profiles``
                       and the graph inputs                                         (engine)
4. ``score``           detectors over profiles and population → ``AccountScores``  (driver)
5. ``replay``          running profiles in time order → ``flagged_at``             (driver + engine look-ups)
6. ``campaigns``       account graph → ``CampaignResult``                          (driver)
7. ``feedback``        campaign risk into members → ``AccountRisk``                (driver, pure)
8. ``evidence``        request ids that best show each account                     (engine look-ups)
9. ``findings``        ``accounts.jsonl``, ``campaigns.jsonl``, ``summary.json``    (sinks)

Examples
--------
>>> from distillguard.scan import Scan
>>> Scan().threshold
0.7
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from distillguard.config import Config
from distillguard.detectors.base import AccountDetector, iter_detectors
from distillguard.engines.base import Engine
from distillguard.errors import DistillguardError, Location
from distillguard.sinks.jsonl import account_rows, campaign_rows, iso_ms, summary_dict, write_jsonl, write_summary
from distillguard.tables import AccountProfiles, AccountRisk, AccountScores, CampaignResult, GraphInputs

__all__ = ["Partition", "Scan", "ScanResult", "iso_ms", "partitions"]

Stage = Callable[[str, int | None], "StageHandle"]


class StageHandle:
    """What a progress reporter gets for one stage: ``advance(n)`` and ``done()``."""

    def advance(self, n: int) -> None:  # pragma: no cover - trivial
        pass

    def done(self) -> None:  # pragma: no cover - trivial
        pass


def _null_stage(name: str, total: int | None) -> StageHandle:
    return StageHandle()


def _delta(h: StageHandle) -> Callable[[int], None]:
    """Adapt a running-total callback to ``advance(delta)``."""
    last = [0]

    def cb(total: int) -> None:
        h.advance(total - last[0])
        last[0] = total

    return cb


@dataclass(frozen=True)
class Partition:
    """A unit of new log: a day directory (``dt=2026-10-01/``, Hive style) or, outside one, a file."""

    key: str
    day: str | None
    files: tuple[Path, ...]


_DAY = re.compile(r"^dt=(\d{4}-\d{2}-\d{2})$")


def partitions(paths: Sequence[str | Path], *, any_file: bool = False) -> list[Partition]:
    """The partitions of the logs named by ``paths`` (files, directories, globs), in day order
    (partitions without a day after, by name)."""
    from distillguard.events.readers import expand_paths

    groups: dict[str, tuple[str | None, list[Path]]] = {}
    for f in expand_paths(paths, any_file=any_file):
        day_dir = next((d for d in f.resolve().parents if _DAY.match(d.name)), None)
        key, day = (str(day_dir), _DAY.match(day_dir.name).group(1)) if day_dir else (str(f.resolve()), None)  # type: ignore[union-attr]
        groups.setdefault(key, (day, []))[1].append(f)
    out = [Partition(k, d, tuple(fs)) for k, (d, fs) in groups.items()]
    return sorted(out, key=lambda p: (p.day is None, p.day or "", p.key))


@dataclass
class ScanResult:
    out_dir: Path
    db_path: Path | None
    accounts: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    summary: dict[str, Any]
    risk: AccountRisk | None = None

    @property
    def flagged(self) -> list[dict[str, Any]]:
        return [a for a in self.accounts if a["flagged"]]


@dataclass
class Scan:
    """One scan, with its settings and its engine injected (httpx ``Client(transport=…)`` style).

    Parameters
    ----------
    config : effective settings and detector parameters
    engine : where the events live and the per-event work runs (default: an embedded DuckDB
        file in the output directory, :class:`~distillguard.engines.duckdb.DuckDBEngine`)
    stage : progress reporter factory; ``stage(name, total)`` returns a handle with
        ``advance(n)`` and ``done()`` (the CLI passes Rich progress bars)
    signatures : campaign signatures file read before the campaign stage and written after it
    """

    config: Config = field(default_factory=Config)
    engine: Engine | None = None
    stage: Stage = _null_stage
    #: a campaign signatures file (``scan --signatures``): its campaigns are matched against this
    #: scan's accounts, and it is written back with this scan's (:mod:`distillguard.scoring.signatures`)
    signatures: str | Path | None = None

    @property
    def threshold(self) -> float:
        return float(self.config.get("scoring.alert_threshold"))

    def detectors(self) -> list[AccountDetector]:
        return list(iter_detectors(self.config.detectors))

    def campaign_settings(self) -> Any:
        from distillguard.scoring.settings import campaign_settings

        return campaign_settings(self.config)

    def _engine(self, db_path: str | Path | None) -> Engine:
        if self.engine is not None:
            return self.engine
        from distillguard.engines.duckdb import DuckDBEngine

        return DuckDBEngine.from_config(self.config, db_path)

    # -- whole run ----------------------------------------------------------------------------
    def run(
        self,
        paths: Sequence[str | Path],
        out_dir: str | Path,
        *,
        accounts_paths: Sequence[str | Path] = (),
        db_path: str | Path | None = None,
        fmt: str = "auto",
        append: bool = False,
        incremental: bool = False,
        since: str | None = None,
    ) -> ScanResult:
        """Scan ``paths`` into ``out_dir``.

        A fresh scan into an ``out_dir`` that holds an earlier one starts clean.  ``append=True``
        adds this log to the stored one (duplicates by ``request_id`` dropped) and re-derives the
        findings over both.  ``incremental=True`` (or ``since="YYYY-MM-DD"``) keeps the store and
        reads only the partitions (``dt=…`` day directories, else files) that its checkpoint has
        not recorded (from that day on, with ``since``), merging their profiles into the stored
        ones.  A run killed at any point and run again loses and double-counts nothing: the
        ingest and the profile stage are each atomic, and each is redone from what the store holds.
        """
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise DistillguardError(f"--out {out} is a file, not a directory", source=Location(str(out)))
        if since is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
            raise DistillguardError(f"--since expects a day as YYYY-MM-DD, got {since!r}")
        incremental = incremental or since is not None
        engine = self._engine(db_path)
        if incremental:
            from distillguard.engines.base import require

            require(engine, "incremental")
        timings: dict[str, float] = {}
        engine.open(out, append=append or incremental)
        try:
            todo: list[Partition] = []
            if incremental:
                done = self._checkpoint(engine)
                todo = [p for p in partitions(paths, any_file=fmt != "auto")
                        if p.key not in done and (since is None or p.day is None or p.day >= since)]
                paths = [f for p in todo for f in p.files]
            t0 = time.perf_counter()
            h = self.stage("ingest", None)
            summary_in = engine.ingest(  # with no new partition, the accounts files still update
                list(paths),
                rejects_path=out / "rejects.jsonl",
                accounts_paths=list(accounts_paths),
                fmt=fmt,
                max_bad_fraction=self.config.get("ingest.max_bad_fraction"),
                progress=_delta(h),
            )
            h.done()
            timings["ingest_s"] = time.perf_counter() - t0
            result = self.analyse(engine, out, timings=timings, checkpoint=todo if incremental else None)
            result.summary["ingest"] = summary_in.to_dict()
            if incremental:
                result.summary["partitions"] = {"new": [p.key for p in todo], "stored": len(self._checkpoint(engine))}
            write_summary(out / "summary.json", result.summary)
        finally:
            engine.close()
        if self.config.get("report.enabled") and result.summary.get("events"):
            self._report(out, engine, result)
        return result

    def _report(self, out: Path, engine: Engine, result: ScanResult) -> None:
        """``OUT/report.html``, from the closed store (the report opens it read-only)."""
        from distillguard.sinks.report import write_report

        t0 = time.perf_counter()
        store = engine.store_path if engine.name == "duckdb" else None
        try:
            path = write_report(out, out / "report.html", store=store if store is not None and Path(store).is_file() else None,
                                detector_config=self.config.detectors)
        except DistillguardError as exc:  # the findings stand without their report; say why it is missing
            result.summary["report_error"] = exc.message
        else:
            result.summary.setdefault("outputs", {})["report"] = str(path)
        result.summary["timings"]["report_s"] = round(time.perf_counter() - t0, 3)
        write_summary(out / "summary.json", result.summary)

    @staticmethod
    def _checkpoint(engine: Engine) -> set[str]:
        """The partitions the store records as scanned."""
        try:
            return set(engine.read("scan_partitions", columns=["partition"]).column("partition").to_pylist())
        except DistillguardError:
            return set()

    @staticmethod
    def _record(engine: Engine, done: Sequence[Partition]) -> None:
        if not done:
            return
        from distillguard.sinks.jsonl import iso_ms as _iso

        try:
            old = engine.read("scan_partitions")
        except DistillguardError:
            old = None
        rows = pa.table({
            "partition": pa.array([p.key for p in done], pa.string()),
            "day": pa.array([p.day for p in done], pa.string()),
            "files": pa.array([len(p.files) for p in done], pa.int64()),
            "scanned_at": pa.array([_iso(time.time() * 1000)] * len(done), pa.string()),
        })
        engine.write("scan_partitions", rows if old is None or old.num_rows == 0 else pa.concat_tables([old.select(rows.column_names).cast(rows.schema), rows]))

    def analyse(self, engine: Engine, out: Path, *, timings: dict[str, float] | None = None,
                checkpoint: Sequence[Partition] | None = None) -> ScanResult:
        """Stages 2-9 on an engine whose ``events`` (and ``accounts``) are stored; ``checkpoint``:
        partitions to record as scanned once their profiles are stored."""
        timings = timings if timings is not None else {}
        settings = self.campaign_settings()
        with _timed(timings, "text_features_s"):
            self.text_features(engine)
        with _timed(timings, "profiles_s"):
            h = self.stage("profiles", None)
            profile_stage = engine.build_profiles(evidence_requests=settings.evidence_requests)
            h.done()
            if checkpoint:
                self._record(engine, checkpoint)
            profiles = AccountProfiles.from_arrow(engine.read("account_profiles"))
        dets = self.detectors()
        with _timed(timings, "score_s"):
            from distillguard.scoring.combine import score_accounts

            scores = score_accounts(profiles, dets, self.threshold)
        with _timed(timings, "replay_s"):
            scores = self.replay(engine, scores, dets)
        result: CampaignResult | None = None
        sig_summary: dict[str, Any] | None = None
        with _timed(timings, "campaigns_s"):
            if self.config.get("campaigns.enabled"):
                result, sig_summary = self._with_signatures(engine, scores)
        from distillguard.scoring.risk import feedback, fill_events_before, needs_event_counts

        with _timed(timings, "feedback_s"):
            risk = feedback(scores, result)
            need = needs_event_counts(risk)
            if need.num_rows:
                risk = fill_events_before(risk, engine.count_events_until(need))
        with _timed(timings, "evidence_s"):
            risk = self.evidence(engine, scores, risk)
        with _timed(timings, "principals_s"):
            from distillguard.scoring.principals import rollup

            risk = rollup(risk, min_requests=settings.principal_min_requests, min_share=settings.principal_min_share)  # end users and keys into their accounts' rows
            need = needs_event_counts(risk)
            if need.num_rows:
                risk = fill_events_before(risk, engine.count_events_until(need))
        with _timed(timings, "write_s"):
            rows = account_rows(risk)
            campaigns = campaign_rows(result)
            engine.write("account_risk", risk.to_arrow())
            write_jsonl(out / "accounts.jsonl", rows)
            write_jsonl(out / "campaigns.jsonl", campaigns)
        m = scores.matrix
        summary = summary_dict(
            risk=risk, campaigns=campaigns, events=engine.count_events(), detectors=dets,
            abstained=[int(np.isnan(m.scores[:, i]).sum()) for i in range(len(dets))],
            population=scores.population.to_dict(), timings=timings, out=out, engine=engine.name,
        )
        summary["profile_stage"] = profile_stage
        if sig_summary is not None:
            summary["signatures"] = sig_summary
        return ScanResult(out, engine.store_path, rows, campaigns, summary, risk)

    # -- stage 2 ------------------------------------------------------------------------------
    def text_features(self, engine: Engine) -> int:
        from distillguard.features.profile import EVENT_COLUMNS_SCHEMA, EVENT_INPUTS, event_columns

        h = self.stage("text features", None)
        done = engine.map_events(event_columns, columns=EVENT_INPUTS, schema=EVENT_COLUMNS_SCHEMA, progress=h.advance)
        h.done()
        return done

    # -- stage 5 ------------------------------------------------------------------------------
    def replay(self, engine: Engine, scores: AccountScores, dets: Sequence[AccountDetector]) -> AccountScores:
        """``flagged_at``: replay each flagged account's buckets in time order; refine within the bucket."""
        if not self.config.get("scoring.replay"):
            return scores
        from distillguard.scoring.replay import replay

        h = self.stage("replay", None)
        out = replay(engine, scores, dets)
        h.done()
        return out

    # -- stage 6 ------------------------------------------------------------------------------
    def graph_inputs(self, engine: Engine) -> GraphInputs:
        return GraphInputs(
            values=engine.read("account_values", ordered=False),
            wrappers=engine.read("account_wrappers", ordered=False),
            sketches=engine.read("account_sketches", ordered=False),
            mth=engine.read("account_mth", ordered=False),
            accounts=engine.read("accounts", ordered=False),
        )

    def campaigns(self, engine: Engine, scores: AccountScores, known: Sequence[dict[str, Any]] = ()) -> CampaignResult:
        from distillguard.scoring.campaigns import find_campaigns

        h = self.stage("campaigns", None)
        result = find_campaigns(scores, self.graph_inputs(engine), settings=self.campaign_settings(), known=known)
        h.done()
        return result

    def _with_signatures(self, engine: Engine, scores: AccountScores) -> tuple[CampaignResult, dict[str, Any] | None]:
        """The campaign stage with the known campaigns of ``self.signatures``; this scan's
        campaigns' signatures kept in the store (``campaign_signatures``) and written back to the file."""
        from distillguard.scoring.signatures import read_signatures, signatures_table, write_signatures

        known = read_signatures(self.signatures) if self.signatures is not None else []
        # without known campaigns, the stage as callers that override ``campaigns`` know it
        result = self.campaigns(engine, scores, known) if known else self.campaigns(engine, scores)
        engine.write("campaign_signatures", signatures_table(result.signatures))
        if self.signatures is None:
            return result, None
        written = write_signatures(self.signatures, known, result.signatures)
        return result, {"file": str(self.signatures), "known": len(known), "matched_accounts": len(result.known),
                        "stale_hash": sum(1 for s in known if s.get("stale_kinds")),
                        "new": len(result.signatures), "written": len(written)}

    # -- stage 8 ------------------------------------------------------------------------------
    def evidence(self, engine: Engine, scores: AccountScores, risk: AccountRisk) -> AccountRisk:
        """Pick the request ids that best show each account's strongest signals."""
        from distillguard.scoring.risk import evidence_plan, pick_evidence

        n_keep = int(self.config.get("scoring.evidence_per_account"))
        order_of = evidence_plan(scores, risk)
        want: dict[str, list[str]] = {}
        for a, cols in order_of.items():
            for c in cols:
                want.setdefault(c, []).append(a)
        picked: dict[tuple[str, str], list[str]] = {}
        for c, accts in want.items():
            t = engine.first_requests(None if c == "f_any" else c, accts, n_keep)
            for a, rid in zip(t.column("account_id").to_pylist(), t.column("request_id").to_pylist()):
                picked.setdefault((a, c), []).append(rid)
        return pick_evidence(risk, order_of, picked, n_keep)


@contextmanager
def _timed(timings: dict[str, float], key: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[key] = time.perf_counter() - t0

