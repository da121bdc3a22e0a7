"""Replay: when would a live deployment have flagged each account?

For every account whose own risk reaches the threshold, its hour buckets are merged in time
order (each field by its own merge: sum, min, max) and scored after each bucket; inside the first
bucket that crosses, its events are merged one by one onto the profile before that bucket, and
the first event at which the risk reaches the threshold gives ``flagged_at`` (its ``ts``) and
``events_before_flag`` (the account's requests up to and including it).

The running profiles are computed here, from the bucket rows and the per-event flags the engine
returns, with the fields' own merge operations, so every engine replays the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from distillguard.detectors.base import AccountDetector
from distillguard.features import profile as P
from distillguard.scoring.combine import score_matrix
from distillguard.tables import AccountScores, numeric_columns

__all__ = ["cumulative", "merge_running", "replay"]


def merge_running(prior: Mapping[str, Any] | None, rows: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Running profiles: ``prior`` merged with each prefix of ``rows`` (in order).

    Uses each field's merge operation (sum, min, max), so it agrees with the relational
    merge of buckets by construction.

    Examples
    --------
    >>> r = merge_running({"requests": 2.0, "first_ts": 5.0}, {"requests": np.array([1.0, 1.0]), "first_ts": np.array([9.0, 3.0])})
    >>> r["requests"].tolist(), r["first_ts"].tolist()
    ([3.0, 4.0], [5.0, 3.0])
    """
    out: dict[str, np.ndarray] = {}
    for f in P.PROFILE_FIELDS:
        if f.name not in rows:
            continue
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


def cumulative(buckets: pa.Table) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Each account's running profile after each of its buckets (``buckets`` sorted by account,
    bucket): ``(account ids, bucket, columns)``, one row per bucket row."""
    ids = np.asarray(buckets.column("account_id").to_pylist(), dtype=object)
    bucket = buckets.column("bucket").to_numpy(zero_copy_only=False)
    cols = numeric_columns(buckets)
    out = {k: np.empty(len(ids)) for k in cols if k != "bucket"}
    bounds = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1], True]) if len(ids) else np.array([0])
    for s, e in zip(bounds[:-1], bounds[1:]):
        run = merge_running(None, {k: v[s:e] for k, v in cols.items()})
        for k, v in run.items():
            out[k][s:e] = v
    return ids, bucket, out


def replay(engine: Any, scores: AccountScores, detectors: Sequence[AccountDetector]) -> AccountScores:
    """``flagged_at_ms`` and ``events_before_flag`` of every account whose own risk reaches the
    threshold (the other accounts keep ``nan``)."""
    thr = scores.threshold
    risk = scores.risk
    n = len(scores.ids)
    flagged_at = np.full(n, np.nan)
    before = np.full(n, np.nan)
    flagged_idx = np.flatnonzero(risk >= thr)
    if flagged_idx.size == 0:
        return scores.with_flag_times(flagged_at, before)
    pop = scores.population
    index = scores.profiles.index
    buckets = engine.read("profile_buckets", accounts=[scores.ids[i] for i in flagged_idx])
    cids, cb, ccols = cumulative(buckets)
    crisk = score_matrix(detectors, ccols, pop).risk
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
        return scores.with_flag_times(flagged_at, before)
    pairs = pa.table({"account_id": pa.array(list(crossing), pa.string()), "bucket": pa.array([crossing[a][0] for a in crossing], pa.int64())})
    events = engine.events_in_buckets(pairs, columns=P.PROFILE_SOURCES)
    ecols = P.single_event_profiles(events)
    eids = np.asarray(events.column("account_id").to_pylist(), dtype=object)
    bounds = np.flatnonzero(np.r_[True, eids[1:] != eids[:-1], True]) if len(eids) else np.array([0])
    for s, e in zip(bounds[:-1], bounds[1:]):
        a = eids[s]
        _, prior_row = crossing[a]
        prior = {k: v[prior_row] for k, v in ccols.items()} if prior_row is not None else None
        running = merge_running(prior, {k: v[s:e] for k, v in ecols.items()})
        r = score_matrix(detectors, running, pop).risk
        hit = np.flatnonzero(r >= thr)
        k = int(hit[0]) if hit.size else e - s - 1
        i = index[a]
        flagged_at[i] = ecols["last_ts"][s + k]  # the ts of the event that crossed
        before[i] = running["requests"][k]
    return scores.with_flag_times(flagged_at, before)
