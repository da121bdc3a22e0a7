"""Timelines for the report: requests per hour and risk over time, from the store's hourly
profile buckets.

An account's *own* risk over time is recomputed the way the scan's replay does it: its running
profile after each hour (every profile field merged by its own rule: sum, min or max) scored by the
detectors against the scan's population.  It is what the account's behaviour alone said at each
hour; a member flagged through its campaign's ties crosses the threshold at the campaign's flag
time instead, which the report marks separately.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from distillguard.sinks._store import Store

__all__ = ["Timeline", "account_timelines", "campaign_timeline"]


@dataclass(frozen=True)
class Timeline:
    """Hour starts (epoch ms), requests in each hour, and (for an account) own risk after it."""

    hours: list[int]
    requests: list[int]
    risk: list[float] | None = None


def _bucket_ms() -> int:
    from distillguard.features import profile as P

    return int(getattr(P, "BUCKET_MS", 3_600_000))


def _numeric(tbl: pa.Table) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name in tbl.column_names:
        col = tbl.column(name)
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type) or pa.types.is_decimal(col.type):
            out[name] = col.cast(pa.float64()).to_numpy(zero_copy_only=False)
    return out


def account_timelines(
    store: Store,
    accounts: Sequence[str],
    *,
    population: Mapping[str, Any] | None,
    detector_config: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Timeline]:
    """Per account: requests per hour and own risk after each hour (``risk`` is ``None`` when the
    scan's population statistics are unknown)."""
    if not accounts or not store.has("profile_buckets"):
        return {}
    tbl = store.buckets(accounts=accounts)
    if tbl.num_rows == 0:
        return {}
    ids = np.asarray(tbl.column("account_id").to_pylist(), dtype=object)
    bucket = tbl.column("bucket").to_numpy()
    cols = _numeric(tbl)
    risk = None
    if population is not None:
        risk = _running_risk(ids, cols, population, detector_config)
    step = _bucket_ms()
    out: dict[str, Timeline] = {}
    bounds = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1], True])
    for s, e in zip(bounds[:-1], bounds[1:]):
        out[str(ids[s])] = Timeline(
            hours=[int(b) * step for b in bucket[s:e]],
            requests=[int(x) for x in cols["requests"][s:e]],
            risk=None if risk is None else [round(float(x), 4) for x in risk[s:e]],
        )
    return out


def _running_risk(ids: np.ndarray, cols: dict[str, np.ndarray], population: Mapping[str, Any],
                  detector_config: Mapping[str, Mapping[str, Any]] | None) -> np.ndarray:
    from distillguard.detectors.base import Population, iter_detectors
    from distillguard.scoring.replay import merge_running
    from distillguard.scoring.combine import score_matrix

    bounds = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1], True])
    parts: list[dict[str, np.ndarray]] = []
    for s, e in zip(bounds[:-1], bounds[1:]):
        parts.append(merge_running(None, {k: v[s:e] for k, v in cols.items()}))
    running = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    dets = list(iter_detectors(detector_config or {}))
    return score_matrix(dets, running, Population.from_dict(population)).risk


def campaign_timeline(per_account: Mapping[str, Timeline], members: Sequence[str]) -> Timeline:
    """The members' requests per hour added up."""
    total: dict[int, int] = {}
    for a in members:
        t = per_account.get(a)
        if t is None:
            continue
        for h, n in zip(t.hours, t.requests):
            total[h] = total.get(h, 0) + n
    hours = sorted(total)
    return Timeline(hours=hours, requests=[total[h] for h in hours])
