"""Account risk after campaign feedback, its reasons and its evidence: pure functions of tables.

:func:`feedback` turns :class:`~distillguard.tables.AccountScores` (own risk, replayed flag
times) and a :class:`~distillguard.tables.CampaignResult` into the final
:class:`~distillguard.tables.AccountRisk`: a member's risk becomes ``max(own, campaign risk ×
tie)``, a flagged member's flag time is the earlier of its own and the moment its campaign could
first have flagged it (tied to it, and the campaign seen), and every account's reasons are its
detectors' sentences (strongest contribution first) with the campaign's.  Two things need the events, and the engine answers them:
:func:`needs_event_counts` (accounts whose flag time came from their campaign, for
``events_before_flag``) and :func:`evidence_plan` (which request ids best show each account).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from distillguard.tables import AccountRisk, AccountScores, CampaignResult

__all__ = ["evidence_plan", "feedback", "fill_events_before", "needs_event_counts", "pick_evidence", "reasons"]


def reasons(scores: AccountScores, i: int, contributions: np.ndarray | None = None) -> list[dict[str, Any]]:
    """Account ``i``'s detector reasons, strongest contribution first (scores above 0.05);
    ``contributions``: the score matrix's, computed once by a caller looping over accounts."""
    m = scores.matrix
    contrib = (m.contributions() if contributions is None else contributions)[i]
    row: dict[str, float] | None = None
    out: list[dict[str, Any]] = []
    for j in np.argsort(-contrib):
        s = m.scores[i, j]
        if not np.isfinite(s) or s <= 0.05:
            continue
        d = m.detectors[j]
        row = row if row is not None else scores.profiles.row(i)
        out.append({"detector": d.name, "score": round(float(s), 4), "summary": d.describe(row, scores.population, float(s))})
    return out


def feedback(scores: AccountScores, campaigns: CampaignResult | None) -> AccountRisk:
    """The campaign stage's verdicts folded into every account's risk (pure)."""
    thr = scores.threshold
    n = len(scores.ids)
    risk = np.asarray(scores.risk, dtype=float).copy()
    flagged_at = np.asarray(scores.flagged_at_ms, dtype=float).copy()
    campaign: list[str | None] = [None] * n
    extra: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    index = scores.profiles.index
    last_ts = scores.profiles.cols["last_ts"]
    before = np.asarray(scores.events_before_flag, dtype=float).copy()
    verdicts = [(True, a, mv) for a, mv in campaigns.members.items()] + [(False, a, mv) for a, mv in campaigns.known.items()] if campaigns else []
    for member, a, mv in verdicts:  # campaign members, then accounts that match an earlier scan's campaign
        i = index.get(a)
        if i is None:
            continue
        if member:
            campaign[i] = mv.campaign
        boosted = float(mv.risk)
        was_flagged = risk[i] >= thr
        if boosted > risk[i]:
            risk[i] = boosted
            extra[i].append(mv.reason)
        elif mv.reason:
            extra[i].append(mv.reason)
        if risk[i] < thr:
            continue
        # when the campaign (or the earlier scan's) could first have flagged it: once it was tied
        # and the campaign could be seen (:func:`~distillguard.scoring.campaigns.member_flag_time`);
        # without that, the account's last request
        t = mv.flagged_at_ms if mv.flagged_at_ms is not None else (None if was_flagged else last_ts[i])
        if t is not None and not flagged_at[i] <= t:
            # earlier than its own flag (a returning account on the operator's cards, at its first
            # request), or its only one: its requests up to then are counted again.  A flag time at
            # or before the verdict's is kept with its count, so feedback applied to its own output
            # changes nothing: the online service's rows are this function of the refresh's rows
            flagged_at[i] = t
            before[i] = np.nan
    why = []
    contrib = scores.matrix.contributions()
    s = np.asarray(scores.matrix.scores, dtype=float)
    said = (np.isfinite(s) & (s > 0.05)).any(axis=1) if s.size else np.zeros(n, dtype=bool)  # else reasons() is []
    for i in range(n):
        r = (reasons(scores, i, contrib) if said[i] else []) + [dict(x) for x in extra[i]]
        r.sort(key=lambda x: -float(x.get("score", 0)))
        why.append(r)
    return AccountRisk(
        ids=list(scores.ids),
        risk=risk,
        own_risk=np.asarray(scores.risk, dtype=float).copy(),
        threshold=thr,
        flagged_at_ms=flagged_at,
        events_before_flag=before,
        campaign=campaign,
        capabilities=[list(c) for c in scores.capabilities],
        reasons=why,
        evidence=[[] for _ in range(n)],
        events=np.asarray(scores.profiles.cols["requests"], dtype=float).astype(np.int64),
        scores={d.name: np.asarray(scores.matrix.scores[:, j], dtype=float) for j, d in enumerate(scores.matrix.detectors)},
    )


