"""The typed tables between the stages of a scan.

Each stage is a function of the table the stage before returned, so each can be tested alone on
data, and none reaches back into the engine's store::

    engine (profiles)  → AccountProfiles, GraphInputs
    scoring.combine    → AccountScores        detector scores, own risk, population
    scoring.replay     → AccountScores        with flagged_at / events_before_flag filled
    scoring.campaigns  → CampaignResult       campaigns, member verdicts (times: epoch ms)
    scoring.risk       → AccountRisk          after campaign feedback: what findings say
    sinks.jsonl        → accounts.jsonl, campaigns.jsonl, summary.json

Times are epoch milliseconds (``float`` with ``nan`` for "none" in arrays, ``int | None`` in
records); only the sinks format them.

Examples
--------
>>> import pyarrow as pa
>>> p = AccountProfiles.from_arrow(pa.table({"account_id": ["b", "a"], "requests": [3.0, 5.0]}))
>>> p.ids, p.cols["requests"].tolist()
(['a', 'b'], [5.0, 3.0])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = [
    "AccountProfiles",
    "AccountRisk",
    "AccountScores",
    "Campaign",
    "CampaignResult",
    "GraphInputs",
    "MemberVerdict",
    "numeric_columns",
]


def numeric_columns(tbl: pa.Table, skip: Sequence[str] = ("account_id", "request_id")) -> dict[str, np.ndarray]:
    """Every numeric column of ``tbl`` as ``float64`` numpy (nulls as ``nan``)."""
    cols: dict[str, np.ndarray] = {}
    for name in tbl.column_names:
        if name in skip:
            continue
        col = tbl.column(name)
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type) or pa.types.is_decimal(col.type):
            cols[name] = col.cast(pa.float64()).to_numpy(zero_copy_only=False)
    return cols


@dataclass(frozen=True)
class AccountProfiles:
    """One merged profile per account, sorted by ``account_id``: ``cols[field][i]`` is ``ids[i]``'s."""

    ids: list[str]
    cols: dict[str, np.ndarray]

    @classmethod
    def from_arrow(cls, tbl: pa.Table) -> AccountProfiles:
        tbl = tbl.sort_by("account_id") if tbl.num_rows else tbl
        return cls(tbl.column("account_id").to_pylist(), numeric_columns(tbl))

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, i: int) -> dict[str, float]:
        return {k: float(v[i]) for k, v in self.cols.items()}

    @property
    def index(self) -> dict[str, int]:
        return {a: i for i, a in enumerate(self.ids)}

    @property
    def principal(self) -> np.ndarray:
        """Which rows are principals (an account's end users or keys) rather than accounts."""
        from distillguard.features.profile import is_principal

        return is_principal(self.ids)

    def subset(self, rows: np.ndarray) -> AccountProfiles:
        """The profiles of some rows (a boolean mask or indices, in order)."""
        idx = np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows, dtype=np.int64)
        return AccountProfiles([self.ids[i] for i in idx], {k: v[idx] for k, v in self.cols.items()})


@dataclass(frozen=True)
class GraphInputs:
    """What linking reads, all per account (outputs of the profile stage; no per-event table).

    values : ``account_values`` (account_id, kind, value, c): requests per event-level edge kind value
    wrappers : ``account_wrappers`` (account_id, head, tail, c, prompts): wrapper phrase pairs
    sketches : ``account_sketches`` (account_id, kind, n, sig): MinHash signatures of each account's sets
    mth : ``account_mth`` (account_id, mth_ts): the time of each account's m-th request
    accounts : the accounts table (sign-up time, payment fingerprint, …), may be empty
    """

    values: pa.Table
    wrappers: pa.Table
    sketches: pa.Table
    mth: pa.Table
    accounts: pa.Table

    def subset(self, ids: Sequence[str]) -> GraphInputs:
        """The per-account inputs of these accounts (or principals) only."""
        import pyarrow.compute as pc

        keep = pa.array(list(ids), pa.string())

        def only(t: pa.Table) -> pa.Table:
            return t.filter(pc.is_in(t.column("account_id"), value_set=keep)) if t.num_rows else t

        return GraphInputs(only(self.values), only(self.wrappers), only(self.sketches), only(self.mth), self.accounts)


