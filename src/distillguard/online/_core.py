"""The online service without HTTP: validate, fold, score, decide, refresh.

:class:`OnlineService` is what ``distillguard serve`` wraps in FastAPI and what the LiteLLM
guardrail calls in-process.

* :meth:`~OnlineService.check` — one event as known before the model runs: the account's state
  with this event folded in (not stored), scored by the same detectors as the batch scan against
  the last refresh's population, raised by campaign membership, then the policy.
* :meth:`~OnlineService.ingest` — completed events: validated row by row like a log file, each
  accepted event folded into its account's state exactly once (``request_id``).
* :meth:`~OnlineService.refresh` — re-scans the journal with the batch scan (population
  statistics, the account graph and campaigns) and keeps its result as the *batch view*; between
  refreshes an account's risk is its live profile scored against that view (STYLE.md: a read is
  the batch value at a watermark merged with the online deltas since).
* :meth:`~OnlineService.account` — the account's row exactly as the scan writes it in
  ``accounts.jsonl``: risk from the live profile; ``flagged_at``, ``events_before_flag`` and
  ``evidence`` from the last refresh where it flagged the account (the scan's replay, with
  hindsight of the population, and its campaign's flag moment), otherwise the moment the service
  itself first saw the account's risk reach the alert threshold.  The row is the scan's
  :func:`~distillguard.scoring.risk.feedback` over those times and counts, which keeps a flag time
  at or before its campaign's: the same function as the scan, so the same rows.

A new account tied to a campaign the last refresh found (on its cards or sign-up hosts) is judged
by ``check`` on its own traffic until the **next refresh**, which links it, flags it from its first
tying request (:func:`~distillguard.scoring.campaigns.member_flag_time`; its first request for a
card or sign-up /24) and gives every later check its campaign's decision
(``tests/online/test_online_rewave.py``).
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from distillguard.config import Config
from distillguard.detectors.base import AccountDetector, Population, iter_detectors
from distillguard.events.readers import EVENTS_SPEC, FileStats, _BatchBuilder
from distillguard.events.rejects import RejectList
from distillguard.features import _onerow
from distillguard.online._fold import FIELD_NAMES, AccountState, PreparedEvent, add_event, prepare, prepare_rows, profile_columns
from distillguard.online._policy import Policy
from distillguard.online._state import Store
from distillguard.scoring.combine import capabilities_of, capability_base_rates, score_matrix

__all__ = ["BatchView", "CheckResult", "IngestResult", "OnlineService"]

log = logging.getLogger("distillguard.online")

_DROP = ("ts", "ts_ms", "source_file", "source_line")
#: checks of at most this many events take the one-row path (plain Python per event)
_SMALL = 64


@dataclass
class IngestResult:
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicate": self.duplicate, "rejected": self.rejected, "rejects": self.rejects}


@dataclass
class CheckResult:
    decision: str
    would_decision: str
    risk: float
    reasons: list[str]
    campaign: str | None
    mode: str
    account_id: str
    retry_after_s: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"decision": self.decision, "would_decision": self.would_decision, "risk": self.risk, "reasons": self.reasons,
             "campaign": self.campaign, "mode": self.mode, "account_id": self.account_id}
        if self.retry_after_s is not None:
            d["retry_after_s"] = self.retry_after_s
        return d


@dataclass
class BatchView:
    """What the last refresh computed over the journal up to ``watermark`` events."""

    population: Population = field(default_factory=lambda: Population(0))
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    campaigns: list[dict[str, Any]] = field(default_factory=list)
    #: account -> (campaign id, member risk, the scan's membership reason, when its ties existed)
    members: dict[str, tuple[str, float, dict[str, Any], int | None]] = field(default_factory=dict)
    campaign_risk: dict[str, float] = field(default_factory=dict)
    base_rates: dict[str, float] = field(default_factory=dict)
    watermark: int = 0
    generated_at_ms: int | None = None

    def to_bytes(self) -> bytes:
        return orjson.dumps({
            "population": self.population.to_dict(), "rows": self.rows, "campaigns": self.campaigns,
            "members": {a: list(mv) for a, mv in self.members.items()},
            "base_rates": self.base_rates, "watermark": self.watermark, "generated_at_ms": self.generated_at_ms,
        }, option=orjson.OPT_SERIALIZE_NUMPY)

    @classmethod
    def from_bytes(cls, blob: bytes) -> BatchView:
        d = orjson.loads(blob)
        v = cls(Population.from_dict(d["population"]), d["rows"], d["campaigns"],
                {a: (c, float(r), reason, None if fa is None else int(fa)) for a, (c, r, reason, fa) in d["members"].items()},
                {}, d.get("base_rates", {}), int(d["watermark"]), d.get("generated_at_ms"))
        v.campaign_risk = {c["campaign"]: float(c["risk"]) for c in v.campaigns}
        return v

    @classmethod
    def from_scan(cls, result: Any, campaigns: Any, watermark: int, base_rates: Mapping[str, float]) -> BatchView:
        """From a :class:`~distillguard.scan.ScanResult` and its :class:`~distillguard.tables.CampaignResult`."""
        members = {a: (mv.campaign, float(mv.risk), dict(mv.reason), mv.flagged_at_ms)
                   for a, mv in (campaigns.members.items() if campaigns is not None else ())}
        v = cls(Population.from_dict(result.summary.get("population") or {}), {r["account_id"]: dict(r) for r in result.accounts},
                [dict(c) for c in result.campaigns], members, {}, dict(base_rates), watermark, int(time.time() * 1000))
        v.campaign_risk = {c["campaign"]: float(c["risk"]) for c in v.campaigns}
        return v


class OnlineService:
    """Decisions and ingestion over one :class:`~distillguard.online._state.Store`.

    Parameters
    ----------
    store : embedded or Redis state (opened by :meth:`open`)
    config : the scan's settings and detector parameters (the same detectors score online)
    policy : risk → verdict
    mode : ``observe`` or ``enforce``
    accounts_paths : sign-up data for the campaign stage of a refresh (optional)
    refresh_interval_s : how often the background thread refreshes (0: only on request)
    """

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        policy: Policy | None = None,
        mode: str = "observe",
        accounts_paths: Sequence[str | Path] = (),
        refresh_interval_s: float = 300.0,
        max_batch: int = 10_000,
        metrics: Any = None,
    ) -> None:
        if mode not in ("observe", "enforce"):
            raise ValueError(f"mode must be observe or enforce, got {mode!r}")
        self.store = store
        self.config = config or Config()
        self.threshold = float(self.config.get("scoring.alert_threshold"))
        self.policy = (policy or Policy(review_at=self.threshold)).validate()
        self.mode = mode
        self.accounts_paths = [Path(p) for p in accounts_paths]
        self.refresh_interval_s = refresh_interval_s
        self.max_batch = max_batch
        self.detectors: list[AccountDetector] = list(iter_detectors(self.config.detectors))
        self.view = BatchView()
        self.metrics = metrics
        self.replica_id = uuid.uuid4().hex[:12]
        self._view_version = -1
        self._decisions: deque[bytes] = deque(maxlen=100_000)
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_refresh: dict[str, Any] | None = None

    # -- life cycle --------------------------------------------------------------------------------
    def open(self) -> OnlineService:
        loaded = [False]

        def replay(rows: list[tuple[int, bytes]]) -> None:
            # events committed after the last checkpoint, folded again with the view they had
            if not loaded[0]:
                self._load_view_if_changed(force=True)
                loaded[0] = True
            batch, _ = self._validate([orjson.loads(r) for _, r in rows], "journal")
            if batch is not None:
                self.store.replay_apply(prepare(batch), self._chain)  # type: ignore[attr-defined]

        if self.store.kind == "embedded":
            self.store.open(replay=replay)  # type: ignore[call-arg]
        else:
            self.store.open()
        self._load_view_if_changed(force=True)
        return self

    def start_background(self) -> None:
        """Flush recorded decisions every second, follow other replicas' refreshes, and refresh
        every ``refresh_interval_s`` (one replica at a time)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._background, name="distillguard-refresh", daemon=True)
        self._thread.start()

    def _background(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(1.0):
            try:
                self.flush_decisions()
                self._load_view_if_changed()
                if self.refresh_interval_s and time.monotonic() - last >= self.refresh_interval_s:
                    last = time.monotonic()
                    if self.store.try_lead(self.replica_id, int(max(60, 2 * self.refresh_interval_s))):
                        self.refresh()
            except Exception:  # keep serving; the next tick tries again
                log.exception("background refresh failed")

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            self.flush_decisions()
        finally:
            self.store.close()

    def flush_decisions(self) -> None:
        rows: list[bytes] = []
        while self._decisions:
            rows.append(self._decisions.popleft())
        if rows:
            self.store.record_decisions(rows)

    def _load_view_if_changed(self, force: bool = False) -> None:
        try:
            ver = self.store.view_version()
        except Exception:
            if force:
                return
            raise
        if ver != self._view_version or force:
            blob = self.store.load_view() if ver else None
            if blob is not None:
                self.view = BatchView.from_bytes(blob)
            self._view_version = ver

    # -- validation --------------------------------------------------------------------------------
    @staticmethod
    def _build(records: Sequence[Any], source: str) -> tuple[_BatchBuilder, RejectList]:
        """``records`` through the reader's row rules: the builder holding the good rows, and the rejects."""
        rejects = RejectList(keep=1000)
        builder = _BatchBuilder(EVENTS_SPEC, source, rejects, FileStats(source))
        for i, rec in enumerate(records, start=1):
            # the builder converts a row in place: never touch the caller's objects
            builder.add(i, dict(rec) if isinstance(rec, dict) else rec, None)
        return builder, rejects

    def _validate(self, records: Sequence[Any], source: str) -> tuple[pa.RecordBatch | None, RejectList]:
        builder, rejects = self._build(records, source)
        return builder.flush(), rejects

    def _validate_small(self, records: Sequence[Any], source: str) -> tuple[list[dict[str, Any]] | None, RejectList]:
        """:meth:`_validate` for a few events without building Arrow arrays: the same row rules
        (the reader's row builder), the good rows as Python dicts with ``ts_ms``.  ``None`` where
        Arrow itself would have to judge a row (text that is not valid UTF-8, refused by the
        batch's salvage step): the caller then takes the Arrow path, which rejects it."""
        builder, rejects = self._build(records, source)
        rows = builder.rows
        for row in rows:
            for v in row.values():
                if type(v) is str and not v.isascii():
                    try:
                        v.encode("utf-8")
                    except UnicodeEncodeError:
                        return None, rejects
            row["ts_ms"] = row.get("ts")
        return rows, rejects

    def _prepare_checks(self, recs: list[dict[str, Any]]) -> tuple[list[PreparedEvent], RejectList]:
        """Validated, prepared events of ``recs`` (in order, the rejected left out): the
        one-row path (plain Python) for a few events where google-re2 is installed, else Arrow."""
        if len(recs) <= _SMALL and _onerow.available():
            rows, rejects = self._validate_small(recs, "check")
            if rows is not None:
                return prepare_rows(rows), rejects
        batch, rejects = self._validate(recs, "check")
        return (prepare(batch) if batch is not None else []), rejects

    @staticmethod
    def _journal_rows(batch: pa.RecordBatch) -> list[bytes]:
        ts = batch.column("ts_ms").to_pylist()
        out = []
        for t, row in zip(ts, batch.to_pylist()):
            d = {k: v for k, v in row.items() if v is not None and k not in _DROP}
            d["ts"] = t
            out.append(orjson.dumps(d))
        return out

    # -- scoring -------------------------------------------------------------------------------------
    def _risk_rows(self, account_ids: Sequence[str], profiles: np.ndarray) -> tuple[np.ndarray, Any]:
        """Own risk (score matrix) and decision risk (raised by campaign membership) per row."""
        cols = {n: profiles[:, i] for i, n in enumerate(FIELD_NAMES)}
        m = score_matrix(self.detectors, cols, self.view.population)
        risk = m.risk.copy()
        for i, a in enumerate(account_ids):
            mv = self.view.members.get(a)
            if mv is not None and mv[1] > risk[i]:
                risk[i] = mv[1]
        return risk, m

    def _chain(self, items: Sequence[tuple[AccountState, Sequence[PreparedEvent]]], *, copies: bool) -> list[list[AccountState]]:
        """Fold each account's events onto its start state (never changed in place); the state
        after each event (``copies``: one object per event, else the same object throughout).
        Records the first event at which an account's risk reached the alert threshold; the
        running profiles of all accounts are scored in one vectorised call."""
        outs: list[list[AccountState]] = []
        snaps: list[np.ndarray] = []
        owners: list[str] = []
        spans: list[tuple[int, int]] = []
        for start, evs in items:
            st = start.copy()
            out: list[AccountState] = []
            lo = len(snaps)
            for k, ev in enumerate(evs):
                add_event(st, ev)
                out.append(st)
                if start.flagged_ts is None:
                    snaps.append(st.profile.copy())
                    owners.append(ev.account_id)
                if copies and k + 1 < len(evs):
                    st = st.copy()
            spans.append((lo, len(snaps)))
            outs.append(out)
        if snaps:
            risk, _ = self._risk_rows(owners, np.vstack(snaps))
            req = FIELD_NAMES.index("requests")
            for (lo, hi), (start, evs), out in zip(spans, items, outs):
                if hi == lo:
                    continue
                hit = np.flatnonzero(risk[lo:hi] >= self.threshold)
                if hit.size:
                    k = int(hit[0])
                    for s in out[k:]:
                        s.flagged_ts = evs[k].ts_ms
                        s.flagged_events = int(snaps[lo + k][req])
        return outs

    # -- the endpoints' work ---------------------------------------------------------------------------
    def check(self, event: Mapping[str, Any]) -> CheckResult:
        """Decide one request before the model runs (the state is not changed)."""
        res = self.check_many([event])[0]
        if isinstance(res, ValueError):
            raise res
        return res

    def check_many(self, events: Sequence[Mapping[str, Any]]) -> list[CheckResult | ValueError]:
        """Decide several requests at once (one text-feature call, one scoring call); each is
        judged on its account's state plus itself alone.  A request that is not a valid event
        gets a ``ValueError`` naming the field, in its place."""
        t0 = time.perf_counter()
        now = int(time.time() * 1000)
        recs = []
        for e in events:
            rec = dict(e)
            if rec.get("ts") is None:
                rec["ts"] = now
            if rec.get("request_id") is None:
                rec["request_id"] = "check-" + uuid.uuid4().hex
            recs.append(rec)
        prepared, rejects = self._prepare_checks(recs)
        bad = {r.line: r for r in rejects.rejects}
        evs = iter(prepared)
        out: list[CheckResult | ValueError | None] = []
        good: list[tuple[int, PreparedEvent]] = []
        for i in range(1, len(recs) + 1):
            if i in bad:
                r = bad[i]
                out.append(ValueError(f"{r.field or 'body'}: {r.reason}"))
            else:
                good.append((i - 1, next(evs)))
                out.append(None)
        if good:
            states = self.store.get_many([ev.account_id for _, ev in good])
            profiles = np.empty((len(good), len(FIELD_NAMES)))
            for k, ((_, ev), st) in enumerate(zip(good, states)):
                st = st or AccountState.zero()  # a private copy
                add_event(st, ev)
                profiles[k] = st.profile
            ids = [ev.account_id for _, ev in good]
            risk, why = self._check_risk(ids, profiles)  # one scoring call for the batch
            mvs = [self.view.members.get(a) for a in ids]
            for k, (pos, ev) in enumerate(good):
                mv = mvs[k]
                campaign = mv[0] if mv else None
                crisk = self.view.campaign_risk.get(campaign) if campaign else None
                decision, would = self.policy.decide(float(risk[k]), mode=self.mode, campaign_risk=crisk)
                res = CheckResult(decision, would, round(float(risk[k]), 4), why[k],
                                  campaign, self.mode, ev.account_id, self.policy.retry_after_s if decision == "throttle" else None)
                out[pos] = res
                if would != "allow":
                    self._decisions.append(orjson.dumps({
                        "ts": now, "account_id": ev.account_id, "request_id": ev.request_id, "decision": decision,
                        "would_decision": would, "risk": res.risk, "campaign": campaign, "mode": self.mode,
                    }))
        if self.metrics is not None:
            per = (time.perf_counter() - t0) / max(len(recs), 1)
            for r in out:
                if isinstance(r, CheckResult):
                    self.metrics.decision(r.would_decision, self.mode, per)
        return out  # type: ignore[return-value]

    def ingest(self, records: Sequence[Any], source: str = "request") -> IngestResult:
        """Validate and fold completed events (idempotent by ``request_id``)."""
        if len(records) > self.max_batch:
            raise ValueError(f"batch of {len(records)} events is larger than the limit of {self.max_batch}")
        batch, rejects = self._validate(records, source)
        res = IngestResult(rejected=rejects.count, rejects=[
            {"index": r.line, "field": r.field, "reason": r.reason} for r in rejects.rejects[:100]
        ])
        if batch is None:
            return res
        ts, rid = batch.column("ts_ms").to_pylist(), batch.column("request_id").to_pylist()
        order = sorted(range(batch.num_rows), key=lambda i: (ts[i], rid[i]))
        if order != list(range(batch.num_rows)):
            batch = batch.take(pa.array(order))
        evs = prepare(batch)
        # one event per request_id within the batch (the first wins, as in a log file)
        seen: set[str] = set()
        keep: list[int] = []
        for i, ev in enumerate(evs):
            if ev.request_id in seen:
                res.duplicate += 1
                continue
            seen.add(ev.request_id)
            keep.append(i)
        rows = self._journal_rows(batch)
        applied = self.store.apply([evs[i] for i in keep], [rows[i] for i in keep], self._chain)
        res.accepted += applied.status.count("accepted")
        res.duplicate += applied.status.count("duplicate")
        if self.metrics is not None:
            self.metrics.events(res.accepted, res.duplicate, res.rejected)
        return res

    def _check_risk(self, ids: list[str], profiles: np.ndarray, top: int = 3) -> tuple[np.ndarray, list[list[str]]]:
        """What a check answers of live profiles: :meth:`_risk`'s risk (own risk raised by campaign
        membership) and the summaries of its first ``top`` reasons, in :func:`scoring.risk.feedback`'s
        order, describing only those ``top`` (each sentence costs more than the score)."""
        from distillguard.tables import AccountProfiles

        cols = {name: profiles[:, j] for j, name in enumerate(FIELD_NAMES)}
        m = score_matrix(self.detectors, cols, self.view.population)
        contrib = m.contributions()
        risk = m.risk.copy()
        prof: AccountProfiles | None = None
        why: list[list[str]] = []
        for i, a in enumerate(ids):
            # (score, detector index or the campaign's reason), strongest contribution first
            cands: list[tuple[float, int | dict[str, Any]]] = []
            for j in np.argsort(-contrib[i]):
                sc = m.scores[i, j]
                if np.isfinite(sc) and sc > 0.05:
                    cands.append((round(float(sc), 4), int(j)))
            mv = self.view.members.get(a)
            if mv is not None:
                if mv[1] > risk[i]:
                    risk[i] = mv[1]
                    cands.append((float(mv[2].get("score", 0)), mv[2]))
                elif mv[2]:
                    cands.append((float(mv[2].get("score", 0)), mv[2]))
            cands.sort(key=lambda c: -c[0])  # stable, as feedback's sort
            out = []
            row: dict[str, float] | None = None
            for _, what in cands[:top]:
                if isinstance(what, dict):
                    out.append(what["summary"])
                else:
                    prof = prof or AccountProfiles(list(ids), cols)
                    row = row or prof.row(i)
                    out.append(m.detectors[what].describe(row, self.view.population, float(m.scores[i, what])))
            why.append(out)
        return risk, why

    def _risk(self, ids: list[str], profiles: np.ndarray, flagged_at: Sequence[float | None] | None = None,
              events_before: Sequence[float | None] | None = None, *, capabilities: bool = True) -> Any:
        """Live profiles through the scan's own stages: the score table against the batch view's
        population, then campaign feedback from its members (an ``AccountRisk``)."""
        from distillguard.scoring.risk import feedback
        from distillguard.tables import AccountProfiles, AccountScores, CampaignResult, MemberVerdict

        n = len(ids)
        cols = {name: profiles[:, j] for j, name in enumerate(FIELD_NAMES)}
        prof = AccountProfiles(list(ids), cols)
        m = score_matrix(self.detectors, cols, self.view.population)
        caps = ([capabilities_of(m.scores[i], m.detectors, prof.row(i), base_rates=self.view.base_rates) for i in range(n)]
                if capabilities else [[] for _ in range(n)])
        nan = float("nan")
        scores = AccountScores(prof, self.view.population, m, caps, self.threshold,
                               np.array([nan if x is None else float(x) for x in (flagged_at or [None] * n)]),
                               np.array([nan if x is None else float(x) for x in (events_before or [None] * n)]))
        members = {a: MemberVerdict(*self.view.members[a]) for a in ids if a in self.view.members}
        return feedback(scores, CampaignResult([], members))

    def _rows(self, ids: list[str], profiles: np.ndarray, flagged_at: Sequence[float | None],
              events_before: Sequence[float | None], evidence: list[list[str]]) -> list[dict[str, Any]]:
        """``accounts.jsonl`` rows of live profiles (the scan's findings writer)."""
        from distillguard.sinks.jsonl import account_rows

        risk = self._risk(ids, profiles, flagged_at, events_before)
        return account_rows(dataclasses.replace(risk, evidence=[list(e) for e in evidence]))

    def account(self, account_id: str) -> dict[str, Any] | None:
        """The account's row, as ``accounts.jsonl`` has it."""
        st = self.store.get(account_id)
        if st is None:
            return None
        return self.account_rows([(account_id, st)])[0]

    def account_rows(self, items: Iterable[tuple[str, AccountState]]) -> list[dict[str, Any]]:
        from distillguard.events.readers import parse_ts

        items = list(items)
        if not items:
            return []
        ids = [a for a, _ in items]
        profiles = np.vstack([st.profile for _, st in items])
        fa: list[float | None] = []
        ebf: list[float | None] = []
        evidence: list[list[str]] = []
        for a, st in items:
            b = self.view.rows.get(a)
            if b is not None and b.get("flagged") and b.get("flagged_at") is not None:
                # the last refresh flagged it: the scan's replay, with hindsight of the population
                fa.append(float(parse_ts(b["flagged_at"])[0]))
                ebf.append(b.get("events_before_flag"))
            else:
                fa.append(st.flagged_ts)
                ebf.append(st.flagged_events)
            evidence.append(list(b["evidence"]) if b is not None else [])
        return self._rows(ids, profiles, fa, ebf, evidence)

    def campaigns(self) -> list[dict[str, Any]]:
        return list(self.view.campaigns)

    def refresh(self) -> dict[str, Any]:
        """Re-scan the journal (population, graph, campaigns) and keep it as the batch view."""
        with self._refresh_lock:
            t0 = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="distillguard-refresh-") as tmp:
                tdir = Path(tmp)
                journal = tdir / "journal.jsonl"
                n = self.store.export_journal(journal)
                if n == 0:
                    self.last_refresh = {"events": 0, "accounts": 0, "campaigns": 0, "seconds": 0.0}
                    return self.last_refresh
                scan = _Scan(config=self.config)
                result = scan.run([journal], tdir / "out", accounts_paths=self.accounts_paths)
                states = list(self.store.states())
                base = capability_base_rates(profile_columns([s for _, s in states])) if states else {}
                view = BatchView.from_scan(result, scan.campaign_result, n, base)
            self.store.save_view(view.to_bytes())
            self.view = view
            self._view_version = self.store.view_version()
            self.last_refresh = {"events": n, "accounts": len(view.rows), "campaigns": len(view.campaigns),
                                 "flagged": sum(1 for r in view.rows.values() if r["flagged"]),
                                 "seconds": round(time.perf_counter() - t0, 3)}
            if self.metrics is not None:
                self.metrics.refreshed(self.last_refresh)
            log.info("refresh: %(events)d events, %(accounts)d accounts, %(campaigns)d campaigns in %(seconds).1fs", self.last_refresh)
            return self.last_refresh


def _scan_class() -> type:
    from distillguard.scan import Scan

    class CapturingScan(Scan):
        """The batch scan, keeping its campaign stage's table (members with unrounded risk)."""

        campaign_result: Any = None

        def campaigns(self, engine: Any, scores: Any) -> Any:
            self.campaign_result = super().campaigns(engine, scores)
            return self.campaign_result

    return CapturingScan


def _Scan(**kw: Any) -> Any:
    return _scan_class()(**kw)