def needs_event_counts(risk: AccountRisk) -> pa.Table:
    """(``account_id``, ``t``): flagged accounts with a flag time but no ``events_before_flag``
    (their campaign flagged them): the engine counts their events up to ``t``."""
    need = [i for i in range(len(risk.ids)) if risk.risk[i] >= risk.threshold and np.isfinite(risk.flagged_at_ms[i])
            and not np.isfinite(risk.events_before_flag[i])]
    return pa.table({"account_id": pa.array([risk.ids[i] for i in need], pa.string()),
                     "t": pa.array([int(risk.flagged_at_ms[i]) for i in need], pa.int64())})


def fill_events_before(risk: AccountRisk, counts: pa.Table) -> AccountRisk:
    """``risk`` with the engine's counts (``account_id``, ``events``) as ``events_before_flag``."""
    if counts.num_rows == 0:
        return risk
    before = risk.events_before_flag.copy()
    index = {a: i for i, a in enumerate(risk.ids)}
    for a, c in zip(counts.column("account_id").to_pylist(), counts.column("events").to_pylist()):
        before[index[a]] = c
    return risk.with_events_before(before)


def evidence_plan(scores: AccountScores, risk: AccountRisk) -> dict[str, list[str]]:
    """Per evidence column (``None``-like ``"f_any"``: any request), the accounts whose evidence
    it gives: each account's three strongest fired detectors (score ≥ 0.5), or its most recent
    requests where none fired but it is flagged."""
    m = scores.matrix
    n = len(scores.ids)
    order_of: dict[str, list[str]] = {}
    if n == 0:
        return order_of
    # every row's detectors by contribution at once: the same sort as row by row (argsort sorts
    # each row of a 2-D array as it would that row alone), then only the rows that say something
    order = np.argsort(-m.contributions(), axis=1) if m.scores.size else np.zeros((n, 0), dtype=np.int64)
    fires = np.take_along_axis(np.nan_to_num(np.asarray(m.scores, dtype=float)), order, axis=1) >= 0.5
    flagged = ~(np.asarray(risk.risk, dtype=float) < risk.threshold)  # as the loop had it: a NaN risk keeps its row
    evidence = [d.evidence or "f_any" for d in m.detectors]
    for i in np.flatnonzero(fires.any(axis=1) | flagged):
        fired = order[i][fires[i]][:3]
        order_of[scores.ids[i]] = [evidence[j] for j in fired] or ["f_any"]
    return order_of


def pick_evidence(risk: AccountRisk, order_of: Mapping[str, Sequence[str]], picked: Mapping[tuple[str, str], Sequence[str]], n_keep: int) -> AccountRisk:
    """``risk`` with each account's evidence: the request ids the engine found per (account,
    column), in the order of its columns, without repeats, at most ``2 × n_keep``."""
    evidence = [list(e) for e in risk.evidence]
    index = {a: i for i, a in enumerate(risk.ids)}
    for a, cols in order_of.items():
        seen: list[str] = []
        for c in cols:
            for rid in picked.get((a, c), []):
                if rid not in seen:
                    seen.append(rid)
        evidence[index[a]] = seen[: max(n_keep, 1) * 2]
    return risk.with_evidence(evidence)