@dataclass(frozen=True)
class AccountScores:
    """Every detector's score of every account, their noisy-OR (own risk), and, after replay,
    when each flagged account's own risk first reached the threshold."""

    profiles: AccountProfiles
    population: Any  # detectors.base.Population
    matrix: Any  # scoring.combine.ScoreMatrix
    capabilities: list[list[str]]
    threshold: float
    flagged_at_ms: np.ndarray
    events_before_flag: np.ndarray

    @property
    def ids(self) -> list[str]:
        return self.profiles.ids

    @property
    def risk(self) -> np.ndarray:
        return self.matrix.risk

    def score_of(self, detector: str) -> np.ndarray:
        """One detector's scores (``nan`` where it abstained; zeros where it did not run)."""
        for j, d in enumerate(self.matrix.detectors):
            if d.name == detector:
                return np.asarray(self.matrix.scores[:, j], dtype=float)
        return np.zeros(len(self.ids))

    def with_flag_times(self, flagged_at_ms: np.ndarray, events_before_flag: np.ndarray) -> AccountScores:
        return replace(self, flagged_at_ms=flagged_at_ms, events_before_flag=events_before_flag)

    def subset(self, rows: np.ndarray) -> AccountScores:
        """The scores of some rows (a boolean mask or indices, in order), same population."""
        idx = np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows, dtype=np.int64)
        m = self.matrix
        matrix = type(m)(m.detectors, m.scores[idx], m.risk[idx])
        return replace(self, profiles=self.profiles.subset(idx), matrix=matrix, capabilities=[self.capabilities[i] for i in idx],
                       flagged_at_ms=self.flagged_at_ms[idx], events_before_flag=self.events_before_flag[idx])


@dataclass(frozen=True)
class MemberVerdict:
    """What a campaign says about one member: its campaign risk × tie strength, and when the
    campaign would have flagged it (``None``: not by the campaign)."""

    campaign: str
    risk: float
    reason: dict[str, Any]
    flagged_at_ms: int | None


@dataclass
class Campaign:
    """One linked group judged as one operation (times in epoch ms; ``sinks`` renders them)."""

    campaign: str
    accounts: list[str]
    risk: float
    flagged_at_ms: int | None
    events: int
    capabilities: list[str]
    links: list[dict[str, Any]]
    scores: dict[str, float] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class CampaignResult:
    campaigns: list[Campaign]
    members: dict[str, MemberVerdict]
    edges: int = 0
    #: accounts that match a campaign of an earlier scan (:mod:`distillguard.scoring.signatures`)
    known: dict[str, MemberVerdict] = field(default_factory=dict)
    #: this scan's flagged campaigns' signatures
    signatures: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class AccountRisk:
    """The final per-account verdicts, after campaign feedback: exactly what ``accounts.jsonl``
    holds (``flagged_at_ms`` and ``events_before_flag`` are ``nan`` where none)."""

    ids: list[str]
    risk: np.ndarray
    own_risk: np.ndarray
    threshold: float
    flagged_at_ms: np.ndarray
    events_before_flag: np.ndarray
    campaign: list[str | None]
    capabilities: list[list[str]]
    reasons: list[list[dict[str, Any]]]
    evidence: list[list[str]]
    events: np.ndarray
    scores: Mapping[str, np.ndarray] = field(default_factory=dict)
    #: per account, its principals by kind (``{"end_users": [...], "api_keys": [...]}``: the
    #: entries ``accounts.jsonl`` lists), empty where it has none
    principals: list[dict[str, list[dict[str, Any]]]] = field(default_factory=list)

    @property
    def flagged(self) -> np.ndarray:
        return self.risk >= self.threshold

    def with_evidence(self, evidence: list[list[str]]) -> AccountRisk:
        return replace(self, evidence=evidence)

    def with_events_before(self, events_before_flag: np.ndarray) -> AccountRisk:
        return replace(self, events_before_flag=events_before_flag)

    def to_arrow(self) -> pa.Table:
        """The stored ``account_risk`` table (one row per account, scores per detector)."""
        def opt_int(a: np.ndarray) -> pa.Array:
            return pa.array([int(x) if np.isfinite(x) else None for x in a], pa.int64())

        data: dict[str, Any] = {
            "account_id": pa.array(self.ids, pa.string()),
            "risk": pa.array(self.risk, pa.float64()),
            "own_risk": pa.array(self.own_risk, pa.float64()),
            "flagged": pa.array(self.flagged, pa.bool_()),
            "flagged_at_ms": opt_int(np.where(self.flagged, self.flagged_at_ms, np.nan)),
            "events_before_flag": opt_int(np.where(self.flagged, self.events_before_flag, np.nan)),
            "campaign": pa.array(self.campaign, pa.string()),
            "capabilities": pa.array(self.capabilities, pa.list_(pa.string())),
            "evidence": pa.array(self.evidence, pa.list_(pa.string())),
            "events": pa.array(self.events.astype(np.int64), pa.int64()),
        }
        for name, s in self.scores.items():
            data["s_" + name.replace("-", "_")] = pa.array(s, pa.float64(), from_pandas=True)
        return pa.table(data)
