"""The scan: from a log to explained findings, embedded in DuckDB.

Stages, each reading only what the one before wrote into the scan's DuckDB file:

1. ``ingest``          logs → ``events`` (+ ``accounts``), bad rows → rejects file
2. ``text_features``   ``events`` → ``event_features`` (vectorised Arrow function per batch)
3. ``profiles``        ``events`` ⋈ ``event_features`` → ``event_flags`` → ``profile_buckets``
                       → ``account_profiles`` (Ibis expressions: the same code runs on Spark)
4. ``score``           detectors over profiles and population → ``account_scores``
5. ``replay``          cumulative profiles in time order → ``flagged_at``
6. ``campaigns``       account graph → campaigns, whose risk feeds back into members
7. ``findings``        ``accounts.jsonl``, ``campaigns.jsonl``, ``summary.json``

Examples
--------
>>> from distillguard.scan import Scan
>>> Scan().threshold
0.7
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Iterator

import duckdb
import ibis
import numpy as np
import orjson
import pyarrow as pa

from distillguard.config import Config
from distillguard.detectors.base import AccountDetector, Population, iter_detectors
from distillguard.features import profile as P
from distillguard.scoring.combine import capabilities_of, capability_base_rates, score_matrix

__all__ = ["Scan", "ScanResult", "iso_ms"]

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


def iso_ms(ms: float | int | None) -> str | None:
    """Epoch milliseconds → RFC 3339 UTC string with milliseconds (``None`` stays ``None``)."""
    if ms is None or (isinstance(ms, float) and not np.isfinite(ms)):
        return None
    dt = datetime.fromtimestamp(int(ms) / 1000.0, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ms) % 1000:03d}Z"


@dataclass
class ScanResult:
    out_dir: Path
    db_path: Path
    accounts: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    summary: dict[str, Any]

    @property
    def flagged(self) -> list[dict[str, Any]]:
        return [a for a in self.accounts if a["flagged"]]


@dataclass
class Scan:
    """One scan, with its settings and engine connection injected (httpx ``Client`` style).

    Parameters
    ----------
    config : effective settings and detector parameters
    stage : progress reporter factory; ``stage(name, total)`` returns a handle with
        ``advance(n)`` and ``done()`` (the CLI passes Rich progress bars)
    """

    config: Config = field(default_factory=Config)
    stage: Stage = _null_stage
    batch_size: int = 50_000

    @property
    def threshold(self) -> float:
        return float(self.config.get("scoring.alert_threshold"))

    def detectors(self) -> list[AccountDetector]:
        return list(iter_detectors(self.config.detectors))

    # -- whole run ----------------------------------------------------------------------------
    def run(
        self,
        paths: Sequence[str | Path],
        out_dir: str | Path,
        *,
        accounts_paths: Sequence[str | Path] = (),
        db_path: str | Path | None = None,
        fmt: str = "auto",
    ) -> ScanResult:
        from distillguard.events.store import ingest

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        db = Path(db_path) if db_path else out / "scan.duckdb"
        timings: dict[str, float] = {}
        con = duckdb.connect(str(db), config={"memory_limit": str(self.config.get("engine.memory_limit"))})
        try:
            t0 = time.perf_counter()
            h = self.stage("ingest", None)
            summary_in = ingest(
                list(paths),
                con,
                rejects_path=out / "rejects.jsonl",
                accounts_paths=list(accounts_paths),
                progress=_delta(h),
                max_bad_fraction=self.config.get("ingest.max_bad_fraction"),
                format=fmt,
            )
            h.done()
            timings["ingest_s"] = time.perf_counter() - t0
            result = self.analyse(con, out, timings=timings)
            result.summary["ingest"] = _ingest_dict(summary_in)
            result.db_path = db
            (out / "summary.json").write_bytes(orjson.dumps(result.summary, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))
            return result
        finally:
            con.close()

    def analyse(self, con: duckdb.DuckDBPyConnection, out: Path, *, timings: dict[str, float] | None = None) -> ScanResult:
        """Stages 2-7 on a connection whose ``events`` (and ``accounts``) tables are filled."""
        timings = timings if timings is not None else {}
        _ensure_accounts_table(con)

        with _timed(timings, "text_features_s"):
            self.text_features(con)
        with _timed(timings, "profiles_s"):
            self.profiles(con)
        dets = self.detectors()
        with _timed(timings, "score_s"):
            acc, pop, matrix = self.score(con, dets)
        with _timed(timings, "replay_s"):
            self.replay(con, dets, pop, acc)
        _write_account_scores(con, acc)
        campaigns: list[dict[str, Any]] = []
        with _timed(timings, "campaigns_s"):
            if self.config.get("campaigns.enabled"):
                campaigns = self.campaigns(con, acc)
        with _timed(timings, "evidence_s"):
            self.evidence(con, dets, acc, matrix)
        rows = _finding_rows(acc)
        with _timed(timings, "write_s"):
            _write_jsonl(out / "accounts.jsonl", rows)
            _write_jsonl(out / "campaigns.jsonl", campaigns)
        summary = {
            "generated_at": iso_ms(time.time() * 1000),
            "alert_threshold": self.threshold,
            "accounts": len(rows),
            "flagged": sum(1 for r in rows if r["flagged"]),
            "campaigns": len(campaigns),
            "events": int(con.execute("select count(*) from events").fetchone()[0]),
            "detectors": [
                {"name": d.name, "weight": d.weight, "capability": d.capability, "abstained_accounts": int(np.isnan(matrix.scores[:, i]).sum())}
                for i, d in enumerate(dets)
            ],
            "population": pop.to_dict(),
            "timings": {k: round(v, 3) for k, v in timings.items()},
            "outputs": {"accounts": str(out / "accounts.jsonl"), "campaigns": str(out / "campaigns.jsonl")},
        }
        return ScanResult(out, Path(), rows, campaigns, summary)

    # -- stage 2 ------------------------------------------------------------------------------
    def text_features(self, con: duckdb.DuckDBPyConnection) -> int:
        from distillguard.features.text import TEXT_FEATURE_SCHEMA

        schema = pa.schema([pa.field("request_id", pa.string()), *TEXT_FEATURE_SCHEMA])
        if not _has_table(con, "event_features"):
            con.register("_empty_features", schema.empty_table())
            con.execute("create table event_features as select * from _empty_features").fetchall()
            con.unregister("_empty_features")
        todo = int(con.execute(
            "select count(*) from events e where not exists (select 1 from event_features f where f.request_id = e.request_id)"
        ).fetchone()[0])
        h = self.stage("text features", todo)
        reader = con.cursor()
        rel = reader.execute(
            "select request_id, prompt, system, prompt_sha256 from events e "
            "where not exists (select 1 from event_features f where f.request_id = e.request_id)"
        )
        batches = rel.to_arrow_reader(self.batch_size)
        done = 0
        writer = con.cursor()
        workers = int(self.config.get("engine.workers") or os.cpu_count() or 1)
        for tbl in _map_bounded(_features_of_batch, batches, workers if todo >= 4 * self.batch_size else 1):
            writer.register("_feat_batch", tbl)
            writer.execute("insert into event_features select * from _feat_batch").fetchall()
            writer.unregister("_feat_batch")
            done += tbl.num_rows
            h.advance(tbl.num_rows)
        h.done()
        reader.close()
        writer.close()
        return done

    # -- stage 3 ------------------------------------------------------------------------------
    def profiles(self, con: duckdb.DuckDBPyConnection) -> None:
        h = self.stage("profiles", 3)
        ib = ibis.duckdb.from_connection(con)
        _create_as(con, "event_keys", ibis.to_sql(P.keyed_events(ib.table("events"), ib.table("event_features")), dialect="duckdb"))
        ib = ibis.duckdb.from_connection(con)
        _create_as(con, "event_flags", ibis.to_sql(P.flag_events(ib.table("event_keys")), dialect="duckdb"))
        con.execute("drop table event_keys").fetchall()
        h.advance(1)
        ib = ibis.duckdb.from_connection(con)
        _create_as(con, "profile_buckets", ibis.to_sql(P.bucket_profiles(ib.table("event_flags")), dialect="duckdb"))
        h.advance(1)
        ib = ibis.duckdb.from_connection(con)
        _create_as(con, "account_profiles", ibis.to_sql(P.account_profiles(ib.table("profile_buckets")), dialect="duckdb"))
        h.advance(1)
        h.done()

    # -- stage 4 ------------------------------------------------------------------------------
    def score(self, con: duckdb.DuckDBPyConnection, dets: Sequence[AccountDetector]) -> tuple[dict[str, Any], Population, Any]:
        tbl = con.execute("select * from account_profiles order by account_id").to_arrow_table()
        ids = tbl.column("account_id").to_pylist()
        cols = _numpy_columns(tbl)
        pop = Population.from_dict(P.population_from_profiles(cols)) if ids else Population(0)
        m = score_matrix(dets, cols, pop)
        acc: dict[str, Any] = {
            "ids": ids,
            "index": {a: i for i, a in enumerate(ids)},
            "cols": cols,
            "risk": m.risk.copy(),
            "own_risk": m.risk.copy(),
            "flagged_at": np.full(len(ids), np.nan),
            "events_before_flag": np.full(len(ids), np.nan),
            "campaign": [None] * len(ids),
            "extra_reasons": [[] for _ in ids],
            "evidence": [[] for _ in ids],
            "matrix": m,
            "pop": pop,
            "threshold": self.threshold,
        }
        return acc, pop, m

    # -- stage 5 ------------------------------------------------------------------------------
    def replay(self, con: duckdb.DuckDBPyConnection, dets: Sequence[AccountDetector], pop: Population, acc: dict[str, Any]) -> None:
        """``flagged_at``: replay each account's buckets in time order; refine within the bucket."""
        thr = self.threshold
        flagged_idx = np.flatnonzero(acc["risk"] >= thr)
        if flagged_idx.size == 0:
            return
        if not self.config.get("scoring.replay"):
            return
        h = self.stage("replay", 2)
        con.register("_flagged", pa.table({"account_id": [acc["ids"][i] for i in flagged_idx]}))
        ib = ibis.duckdb.from_connection(con)
        pb = ib.table("profile_buckets")
        fl = ib.table("_flagged")
        cum = P.cumulative_profiles(pb.semi_join(fl, "account_id"))
        ctbl = con.execute(ibis.to_sql(cum.order_by(["account_id", "bucket"]), dialect="duckdb")).to_arrow_table()
        ccols = _numpy_columns(ctbl)
        crisk = score_matrix(dets, ccols, pop).risk
        cids = np.asarray(ctbl.column("account_id").to_pylist(), dtype=object)
        cb = ctbl.column("bucket").to_numpy()
        h.advance(1)
        # first crossing bucket per account, and the running profile before it
        crossing: dict[str, tuple[int, int | None]] = {}
        prev_row: int | None = None
        prev_id = None
        for r in range(len(cids)):
            a = cids[r]
            if a != prev_id:
                prev_row = None
                prev_id = a
            if a not in crossing and crisk[r] >= thr:
                crossing[a] = (int(cb[r]), prev_row)
            prev_row = r
        if not crossing:
            h.done()
            con.unregister("_flagged")
            return
        con.register("_cross", pa.table({"account_id": list(crossing), "bucket": [crossing[a][0] for a in crossing]}))
        ib = ibis.duckdb.from_connection(con)
        ef = ib.table("event_flags")
        sub = ef.semi_join(ib.table("_cross"), ["account_id", "bucket"])
        per_event = P.bucket_profiles(sub, bucket="request_id")
        etbl = con.execute(ibis.to_sql(per_event.order_by(["account_id", "first_ts", "request_id"]), dialect="duckdb")).to_arrow_table()
        ecols = _numpy_columns(etbl)
        eids = np.asarray(etbl.column("account_id").to_pylist(), dtype=object)
        bounds = np.flatnonzero(np.r_[True, eids[1:] != eids[:-1], True])
        for s, e in zip(bounds[:-1], bounds[1:]):
            a = eids[s]
            _, prior_row = crossing[a]
            prior = {k: v[prior_row] for k, v in ccols.items()} if prior_row is not None else None
            running = merge_running(prior, {k: v[s:e] for k, v in ecols.items()})
            risk = score_matrix(dets, running, pop).risk
            hit = np.flatnonzero(risk >= thr)
            k = int(hit[0]) if hit.size else e - s - 1
            i = acc["index"][a]
            acc["flagged_at"][i] = ecols["last_ts"][s + k]  # the ts of the event that crossed
            acc["events_before_flag"][i] = running["requests"][k]
        h.advance(1)
        h.done()
        con.unregister("_flagged")
        con.unregister("_cross")

    # -- stage 6 ------------------------------------------------------------------------------
    def campaigns(self, con: duckdb.DuckDBPyConnection, acc: dict[str, Any]) -> list[dict[str, Any]]:
        from distillguard.scoring.campaigns import CampaignSettings, find_campaigns

        h = self.stage("campaigns", None)
        result = find_campaigns(con, settings=CampaignSettings(alert_threshold=self.threshold))
        h.done()
        thr = self.threshold
        for a, mv in result.members.items():
            i = acc["index"].get(a)
            if i is None:
                continue
            acc["campaign"][i] = mv.campaign
            boosted = float(mv.risk)
            if boosted > acc["risk"][i]:
                was_flagged = acc["risk"][i] >= thr
                acc["risk"][i] = boosted
                acc["extra_reasons"][i].append(mv.reason)
                if boosted >= thr and not was_flagged:
                    # when its campaign's ties existed; without that, the account's last request
                    fa = mv.flagged_at_ms if mv.flagged_at_ms is not None else acc["cols"]["last_ts"][i]
                    acc["flagged_at"][i] = fa
            elif mv.reason:
                acc["extra_reasons"][i].append(mv.reason)
        _fill_events_before(con, acc, thr)
        return [c.to_dict() for c in result.campaigns]

    # -- stage 7 ------------------------------------------------------------------------------
    def evidence(self, con: duckdb.DuckDBPyConnection, dets: Sequence[AccountDetector], acc: dict[str, Any], matrix: Any) -> None:
        """Pick the request ids that best show each account's strongest signals."""
        n_keep = int(self.config.get("scoring.evidence_per_account"))
        contrib = matrix.contributions()
        want: dict[str, list[str]] = {}
        order_of: dict[str, list[str]] = {}
        for i, a in enumerate(acc["ids"]):
            fired = [j for j in np.argsort(-contrib[i]) if np.nan_to_num(matrix.scores[i, j]) >= 0.5][:3]
            if not fired and acc["risk"][i] < self.threshold:
                continue
            cols_for_a = [dets[j].evidence or "f_any" for j in fired] or ["f_any"]
            order_of[a] = cols_for_a
            for c in cols_for_a:
                want.setdefault(c, []).append(a)
        flag_cols = set(con.execute("select * from event_flags limit 0").to_arrow_table().column_names)
        picked: dict[tuple[str, str], list[str]] = {}
        for c, accts in want.items():
            cond = "true" if c == "f_any" or c not in flag_cols else f'coalesce("{c}", false)'
            con.register("_ev_accts", pa.table({"account_id": accts}))
            rows = con.execute(
                f"""select account_id, request_id from (
                        select account_id, request_id,
                               row_number() over (partition by account_id order by ts_ms, request_id) as rn
                        from event_flags where account_id in (select account_id from _ev_accts) and {cond})
                    where rn <= ? order by account_id, rn""",
                [n_keep],
            ).fetchall()
            con.unregister("_ev_accts")
            for a, rid in rows:
                picked.setdefault((a, c), []).append(rid)
        for a, cols_for_a in order_of.items():
            seen: list[str] = []
            for c in cols_for_a:
                for rid in picked.get((a, c), []):
                    if rid not in seen:
                        seen.append(rid)
            acc["evidence"][acc["index"][a]] = seen[: max(n_keep, 1) * 2]


