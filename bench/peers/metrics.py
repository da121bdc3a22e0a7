"""The table's figures, computed the same way for every method from its ``accounts.jsonl``.

Account level: precision and recall of ``flagged`` against ``label == "attack"``; honest accounts
flagged per scenario. Campaign level: a campaign's requests made before its first member was
flagged (``flagged_at``; the flagging request itself counts as got through, like
``events_before_flag``), counting for a taken-over account only its requests from
``attack_start`` on; a campaign never flagged counts all its requests. Summarised as the median
over campaigns and as the share of all campaign requests that got through.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa


def _ms(v: Any) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)):
        return int(v)
    return int(datetime.fromisoformat(str(v).replace("Z", "+00:00")).timestamp() * 1000)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a JSON Lines file (labels as Parquet are read too)."""
    p = Path(path)
    if p.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(p).to_pylist()
    with p.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Scores:
    """One method's figures on one log."""

    precision: float
    recall: float
    flagged: int
    attack_accounts: int
    honest_flagged: dict[str, tuple[int, int]] = field(default_factory=dict)
    campaigns: int = 0
    campaigns_caught: int = 0
    median_requests_before_flag: float | None = None
    share_through: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def attack_times(events: pa.Table, accounts: set[str]) -> dict[str, np.ndarray]:
    """Request times (epoch ms) of each of ``accounts``."""
    import pyarrow.compute as pc

    sub = events.filter(pc.is_in(events.column("account_id"), pa.array(sorted(accounts), events.column("account_id").type)))
    acct = sub.column("account_id").to_numpy(zero_copy_only=False).astype(object)
    ts = sub.column("ts").to_numpy()
    order = np.argsort(acct, kind="stable")
    sa = acct[order]
    b = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1], True]) if len(sa) else np.array([0])
    return {str(sa[b[i]]): ts[order[b[i]:b[i + 1]]] for i in range(len(b) - 1)}


def score(labels: list[Mapping[str, Any]], accounts: list[Mapping[str, Any]], events: pa.Table) -> Scores:
    """Score one method's findings against the labels, on the events they were computed from."""
    lab = {r["account_id"]: r for r in labels}
    flagged = {r["account_id"]: _ms(r.get("flagged_at")) for r in accounts if r.get("flagged")}
    attack = {a for a, r in lab.items() if r.get("label") == "attack"}
    tp = len(attack & flagged.keys())
    precision = tp / len(flagged) if flagged else 0.0
    recall = tp / len(attack) if attack else 0.0
    totals: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for a, r in lab.items():
        if r.get("label") != "attack":
            sc = r.get("scenario") or "benign"
            totals[sc] += 1
            wrong[sc] += a in flagged
    honest = {sc: (wrong[sc], totals[sc]) for sc in sorted(totals)}

    by_acct = attack_times(events, attack)
    camps: dict[str, list[str]] = {}
    for a, r in lab.items():
        if r.get("label") == "attack" and r.get("campaign"):
            camps.setdefault(r["campaign"], []).append(a)
    before: list[int] = []
    total_req = through = caught = 0
    for _, members in sorted(camps.items()):
        times = [flagged[m] for m in members if m in flagged and flagged[m] is not None]
        first = min(times) if times else None
        caught += first is not None
        n_before = n_all = 0
        for m in members:
            t = by_acct.get(m, np.empty(0, np.int64))
            start = _ms(lab[m].get("attack_start"))
            if start is not None:
                t = t[t >= start]
            n_all += len(t)
            n_before += len(t) if first is None else int(np.count_nonzero(t <= first))
        before.append(n_before)
        total_req += n_all
        through += n_before
    return Scores(
        precision=precision, recall=recall, flagged=len(flagged), attack_accounts=len(attack), honest_flagged=honest,
        campaigns=len(camps), campaigns_caught=caught,
        median_requests_before_flag=float(np.median(before)) if before else None,
        share_through=through / total_req if total_req else None,
    )
