"""Principals inside an account: an app platform judged by its end users, an organisation by its keys.

The profile stage profiles every account that names at least
:data:`~distillguard.features.profile.PRINCIPAL_MIN` distinct end users (or API keys) once more
per end user (key), under a principal id (:func:`~distillguard.features.profile.principal_id`),
with the same definitions as an account.  Scoring and replay treat those rows like accounts.
Two things differ, and they live here:

- **the graph** (:func:`graph_nodes`): an account with end users is represented in the account
  graph by its end users (else by its keys), not by itself, so a harvester's end users can join
  a campaign across platforms while the platform's thousands of honest users, which share its
  servers, client and system prompt, weigh nothing together (a value every user of one platform
  shares is common, hence light);
- **the roll-up** (:func:`rollup`): an account's final risk is the highest of its own and its
  principals'; an account flagged through its principals is flagged when the first of them was,
  and its row lists the principals that drive the finding (``end_users`` / ``api_keys`` in
  ``accounts.jsonl``, riskiest first).

One honest platform with a few odd users is not flagged as a whole: its own risk is judged as any
account's, and an odd user is flagged only if it harvests on its own evidence.

Examples
--------
>>> from distillguard.features.profile import principal_id
>>> ids = ["a", "b", principal_id("end_user", "b", "u1"), principal_id("api_key", "b", "k1"), principal_id("api_key", "c", "k2"), "c"]
>>> graph_nodes(ids).tolist()
[True, False, True, False, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from distillguard.features.profile import parse_principal
from distillguard.tables import AccountRisk

__all__ = ["LISTED", "graph_nodes", "principal_entry", "rollup"]

#: the findings field listing each kind of principal
LISTED: dict[str, tuple[str, str]] = {"end_user": ("end_users", "end_user"), "api_key": ("api_keys", "api_key_id")}
#: the graph represents an account by its principals of the first kind it has
_ORDER = ("end_user", "api_key")
#: unflagged principals listed beside the flagged ones (the riskiest), for context
_CONTEXT = 5
#: at most this many principals listed per kind
_MAX_LISTED = 200


def _kinds(ids: Sequence[str]) -> tuple[list[tuple[str, str, str] | None], dict[str, str]]:
    parsed = [parse_principal(a) for a in ids]
    kinds: dict[str, set[str]] = {}
    for p in parsed:
        if p is not None:
            kinds.setdefault(p[1], set()).add(p[0])
    return parsed, {a: next(k for k in _ORDER if k in ks) for a, ks in kinds.items()}


def graph_nodes(ids: Sequence[str]) -> np.ndarray:
    """Which rows are nodes of the account graph: accounts without principals, and the principals
    of the kind that represents their account (end users, else keys)."""
    parsed, rep = _kinds(ids)
    return np.array([rep.get(a) is None if p is None else rep.get(p[1]) == p[0] for a, p in zip(ids, parsed)], dtype=bool)


def principal_entry(kind: str, value: str, risk: float, events: int, capabilities: Sequence[str], flagged: bool) -> dict[str, Any]:
    """One entry of an ``end_users`` / ``api_keys`` list (``FINDINGS.md``)."""
    return {LISTED[kind][1]: value, "risk": round(float(risk), 4), "events": int(events), "capabilities": list(capabilities),
            "flagged": bool(flagged)}


def rollup(risk: AccountRisk, *, min_requests: int = 10, min_share: float = 0.05) -> AccountRisk:
    """The accounts' rows of ``risk`` (principal rows folded into their accounts).

    An account's risk becomes the highest of its own and its flagged principals', once those
    have sent at least ``min_requests`` requests together and either one of them alone sent
    ``min_requests`` (a harvester working through the platform) or together they sent at least
    ``min_share`` of the account's requests (a harvest spread thin over many end users): five end
    users with two requests each that a campaign's ties pull in do not make a tutoring platform of
    7,000 requests a harvester; where
    principals flag it, ``flagged_at`` is the first flagged principal's (``events_before_flag``
    is then left for the engine to count, see :func:`~distillguard.scoring.risk.needs_event_counts`),
    its campaign and capabilities are the flagged principals', its first reason names them, and
    its evidence is theirs.
    """
    parsed, _ = _kinds(risk.ids)
    own = [i for i, p in enumerate(parsed) if p is None]
    if len(own) == len(risk.ids):
        return risk if risk.principals else replace(risk, principals=[{} for _ in risk.ids])
    index = {risk.ids[i]: k for k, i in enumerate(own)}
    by_account: dict[int, list[int]] = {}
    for i, p in enumerate(parsed):
        if p is not None and p[1] in index:
            by_account.setdefault(index[p[1]], []).append(i)
    thr = risk.threshold
    out_risk = risk.risk[own].copy()
    flagged_at = risk.flagged_at_ms[own].copy()
    before = risk.events_before_flag[own].copy()
    campaign = [risk.campaign[i] for i in own]
    caps = [list(risk.capabilities[i]) for i in own]
    reasons = [list(risk.reasons[i]) for i in own]
    evidence = [list(risk.evidence[i]) for i in own]
    listed: list[dict[str, list[dict[str, Any]]]] = [{} for _ in own]
    for k, rows in by_account.items():
        i_own = own[k]
        rows = sorted(rows, key=lambda i: (-float(risk.risk[i]), risk.ids[i]))
        for kind in _ORDER:
            mine = [i for i in rows if parsed[i][0] == kind]  # type: ignore[index]
            if not mine:
                continue
            hot = [i for i in mine if risk.risk[i] >= thr]
            shown = (hot + [i for i in mine if risk.risk[i] < thr][:_CONTEXT])[:_MAX_LISTED]
            listed[k][LISTED[kind][0]] = [
                principal_entry(kind, parsed[i][2], risk.risk[i], risk.events[i], risk.capabilities[i], risk.risk[i] >= thr)  # type: ignore[index]
                for i in shown]
            if not hot or float(risk.risk[hot[0]]) <= out_risk[k] or not _carries(risk.events[hot], float(risk.events[i_own]), min_requests, min_share):
                continue
            was = out_risk[k] >= thr
            out_risk[k] = float(risk.risk[hot[0]])
            times = [float(risk.flagged_at_ms[i]) for i in hot if np.isfinite(risk.flagged_at_ms[i])]
            if not was and times:
                flagged_at[k] = min(times)
                before[k] = np.nan
            campaign[k] = next((risk.campaign[i] for i in hot if risk.campaign[i]), campaign[k])
            named: list[str] = []
            for i in hot:
                for c in risk.capabilities[i]:
                    if c not in named and c != "general":
                        named.append(c)
            caps[k] = named or list(risk.capabilities[hot[0]])
            reasons[k] = [_principal_reason(kind, [parsed[i][2] for i in hot], [risk.risk[i] for i in hot],  # type: ignore[index]
                                            [risk.reasons[i] for i in hot], len(mine))] + reasons[k]
            ev: list[str] = []
            for i in hot:
                ev += [r for r in risk.evidence[i] if r not in ev]
            evidence[k] = ev[: max(len(risk.evidence[i_own]), 10)]
    return AccountRisk(
        ids=[risk.ids[i] for i in own], risk=out_risk, own_risk=risk.own_risk[own].copy(), threshold=thr, flagged_at_ms=flagged_at,
        events_before_flag=before, campaign=campaign, capabilities=caps, reasons=reasons, evidence=evidence,
        events=risk.events[own].copy(), scores={k: np.asarray(v)[own] for k, v in risk.scores.items()}, principals=listed,
    )


def _carries(hot_events: np.ndarray, account_events: float, min_requests: int, min_share: float) -> bool:
    """Whether flagged principals with ``hot_events`` requests each flag their account.

    >>> _carries(np.array([2, 2, 2, 2, 2]), 7128, 10, 0.05)   # a platform's five odd users
    False
    >>> _carries(np.array([874, 3]), 13752, 10, 0.05)          # a harvester inside it
    True
    >>> _carries(np.array([3] * 200), 9000, 10, 0.05)          # a harvest spread thin: 6.7 % of it
    True
    """
    total = float(np.sum(hot_events))
    if total < min_requests:
        return False
    return float(np.max(hot_events)) >= min_requests or total >= min_share * max(account_events, 1.0)


def _principal_reason(kind: str, names: Sequence[str], risks: Sequence[float], why: Sequence[Sequence[dict[str, Any]]], total: int) -> dict[str, Any]:
    from distillguard.sinks._text import clip, visible

    noun = "end user" if kind == "end_user" else "API key"
    shown = ", ".join(f"{clip(visible(n), 64)} ({r:.2f})" for n, r in list(zip(names, risks))[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    top = next((r for r in why[0] if r.get("summary")), None)
    lead = f"; the riskiest: {top['detector']}: {top['summary']}" if top else ""
    return {"detector": "end-users" if kind == "end_user" else "api-keys", "score": round(float(risks[0]), 4),
            "summary": f"{len(names)} of its {total:,} {noun}s {'is' if len(names) == 1 else 'are'} flagged: {shown}{lead}"}