# -- helpers ----------------------------------------------------------------------------------------


def merge_running(prior: Mapping[str, Any] | None, rows: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Running profiles: ``prior`` merged with each prefix of ``rows`` (in order).

    Uses each field's merge operation (sum, min, max), so it agrees with the
    SQL cumulative window by construction.
    """
    out: dict[str, np.ndarray] = {}
    for f in P.PROFILE_FIELDS:
        v = np.asarray(rows[f.name], dtype=float)
        p = None if prior is None else prior.get(f.name)
        if f.merge == "sum":
            r = np.cumsum(np.nan_to_num(v))
            if p is not None and np.isfinite(p):
                r = r + float(p)
        elif f.merge == "min":
            r = np.fmin.accumulate(v) if v.size else v
            if p is not None:
                r = np.fmin(r, float(p))
        elif f.merge == "max":
            r = np.fmax.accumulate(v) if v.size else v
            if p is not None:
                r = np.fmax(r, float(p))
        else:
            raise ValueError(f"unknown merge {f.merge!r} of {f.name}")
        out[f.name] = r
    return out


def _numpy_columns(tbl: pa.Table) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {}
    for name in tbl.column_names:
        if name in ("account_id", "request_id"):
            continue
        col = tbl.column(name)
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type) or pa.types.is_decimal(col.type):
            cols[name] = col.cast(pa.float64()).to_numpy(zero_copy_only=False)
    return cols


def _features_of_batch(batch: pa.RecordBatch) -> pa.Table:
    """Text features of one batch of ``request_id, prompt, system, prompt_sha256`` (picklable)."""
    from distillguard.features.text import TEXT_FEATURE_SCHEMA, text_features

    feats = text_features(batch.column("prompt"), batch.column("system"), batch.column("prompt_sha256"))
    schema = pa.schema([pa.field("request_id", pa.string()), *TEXT_FEATURE_SCHEMA])
    return pa.Table.from_arrays([batch.column("request_id"), *feats.columns], schema=schema)


def _map_bounded(fn: Callable[[Any], Any], items: Iterable[Any], workers: int) -> Iterator[Any]:
    """``map(fn, items)`` in order, on ``workers`` processes, with at most 2 × workers batches in
    flight (so a huge input never sits in memory at once)."""
    if workers <= 1:
        for it in items:
            yield fn(it)
        return
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as ex:
        pending: deque[Any] = deque()
        for it in items:
            pending.append(ex.submit(fn, it))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_name = ?", [name]).fetchone()[0])


def _create_as(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> None:
    con.execute(f"create or replace table {name} as {sql}").fetchall()


def _ensure_accounts_table(con: duckdb.DuckDBPyConnection) -> None:
    if not _has_table(con, "accounts"):
        from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA

        con.register("_empty_accounts", ACCOUNTS_ARROW_SCHEMA.empty_table())
        con.execute("create table accounts as select * from _empty_accounts").fetchall()
        con.unregister("_empty_accounts")


@contextmanager
def _timed(timings: dict[str, float], key: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[key] = time.perf_counter() - t0


def _fill_events_before(con: duckdb.DuckDBPyConnection, acc: dict[str, Any], thr: float) -> None:
    """``events_before_flag`` for accounts whose flag time came from their campaign."""
    need = [i for i in range(len(acc["ids"])) if acc["risk"][i] >= thr and np.isfinite(acc["flagged_at"][i]) and not np.isfinite(acc["events_before_flag"][i])]
    if not need:
        return
    con.register("_need", pa.table({"account_id": [acc["ids"][i] for i in need], "t": [int(acc["flagged_at"][i]) for i in need]}))
    rows = con.execute(
        "select n.account_id, count(e.request_id) from _need n left join event_flags e "
        "on e.account_id = n.account_id and e.ts_ms <= n.t group by n.account_id"
    ).fetchall()
    con.unregister("_need")
    for a, c in rows:
        acc["events_before_flag"][acc["index"][a]] = c


def _write_account_scores(con: duckdb.DuckDBPyConnection, acc: dict[str, Any]) -> None:
    m = acc["matrix"]
    caps = []
    base = capability_base_rates(acc["cols"])
    for i in range(len(acc["ids"])):
        row = {k: float(v[i]) for k, v in acc["cols"].items()}
        caps.append(capabilities_of(m.scores[i], m.detectors, row, base_rates=base))
    acc["capabilities"] = caps
    fa = acc["flagged_at"]
    data: dict[str, Any] = {
        "account_id": acc["ids"],
        "risk": pa.array(acc["risk"], pa.float64()),
        "flagged": pa.array(acc["risk"] >= acc["threshold"]),
        "flagged_at_ms": pa.array([None if not np.isfinite(x) else int(x) for x in fa], pa.int64()),
        "capabilities": pa.array(caps, pa.list_(pa.string())),
    }
    for j, d in enumerate(m.detectors):
        data["s_" + d.name.replace("-", "_")] = pa.array(m.scores[:, j], pa.float64(), from_pandas=True)
    con.register("_scores", pa.table(data))
    con.execute("create or replace table account_scores as select * from _scores").fetchall()
    con.unregister("_scores")


def _finding_rows(acc: dict[str, Any]) -> list[dict[str, Any]]:
    m = acc["matrix"]
    thr = acc["threshold"]
    rows = []
    all_contrib = m.contributions()
    for i, a in enumerate(acc["ids"]):
        row_cols = {k: v[i:i + 1] for k, v in acc["cols"].items()}
        reasons: list[dict[str, Any]] = []
        contrib = all_contrib[i]
        for j in np.argsort(-contrib):
            s = m.scores[i, j]
            if not np.isfinite(s) or s <= 0.05:
                continue
            d = m.detectors[j]
            summary = d.describe({k: float(v[0]) for k, v in row_cols.items()}, acc["pop"], float(s))
            reasons.append({"detector": d.name, "score": round(float(s), 4), "summary": summary})
        for r in acc["extra_reasons"][i]:
            reasons.append(dict(r))
        reasons.sort(key=lambda r: -float(r.get("score", 0)))
        flagged = bool(acc["risk"][i] >= thr)
        fa = acc["flagged_at"][i]
        ebf = acc["events_before_flag"][i]
        rows.append({
            "account_id": a,
            "risk": round(float(acc["risk"][i]), 4),
            "flagged": flagged,
            "flagged_at": iso_ms(fa) if flagged and np.isfinite(fa) else None,
            "events_before_flag": int(ebf) if flagged and np.isfinite(ebf) else None,
            "campaign": acc["campaign"][i],
            "capabilities": acc["capabilities"][i],
            "reasons": reasons,
            "evidence": acc["evidence"][i],
            "events": int(acc["cols"]["requests"][i]),
        })
    return rows


def _write_jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    with path.open("wb") as fh:
        for r in rows:
            fh.write(orjson.dumps(r, option=orjson.OPT_SERIALIZE_NUMPY))
            fh.write(b"\n")


def _ingest_dict(s: Any) -> dict[str, Any]:
    if hasattr(s, "to_dict"):
        return s.to_dict()
    from dataclasses import asdict, is_dataclass

    if is_dataclass(s):
        return json.loads(json.dumps(asdict(s), default=str))
    return {"summary": str(s)}
